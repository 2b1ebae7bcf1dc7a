"""Time the book build on this machine: cold, unchanged, after a data change, and the lower bound.

    .venv/bin/python bench/build_times.py [--runs 3]

Each scenario runs `make book` (or its parts) as a whole process and reports the
minimum, median and maximum wall time of the runs. Targets (issue 3): a cold
build within 1.5x of the lower bound (executing every notebook plus one build
with execution off), and a rebuild with nothing changed under 10 s. The data
change edits one cell of data/assessments.csv and puts it back at the end.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
CELL = ROOT / "data" / "assessments.csv"
ORIGINAL, EDITED = "Operator dependent", "Operator-dependent"


def run(*command: str) -> None:
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def timed(setup, action) -> float:
    setup()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def clean() -> None:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)


def make_book() -> None:
    run("make", "book")


def lower_bound() -> None:
    run(str(VENV_BIN / "nanoimaging"), "book", "--force")


def flip_data() -> None:
    text = CELL.read_text(encoding="utf-8")
    if EDITED in text:
        CELL.write_text(text.replace(EDITED, ORIGINAL), encoding="utf-8")
    else:
        CELL.write_text(text.replace(ORIGINAL, EDITED, 1), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    scenarios = {
        "cold build (no _build/)": (clean, make_book),
        "rebuild, nothing changed": (lambda: None, make_book),
        "rebuild after a one-value data change": (flip_data, make_book),
        "lower bound: execute all + build (no _build/)": (clean, lower_bound),
    }
    make_book()  # warm-up: .venv/ installed, outputs current
    original = CELL.read_text(encoding="utf-8")
    results = {}
    try:
        for name, (setup, action) in scenarios.items():
            results[name] = [timed(setup, action) for _ in range(runs)]
    finally:
        CELL.write_text(original, encoding="utf-8")
        make_book()
    print(f"{'scenario':48} {'min':>7} {'median':>7} {'max':>7}   ({runs} runs, wall seconds)")
    for name, times in results.items():
        print(f"{name:48} {min(times):7.1f} {statistics.median(times):7.1f} {max(times):7.1f}")
    cold = statistics.median(results["cold build (no _build/)"])
    bound = statistics.median(results["lower bound: execute all + build (no _build/)"])
    print(
        f"cold / lower bound = {cold / bound:.2f} (target <= 1.5); "
        f"no-change rebuild = {statistics.median(results['rebuild, nothing changed']):.1f} s (target < 10 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
