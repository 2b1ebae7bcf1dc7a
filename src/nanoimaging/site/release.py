"""The project's version and release date: stated once, in CITATION.cff.

``make release VERSION=X.Y.Z`` runs :func:`release`, which sets them there, copies
the version into ``data/datapackage.json`` and ``pyproject.toml``, turns the
changelog's Unreleased section into the new version's, and writes ``.zenodo.json``
from the new CITATION.cff (:mod:`nanoimaging.site.deposit`). The book reads them from
here for its footer and its version switcher, the PDF edition for its title page.

>>> bool(SEMVER.match(current().version))
True
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..paths import REPO_ROOT

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


@dataclass(frozen=True)
class Release:
    version: str
    date: str  # ISO date of the release


def citation_file(root: Path = REPO_ROOT) -> dict[str, Any]:
    """CITATION.cff as data: the version and date, and also the title, authors and preferred citation."""
    return yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))


def current(root: Path = REPO_ROOT) -> Release:
    """The version and date stated in CITATION.cff."""
    cff = citation_file(root)
    return Release(str(cff["version"]), str(cff["date-released"]))


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def copies(root: Path = REPO_ROOT) -> dict[str, str]:
    """Where else the version appears, and what it says there."""
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version = "([^"]+)"', pyproject, flags=re.MULTILINE)
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    heading = re.search(r"^## \[(\d+\.\d+\.\d+)\]", changelog, flags=re.MULTILINE)
    return {
        "pyproject.toml": match.group(1) if match else "",
        "data/datapackage.json": str(package.get("version", "")),
        "CHANGELOG.md": heading.group(1) if heading else "",
    }


def release(version: str, date: str | None = None, root: Path = REPO_ROOT) -> Release:
    """Set a new version everywhere it belongs; refuse a malformed or non-increasing one."""
    if not SEMVER.match(version):
        raise ValueError(f"version must look like 1.2.3 (major.minor.patch), got {version!r}")
    date = date or dt.date.today().isoformat()
    dt.date.fromisoformat(date)  # raises ValueError on a bad date
    old = current(root)
    if _key(version) <= _key(old.version):
        raise ValueError(f"version {version} is not newer than the current {old.version}")
    changelog_path = root / "CHANGELOG.md"
    changelog = changelog_path.read_text(encoding="utf-8")
    if "## [Unreleased]" not in changelog:
        raise ValueError("CHANGELOG.md has no '## [Unreleased]' section to release")

    cff_path = root / "CITATION.cff"
    cff = cff_path.read_text(encoding="utf-8")
    cff = re.sub(r"^version: .*$", f"version: {version}", cff, count=1, flags=re.MULTILINE)
    cff = re.sub(r"^date-released: .*$", f'date-released: "{date}"', cff, count=1, flags=re.MULTILINE)

    package_path = root / "data" / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    package["version"] = version

    pyproject_path = root / "pyproject.toml"
    pyproject = re.sub(
        r'^version = "[^"]+"',
        f'version = "{version}"',
        pyproject_path.read_text(encoding="utf-8"),
        count=1,
        flags=re.MULTILINE,
    )

    changelog = changelog.replace("## [Unreleased]", f"## [Unreleased]\n\n## [{version}] - {date}", 1)

    from . import deposit  # the Zenodo record of the new release, from the new CITATION.cff

    zenodo = deposit.zenodo_metadata(yaml.safe_load(cff), package)
    problems = deposit.zenodo_problems(zenodo)
    if problems:
        raise ValueError(".zenodo.json would not be valid: " + "; ".join(problems))

    # Every file is computed before any is written: a failure above changes nothing.
    cff_path.write_text(cff, encoding="utf-8")
    package_path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    pyproject_path.write_text(pyproject, encoding="utf-8")
    changelog_path.write_text(changelog, encoding="utf-8")
    (root / ".zenodo.json").write_text(deposit.json_text(zenodo), encoding="utf-8")
    return current(root)
