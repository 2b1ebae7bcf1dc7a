"""Rules for the studies: each cites a known reference, and lists its aspects and scales in order."""

from __future__ import annotations

from collections.abc import Iterator

from ...problems import Problem
from ..vocabulary import ASPECTS, SCALES
from .context import RuleContext


def studies_cite_known_references(ctx: RuleContext) -> Iterator[Problem]:
    """Every study's cite_key is an entry of references.bib whose refnum is the study's ref."""
    if ctx.references is None:
        return
    for record in ctx.rows("studies"):
        key, ref = record.values["cite_key"], record.values.get("ref")
        entry = ctx.references.entries.get(key)
        if entry is None:
            yield Problem(
                ctx.path_of("studies"),
                record.row,
                "cite_key",
                f"no entry with this key in {ctx.references.path.name}",
                key,
            )
        elif ref is not None and entry.refnum is not None and entry.refnum != ref:
            yield Problem(
                ctx.path_of("studies"),
                record.row,
                "ref",
                f"{key} in {ctx.references.path.name} is reference {entry.refnum} of the review",
                ref,
            )


def study_lists_are_ordered(ctx: RuleContext) -> Iterator[Problem]:
    """Aspects and scales of a study are listed once each, in the review's order."""
    orders = {"aspects": ASPECTS, "scales": SCALES}
    for record in ctx.rows("studies"):
        for column, order in orders.items():
            if not record.values.get(column):
                continue  # an empty scales cell: the source does not state the scale
            items = record.values[column].split(";")
            if len(set(items)) != len(items):
                yield Problem(
                    ctx.path_of("studies"), record.row, column, "an item is listed twice", record.values[column]
                )
            elif items != sorted(items, key=order.index):
                yield Problem(
                    ctx.path_of("studies"),
                    record.row,
                    column,
                    f"list the items in this order: {';'.join(order)}",
                    record.values[column],
                )


def review_studies_say_where(ctx: RuleContext) -> Iterator[Problem]:
    """A study of the review has its reference number; joint citations list other numbers, in order."""
    path = ctx.path_of("studies")
    for record in ctx.rows("studies"):
        v = record.values
        if ctx.from_review(record) and v.get("ref") is None:
            yield Problem(path, record.row, "ref", "a study of the review needs its reference number in the review")
        joint = [int(n) for n in (v.get("cited_with") or "").split(";") if n]
        if joint and (joint != sorted(set(joint)) or v.get("ref") in joint):
            yield Problem(
                path,
                record.row,
                "cited_with",
                "list the other reference numbers once each, in increasing order, without the row's own ref",
                v.get("cited_with"),
            )
