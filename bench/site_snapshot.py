"""Snapshot a built site's visible text and chart specs, and compare two snapshots.

    python bench/site_snapshot.py save _build/html before.json
    python bench/site_snapshot.py compare before.json after.json

A refactoring must leave the site as it was, apart from intended changes: `compare`
lists every page whose visible text changed (with a unified diff of its lines) and
every chart whose drawing changed, and exits 1 when anything differs. The visible
text is the text of each page outside <script>, <style> and <template>, whitespace
collapsed, one line per block element. A chart is compared twice: its Vega-Lite spec
(the inert JSON the book embeds) and its static SVG (drawn by vl-convert at build
time); a spec that changed while its SVG did not is reported as "spec reorganised,
drawing identical", which does not count as a difference.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

_BLOCKS = {
    "p",
    "div",
    "li",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "nav",
    "header",
    "footer",
    "figure",
    "figcaption",
    "pre",
    "table",
    "ul",
    "ol",
    "dt",
    "dd",
    "br",
    "main",
}
_SKIP = {"script", "style", "template"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skip = 0
        self.specs: list[dict] = []
        self.svgs: list[str] = []
        self._chart_json: list[str] | None = None
        self._in_chart = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img" and "vega-static" in (a.get("class") or "").split():
            self.svgs.append(hashlib.sha256((a.get("src") or "").encode()).hexdigest())
        if tag == "div" and "vega-chart" in (a.get("class") or "").split():
            self._in_chart += 1
        if tag == "script" and a.get("type") == "application/json" and self._in_chart:
            self._chart_json = []
        if tag in _SKIP:
            self.skip += 1
        if tag in _BLOCKS:
            self.lines.append("")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        if tag == "script" and self._chart_json is not None:
            self.specs.append(json.loads("".join(self._chart_json)))
            self._chart_json = None
        if tag == "div" and self._in_chart:
            self._in_chart -= 1
        if tag in _BLOCKS:
            self.lines.append("")

    def handle_data(self, data):
        if self._chart_json is not None:
            self._chart_json.append(data)
        elif not self.skip:
            self.lines[-1] += data


def snapshot(html_dir: Path) -> dict:
    pages = {}
    skip = {"_static", "_sources", "_downloads", "_images"}
    for path in sorted(html_dir.rglob("*.html")):
        rel = path.relative_to(html_dir)
        if skip & set(rel.parts):
            continue
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        lines = [" ".join(line.split()) for line in parser.lines]
        pages[rel.as_posix()] = {"text": [line for line in lines if line], "specs": parser.specs, "svgs": parser.svgs}
    return pages


def compare(before: dict, after: dict, notes: list[str] | None = None) -> list[str]:
    """The differences between two snapshots; ``notes`` collects charts whose spec changed but not their drawing."""
    notes = notes if notes is not None else []
    report = []
    for page in sorted(set(before) | set(after)):
        if page not in after:
            report.append(f"{page}: page removed")
            continue
        if page not in before:
            report.append(f"{page}: page added")
            continue
        a, b = before[page], after[page]
        if a["text"] != b["text"]:
            diff = difflib.unified_diff(a["text"], b["text"], f"{page} (before)", f"{page} (after)", lineterm="", n=1)
            report.append(f"{page}: visible text changed\n" + "\n".join(diff))
        if len(a["specs"]) != len(b["specs"]):
            report.append(f"{page}: {len(a['specs'])} charts before, {len(b['specs'])} after")
        for i, (x, y) in enumerate(zip(a["specs"], b["specs"], strict=False)):
            drawn_same = a.get("svgs", [None])[i : i + 1] == b.get("svgs", [None])[i : i + 1] != [None]
            if x != y and drawn_same:
                notes.append(f"{page}: chart {i + 1}: spec reorganised, drawing identical")
            elif x != y:
                report.append(f"{page}: chart {i + 1} spec changed and drawn differently")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    save = commands.add_parser("save", help="write the snapshot of a built site")
    save.add_argument("html_dir", type=Path)
    save.add_argument("out", type=Path)
    diff = commands.add_parser("compare", help="compare two snapshots; exit 1 when they differ")
    diff.add_argument("before", type=Path)
    diff.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "save":
        shot = snapshot(args.html_dir)
        args.out.write_text(json.dumps(shot, indent=1, sort_keys=True), encoding="utf-8")
        print(f"{len(shot)} pages, {sum(len(p['specs']) for p in shot.values())} charts -> {args.out}")
        return 0
    notes: list[str] = []
    report = compare(
        json.loads(args.before.read_text(encoding="utf-8")), json.loads(args.after.read_text(encoding="utf-8")), notes
    )
    print("\n".join(notes + report) if notes or report else "same visible text and chart specs on every page")
    if not report:
        print("no difference in visible text or in any chart's drawing")
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
