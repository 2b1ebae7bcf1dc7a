"""The project's version and release date: stated once, in CITATION.cff.

``make release VERSION=X.Y.Z`` runs :func:`release`: bump-my-version (configured in pyproject.toml)
sets the version everywhere and dates the changelog, and ``.zenodo.json`` is written again.

>>> bool(SEMVER.match(current().version))
True
"""

from __future__ import annotations

import datetime as dt
import json
import os
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
    """Set a new version everywhere it belongs; refuse a malformed or non-increasing one. A failure changes nothing."""
    if not SEMVER.match(version):
        raise ValueError(f"version must look like 1.2.3 (major.minor.patch), got {version!r}")
    date = date or dt.date.today().isoformat()
    dt.date.fromisoformat(date)  # raises ValueError on a bad date
    old = current(root)
    if _key(version) <= _key(old.version):
        raise ValueError(f"version {version} is not newer than the current {old.version}")
    if "## [Unreleased]" not in (root / "CHANGELOG.md").read_text(encoding="utf-8"):
        raise ValueError("CHANGELOG.md has no '## [Unreleased]' section to release")

    from . import deposit  # the Zenodo record of the new release, checked before anything is written

    cff = citation_file(root) | {"version": version, "date-released": date}
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8")) | {"version": version}
    zenodo = deposit.zenodo_metadata(cff, package)
    problems = deposit.zenodo_problems(zenodo)
    if problems:
        raise ValueError(".zenodo.json would not be valid: " + "; ".join(problems))

    _bump(root, old.version, version, date)
    (root / ".zenodo.json").write_text(deposit.json_text(zenodo), encoding="utf-8")
    return current(root)


def _bump(root: Path, old: str, new: str, date: str) -> None:
    """Run bump-my-version from ``old`` to ``new`` in ``root``, the release date given as ``$RELEASE_DATE``."""
    from bumpversion.bump import do_bump
    from bumpversion.config import get_configuration
    from bumpversion.exceptions import BumpVersionError

    saved = os.environ.get("RELEASE_DATE")
    os.environ["RELEASE_DATE"] = date
    here = Path.cwd()
    try:
        os.chdir(root)  # bump-my-version reads the files named in its configuration relative to the working folder
        config = get_configuration(root / "pyproject.toml", current_version=old)
        do_bump(None, new, config, config_file=None)
    except BumpVersionError as error:
        raise ValueError(f"the version could not be set: {error}") from error
    finally:
        os.chdir(here)
        if saved is None:
            del os.environ["RELEASE_DATE"]
        else:
            os.environ["RELEASE_DATE"] = saved
