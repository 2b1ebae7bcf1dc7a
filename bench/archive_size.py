"""The archival edition's size: `make site` then `make archive` in a built copy of the project.

    .venv/bin/python bench/archive_size.py COPY     # COPY: a project copy where `make book` ran

Used by bench/all.py (the README's table); prints the zip's size in MB when run alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_times import STAMP, VENV  # noqa: E402


def _make(copy: Path, target: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    command = ["make", "--no-print-directory", "-o", str(STAMP), target, f"VENV={VENV}"]
    result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"make {target} failed in {copy}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def measure(copy: Path) -> tuple[int, int]:
    """(bytes of the zip `make archive` writes in ``copy`` after `make site`, how many versions it holds)."""
    _make(copy, "site")
    _make(copy, "archive")
    zips = sorted((copy / "_build" / "archive").glob("nanoimaging-*-archive.zip"))
    if len(zips) != 1:
        sys.exit(f"expected one archive in {copy / '_build' / 'archive'}, found {[z.name for z in zips]}")
    versions = [p for p in (copy / "_site").iterdir() if p.is_dir() and p.name[:1].isdigit()]
    return zips[0].stat().st_size, len(versions)


if __name__ == "__main__":
    size, count = measure(Path(sys.argv[1]).resolve())
    print(f"{size / 2**20:.1f} MB, {count} version(s)")
