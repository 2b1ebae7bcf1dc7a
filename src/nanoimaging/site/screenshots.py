"""Look at the built site as a reader does: full-page screenshots of every page.

``nanoimaging screenshots [HTML_DIR] [OUT_DIR]`` writes ``<page>-desktop.png`` (1280 px),
``<page>-phone.png`` (400 px) and their ``-dark`` twins for every page, once its charts drew.
See ``--help`` for one page, one width, the first screen or one element (as for the README's pictures).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..paths import REPO_ROOT
from .browser import SiteServer, launch, local_only
from .chapters import toc_files

#: Page widths: a desktop and a phone (CSS pixels).
WIDTHS = {"desktop": 1280, "phone": 400}
#: The theme's modes, and the suffix of their file names.
MODES = {"light": "", "dark": "-dark"}
#: For a picture of one element: the site's and the article's headers, the skip link and sticky table headers stay
#: out of it (a tall element is taken in pieces while the page scrolls under them).
ALONE_CSS = (
    "#pst-header, .bd-header-article, .skip-link, #pst-skip-link { display: none !important; } "
    "table thead th { position: static !important; }"
)
#: JavaScript (argument: CSS text): add a stylesheet to the page as a constructed sheet, which the
#: page's Content-Security-Policy allows (a <style> element, as Playwright's add_style_tag adds, it refuses).
ADD_STYLESHEET = """(css) => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }"""
#: Pages that no chapter of _toc.yml is, but a reader reaches.
SPHINX_PAGES = ("genindex.html", "search.html")


def site_pages(root: Path = REPO_ROOT) -> list[str]:
    """Every page of the table of contents of ``root``, then Sphinx's index and search page."""
    return [f"{file}.html" for file in toc_files(root)] + list(SPHINX_PAGES)


#: JavaScript predicate: every chart of the page drew (charts.js adds ``vega-drawn``)
#: or failed (``vega-failed`` on its figure). True on a page without charts.
WAIT_FOR_CHARTS = """() => [...document.querySelectorAll('.vega-chart')].every(
    el => el.classList.contains('vega-drawn') || (el.closest('figure') || el).classList.contains('vega-failed'))"""
#: JavaScript predicate (argument: "light" or "dark"): the page is in that mode and every
#: chart was drawn in it (charts.js sets ``data-drawn-theme``).
WAIT_FOR_MODE = """(mode) => document.documentElement.getAttribute('data-theme') === mode &&
    [...document.querySelectorAll('.vega-chart')].every(el => el.getAttribute('data-drawn-theme') === mode
      || (el.closest('figure') || el).classList.contains('vega-failed'))"""
#: Resolves once the CSS transitions running after the next frame are over: the theme fades
#: colours (a button's text and background take 0.15 s) when the mode switches or the pointer
#: moves, and a colour read mid-fade is neither mode's.
TRANSITIONS_DONE = """async () => {
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  await Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition)
    .map((a) => a.finished.catch(() => null)));
}"""


def _slug(page: str) -> str:
    return page.removesuffix(".html").replace("/", "-")


def take_screenshots(
    html_dir: str | Path,
    out_dir: str | Path,
    pages: Iterable[str] | None = None,
    widths: Mapping[str, int] = WIDTHS,
    timeout_ms: int = 15000,
    browser: Any = None,
    modes: Iterable[str] = tuple(MODES),
    full_page: bool = True,
    element: str | None = None,
) -> list[Path]:
    """Full-page PNGs of ``pages`` at each width and mode, once the charts drew; returns the files written.

    ``browser``: a Playwright browser to use; by default Chromium is started for the call.
    ``pages``: by default every page of the table of contents (:func:`site_pages`).
    ``full_page=False``: only the first screen (900 px high), as in the README.
    ``element``: a CSS selector; only the first element it finds is taken (Table 1, say).
    """
    html_dir, out_dir = Path(html_dir), Path(out_dir)
    present = [p for p in (site_pages() if pages is None else pages) if (html_dir / p).is_file()]
    if not present:
        raise FileNotFoundError(f"none of the main pages is in {html_dir}: run `make book` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = launch(playwright)
            try:
                return take_screenshots(html_dir, out_dir, present, widths, timeout_ms, own, modes, full_page, element)
            finally:
                own.close()
    written = []
    with SiteServer(html_dir) as server:
        for mode in modes:
            for label, width in widths.items():
                context = browser.new_context(
                    viewport={"width": width, "height": 900}, device_scale_factor=1, color_scheme=mode
                )
                try:
                    local_only(context)
                    page = context.new_page()
                    for name in present:
                        page.goto(server.url(name), wait_until="load")
                        page.wait_for_function(WAIT_FOR_MODE, arg=mode, timeout=timeout_ms)
                        page.evaluate(TRANSITIONS_DONE)
                        target = out_dir / f"{_slug(name)}-{label}{MODES[mode]}.png"
                        if element:  # taken whole, without the page's header or sticky rows drawn over it
                            page.evaluate(ADD_STYLESHEET, ALONE_CSS)
                            page.locator(element).first.screenshot(path=str(target))
                        else:
                            page.screenshot(path=str(target), full_page=full_page)
                        written.append(target)
                finally:
                    context.close()
    return written
