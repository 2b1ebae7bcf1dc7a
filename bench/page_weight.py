"""Page weight: bytes each page of the built site transfers, and how long until its charts drew.

    .venv/bin/python bench/page_weight.py [HTML_DIR] [--runs 3]

Serves HTML_DIR (default _build/html, from `make book`) on 127.0.0.1 and loads every
page in Debian's Chromium with a cold cache, --runs times. Prints, per page, the bytes
over the wire (headers included; text gzipped, as web hosts such as GitHub Pages serve
it), the number of requests, the charts, and the median time from navigation start until
every chart drew (charts.js marks each drawn chart). Budgets (issue 6): a chart page
transfers at most 1.5 MB and its charts draw within 2 s on this 2-core machine; pages
over budget are marked, and the exit status is 1 if any is.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import site_tools as st  # noqa: E402
from nanoimaging.site.browser import SiteServer, launch  # noqa: E402


def measure(html_dir: Path, runs: int = 3) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with SiteServer(html_dir, compress=True) as server, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for page in st.html_pages(html_dir):
                samples = [st.page_weight(browser, server.url(page)) for _ in range(runs)]
                times = [s["drawnAt"] for s in samples if s["drawnAt"] is not None]
                rows.append(
                    {
                        "page": page,
                        "bytes": samples[0]["bytes"],
                        "requests": samples[0]["requests"],
                        "charts": samples[0]["charts"],
                        "drawn_ms": statistics.median(times) if times else None,
                    }
                )
        finally:
            browser.close()
    return rows


def over_budget(row: dict) -> list[str]:
    if not row["charts"]:
        return []
    found = []
    if row["bytes"] > st.PAGE_BYTES_BUDGET:
        found.append("bytes")
    if row["drawn_ms"] is None or row["drawn_ms"] > st.CHARTS_MS_BUDGET:
        found.append("time")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html_dir", nargs="?", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not (args.html_dir / "index.html").is_file():
        print(f"no built site in {args.html_dir}: run `make book` first", file=sys.stderr)
        return 2
    rows = measure(args.html_dir, args.runs)
    print(f"{'page':42} {'KB':>8} {'requests':>8} {'charts':>6} {'drawn ms':>9}  budget")
    bad = 0
    for row in rows:
        flags = over_budget(row)
        bad += bool(flags)
        drawn = "" if row["drawn_ms"] is None else f"{row['drawn_ms']:.0f}"
        print(
            f"{row['page']:42} {row['bytes'] / 1024:8.0f} {row['requests']:8d} {row['charts']:6d} {drawn:>9}  "
            f"{'OVER: ' + ', '.join(flags) if flags else 'ok' if row['charts'] else '-'}"
        )
    print(
        f"budgets: chart pages <= {st.PAGE_BYTES_BUDGET / 1024 / 1024:.1f} MB, charts drawn <= "
        f"{st.CHARTS_MS_BUDGET} ms (median of {args.runs} cold loads)"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
