"""Look at the built site as a reader does: full-page screenshots of the main pages.

``make screenshots`` (``nanoimaging screenshots [HTML_DIR] [OUT_DIR]``) writes
``<page>-desktop.png`` (1280 px wide) and ``<page>-phone.png`` (390 px) of the main
pages of ``_build/html`` into ``_build/screenshots/``, each once its charts drew, and
the same in the theme's dark mode (``<page>-desktop-dark.png`` ...): the browser asks
for a dark colour scheme, which the theme follows, and the charts are drawn in dark ink.

The README's two pictures are the home page's first screen at desktop width, in each mode:
``nanoimaging screenshots _build/html docs/screenshots --page book/intro.html --width desktop --first-screen``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .browser import SiteServer, launch, local_only

#: Page widths: a desktop and a phone (CSS pixels).
WIDTHS = {"desktop": 1280, "phone": 390}
#: The theme's modes, and the suffix of their file names.
MODES = {"light": "", "dark": "-dark"}
#: The pages worth a look, relative to the site root (those that exist are taken).
MAIN_PAGES = (
    "book/intro.html",
    "notebooks/table1.html",
    "notebooks/resolution-depth.html",
    "notebooks/scales-aspects.html",
    "notebooks/evidence-map.html",
    "notebooks/non-invasive-clinical.html",
    "notebooks/optical.html",
    "notebooks/mass-spectrometry.html",
    "notebooks/chooser.html",
    "book/guide.html",
    "book/data-dictionary.html",
)
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
    pages: Iterable[str] = MAIN_PAGES,
    widths: Mapping[str, int] = WIDTHS,
    timeout_ms: int = 15000,
    browser: Any = None,
    modes: Iterable[str] = tuple(MODES),
    full_page: bool = True,
) -> list[Path]:
    """Full-page PNGs of ``pages`` at each width and mode, once the charts drew; returns the files written.

    ``browser``: a Playwright browser to use; by default Chromium is started for the call.
    ``full_page=False``: only the first screen (900 px high), as in the README.
    """
    html_dir, out_dir = Path(html_dir), Path(out_dir)
    present = [p for p in pages if (html_dir / p).is_file()]
    if not present:
        raise FileNotFoundError(f"none of the main pages is in {html_dir}: run `make book` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = launch(playwright)
            try:
                return take_screenshots(html_dir, out_dir, present, widths, timeout_ms, own, modes, full_page)
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
                        page.screenshot(path=str(target), full_page=full_page)
                        written.append(target)
                finally:
                    context.close()
    return written
