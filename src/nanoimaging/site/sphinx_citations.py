"""Citation style for the book (``bibtex_default_style: reviewnumbers``): works labelled by their number in the review.

The review itself is "de Maar 2020"; an entry with incomplete metadata says what is missing.
"""

from __future__ import annotations

import contextlib
from typing import Any

from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle

STYLE_NAME = "reviewnumbers"


def _refnum(entry: Any) -> int | None:
    value = entry.fields.get("refnum", "").strip()
    return int(value) if value.isdigit() else None


def _surname(entry: Any) -> str:
    people = entry.persons.get("author", [])
    return " ".join(people[0].prelast_names + people[0].last_names) if people else entry.key


class ReviewNumberLabels(BaseLabelStyle):
    """``ref. N`` for a work the review cites as [N]; ``Surname Year`` otherwise."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            number = _refnum(entry)
            if number is not None:
                yield f"ref. {number}"
            else:
                yield f"{_surname(entry)} {entry.fields.get('year', '')}".strip()


class ReviewOrder(BaseSortingStyle):
    """Works without a review number (the review itself) first, then by review number."""

    def sorting_key(self, entry):
        number = _refnum(entry)
        return (number is not None, number or 0, entry.key)


class ReviewNumbersStyle(UnsrtStyle):
    """unsrt, labelled and sorted by review number, with incomplete entries marked."""

    default_label_style = STYLE_NAME
    default_sorting_style = STYLE_NAME

    def format_entry(self, label, entry, bib_data=None):
        formatted = super().format_entry(label, entry, bib_data=bib_data)
        if entry.fields.get("complete", "").strip().lower() == "no":
            missing = entry.fields.get("missing", "").strip()
            note = "Metadata incomplete" + (f" (missing: {missing})" if missing else "") + "."
            formatted.text = Text(formatted.text, " ", Text(note))
        return formatted


def register() -> None:
    """Make the style known to pybtex (idempotent), and its plain-text backend quick to find."""
    for group, plugin in (
        ("pybtex.style.formatting", ReviewNumbersStyle),
        ("pybtex.style.labels", ReviewNumberLabels),
        ("pybtex.style.sorting", ReviewOrder),
    ):
        with contextlib.suppress(Exception):  # already registered in this process (re-entrant Sphinx builds)
            register_plugin(group, STYLE_NAME, plugin)
    # Registered at run time so that pybtex, asked once per citation, does not search every
    # installed package's entry points each time.
    register_plugin("pybtex.backends", "plaintext", PlainTextBackend, force=True)


def setup(app: Any) -> dict[str, Any]:
    register()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
