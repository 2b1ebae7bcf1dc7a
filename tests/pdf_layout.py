"""Where things are on the pages of a printed PDF: text, lines and drawings, read with pypdfium2.

The PDF edition's print checks (tests/site/test_pdf_print.py) ask questions that need
positions: is a page blank, does a page hold only a heading, does text run past the text
block's margin, does a chart span the text block's width, did a word break without a mark.
pypdf reads the outline and the text; PDFium (Chromium's own PDF engine) gives each
character's and each drawn object's box. Coordinates are PDF points, y going up.

>>> text_block("@page { size: A4; margin: 16mm 14mm 16mm 14mm; }", 595.0, 842.0).left
39.69
"""

from __future__ import annotations

import html as html_module
import re
from dataclasses import dataclass
from pathlib import Path

from sitekit.pdf import pdf_key

#: Points per millimetre.
MM = 72 / 25.4
#: How far (points) a glyph's box may reach past the text block's edge: glyphs overhang
#: their advance a little, so a justified line ends a fraction of a point past it.
OVERHANG = 2.0

Box = tuple[float, float, float, float]  # left, bottom, right, top


@dataclass(frozen=True)
class TextBlock:
    """The part of a page that content may use: the paper less the @page margins (points)."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left


def text_block(css: str, width: float, height: float) -> TextBlock:
    """The text block of a ``width`` x ``height`` page under the ``@page`` margin (in mm) of ``css``.

    >>> text_block("@page { margin: 10mm; }", 100.0, 200.0)
    TextBlock(left=28.35, bottom=28.35, right=71.65, top=171.65)
    """
    rule = re.search(r"@page\s*\{[^}]*?\bmargin\s*:\s*([^;}]+)", css)
    if not rule:
        raise ValueError("the stylesheet sets no @page margin")
    values = [float(v.removesuffix("mm")) * MM for v in rule.group(1).split()]
    # The shorthand's 1 to 4 values: all sides; top-bottom and left-right; top, sides, bottom; each.
    top, right, bottom, left = {1: values * 4, 2: values * 2, 3: values + values[1:2], 4: values}[len(values)]
    return TextBlock(round(left, 2), round(bottom, 2), round(width - right, 2), round(height - top, 2))


def key(text: str) -> str:
    """Text as compared here: :func:`sitekit.pdf.pdf_key`, with PDFium's mark for a hyphen
    that ends a line (U+FFFE) read as the hyphen it is."""
    return pdf_key(text.replace("\ufffe", "-"))


@dataclass
class PageLayout:
    """One page: its size, its characters with their boxes, its lines of text and its drawn objects."""

    width: float
    height: float
    chars: list[tuple[str, Box]]  # every printed character as :func:`key` reads it, with its box
    lines: list[str]  # the text as PDFium reads it, one line each
    runs: list[tuple[str, Box]]  # text runs (a line's piece in one font) with their boxes
    objects: list[tuple[str, Box]]  # drawn objects ("text", "path", "image", "shading") with their boxes

    def body(self, block: TextBlock) -> str:
        """The :func:`key` of the text inside the text block (the footer, in the margin, left out)."""
        return "".join(c for c, box in self.chars if block.bottom <= (box[1] + box[3]) / 2 <= block.top)

    def drawings(self, block: TextBlock) -> list[Box]:
        """The boxes of paths, images and shadings drawn wholly inside the text block, less
        the page's background (Chromium fills the whole text block of every page with it)."""
        return [box for kind, box in self.objects if kind != "text" and inside(box, block) and not covers(box, block)]

    def find(self, text: str) -> list[Box]:
        """The box of each place where ``text`` (compared by :func:`key`) is printed on the page."""
        wanted = key(text)
        if not wanted:
            return []
        letters = "".join(c for c, _box in self.chars)
        found, start = [], letters.find(wanted)
        while start >= 0:
            boxes = [box for _c, box in self.chars[start : start + len(wanted)]]
            found.append(union(boxes))
            start = letters.find(wanted, start + 1)
        return found


def union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def inside(box: Box, block: TextBlock, slack: float = OVERHANG) -> bool:
    return (
        box[0] >= block.left - slack
        and box[2] <= block.right + slack
        and box[1] >= block.bottom - slack
        and box[3] <= block.top + slack
    )


def covers(box: Box, block: TextBlock, slack: float = OVERHANG) -> bool:
    return (
        box[0] <= block.left + slack
        and box[2] >= block.right - slack
        and box[1] <= block.bottom + slack
        and box[3] >= block.top - slack
    )


_KINDS = {1: "text", 2: "path", 3: "image", 4: "shading"}


def read_layout(path: Path) -> list[PageLayout]:
    """Every page of the PDF at ``path``, read with PDFium."""
    import pypdfium2 as pdfium

    pages = []
    document = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            chars = []
            for i, c in enumerate(text[: textpage.count_chars()]):
                box = tuple(textpage.get_charbox(i)) if c.strip() else ()
                if box and (box[2] > box[0] or box[3] > box[1]):
                    chars.extend((letter, box) for letter in key(c))  # "\ufb01" is "f", "i"
            runs = []
            for i in range(textpage.count_rects()):
                box = textpage.get_rect(i)
                runs.append((textpage.get_text_bounded(*box), tuple(box)))
            objects = [
                (_KINDS[obj.type], tuple(obj.get_bounds()))
                for obj in page.get_objects(max_depth=15)
                if obj.type in _KINDS
            ]
            pages.append(PageLayout(width, height, chars, text.split("\r\n"), runs, objects))
    finally:
        document.close()
    return pages


# ---------------------------------------------------------------------------
# The checks, each returning what is wrong (empty when nothing is)


def blank_pages(pages: list[PageLayout], block: TextBlock) -> list[int]:
    """The 0-based pages with neither text nor drawing in their text block (a footer alone is blank)."""
    return [i for i, page in enumerate(pages) if not page.body(block) and not page.drawings(block)]


def heading_only_pages(pages: list[PageLayout], block: TextBlock, headings: dict[int, list[str]]) -> list[int]:
    """The 0-based pages whose text is only headings: ``headings`` maps a page to the headings
    (outline titles) that lead to it. A page that also draws something below its headings
    (a chart, a table's rules) is not one."""
    found = []
    for i, page in enumerate(pages):
        body = page.body(block)
        if not body:
            continue
        for heading in headings.get(i, []):
            body = body.replace(key(heading), "", 1)
        if not body:
            printed = [box for text in headings.get(i, []) for box in page.find(text)[:1]]
            lowest = min((box[1] for box in printed), default=block.top)
            if not any(box[3] < lowest for box in page.drawings(block)):
                found.append(i)
    return found


def text_past_margins(page: PageLayout, block: TextBlock) -> list[str]:
    """The text runs of ``page`` that reach past the text block's left or right edge."""
    return [
        f"{text.strip()[:60]!r} spans x={box[0]:.0f}..{box[2]:.0f} (text block {block.left:.0f}..{block.right:.0f})"
        for text, box in page.runs
        if text.strip() and (box[0] < block.left - OVERHANG or box[2] > block.right + OVERHANG)
    ]


def drawing_span(page: PageLayout, top: float, bottom: float) -> tuple[float, float] | None:
    """The left and right edge of what ``page`` draws (paths, text, images) wholly between
    the heights ``bottom`` and ``top``; None if it draws nothing there."""
    boxes = [box for _kind, box in page.objects if box[1] >= bottom - OVERHANG and box[3] <= top + OVERHANG]
    return (min(b[0] for b in boxes), max(b[2] for b in boxes)) if boxes else None


#: Characters after which a line may break with a mark to show it.
BREAK_MARKS = "-_/\u2010\u2013\u2014"


def word_pieces(words: list[str]) -> set[str]:
    """The pieces of ``words`` that a line must not break: each word cut after a break mark.

    >>> sorted(word_pieces(["Contrast-agents can", "depth_min_m"]))
    ['Contrast-', 'agents', 'can', 'depth_', 'm', 'min_']
    """
    pieces = set()
    for text in words:
        for word in text.split():
            pieces.update(p for p in re.split(f"(?<=[{re.escape(BREAK_MARKS)}])", word) if p)
    return pieces


def _spaced(text: str) -> str:
    """Text compared with its spaces kept (:func:`key` without removing whitespace)."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text.replace("\ufffe", "-")).replace("\u00ad", "").split())


def broken_words(pages: list[PageLayout], words: list[str]) -> list[str]:
    """The pieces of ``words`` (:func:`word_pieces`) that ``pages`` print broken across two
    lines without a mark: found as a whole word in the lines read on without a break, but
    less often within one line.

    A piece is a whole word where no letter or digit touches it (after a break mark, the
    next piece may follow at once)."""
    lines = [_spaced(line) for page in pages for line in page.lines]
    text = "".join(lines)
    broken = []
    for piece in sorted(word_pieces(words), key=lambda p: (-len(p), p)):
        wanted = _spaced(piece)
        if len(wanted) < 2:
            continue
        ending = "" if wanted[-1] in BREAK_MARKS else r"(?![^\W_])"
        pattern = re.compile(r"(?<![^\W_])" + re.escape(wanted) + ending)
        if len(pattern.findall(text)) > sum(len(pattern.findall(line)) for line in lines):
            broken.append(piece)
    return broken


# ---------------------------------------------------------------------------
# The charts of a built page, as the print shows them


@dataclass(frozen=True)
class Chart:
    """A chart of a built page: its name, the titles its static SVG draws and its caption (the alt text)."""

    name: str
    titles: tuple[str, ...]
    caption: str


def _svg_titles(svg: str) -> tuple[str, ...]:
    groups = re.findall(r'class="mark-text role-title-text".*?</g>', svg, re.S)
    texts = [re.sub(r"<[^>]+>", " ", t) for g in groups for t in re.findall(r"<text\b[^>]*>(.*?)</text>", g, re.S)]
    return tuple(" ".join(html_module.unescape(t).split()) for t in texts if t.strip())


def page_charts(page_html: str) -> list[Chart]:
    """The charts of a built page: the figures with a static SVG (``.vega-figure``) and the
    static charts (``.data-chart-static``), with the titles of their wide layout."""
    import base64

    charts = []
    for figure in re.findall(r'<figure class="vega-figure".*?</figure>', page_html, re.S):
        name = re.search(r'data-chart-name="([^"]*)"', figure)
        svg = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', figure)
        caption = re.search(r'<figcaption class="vega-caption">(.*?)</figcaption>', figure, re.S)
        if svg and caption:
            titles = _svg_titles(base64.b64decode(svg.group(1)).decode("utf-8"))
            charts.append(Chart(name.group(1) if name else "", titles, html_module.unescape(caption.group(1))))
    for static in re.findall(r'<div class="data-chart-static".*?</div>', page_html, re.S):
        name = re.search(r'data-chart-name="([^"]*)"', static)
        alt = re.search(r'aria-label="([^"]*)"', static)
        wide = re.search(r'<svg\b[^>]*data-layout="wide".*?</svg>', static, re.S)
        if alt and wide:
            titles = _svg_titles(wide.group(0))
            charts.append(Chart(name.group(1) if name else "", titles, html_module.unescape(alt.group(1))))
    return charts


#: How much of a chart's caption is looked for under it: its start, which the chart's page prints.
CAPTION_START = 160


def chart_span(page: PageLayout, chart: Chart) -> tuple[float, float] | None:
    """The left and right edge of ``chart`` as ``page`` prints it: what is drawn between its
    caption and the highest of its titles (each title's nearest print above the caption);
    None when the page does not print the chart's caption or titles."""
    captions = page.find(chart.caption[:CAPTION_START])  # a long caption may go on over the next page
    if not captions or not chart.titles:
        return None
    caption_top = captions[0][3]
    tops = []
    for title in chart.titles:
        above = [box for box in page.find(title) if box[1] > caption_top]
        if not above:
            return None
        tops.append(min(above, key=lambda box: box[1])[3])
    return drawing_span(page, max(tops), caption_top + OVERHANG)
