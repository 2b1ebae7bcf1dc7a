"""The book's bibliography, formatted as its build formats it: which entries it cannot format.

The book's bibliography page is made by sphinxcontrib-bibtex, which parses references.bib with
pybtex and formats every entry with the project's style (``reviewnumbers``,
:class:`nanoimaging.site.sphinx_citations.ReviewNumbersStyle`); an entry the style cannot format
(an article without an author, say) is a build warning, and warnings fail ``make book``. Formatting
every entry here is that step of the build, without building the site.
"""

from __future__ import annotations

from pathlib import Path

import pybtex.database
from pybtex.style.template import FieldIsMissing

from nanoimaging.site.sphinx_citations import ReviewNumbersStyle, register


def unformattable(bib: Path) -> list[str]:
    """What the bibliography's style says of each entry of ``bib`` it cannot format (``missing author in x``)."""
    register()
    entries = pybtex.database.parse_file(str(bib)).entries
    assert entries, f"{bib} has no entries to format"
    style = ReviewNumbersStyle()
    problems = []
    for key, entry in entries.items():
        try:
            style.format_entry(key, entry)
        except FieldIsMissing as exc:
            problems.append(str(exc))
    return problems


def formatted_title(bib: Path, key: str) -> str:
    """The entry ``key`` of ``bib`` as the bibliography prints it, in plain text."""
    register()
    entry = pybtex.database.parse_file(str(bib)).entries[key]
    return ReviewNumbersStyle().format_entry(key, entry).text.render_as("text")
