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
        key, ref = record.values["cite_key"], record.values["ref"]
        entry = ctx.references.entries.get(key)
        if entry is None:
            yield Problem(
                ctx.path_of("studies"),
                record.row,
                "cite_key",
                f"no entry with this key in {ctx.references.path.name}",
                key,
            )
        elif entry.refnum is not None and entry.refnum != ref:
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
