"""What a build step depends on, hashed once per run: the one input hasher of ``make book``.

:class:`Inputs` hashes each file at most once; a step's key is the digest of its files and their
paths, kept in ``_build/.book-state.json``. :func:`site_key` covers everything that changes the
pages (files, environment, repository, Python); when it and ``_build/html`` are unchanged
(:func:`site_is_current`), ``make book`` has nothing to do. The module imports nothing heavy.

>>> inputs = Inputs(REPO_ROOT)
>>> len(inputs.key("data", "references.bib"))
64
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..data.validated import VALIDATED_ENV
from ..paths import REPO_ROOT
from .browser import CHROMIUM_ENV
from .repository import find_repository

#: Folders never part of an input: caches and checkpoints.
SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints"}
STATE_FILE = Path("_build") / ".book-state.json"
HTML = Path("_build") / "html"

#: Every file and folder of the project that the built site depends on.
SITE_INPUTS = (
    "data",  # the tables, and datapackage.json (its pointers are added by package_pointers)
    "notebooks",
    "book",  # the chapters: intro, guide, data dictionary, ...
    "_config.yml",
    "_toc.yml",
    "src/nanoimaging",  # the package: builders, checks and the Sphinx extensions
    "references.bib",
    "_static",
    "_templates",
    "CHANGELOG.md",  # included by book/changelog.md
    "CITATION.cff",  # the version and date in every page's footer
    "LICENSE",  # inside the data package's zip
    "requirements.txt",  # the pins: of Python packages ...
    "pyproject.toml",
    "environment.yml",
    "package.json",  # ... and of the vendored scripts
    "package-lock.json",
    "Makefile",  # what make book runs
)
#: Environment variables that change the pages, besides every NANOIMAGING_* variable
#: (NANOIMAGING_VERSIONED, NANOIMAGING_REPOSITORY_URL, NANOIMAGING_DATA, ...).
SITE_ENVIRONMENT = ("SOURCE_DATE_EPOCH",)
#: Environment variables the package reads that never change a page: where chart conversions
#: are kept (nanoimaging.kept), which validation the build hands over (nanoimaging.data.validated),
#: where the browser that prints the PDF and runs the tests is found (nanoimaging.site.browser),
#: and the living mode's OpenAlex key.
NOT_SITE_ENVIRONMENT = (
    "NANOIMAGING_CACHE_DIR",
    "XDG_CACHE_HOME",
    VALIDATED_ENV,
    CHROMIUM_ENV,
    "PATH",
    "PROGRAMFILES",
    "PROGRAMFILES(X86)",
    "LOCALAPPDATA",
    "HOME",
    "USERPROFILE",
    "PLAYWRIGHT_BROWSERS_PATH",
    "RELEASE_DATE",  # set by make release for bump-my-version while it edits the files (nanoimaging.site.release)
    "OPENALEX_API_KEY",  # the living mode's key for OpenAlex (nanoimaging.living.discover); no page reads it
)


class Inputs:
    """Digests of the files under ``root``, each computed once."""

    def __init__(self, root: Path = REPO_ROOT) -> None:
        self.root = Path(root)
        self._digests: dict[Path, str] = {}

    def files(self, *names: str) -> list[Path]:
        """The files at or under these paths (relative to the root), sorted; missing ones left out."""
        found: list[Path] = []
        for name in names:
            path = self.root / name
            if path.is_dir():
                found += sorted(p for p in path.rglob("*") if p.is_file() and not SKIPPED_PARTS & set(p.parts))
            elif path.is_file():
                found.append(path)
        return found

    def forget(self, *paths: Path) -> None:
        """Hash these files again when next asked: they were rewritten."""
        for path in paths:
            self._digests.pop(Path(path), None)

    def digest(self, path: Path) -> str:
        """The SHA-256 of one file's bytes."""
        if path not in self._digests:
            self._digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self._digests[path]

    def key(self, *names: str) -> str:
        """One digest of the files under ``names`` and their paths: it changes when any of them does."""
        combined = hashlib.sha256()
        for path in self.files(*names):
            combined.update(path.relative_to(self.root).as_posix().encode())
            combined.update(b"\0" + self.digest(path).encode() + b"\n")
        return combined.hexdigest()


def package_pointers(root: Path) -> list[str]:
    """The files and folders that ``data/datapackage.json`` points to (references, the review's text, the
    stored source texts, the living search's folder): inputs of the checks, every notebook and the site.
    """
    try:
        descriptor = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return []  # no package, or one that validation will reject: data/ itself is still an input
    pointed = (descriptor.get(field) for field in ("references", "reviewText", "sourceTexts", "living"))
    return [
        os.path.relpath(os.path.normpath(root / "data" / value), root)
        for value in pointed
        if isinstance(value, str) and value
    ]


def site_environment() -> dict[str, str]:
    """The environment variables that change the built pages, as set now."""
    return {
        name: value
        for name, value in sorted(os.environ.items())
        if (name.startswith("NANOIMAGING_") or name in SITE_ENVIRONMENT) and name not in NOT_SITE_ENVIRONMENT
    }


def site_key(inputs: Inputs, *, strict: bool = True) -> str:
    """One digest of everything the built site depends on: files, environment, Python, strictness."""
    combined = hashlib.sha256()
    combined.update(inputs.key(*SITE_INPUTS, *package_pointers(inputs.root)).encode())
    combined.update(json.dumps(site_environment(), sort_keys=True).encode())
    repository = find_repository(inputs.root)  # the Binder buttons follow the clone's origin and branch
    combined.update(f"\0{repository.url}\0{repository.branch}".encode())
    combined.update(f"\0{sys.version}\0strict={strict}".encode())
    return combined.hexdigest()


def site_is_current(inputs: Inputs, key: str) -> bool:
    """Whether the last build had this key and ``_build/html`` is still exactly what it produced."""
    last = load_state(inputs.root).get("site", {})
    return (
        isinstance(last, dict)
        and last.get("key") == key
        and (inputs.root / HTML / "index.html").is_file()
        and last.get("html") == inputs.key(HTML.as_posix())
    )


def record_site(root: Path, key: str) -> None:
    """Remember ``key`` as that of the site now in ``_build/html``, with a digest of its files."""
    state = load_state(root)
    state["site"] = {"key": key, "html": Inputs(root).key(HTML.as_posix())}  # fresh: the pages were just written
    save_state(state, root)


def load_state(root: Path = REPO_ROOT) -> dict[str, Any]:
    """The keys recorded by the last successful steps (empty when there is none or it is unreadable)."""
    try:
        state = json.loads((root / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return state if isinstance(state, dict) else {}


def save_state(state: dict[str, Any], root: Path = REPO_ROOT) -> None:
    path = root / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
