"""Page weight: bytes each page of the built site transfers, and how long until its charts drew.

    .venv/bin/python bench/page_weight.py [HTML_DIR] [--runs 3]

Serves HTML_DIR (default _build/html, from `make book`) on 127.0.0.1 and loads every
page in Debian's Chromium with a cold cache, --runs times. Prints, per page, the bytes
over the wire (headers included; text gzipped, as web hosts such as GitHub Pages serve
it), the number of requests, the charts, and the min / median / max time from
navigation start until every chart drew (charts.js marks each drawn chart). Goals
(issue 14): a chart page transfers at most 0.5 MB, a text page at most 0.25 MB, and
the last chart draws within 0.6 s; pages over a goal are marked, and the exit status
is 1 if any is.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from nanoimaging.site.browser import SiteServer, launch  # noqa: E402
from sitekit.pages import html_pages  # noqa: E402
from sitekit.weight import page_weight  # noqa: E402

MB = 1024 * 1024
#: Goals of issue 14.
CHART_PAGE_BYTES, TEXT_PAGE_BYTES, DRAWN_MS = 0.5 * MB, 0.25 * MB, 600


def spread(values: list[float]) -> tuple[float, float, float] | None:
    """(min, median, max) of ``values``, or None when there are none."""
    return (min(values), statistics.median(values), max(values)) if values else None


def measure(html_dir: Path, runs: int = 3) -> list[dict]:
    """Every page of ``html_dir`` loaded ``runs`` times: bytes, requests, charts, drawn-at spread (ms)."""
    from playwright.sync_api import sync_playwright

    rows = []
    with SiteServer(html_dir, compress=True) as server, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for page in html_pages(html_dir):
                samples = [page_weight(browser, server.url(page)) for _ in range(runs)]
                rows.append(
                    {
                        "page": page,
                        "bytes": spread([s["bytes"] for s in samples]),
                        "requests": samples[0]["requests"],
                        "charts": samples[0]["charts"],
                        "drawn_ms": spread([s["drawnAt"] for s in samples if s["drawnAt"] is not None]),
                    }
                )
        finally:
            browser.close()
    return rows


def over_goal(row: dict) -> list[str]:
    """The goals the page misses, judged on the medians."""
    found = []
    if row["bytes"][1] > (CHART_PAGE_BYTES if row["charts"] else TEXT_PAGE_BYTES):
        found.append("bytes")
    if row["charts"] and (row["drawn_ms"] is None or row["drawn_ms"][1] >= DRAWN_MS):
        found.append("time")
    return found


def markdown(rows: list[dict], runs: int) -> str:
    """The rows as a Markdown table (KB gzipped as served; ms from navigation start)."""
    lines = [
        f"| page | KB transferred (min / median / max of {runs}) | requests | charts | last chart drawn, ms | goal |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        kb = " / ".join(f"{b / 1024:.0f}" for b in row["bytes"])
        drawn = " / ".join(f"{t:.0f}" for t in row["drawn_ms"]) if row["drawn_ms"] else "-"
        flags = over_goal(row)
        lines.append(
            f"| {row['page']} | {kb} | {row['requests']} | {row['charts']} | {drawn} | "
            f"{'MISSED: ' + ', '.join(flags) if flags else 'met'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html_dir", nargs="?", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not (args.html_dir / "index.html").is_file():
        print(f"no built site in {args.html_dir}: run `make book` first", file=sys.stderr)
        return 2
    rows = measure(args.html_dir, args.runs)
    print(markdown(rows, args.runs))
    print(
        f"\ngoals: chart pages <= {CHART_PAGE_BYTES / MB:.2f} MB, text pages <= {TEXT_PAGE_BYTES / MB:.2f} MB, "
        f"last chart drawn < {DRAWN_MS} ms (medians)"
    )
    return 1 if any(over_goal(row) for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
