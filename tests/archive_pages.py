"""Checkers for the archival edition (nanoimaging.site.archive): its zip, and its pages opened from disk."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from nanoimaging.site.screenshots import WAIT_FOR_CHARTS
from sitekit.browser import CHART_REPORT, CSP_LISTENER, PageVisit, new_context

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


def open_from_disk(browser: Any, url: str, timeout_ms: int = 20000) -> tuple[Any, Any, PageVisit]:
    """(context, page, report) of ``url`` (file://, with a query or a fragment if any), charts waited for.

    The caller closes the context. As sitekit.browser.visit, but a file URL's query is not a path.
    """
    context, refused = new_context(browser)
    report = PageVisit(url)
    page = context.new_page()
    page.add_init_script(CSP_LISTENER)
    page.on("console", lambda m: report.console.append({"type": m.type, "text": m.text, "location": ""}))
    page.on("pageerror", lambda e: report.errors.append(str(e)))
    page.on("request", lambda r: report.requests.append(r.url))
    page.on("requestfailed", lambda r: report.failed_requests.append(f"{r.url} ({r.failure})"))
    page.goto(url, wait_until="load", timeout=timeout_ms)
    page.wait_for_load_state("load", timeout=timeout_ms)  # index.html: a meta refresh to the first chapter
    try:
        page.wait_for_function(WAIT_FOR_CHARTS, timeout=timeout_ms)
    except Exception as exc:  # reported through the charts (not drawn)
        report.errors.append(f"charts did not finish within {timeout_ms} ms: {exc.__class__.__name__}")
    report.final_url = page.url
    report.charts = page.evaluate(CHART_REPORT)
    report.csp = page.evaluate("window.__csp || []")
    report.refused = refused
    return context, page, report


def page_problems(name: str, report: PageVisit) -> list[str]:
    """What went wrong on one page opened from disk: errors, policy violations, requests elsewhere, charts."""
    problems = [f"{name}: {e}" for e in report.console_errors()]
    problems += [f"{name}: refused by its policy: {v['directive']} {v['blocked']}" for v in report.csp]
    problems += [f"{name}: request to {u}" for u in report.external_requests()]
    problems += [f"{name}: chart {c['index']} not drawn" for c in report.charts if not c["drawn"]]
    return problems


def visit_all(browser: Any, folder: Path, pages: list[str]) -> list[str]:
    """:func:`page_problems` of each page of ``folder`` (relative paths), each opened from disk."""
    assert pages, f"no pages in {folder}"
    problems = []
    for name in pages:
        context, _page, report = open_from_disk(browser, (folder / name).as_uri())
        context.close()
        problems += page_problems(name, report)
    return problems


def version_links(page: Path) -> list[tuple[str, str]]:
    """(href, text) of each link of the plain list of versions on an archived page."""
    text = page.read_text(encoding="utf-8")
    found = re.search(r'<nav class="version-list"[^>]*>(.*?)</nav>', text, re.S)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', found.group(1)) if found else []
