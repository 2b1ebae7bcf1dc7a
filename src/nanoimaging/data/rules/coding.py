"""Rules that keep the coding in the review's words: whole-body scales per setting, joint credit."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...problems import Problem
from ..vocabulary import NOT_NAMED, WHOLE_BODY
from .context import RuleContext

#: Words that state a setting, per setting (whole words, any case). "clinical" inside "preclinical" does not count.
SETTING_WORDS = {
    "clinical": r"(?<![-\w])(clinical|clinic|clinically|patients?|human)(?!\w)",
    "preclinical": r"(?<!\w)(pre-?clinical(?:ly)?|mice|mouse|murine|rats?|rabbits?|animals?|xenografts?|in vitro|cells|organoids?)(?!\w)",
}


def whole_body_scale_fits_setting(ctx: RuleContext) -> Iterator[Problem]:
    """``patient`` is a clinical scale and ``organism`` (a whole animal) a preclinical one, in scales and studies."""
    for resource, column in (("scales", "scale"), ("studies", "scales")):
        for record in ctx.rows(resource):
            scales = (record.values.get(column) or "").split(";")
            setting = record.values.get("setting")
            for wanted_setting, scale in WHOLE_BODY.items():
                if scale in scales and setting and setting != wanted_setting:
                    other = WHOLE_BODY[setting]
                    yield Problem(
                        ctx.path_of(resource),
                        record.row,
                        column,
                        f"{scale} is the whole-body scale of the {wanted_setting} setting; "
                        f"a {setting} row says {other}",
                        record.values.get(column),
                    )


def joint_credit_names_its_partners(ctx: RuleContext) -> Iterator[Problem]:
    """A jointly credited study lists the studies it shares the credit with, and each of them is joint too."""
    path = ctx.path_of("studies")
    rows = ctx.rows("studies")
    joint_refs = {r.values.get("ref") for r in rows if r.values.get("credit") == "joint"}
    for record in rows:
        v = record.values
        if v.get("credit") != "joint":
            continue
        partners = [int(n) for n in (v.get("cited_with") or "").split(";") if n]
        if not partners:
            yield Problem(
                path,
                record.row,
                "cited_with",
                "a jointly credited study lists the references it shares the credit with",
            )
        for partner in partners:
            if partner not in joint_refs:
                yield Problem(
                    path,
                    record.row,
                    "credit",
                    f"shares the credit with [{partner}], which has no jointly credited row",
                    v.get("credit"),
                )


def states_setting(words: str, setting: str) -> bool:
    """Whether ``words`` name ``setting`` (:data:`SETTING_WORDS`).

    >>> states_setting("in preclinical set-ups", "clinical"), states_setting("in cancer patients", "clinical")
    (False, True)
    """
    return re.search(SETTING_WORDS[setting], words or "", flags=re.IGNORECASE) is not None


def settings_are_stated(ctx: RuleContext) -> Iterator[Problem]:
    """A review row's setting is named by its evidence or by its setting_words (and both name the same one)."""
    for resource in ("scales", "studies"):
        for record in ctx.rows(resource):
            v = record.values
            setting = v.get("setting")
            if not ctx.from_review(record) or setting not in SETTING_WORDS or not v.get("evidence"):
                continue  # added rows quote their own work; a row without evidence is reported by another rule
            words = v.get("setting_words")
            if words and not states_setting(words, setting):
                yield Problem(
                    ctx.path_of(resource),
                    record.row,
                    "setting_words",
                    f"these words do not name the {setting} setting (no word of {SETTING_WORDS[setting]!r})",
                    words,
                )
            elif words and v.get("setting_line") is None:
                yield Problem(
                    ctx.path_of(resource), record.row, "setting_line", "give the line where setting_words start"
                )
            elif not words and not states_setting(v.get("evidence") or "", setting):
                yield Problem(
                    ctx.path_of(resource),
                    record.row,
                    "setting",
                    f"the evidence does not name the {setting} setting: quote the review's words that do in "
                    "setting_words (with setting_line), or leave the setting "
                    + (NOT_NAMED if resource == "scales" else "empty"),
                    setting,
                )
