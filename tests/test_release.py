"""One version, stated in CITATION.cff, copied by `make release` wherever it appears."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import nanoimaging
from nanoimaging import cli
from nanoimaging.cli.exits import EXIT_USAGE
from nanoimaging.paths import REPO_ROOT
from nanoimaging.site import release

CFFCONVERT = REPO_ROOT / ".venv-cffconvert" / "bin" / "cffconvert"


@pytest.fixture
def release_root(tmp_path: Path) -> Path:
    for name in ("CITATION.cff", "CHANGELOG.md", "pyproject.toml"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    (tmp_path / "data").mkdir()
    shutil.copy(REPO_ROOT / "data" / "datapackage.json", tmp_path / "data" / "datapackage.json")
    return tmp_path


def snapshot(release_root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(release_root.rglob("*")) if p.is_file()}


def test_the_version_is_the_same_everywhere_in_the_repository():
    stated = release.current().version
    assert release.copies() == {"pyproject.toml": stated, "data/datapackage.json": stated, "CHANGELOG.md": stated}
    assert nanoimaging.__version__ == stated
    assert nanoimaging.load().version == stated


def test_release_sets_every_copy_and_opens_the_changelog_section(release_root):
    new = release.release("0.2.0", "2026-12-01", root=release_root)
    assert new == release.Release("0.2.0", "2026-12-01")
    assert set(release.copies(release_root).values()) == {"0.2.0"}
    changelog = (release_root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (
        changelog.index("## [Unreleased]") < changelog.index("## [0.2.0] - 2026-12-01") < changelog.index("## [0.1.0]")
    )
    package = json.loads((release_root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == "0.2.0" and len(package["resources"]) >= 8


@pytest.mark.parametrize(
    ("version", "date", "reason"),
    [
        ("0.1.0", None, "not newer"),
        ("0.0.9", None, "not newer"),
        ("1.2", None, "major.minor.patch"),
        ("v1.0.0", None, "major.minor.patch"),
        ("1.0.0", "2026-13-01", "month"),
    ],
)
def test_release_refuses_and_changes_nothing(release_root, version, date, reason):
    before = snapshot(release_root)
    with pytest.raises(ValueError, match=reason):
        release.release(version, date, root=release_root)
    assert snapshot(release_root) == before


def test_a_file_that_no_longer_states_the_version_stops_the_release_and_changes_nothing(release_root):
    package = release_root / "data" / "datapackage.json"
    package.write_text(package.read_text(encoding="utf-8").replace('"version": "', '"version":"', 1), encoding="utf-8")
    before = snapshot(release_root)
    with pytest.raises(ValueError, match="could not be set"):
        release.release("9.0.0", "2026-12-01", root=release_root)
    assert snapshot(release_root) == before


def test_release_command_reports_a_refusal(capsys):
    files = [REPO_ROOT / name for name in ("CITATION.cff", "CHANGELOG.md", "pyproject.toml", "data/datapackage.json")]
    before = [f.read_bytes() for f in files]
    assert cli.main(["release", "0.0.1"]) == EXIT_USAGE  # older than the current version: refused
    assert "not newer" in capsys.readouterr().err
    assert [f.read_bytes() for f in files] == before


def test_citation_file_is_valid_for_cffconvert():
    """cffconvert pins jsonschema<4, so `make test` installs it in a venv of its own."""
    if not CFFCONVERT.exists():
        pytest.skip("cffconvert is installed by `make test` into .venv-cffconvert/")
    result = subprocess.run(
        [str(CFFCONVERT), "--validate", "-i", str(REPO_ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
