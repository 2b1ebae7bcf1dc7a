"""The PDF edition's outline (bookmarks): read, repaired and checked with pypdf.

Chromium writes some bookmark titles of a tagged PDF twice; :func:`repair_outline` restores
the heading's text and :func:`outline_problems` reports bookmarks that are no heading of the
book and chapters without a bookmark.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


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
    """A bookmark's title as its heading reads, where Chromium repeated the heading or part of it.

    >>> headings = {"Aspects", "Summary", "Which modalities work in mice?"}
    >>> repaired_title("AspectsAspects", headings)
    'Aspects'
    >>> repaired_title("Which modalities work in mice?work in mice?", headings)
    'Which modalities work in mice?'
    >>> repaired_title("Which modalities Which modalities work in mice?", headings)
    'Which modalities work in mice?'
    >>> repaired_title("Summary", headings)
    'Summary'

    Any other title is returned as it is (whitespace collapsed).
    """
    title = " ".join(title.split())
    if title in headings:
        return title
    for heading in sorted(headings, key=len, reverse=True):
        rest = title[len(heading) :].strip() if title.startswith(heading) else ""
        if rest and heading.endswith(rest):
            return heading
        first = title[: -len(heading)].strip() if title.endswith(heading) else ""
        if first and heading.startswith(first):
            return heading
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
