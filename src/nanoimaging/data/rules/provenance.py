"""Every row says where it comes from: the review (with where in it), or a work of references.bib."""

from __future__ import annotations

from collections.abc import Iterator

from ...problems import Problem
from ...refs.bibtex import REVIEW_KEY
from .context import RuleContext

#: Resources transcribed from Table 1: the review's rows say section "Table 1".
TABLE1_RESOURCES = ("families", "modalities", "resolution", "approaches", "assessments", "abbreviations")
#: Resources quoting the review's text: its rows need the words and the line, besides the section.
TEXT_RESOURCES = ("scales", "studies", "properties", "quotes")


def sources_are_known(ctx: RuleContext) -> Iterator[Problem]:
    """A row's source is an entry of references.bib (deMaar2020 is the review)."""
    if ctx.references is None:
        return
    for resource, rows in ctx.records.items():
        for record in rows:
            source = record.values.get("source")
            if source and source not in ctx.references.entries:
                yield Problem(
                    ctx.path_of(resource),
                    record.row,
                    "source",
                    f"no entry with this key in {ctx.references.path.name}: add the work there first, "
                    f"or write {REVIEW_KEY} for a row of the review",
                    source,
                )


def review_rows_say_where(ctx: RuleContext) -> Iterator[Problem]:
    """A row of the review says where it is: Table 1, or a section with the line and the words."""
    for resource in TABLE1_RESOURCES:
        for record in ctx.rows(resource):
            if ctx.from_review(record) and record.values.get("section") != "Table 1":
                yield Problem(
                    ctx.path_of(resource),
                    record.row,
                    "section",
                    "a row of the review's Table 1 has section 'Table 1'",
                    record.values.get("section"),
                )
    for resource in TEXT_RESOURCES:
        for record in ctx.rows(resource):
            if not ctx.from_review(record):
                continue
            v = record.values
            if resource == "properties" and v.get("section") == "Table 1":
                continue  # checked against its Table 1 item by properties_point_to_table1
            for field in ("section", "line", "evidence" if resource != "quotes" else "quote"):
                if v.get(field) in (None, ""):
                    yield Problem(
                        ctx.path_of(resource),
                        record.row,
                        field,
                        f"a row of the review needs its {field} (where the review says so)",
                    )
