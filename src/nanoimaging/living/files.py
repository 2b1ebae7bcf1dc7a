"""The living folder's files: where they are, how they are read, and how a run writes them all or none.

``query.json`` (the pinned search), ``candidates.csv`` (one row per work found, append-only),
``runs.json`` (one record per run) and ``screening.csv`` (one decision per candidate, written
by a person). Layouts: ``living/README.md``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..paths import REPO_ROOT

CANDIDATE_FIELDS = [
    "candidate_id",
    "run_id",
    "doi",
    "other_dois",
    "title",
    "year",
    "authors",
    "journal",
    "sources",
    "source_ids",
    "cites_review",
    "preprint",
]


@dataclass(frozen=True)
class LivingFiles:
    """The paths of one living folder (the repository's ``living/`` unless told otherwise)."""

    folder: Path

    @classmethod
    def at(cls, folder: str | Path | None = None) -> LivingFiles:
        return cls(Path(folder) if folder else REPO_ROOT / "living")

    @property
    def query(self) -> Path:
        return self.folder / "query.json"

    @property
    def candidates(self) -> Path:
        return self.folder / "candidates.csv"

    @property
    def runs(self) -> Path:
        return self.folder / "runs.json"

    @property
    def screening(self) -> Path:
        return self.folder / "screening.csv"


def read_text(path: Path) -> str:
    """A file's text as stored (line endings kept); '' when it does not exist."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        return ""


def read_json(path: Path, default: Any) -> Any:
    text = read_text(path)
    return json.loads(text) if text.strip() else default


def json_text(value: Any) -> str:
    """The one way the living files write JSON: two-space indent, UTF-8, a final newline."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def read_rows(path: Path) -> list[dict[str, str]]:
    text = read_text(path)
    return list(csv.DictReader(io.StringIO(text))) if text else []


def csv_text(fields: list[str], rows: list[dict[str, str]], header: bool = True) -> str:
    """Rows as CSV text with ``\\n`` line ends (the header first unless told not to)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", extrasaction="raise")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_all(texts: dict[Path, str]) -> None:
    """Write every file or none: each goes to a temporary file beside it, renamed only when all are written."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            staged.append((temp, path))
    except BaseException:
        for temp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        raise
    for temp, path in staged:
        os.replace(temp, path)
