"""What a build step depends on, hashed once per run: the one input hasher of ``make book``.

Every file is read and hashed at most once (:class:`Inputs` caches the digests),
and a step's key is the digest of the files it depends on, with their paths. The
keys are kept in one state file, ``_build/.book-state.json``.

>>> inputs = Inputs(REPO_ROOT)
>>> len(inputs.key("data", "references.bib"))
64
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..paths import REPO_ROOT

#: Folders never part of an input: caches and checkpoints.
SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints"}
STATE_FILE = Path("_build") / ".book-state.json"


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
