"""The PDF edition: the whole book as one PDF, printed by Chromium; no LaTeX.

``make pdf`` (``nanoimaging pdf``, after ``make book``) writes
``_build/pdf/nanoimaging-<version>.pdf``:

1. Jupyter Book builds the book as one HTML page (``--builder singlehtml``) into
   ``_build/pdf/work/``, from the notebooks' stored outputs (execution is off). It starts
   from a copy of ``make book``'s doctrees, so Sphinx reads nothing again: it only writes.
2. Chromium (Debian's, through Playwright) opens that page from a local server with
   JavaScript off, so no interactive chart is drawn: each chart is printed as the static
   SVG the build embedded beside it, as vector graphics.
3. The page is set up for print: a title page from CITATION.cff (version, date, how to cite)
   and the book's article replace the theme's navigation, sidebars and buttons; the root
   chapter's headings go one level down and each part of ``_toc.yml`` gets a heading, so the
   outline Chromium writes from the headings reads parts > chapters > sections. Links that
   lead to files of the website (downloads) become plain text. ``print.css``, next to this
   module and loaded only here, sets A4 pages, landscape pages for Table 1, page breaks
   before chapters and light colours.
4. ``page.pdf(outline=True, tagged=True)`` prints into a temporary file. Chromium 14x
   writes some bookmarks of a tagged PDF with their title twice ("AspectsAspects": headings
   laid out twice at a page break); :func:`repaired_title` puts back the heading's text,
   which the page reported. The file is then checked (every bookmark is a heading of the
   book, every chapter has one) and only then renamed over the previous PDF: a build that
   fails leaves the previous PDF as it was.

>>> pdf_filename("1.2.3")
'nanoimaging-1.2.3.pdf'
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..paths import REPO_ROOT
from .book import STAGE, jupyter_book
from .browser import SiteServer, launch, local_only
from .chapters import toc_parts
from .inputs import Inputs
from .release import citation_file, current
from .runner import book_notebooks, stale_notebooks

#: Where ``make pdf`` works and writes, relative to the project root.
PDF_DIR = Path("_build") / "pdf"
#: The print stylesheet, loaded only by the print build.
PRINT_CSS = "print.css"
#: Where the print build's server offers the single page.
PRINT_PAGE = "pdf-edition.html"


class PdfBuildError(RuntimeError):
    """The PDF could not be built; the message says what is wrong. The previous PDF is unchanged."""


@dataclass(frozen=True)
class Chapter:
    """One chapter of the book as printed: its file in ``_toc.yml``, its part and its title."""

    file: str
    part: str
    title: str


@dataclass(frozen=True)
class Printed:
    """What the print step reports: the chapters in order and the text of every heading printed."""

    chapters: tuple[Chapter, ...]
    headings: tuple[str, ...]


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
# The title page, from CITATION.cff


def _initials(given: str) -> str:
    return "".join(part[0] for part in given.replace(".", " ").replace("-", " ").split() if part)


def _person(author: dict[str, Any]) -> str:
    if "family-names" in author:
        return f"{author['family-names']} {_initials(str(author.get('given-names', '')))}".strip()
    return str(author.get("name", "")).strip()


def review_citation(cff: dict[str, Any]) -> str:
    """The preferred citation (the review) in the style the README uses, without its DOI.

    >>> review_citation({"preferred-citation": {"authors": [{"family-names": "de Maar", "given-names": "J. S."}],
    ...     "title": "Spatial heterogeneity", "journal": "Theranostics", "year": 2020, "volume": 10,
    ...     "issue": 4, "start": 1884, "end": 1909, "doi": "10.7150/thno.38625"}})
    'de Maar JS. Spatial heterogeneity. Theranostics 2020;10(4):1884-1909.'
    """
    ref = cff.get("preferred-citation") or {}
    if not ref:
        return ""
    authors = ", ".join(_person(a) for a in ref.get("authors", []))
    where = f"{ref.get('journal', '')} {ref.get('year', '')}".strip()
    if ref.get("volume"):
        where += f";{ref['volume']}"
        if ref.get("issue"):
            where += f"({ref['issue']})"
        if ref.get("start"):
            where += f":{ref['start']}" + (f"-{ref['end']}" if ref.get("end") else "")
    return f"{authors}. {' '.join(str(ref.get('title', '')).split())}. {where}."


def title_page_html(root: Path = REPO_ROOT) -> str:
    """The title page: title, version and date, and how to cite (all from CITATION.cff)."""
    cff = citation_file(root)
    release = current(root)
    title, _, subtitle = " ".join(str(cff.get("title", "")).split()).partition(": ")
    authors = ", ".join(_person(a) for a in cff.get("authors", []))
    software = f"{authors}. {cff.get('title', '')}. Version {release.version}, {release.date}."
    url = cff.get("url") or cff.get("repository-code")
    if url:
        software += f" {url}"
    e = html.escape
    review = review_citation(cff)
    doi = str((cff.get("preferred-citation") or {}).get("doi", ""))
    doi = f' <a href="https://doi.org/{e(doi)}">doi:{e(doi)}</a>.' if doi else ""
    return (
        '<section class="pdf-title-page">'
        f'<p class="pdf-title">{e(title)}</p>'
        + (f'<p class="pdf-subtitle">{e(subtitle[:1].upper() + subtitle[1:])}</p>' if subtitle else "")
        + f'<p class="pdf-version">Version {e(release.version)}, released {e(release.date)}</p>'
        f'<p class="pdf-authors">{e(authors)}</p>'
        '<div class="pdf-cite"><h2>How to cite</h2>'
        + (f"<p>Cite the review this companion is built on: {e(review)}{doi}</p>" if review else "")
        + f"<p>For this companion's data and code: {e(software)}</p>"
        "<p>Table 1 and the statements transcribed from the review are under CC BY 4.0, with attribution "
        "to the review; the code is under the MIT licence.</p></div></section>"
    )


# ---------------------------------------------------------------------------
# Step 1: the book as one HTML page


def build_single_page(root: Path = REPO_ROOT) -> Path:
    """``jupyter-book build --builder singlehtml`` into ``root/_build/pdf/work/``; returns the page.

    Starts from a copy of ``make book``'s doctrees when there are any, so that nothing
    is read or rendered again (the reading is most of a build's time).
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
# Step 2 and 3: set the page up for print


#: Runs in the single page (with JavaScript off, Playwright's evaluate still runs; add_style_tag would
#: wait forever): the title page and the article replace everything else, the print stylesheet is added; headings
#: and parts are arranged for the outline; links to the website's files become text. Returns
#: the chapters found (file, title) and what is missing.
ARRANGE_FOR_PRINT = r"""({titlePage, parts, documentTitle, css}) => {
  const article = document.querySelector('article.bd-article');
  if (!article) return {missing: ['the single page has no article.bd-article'], chapters: []};
  document.querySelectorAll('a.headerlink').forEach(a => a.remove());
  // Headings keep their spaces in print (print.css): one space between words, none around.
  // (No TreeWalker filter: callbacks do not run with the page's JavaScript off.)
  for (const h of article.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const stack = [...h.childNodes];
    while (stack.length) {
      const n = stack.pop();
      if (n.nodeType === 3) n.data = n.data.replace(/\s+/g, ' ');
      else stack.push(...n.childNodes);
    }
    const first = h.firstChild, last = h.lastChild;
    if (first && first.nodeType === 3) first.data = first.data.replace(/^ /, '');
    if (last && last.nodeType === 3) last.data = last.data.replace(/ $/, '');
  }
  const rootSection = article.querySelector(':scope > section');
  const missing = [];
  if (!rootSection) missing.push('the root chapter has no section');
  // The root chapter's own headings go one level down, to the level of the other chapters.
  const rename = (el, tag) => {
    const copy = document.createElement(tag);
    for (const attr of el.attributes) copy.setAttribute(attr.name, attr.value);
    copy.replaceChildren(...el.childNodes);
    el.replaceWith(copy);
  };
  if (rootSection) {
    const own = [...rootSection.querySelectorAll('h1, h2, h3, h4, h5')].filter(h => !h.closest('.toctree-wrapper'));
    for (const h of own) rename(h, 'h' + (Number(h.tagName[1]) + 1));
    // The other chapters follow the root chapter instead of sitting inside it.
    let after = rootSection;
    for (const wrapper of [...rootSection.querySelectorAll('.toctree-wrapper')]) {
      for (const child of [...wrapper.children]) { after.after(child); after = child; }
      wrapper.remove();
    }
  }
  const chapters = [];
  for (const [caption, docs] of parts) {
    docs.forEach((doc, index) => {
      let section = null;
      if (rootSection && chapters.length === 0) section = rootSection;
      else {
        const marker = document.getElementById('document-' + doc);
        section = marker && marker.nextElementSibling;
        if (!section || section.tagName !== 'SECTION') { missing.push(doc); return; }
      }
      section.classList.add('pdf-chapter');
      section.dataset.pdfChapter = doc;
      const heading = section.querySelector('h1, h2');
      if (index === 0 && caption) {
        const part = document.createElement('h1');
        part.className = 'pdf-part';
        part.textContent = caption;
        section.prepend(part);
      }
      chapters.push({file: doc, part: caption, title: heading ? heading.textContent.trim() : ''});
    });
  }
  // Links to pages and files of the website lead nowhere in a PDF: keep their text only.
  for (const a of [...article.querySelectorAll('a[href]')]) {
    const href = a.getAttribute('href');
    if (!(href.startsWith('#') || /^(https?:|mailto:)/i.test(href))) a.replaceWith(...a.childNodes);
  }
  const figures = [...article.querySelectorAll('.vega-figure')];
  const noStatic = figures.filter(f => !f.querySelector('img.vega-static'))
    .map(f => 'chart ' + (f.dataset.chartName || '(unnamed)') + ' has no static SVG to print');
  const book = document.createElement('div');
  book.className = 'pdf-book';
  book.innerHTML = titlePage;
  book.append(article);
  document.body.replaceChildren(book);
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  document.documentElement.dataset.theme = 'light';
  document.documentElement.dataset.mode = 'light';
  document.title = documentTitle;
  const headings = [...book.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .map(h => h.textContent.replace(/\s+/g, ' ').trim());
  return {missing: missing.map(m => m.includes(' ') ? m : 'chapter ' + m + ' is not on the single page')
    .concat(noStatic), chapters, headings, charts: figures.length};
}"""

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
                ARRANGE_FOR_PRINT,
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
# Step 4: check, then replace


def outline_titles(reader: Any) -> list[tuple[int, str]]:
    """The outline of a pypdf ``PdfReader`` as (depth, title), in order, whitespace collapsed."""
    found: list[tuple[int, str]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, " ".join(str(item.title).split())))

    walk(reader.outline, 0)
    return found


def repaired_title(title: str, headings: Collection[str]) -> str:
    """A bookmark's title as the heading it was made from reads, when Chromium doubled it.

    >>> repaired_title("AspectsAspects", {"Aspects", "Summary"})
    'Aspects'
    >>> repaired_title("Summary", {"Aspects", "Summary"})
    'Summary'

    A title that is no heading twice over is returned as it is (whitespace collapsed).
    """
    title = " ".join(title.split())
    if title in headings:
        return title
    half = len(title) // 2
    for first, second in ((title[:half], title[half:]), (title[:half], title[half + 1 :])):
        if first == second.strip() and first.strip() in headings:
            return first.strip()
    return title


def _outline_items(node: Any) -> Iterator[Any]:
    """Every bookmark dictionary under an outline node of a pypdf writer, depth first."""
    item = node.get("/First")
    while item is not None:
        item = item.get_object()
        yield item
        yield from _outline_items(item)
        item = item.get("/Next")


def repair_outline(path: Path, headings: Collection[str]) -> int:
    """Rewrite ``path`` with every doubled bookmark title repaired; returns how many were."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(path))
    outlines = writer.root_object.get("/Outlines")
    repaired = 0
    for item in _outline_items(outlines.get_object()) if outlines is not None else ():
        title = str(item.get("/Title", ""))
        fixed = repaired_title(title, headings)
        if fixed != " ".join(title.split()):
            item[NameObject("/Title")] = TextStringObject(fixed)
            repaired += 1
    if repaired:
        with path.open("wb") as stream:
            writer.write(stream)
    return repaired


def outline_problems(titles: Iterable[str], printed: Printed) -> list[str]:
    """What is wrong with a PDF's outline: bookmarks that are no heading of the book, chapters without one.

    >>> book = Printed((Chapter("book/intro", "", "Intro"),), ("Intro", "Summary"))
    >>> outline_problems(["Intro", "Summary"], book)
    []
    >>> outline_problems(["SummarySummary"], book)
    ["bookmark 'SummarySummary' is no heading of the book", "chapter book/intro ('Intro') has no bookmark"]
    """
    titles = [" ".join(title.split()) for title in titles]
    headings = set(printed.headings)
    problems = [f"bookmark {title!r} is no heading of the book" for title in titles if title not in headings]
    problems += [
        f"chapter {c.file} ({c.title!r}) has no bookmark"
        for c in printed.chapters
        if " ".join(c.title.split()) not in titles
    ]
    return problems


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
        printed = print_single_page(page, Path(temporary), root, browser)
        pages = _finish(Path(temporary), printed)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would keep a web server from serving it
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return PdfResult(target, pages, printed.chapters, time.perf_counter() - start)
