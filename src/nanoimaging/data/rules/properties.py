"""Rules for the label-free and non-invasive statements (``properties.csv``)."""

from __future__ import annotations

from collections.abc import Iterator

from ...problems import Problem
from .context import RuleContext


def properties_point_to_table1(ctx: RuleContext) -> Iterator[Problem]:
    """A label-free / non-invasive statement from Table 1 names its assessments row and quotes it.

    ``assessment_kind`` and ``assessment_position`` are given together or not at all;
    given, they name a row of assessments.csv of the same modality, ``section`` is
    ``Table 1`` and ``evidence`` is that row's text; not given, the evidence is a
    sentence of the text and ``section`` names where.
    """
    if "properties" not in ctx.records or not ctx.complete("assessments"):
        return
    texts = {
        (r.values["modality_id"], r.values["kind"], r.values["position"]): r.values["text"]
        for r in ctx.rows("assessments")
    }
    path = ctx.path_of("properties")
    for record in ctx.rows("properties"):
        v = record.values
        kind, position = v.get("assessment_kind"), v.get("assessment_position")
        if (kind is None) != (position is None):
            missing = "assessment_position" if position is None else "assessment_kind"
            yield Problem(
                path,
                record.row,
                missing,
                "give assessment_kind and assessment_position together (a Table 1 item), or neither (a sentence of the text)",
            )
            continue
        if kind is None:
            if v["section"] == "Table 1":
                yield Problem(
                    path,
                    record.row,
                    "section",
                    "a Table 1 item needs assessment_kind and assessment_position (its row of assessments.csv)",
                    v["section"],
                )
            continue
        text = texts.get((v["modality_id"], kind, position))
        if text is None:
            yield Problem(
                path,
                record.row,
                "assessment_position",
                f"{ctx.path_of('assessments')} has no {kind} {position} for {v['modality_id']}",
                position,
            )
        elif v["section"] != "Table 1":
            yield Problem(
                path, record.row, "section", "a row pointing to a Table 1 item has section 'Table 1'", v["section"]
            )
        elif v["evidence"] != text:
            yield Problem(
                path, record.row, "evidence", f"must repeat the Table 1 item it points to, {text!r}", v["evidence"]
            )
