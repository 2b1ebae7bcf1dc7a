"""Rules for rows a fork adds: how their evidence was checked, and that a work from the living search was included."""

from __future__ import annotations

from collections.abc import Iterator

from ...problems import Problem
from ..origins import MANIFEST_FIELDS, PROVENANCE_FIELD, candidate_keys
from .context import RuleContext

SOURCE_TEXT, NOT_CHECKED = "source-text", "not-checked"


def added_studies_say_how_checked(ctx: RuleContext) -> Iterator[Problem]:
    """An added study says how its evidence was checked; a study of the review leaves ``checked`` empty."""
    path = ctx.path_of("studies")
    for record in ctx.rows("studies"):
        v = record.values
        checked, evidence = v.get("checked"), v.get("evidence")
        if ctx.from_review(record):
            if checked:
                yield Problem(
                    path,
                    record.row,
                    "checked",
                    "a row of the review is checked against its text: leave it empty",
                    checked,
                )
        elif not checked:
            yield Problem(
                path,
                record.row,
                "checked",
                f"an added study says how its evidence was checked: {SOURCE_TEXT} (a quote of a stored text) "
                f"or {NOT_CHECKED} (no stored text, evidence empty)",
            )
        elif checked == NOT_CHECKED and evidence:
            yield Problem(
                path,
                record.row,
                "evidence",
                f"checked is {NOT_CHECKED}: leave evidence empty, or quote a text the project stores "
                f"(data/sources/) and write {SOURCE_TEXT}",
                evidence,
            )
        elif checked == SOURCE_TEXT and not evidence:
            yield Problem(path, record.row, "evidence", f"checked is {SOURCE_TEXT}: quote the stored text here")


def added_quotes_are_in_stored_texts(ctx: RuleContext) -> Iterator[Problem]:
    """An added study's quote (``checked`` = source-text) occurs verbatim in the stored text of its source."""
    path = ctx.path_of("studies")
    for record in ctx.rows("studies"):
        v = record.values
        if ctx.from_review(record) or v.get("checked") != SOURCE_TEXT or not v.get("evidence"):
            continue
        texts = ctx.source_texts
        text = texts.texts.get(v["source"]) if texts is not None else None
        manifest = texts.manifest.name if texts is not None else "the sourceTexts manifest"
        if text is None:
            yield Problem(
                path,
                record.row,
                "checked",
                f"no stored text of {v['source']} is listed in {manifest}: store its open-access text and list it, "
                f"or write {NOT_CHECKED} and leave evidence empty",
                v["checked"],
            )
        elif not text.contains(v["evidence"]):
            yield Problem(
                path,
                record.row,
                "evidence",
                f"not found in the stored text of {v['source']}: quote it word for word (line breaks may differ)",
                v["evidence"],
            )


def source_texts_are_listed(ctx: RuleContext) -> Iterator[Problem]:
    """Each text of the manifest names an entry of references.bib, a file beside it, its licence and attribution."""
    texts = ctx.source_texts
    if texts is None or not texts.rows:
        return
    shown = ctx.paths.get("sourceTexts", texts.manifest.name)
    if list(texts.rows[0]) != MANIFEST_FIELDS:
        yield Problem(shown, 1, None, f"the columns must be {', '.join(MANIFEST_FIELDS)}")
        return
    for line, row in enumerate(texts.rows, start=2):
        key = (row.get("key") or "").strip()
        if ctx.references is not None and key not in ctx.references.entries:
            yield Problem(shown, line, "key", "no entry with this key in references.bib", key)
        if not (texts.manifest.parent / (row.get("file") or "")).is_file() or not (row.get("file") or "").strip():
            yield Problem(shown, line, "file", "no such file beside the manifest", row.get("file"))
        for name in ("licence", "attribution"):
            if not (row.get(name) or "").strip():
                yield Problem(shown, line, name, "a stored text needs its licence and attribution (e.g. CC-BY-4.0)")


def living_works_were_included(ctx: RuleContext) -> Iterator[Problem]:
    """A row whose source came from the living search cites a candidate that a person screened ``include``."""
    if ctx.references is None or ctx.living is None:
        return
    from_living = candidate_keys(ctx.references)
    for resource, rows in ctx.records.items():
        for record in rows:
            source = record.values.get("source")
            if source not in from_living:
                continue
            ident = from_living[source]
            origin = ctx.living.origins.get(ident)
            if origin is None:
                yield Problem(
                    ctx.path_of(resource),
                    record.row,
                    "source",
                    f"{source} names living candidate {ident} ({PROVENANCE_FIELD}), which is not in candidates.csv",
                    source,
                )
            elif origin.decision != "include":
                state = f"screened {origin.decision!r}" if origin.decision else "not screened"
                yield Problem(
                    ctx.path_of(resource),
                    record.row,
                    "source",
                    f"{source} is living candidate {ident}, {state}: only a work screened 'include' in "
                    "screening.csv gives rows",
                    source,
                )
