"""The review's words in the data are its words: verbatim, and starting on the line given."""

from __future__ import annotations

from collections.abc import Iterator

from ...problems import Problem
from .context import RuleContext

#: (resource, column holding the review's words, column holding the line they start on).
QUOTED = (
    ("scales", "evidence", "line"),
    ("studies", "evidence", "line"),
    ("properties", "evidence", "line"),
    ("quotes", "quote", "line"),
    ("scales", "setting_words", "setting_line"),
    ("studies", "setting_words", "setting_line"),
)


def review_is_quoted_verbatim(ctx: RuleContext) -> Iterator[Problem]:
    """Each quote of the review occurs in its text (whitespace collapsed) and starts on the row's line."""
    if ctx.review_text is None:
        return
    for resource, column, line_column in QUOTED:
        for record in ctx.rows(resource):
            v = record.values
            if not ctx.from_review(record) or not v.get(column):
                continue
            if resource == "properties" and v.get("section") == "Table 1":
                continue  # a Table 1 item, as transcribed: checked against assessments.csv instead
            lines = ctx.review_text.start_lines(v[column])
            if not lines:
                yield Problem(
                    ctx.path_of(resource),
                    record.row,
                    column,
                    "not found in the review's text: quote it word for word (line breaks may differ)",
                    v[column],
                )
            elif v.get(line_column) is not None and v[line_column] not in lines:
                where = " or ".join(str(n) for n in lines)
                yield Problem(
                    ctx.path_of(resource),
                    record.row,
                    line_column,
                    f"the quote starts on line {where} of the review's text",
                    v[line_column],
                )
