"""Checkers for the archival edition (nanoimaging.site.archive): its zip, and its pages opened from disk."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from sitekit.browser import PageVisit
from sitekit.tabs import Tabs

#: The answers the chooser draws (the text marks of its chart).
CHOOSER_ANSWERS = """() => [...document.querySelectorAll(
    'figure[data-chart-name="modality-chooser"] .vega-chart svg g.role-mark.mark-text text')].map(t => t.textContent)"""
#: The titles of the pages the search page found.
SEARCH_TITLES = "() => [...document.querySelectorAll('#search-results ul.search li a')].map(a => a.textContent)"
SEARCH_DONE = "() => document.querySelector('.search-summary') !== null"


def unzip(archive: Path, into: Path) -> Path:
    """Unzip ``archive`` into ``into``; returns the edition's one top folder."""
    with zipfile.ZipFile(archive) as zipped:
        tops = {name.split("/")[0] for name in zipped.namelist()}
        assert len(tops) == 1, f"the zip holds more than one top folder: {sorted(tops)}"
        zipped.extractall(into)
    return into / tops.pop()


def page_problems(name: str, report: PageVisit) -> list[str]:
    """What went wrong on one page opened from disk: errors, policy violations, requests elsewhere, charts."""
    problems = [f"{name}: {e}" for e in report.console_errors()]
    problems += [f"{name}: refused by its policy: {v['directive']} {v['blocked']}" for v in report.csp]
    problems += [f"{name}: request to {u}" for u in report.external_requests()]
    problems += [f"{name}: chart {c['index']} not drawn" for c in report.charts if not c["drawn"]]
    return problems


def visit_all(tabs: Tabs, folder: Path, pages: list[str]) -> list[str]:
    """:func:`page_problems` of each page of ``folder`` (relative paths), each opened from disk."""
    assert pages, f"no pages in {folder}"
    problems = []
    for name in pages:
        _page, report = tabs.visit((folder / name).as_uri())
        problems += page_problems(name, report)
    return problems


def version_links(page: Path) -> list[tuple[str, str]]:
    """(href, text) of each link of the plain list of versions on an archived page."""
    text = page.read_text(encoding="utf-8")
    found = re.search(r'<nav class="version-list"[^>]*>(.*?)</nav>', text, re.S)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', found.group(1)) if found else []
