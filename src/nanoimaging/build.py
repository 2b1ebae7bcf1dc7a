"""The first steps of ``make book``, in one process: check, then execute what is stale.

1. Validate the data package and check references.bib (``validate`` and
   ``refs check``); on a problem, print every message and stop, so a wrong
   table is never published. The checks are skipped when nothing they read
   (data/, references.bib, the book's text and notebooks, the nanoimaging
   sources) has changed since they last passed here: the same bytes give the
   same verdict.
2. Execute the notebooks whose inputs changed (:mod:`nanoimaging.notebook_runner`).

The Makefile then runs ``jupyter-book build`` on the stored outputs.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from . import cli, notebook_runner
from .paths import REPO_ROOT

CHECKED_FILE = REPO_ROOT / "_build" / ".checked-inputs"
CHECK_INPUTS = ("data", "references.bib", "src/nanoimaging", "book", "notebooks", "_toc.yml")


def checks_key(root: Path = REPO_ROOT) -> str:
    digest = hashlib.sha256()
    for name in CHECK_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts or ".ipynb_checkpoints" in file.parts or not file.exists():
                continue
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def run_checks(root: Path = REPO_ROOT, checked_file: Path = CHECKED_FILE) -> int:
    """0 when the data and references pass (or passed with these very inputs before)."""
    key = checks_key(root)
    if checked_file.exists() and checked_file.read_text(encoding="utf-8") == key:
        print("data and references unchanged since they last passed: checks not repeated")
        return 0
    for argv in (["validate"], ["refs", "check"]):
        status = cli.main(argv)
        if status:
            print("make book stopped: fix the problems above, then run it again.", file=sys.stderr)
            return status
    return 0


def remember_checked(root: Path = REPO_ROOT, checked_file: Path = CHECKED_FILE) -> None:
    """Record the inputs that passed; called after the notebooks ran, whose outputs are inputs too."""
    checked_file.parent.mkdir(parents=True, exist_ok=True)
    checked_file.write_text(checks_key(root), encoding="utf-8")


def main() -> int:
    status = run_checks() or notebook_runner.main([])
    if status == 0:
        remember_checked()
    return status


if __name__ == "__main__":
    sys.exit(main())
