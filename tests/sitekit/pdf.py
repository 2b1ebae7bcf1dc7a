"""The PDF edition (make pdf): reading what Chromium printed, with pypdf."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sitekit.pages import norm


def pdf_key(text: str) -> str:
    """Text as compared with a PDF's extracted text: compatibility forms (the "ﬁ" ligature is
    "fi"), and no whitespace or soft hyphen, since a narrow column breaks lines (and words) anywhere.

    >>> pdf_key("Speciﬁc  radio-\\ntracers\\u00ad")
    'Specificradio-tracers'
    """
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", str(text)).replace("\u00ad", "").split())


def chapter_title(html_dir: Path, file: str) -> str:
    """The title of a chapter of the built site (``file`` as _toc.yml writes it), from its <title>."""
    import html as html_module

    text = (html_dir / f"{file}.html").read_text(encoding="utf-8")
    match = re.search(r"<title>(.*?)</title>", text, re.S)
    title = html_module.unescape(match.group(1)) if match else ""
    return norm(title.rpartition(" \u2014 ")[0] or title)


def outline_pages(reader: Any) -> list[tuple[int, str, int]]:
    """The outline of a pypdf reader as (depth, title, 0-based page), in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, norm(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def chapter_page_range(reader: Any, title: str) -> range:
    """The pages of the chapter whose bookmark is ``title``: up to the next bookmark at its depth or above."""
    outline = outline_pages(reader)
    for index, (depth, name, first) in enumerate(outline):
        if name == title:
            following = [page for d, _n, page in outline[index + 1 :] if d <= depth]
            return range(first, following[0] + 1 if following else len(reader.pages))
    raise LookupError(f"no bookmark {title!r}")


#: Operators that paint a path (stroke, fill, both) in a PDF content stream.
PATH_PAINTING = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
#: Operators that construct a path (move, line, curve, rectangle).
PATH_CONSTRUCTION = {b"m", b"l", b"c", b"v", b"y", b"re"}


def vector_operators(page: Any) -> dict[str, int]:
    """How often a PDF page constructs and paints paths, counted in its content stream and in the
    form XObjects it draws (vector content), and how many image XObjects it draws (raster)."""
    from pypdf.generic import ContentStream

    counts = {"construct": 0, "paint": 0, "images": 0}

    def scan(contents: Any, resources: Any, pdf: Any, seen: set[int]) -> None:
        xobjects = (resources or {}).get("/XObject") or {}
        for operands, operator in ContentStream(contents, pdf).operations:
            if operator in PATH_CONSTRUCTION:
                counts["construct"] += 1
            elif operator in PATH_PAINTING:
                counts["paint"] += 1
            elif operator == b"Do" and operands and operands[0] in xobjects:
                xobject = xobjects[operands[0]].get_object()
                if xobject.get("/Subtype") == "/Image":
                    counts["images"] += 1
                elif xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
                    seen.add(id(xobject))
                    scan(xobject, xobject.get("/Resources"), pdf, seen)

    scan(page.get_contents(), page.get("/Resources"), page.pdf, set())
    return counts
