"""Tabs kept open from one page visit to the next: a page read in a tab that already read pages of
the site opens in about half the time a new context's tab takes (no renderer to start, the site's
scripts compiled already), and most browser checks are page loads.

Each tab belongs to one set of context options (window size, colour scheme) and refuses any
request leaving 127.0.0.1, as :func:`sitekit.browser.new_context` does. The first document of
each visit starts with the site's storage cleared (the theme keeps the reader's mode in
localStorage), before any script of the page runs: every visit is a first one, the theme on
"auto", nothing remembered (a redirect within the visit keeps what the visit stored). Only a check that reads
the page or acts on it within the page (focus, pointer, the theme's switch) takes a tab from
here; one that changes the context (routes, init scripts, emulation) opens its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sitekit.browser import CSP_LISTENER, DESKTOP, PageVisit, listen, load, new_context

#: Run first in every document of a tab: the first document of a visit (window.name was emptied
#: for it) starts with localStorage and sessionStorage cleared; the later ones of the visit keep them.
FORGET_ON_FIRST_DOCUMENT = """if (window.name !== '__visiting') {
  try { localStorage.clear(); sessionStorage.clear(); } catch (e) {}
  window.name = '__visiting';
}"""


@dataclass
class _Tab:
    context: Any
    page: Any
    refused: list[str]
    stop: Callable[[], None] = field(default=lambda: None)


class Tabs:
    """One reusable tab per set of context options, in ``browser``; :meth:`visit` loads a page in it."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self._tabs: dict[str, _Tab] = {}

    def visit(self, url: str, *, timeout_ms: int = 20000, **options: Any) -> tuple[Any, PageVisit]:
        """Load ``url`` in the tab for ``options`` (those of ``browser.new_context``), as a first visit:
        (the tab, what the page showed). The caller leaves the tab open."""
        tab = self._tab(options)
        tab.stop()
        tab.page.goto("about:blank")  # the page before is gone, with whatever it still had under way
        tab.page.evaluate("window.name = ''")  # the next document is a visit's first
        tab.context.clear_cookies()
        report = PageVisit(url)
        refused_before = len(tab.refused)
        tab.stop = listen(tab.page, report)
        load(tab.page, report, timeout_ms=timeout_ms)
        report.refused = tab.refused[refused_before:]
        return tab.page, report

    def _tab(self, options: dict[str, Any]) -> _Tab:
        key = json.dumps(options, sort_keys=True)
        tab = self._tabs.get(key)
        if tab is None or tab.page.is_closed():
            context, refused = new_context(self.browser, **options)
            page = context.new_page()
            page.add_init_script(FORGET_ON_FIRST_DOCUMENT)
            page.add_init_script(CSP_LISTENER)
            tab = self._tabs[key] = _Tab(context, page, refused)
        return tab

    def close(self) -> None:
        for tab in self._tabs.values():
            tab.context.close()
        self._tabs.clear()


def open_tab(
    tabs: Tabs, server: Any, name: str, width: int = DESKTOP, height: int = 1000, **options: Any
) -> tuple[Any, PageVisit]:
    """Page ``name`` of ``server`` visited in the kept tab for a window ``width`` x ``height`` px (by default
    the window of :func:`sitekit.browser.open_page`) and ``options``: (the tab, what the page showed). For a
    check that only reads the page or acts within it; the caller leaves the tab open."""
    return tabs.visit(server.url(name), viewport={"width": width, "height": height}, **options)
