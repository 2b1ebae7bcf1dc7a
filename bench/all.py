"""Every figure of issue 14 in one command: page weights, chart drawing, build times, a fresh clone's `make test`.

    make bench                     # = .venv/bin/python bench/all.py --runs 3
    .venv/bin/python bench/all.py --runs 3 [--no-test]

1. Build times (bench/build_times.py): the project's files as in the work tree are
   copied into a temporary folder and built there: cold `make book`, again with
   nothing changed, and after a one-value edit of data/studies.csv.
2. Page weights and chart drawing (bench/page_weight.py): every page of the site just
   built in that copy, loaded cold in Chromium from a local server that gzips as a web
   host would.
3. The archival edition (bench/archive_size.py): `make site` and `make archive` in that
   copy; the zip's size (one build: the same inputs give the same zip).
4. `make test` from a fresh clone, install included: `git clone` of this repository's
   committed HEAD into a temporary folder (no .venv/; uv's download cache and the kept
   results in ~/.cache/nanoimaging are this machine's), then `make test`, whole process
   timed. ``--no-test`` leaves it out.

Every figure is the min / median / max over ``--runs`` runs. The output is Markdown:
the README's "Page weight and build times" section is rewritten from it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import archive_size  # noqa: E402
import build_times  # noqa: E402
import page_weight  # noqa: E402

ROOT = HERE.parent
RESOLUTION_PAGE, TEXT_PAGE = "notebooks/resolution-depth.html", "book/intro.html"


def fresh_clone_make_test(runs: int) -> list[float]:
    """Minutes of `make test` in a fresh clone of HEAD, ``runs`` times; exits if one fails."""
    minutes = []
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix="nanoimaging-clone-") as scratch:
            clone = Path(scratch) / "clone"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
            env = {k: v for k, v in os.environ.items() if not k.startswith(("NANOIMAGING_", "VIRTUAL_ENV"))}
            start = time.perf_counter()
            result = subprocess.run(["make", "test"], cwd=clone, env=env, capture_output=True, text=True)
            minutes.append((time.perf_counter() - start) / 60)
            tail = result.stdout.strip().splitlines()[-1:] or ["(no output)"]
            print(f"  make test, fresh clone {run + 1}: {minutes[-1]:.1f} min, exit {result.returncode}: {tail[0]}")
            if result.returncode:
                sys.exit(f"make test failed in a fresh clone:\n{result.stdout[-5000:]}\n{result.stderr[-3000:]}")
    return minutes


def row(figure: str, values: list[float] | tuple[float, float, float] | None, unit: str, fmt: str, goal: str) -> str:
    if not values:
        return f"| {figure} | not measured | | | {goal} |"
    low, mid, high = (min(values), statistics.median(values), max(values))
    return f"| {figure} | {low:{fmt}} {unit} | {mid:{fmt}} {unit} | {high:{fmt}} {unit} | {goal} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-test", action="store_true", help="leave out the fresh clone's make test")
    args = parser.parse_args(argv)
    if not build_times.STAMP.is_file():
        sys.exit("no .venv/ here yet: run `make venv` first")
    with tempfile.TemporaryDirectory(prefix="nanoimaging-bench-") as scratch:
        print(f"build times ({args.runs} runs) ...", file=sys.stderr)
        copy = build_times.fresh_copy(Path(scratch))
        times, notebooks = build_times.measure(copy, args.runs)
        print(f"page weights ({args.runs} cold loads per page) ...", file=sys.stderr)
        pages = page_weight.measure(copy / "_build" / "html", args.runs)
        print("archival edition (make site, make archive) ...", file=sys.stderr)
        archive_bytes, archive_versions = archive_size.measure(copy)
    tests = [] if args.no_test else fresh_clone_make_test(args.runs)

    by_page = {p["page"]: p for p in pages}
    chart_pages = [p for p in pages if p["charts"]]
    slowest = max(chart_pages, key=lambda p: p["drawn_ms"][1] if p["drawn_ms"] else float("inf"))
    cold, unchanged, edited, first = (times[name] for name in build_times.SCENARIOS)
    kb = page_weight.MB / 1024
    print(f"Measured with `make bench` (`bench/all.py --runs {args.runs}`): min / median / max of {args.runs} runs.\n")
    print("| figure | min | median | max | goal |")
    print("| --- | ---: | ---: | ---: | --- |")
    print(
        row(
            "chart page (resolution-depth), gzipped",
            [b / 1024 for b in by_page[RESOLUTION_PAGE]["bytes"]],
            "KB",
            ".0f",
            f"≤ {page_weight.CHART_PAGE_BYTES / 1024:.0f} KB",
        )
    )
    print(
        row(
            "text page (intro), gzipped",
            [b / 1024 for b in by_page[TEXT_PAGE]["bytes"]],
            "KB",
            ".0f",
            f"≤ {page_weight.TEXT_PAGE_BYTES / 1024:.0f} KB",
        )
    )
    print(
        row(
            f"last chart drawn after load, slowest chart page ({slowest['page']})",
            slowest["drawn_ms"],
            "ms",
            ".0f",
            f"< {page_weight.DRAWN_MS} ms",
        )
    )
    print(row("`make book`, nothing changed", unchanged, "s", ".2f", f"≤ {build_times.UNCHANGED_GOAL_S:g} s"))
    ran = ", ".join(sorted(notebooks[build_times.SCENARIOS[2]]))
    print(
        row(
            f"`make book` after one value of studies.csv ({ran} notebooks ran)",
            edited,
            "s",
            ".1f",
            f"≤ {build_times.EDIT_GOAL_RATIO:g} × cold = {build_times.EDIT_GOAL_RATIO * statistics.median(cold):.1f} s",
        )
    )
    print(row("cold `make book`", cold, "s", ".1f", f"no slower than {build_times.COLD_GOAL_S:g} s"))
    print(
        row(
            "cold `make book`, empty cache (a machine's first build)",
            first,
            "s",
            ".1f",
            f"no slower than {build_times.FIRST_GOAL_S:g} s",
        )
    )
    print(
        row(
            f"archival edition zip (`make archive`, {archive_versions} version(s) with PDF, and the data)",
            [archive_bytes / page_weight.MB],
            "MB",
            ".1f",
            "recorded",
        )
    )
    print(row("`make test` from a fresh clone, install included", tests, "min", ".1f", "≤ 6 min"))
    print(f"\nEvery page ({kb:.0f} KB = 1 MB):\n")
    print(page_weight.markdown(pages, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
