"""Time `make book` on a fresh copy of the project: cold, with nothing changed, after a one-value data edit.

    .venv/bin/python bench/build_times.py [--runs 3]

The project's files (tracked or new, as in the work tree; not _build/ or .venv/) are
copied into a temporary folder, which is built with this checkout's .venv/: make is
told not to reinstall it, and PYTHONPATH puts the copy's src/ first, so the copy
builds itself and the work tree is never touched. Each run times three whole
processes, `make` and Python start-up included:

1. cold: `make book` with no _build/ (the user's cache, ~/.cache/nanoimaging, as it is);
2. unchanged: `make book` again, nothing changed;
3. data edit: one value of data/studies.csv changed (the first study's finding,
   edited and restored in turn), then `make book`;
4. cold with an empty cache: no _build/, and NANOIMAGING_CACHE_DIR an empty folder, as
   on a machine's first build: the data is validated and every chart converted.

It prints the minimum, median and maximum wall seconds of each scenario, and how
many notebooks ran, and how they compare with the goals (:data:`UNCHANGED_GOAL_S` and the others).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Issue 24's goals for the build (benchmark figures, never timed tests): nothing changed at most
#: UNCHANGED_GOAL_S; a one-value data edit at most EDIT_GOAL_RATIO x cold; cold no slower than COLD_GOAL_S,
#: and with an empty cache no slower than FIRST_GOAL_S (the figures before the build was simplified).
UNCHANGED_GOAL_S = 2.0
EDIT_GOAL_RATIO = 0.6
COLD_GOAL_S = 13.1
FIRST_GOAL_S = 15.9

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from-pins"
STUDIES = Path("data") / "studies.csv"
MARK = " (edited for the benchmark)"
EXECUTED = re.compile(r"\((\d+) of (\d+) notebook\(s\) executed\)")


def fresh_copy(destination: Path) -> Path:
    """The project's files as in the work tree (tracked, and new ones not ignored), in ``destination``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the work tree is left out
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def make_book(copy: Path, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Wall seconds of `make book` in ``copy`` (with ``env`` added), and what it says about the notebooks."""
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), **(env or {})}
    command = ["make", "--no-print-directory", "-o", str(STAMP), "book", f"VENV={VENV}"]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"make book failed in {copy}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    found = EXECUTED.search(result.stdout)
    return seconds, (f"{found[1]} of {found[2]}" if found else "none (skipped)")


def edit_one_value(copy: Path) -> None:
    """Change the first study's finding (or change it back): one value of one CSV file."""
    path = copy / STUDIES
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    column = rows[0].index("finding")
    value = rows[1][column]
    rows[1][column] = value[: -len(MARK)] if value.endswith(MARK) else value + MARK
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


SCENARIOS = (
    "cold build (no _build/)",
    "rebuild, nothing changed",
    "rebuild after one value of studies.csv",
    "cold build, empty cache",
)


def measure(copy: Path, runs: int = 3) -> tuple[dict[str, list[float]], dict[str, set[str]]]:
    """Each scenario ``runs`` times in the project copy ``copy``: wall seconds, and notebooks run."""
    times: dict[str, list[float]] = {name: [] for name in SCENARIOS}
    notebooks: dict[str, set[str]] = {name: set() for name in SCENARIOS}
    for _ in range(runs):
        shutil.rmtree(copy / "_build", ignore_errors=True)
        for name in SCENARIOS:
            env = {}
            if name == SCENARIOS[2]:
                edit_one_value(copy)
            if name == SCENARIOS[3]:
                shutil.rmtree(copy / "_build", ignore_errors=True)
                env["NANOIMAGING_CACHE_DIR"] = tempfile.mkdtemp(prefix="nanoimaging-bench-cache-")
            seconds, ran = make_book(copy, env)
            times[name].append(seconds)
            notebooks[name].add(ran)
            if env:
                shutil.rmtree(env["NANOIMAGING_CACHE_DIR"])
    return times, notebooks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    if not STAMP.is_file():
        sys.exit("no .venv/ here yet: run `make venv` first")
    with tempfile.TemporaryDirectory(prefix="nanoimaging-bench-") as scratch:
        times, notebooks = measure(fresh_copy(Path(scratch)), runs)
    print(f"{'scenario':40} {'min':>6} {'median':>6} {'max':>6}  notebooks run   ({runs} runs, wall s)")
    for name in SCENARIOS:
        t = times[name]
        ran = ", ".join(sorted(notebooks[name]))
        print(f"{name:40} {min(t):6.1f} {statistics.median(t):6.1f} {max(t):6.1f}  {ran}")
    cold, unchanged, edited, _first = (statistics.median(times[name]) for name in SCENARIOS)
    print(
        f"unchanged: {unchanged:.2f} s (goal <= {UNCHANGED_GOAL_S:g} s); "
        f"data edit / cold = {edited / cold:.2f} (goal <= {EDIT_GOAL_RATIO:g})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
