"""The PDF edition: the whole book as one PDF, printed by Chromium; no LaTeX.

``make pdf`` (after ``make book``) builds the book as one HTML page from the stored outputs,
opens it in Chromium with JavaScript off (each chart prints as its static SVG), sets it up for
print (``print.js`` and ``print.css``: a title page from CITATION.cff, parts > chapters >
sections as the outline), prints to ``_build/pdf/nanoimaging-<version>.pdf`` and repairs and
checks the outline (:mod:`nanoimaging.site.pdf_outline`). A failed build leaves the previous PDF.

>>> pdf_filename("1.2.3")
'nanoimaging-1.2.3.pdf'
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..paths import REPO_ROOT
from .book import STAGE, jupyter_book
from .browser import SiteServer, launch, local_only
from .chapters import toc_parts
from .inputs import Inputs
from .pdf_outline import Chapter, Printed, outline_problems, outline_titles, repair_outline
from .pdf_title import title_page_html
from .release import citation_file, current
from .runner import book_notebooks, stale_notebooks

#: Where ``make pdf`` works and writes, relative to the project root.
PDF_DIR = Path("_build") / "pdf"
#: The print stylesheet, loaded only by the print build.
PRINT_CSS = "print.css"
#: The script that arranges the single page for print (run by Playwright, not by the page).
PRINT_JS = "print.js"
#: Where the print build's server offers the single page.
PRINT_PAGE = "pdf-edition.html"


class PdfBuildError(RuntimeError):
    """The PDF could not be built; the message says what is wrong. The previous PDF is unchanged."""


@dataclass(frozen=True)
class PdfResult:
    """A PDF written by :func:`build_pdf`: where, how many pages, its chapters, how long it took."""

    path: Path
    pages: int
    chapters: tuple[Chapter, ...]
    seconds: float


def pdf_filename(version: str) -> str:
    """The PDF's file name, in ``_build/pdf/`` and in each version's folder of the website."""
    return f"nanoimaging-{version}.pdf"


# ---------------------------------------------------------------------------
# Step 1: the book as one HTML page


def build_single_page(root: Path = REPO_ROOT) -> Path:
    """``jupyter-book build --builder singlehtml`` into ``root/_build/pdf/work/``; returns the page.

    Starts from a copy of ``make book``'s doctrees when there are any, so nothing is read again.
    """
    work = root / PDF_DIR / "work"
    doctrees = work / "_build" / ".doctrees"
    shutil.rmtree(doctrees, ignore_errors=True)
    stage_doctrees = root / STAGE / "_build" / ".doctrees"
    if (stage_doctrees / "environment.pickle").is_file():
        shutil.copytree(stage_doctrees, doctrees)
    result = jupyter_book(root, work, builder="singlehtml")
    toc_root = toc_parts(root)[0][1][0]
    page = work / "_build" / "singlehtml" / f"{toc_root}.html"
    if result.returncode or not page.is_file():
        raise PdfBuildError(
            f"the single-page build failed (jupyter-book build --builder singlehtml):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-3000:]}"
        )
    return page


# ---------------------------------------------------------------------------
# Step 2 and 3: set the page up for print (print.js, print.css) and print it

FOOTER = (
    '<div style="font-size:7pt;width:100%;text-align:center;color:#555;font-family:sans-serif;">'
    '{title}, version {version} &middot; <span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


def print_single_page(
    page_file: Path, target: Path, root: Path = REPO_ROOT, browser: Any = None, timeout_ms: int = 60000
) -> Printed:
    """Print the single page (from :func:`build_single_page`) into ``target``; returns its chapters and headings."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = launch(playwright)
            try:
                return print_single_page(page_file, target, root, own, timeout_ms)
            finally:
                own.close()
    # Sphinx writes the single page at the root document's path (book/intro.html) but with
    # links relative to the build's root folder: it is served from there.
    site = page_file.parent
    while not (site / "_static").is_dir() and site != site.parent:
        site = site.parent
    served = "/" + PRINT_PAGE
    cff = citation_file(root)
    release = current(root)
    title = " ".join(str(cff.get("title", "")).split()).partition(": ")[0]
    parts = [[caption, files_] for caption, files_ in toc_parts(root)]
    with SiteServer(site, files={served: (page_file.read_bytes(), "text/html; charset=utf-8")}) as server:
        # JavaScript off: no interactive chart is drawn, only the static SVG shows.
        context = browser.new_context(java_script_enabled=False, color_scheme="light")
        try:
            local_only(context)
            page = context.new_page()
            page.goto(server.url(served), wait_until="load", timeout=timeout_ms)
            arranged = page.evaluate(
                files("nanoimaging.site").joinpath(PRINT_JS).read_text(encoding="utf-8"),
                {
                    "titlePage": title_page_html(root),
                    "parts": parts,
                    "documentTitle": f"{title} (version {release.version})",
                    "css": files("nanoimaging.site").joinpath(PRINT_CSS).read_text(encoding="utf-8"),
                },
            )
            if arranged["missing"]:
                raise PdfBuildError("the book cannot be printed: " + "; ".join(arranged["missing"]))
            page.evaluate("() => document.fonts.ready.then(() => true)")
            footer = FOOTER.format(title=html.escape(title), version=html.escape(release.version))
            page.pdf(
                path=str(target),
                prefer_css_page_size=True,
                print_background=True,
                outline=True,
                tagged=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=footer,
            )
        finally:
            context.close()
    return Printed(
        tuple(Chapter(c["file"], c["part"], c["title"]) for c in arranged["chapters"]), tuple(arranged["headings"])
    )


# ---------------------------------------------------------------------------
# Step 4: repair and check, then replace


def _finish(path: Path, printed: Printed) -> int:
    """Repair and check the printed PDF; returns its page count, raises :class:`PdfBuildError` on a problem."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        repair_outline(path, printed.headings)
        reader = PdfReader(path)
        pages = len(reader.pages)
        titles = [title for _depth, title in outline_titles(reader)]
    except (PdfReadError, OSError, ValueError) as exc:
        raise PdfBuildError(f"Chromium wrote an unreadable PDF: {exc}") from exc
    problems = outline_problems(titles, printed)
    if problems:
        raise PdfBuildError("the PDF's outline is wrong: " + "; ".join(problems))
    return pages


def build_pdf(root: Path = REPO_ROOT, target: Path | None = None, browser: Any = None) -> PdfResult:
    """Build the PDF edition of the book at ``root`` into ``target`` (default ``_build/pdf/<file>``).

    The notebooks must be up to date (``make book``): the PDF shows their stored outputs.
    All or nothing: on a failure :class:`PdfBuildError` is raised and ``target`` is as it was.
    """
    from playwright.sync_api import Error as PlaywrightError

    start = time.perf_counter()
    stale = stale_notebooks(book_notebooks(root), Inputs(root))
    if stale:
        names = ", ".join(p.relative_to(root).as_posix() for p in stale)
        raise PdfBuildError(f"the outputs of {names} are out of date: run `make book` first (or `make pdf`)")
    version = current(root).version
    target = target or root / PDF_DIR / pdf_filename(version)
    page = build_single_page(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".pdf-", suffix=".pdf", dir=target.parent)
    os.close(handle)
    try:
        try:
            printed = print_single_page(page, Path(temporary), root, browser)
        except PlaywrightError as exc:
            raise PdfBuildError(f"Chromium could not print the book: {exc}") from exc
        pages = _finish(Path(temporary), printed)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would keep a web server from serving it
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return PdfResult(target, pages, printed.chapters, time.perf_counter() - start)
