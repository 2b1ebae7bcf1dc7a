"""Rules for the rows transcribed from Table 1: numbers agree with printed labels, cells are complete and clean."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator

from ...problems import Problem
from ..result import Record
from ..units import MICRO, LabelError, ParsedLabel, format_metres, micro_as_printed, parse_length_label
from ..vocabulary import ASPECTS
from .context import RuleContext

#: What Table 1 calls a spatial resolution or an imaging depth must lie in these bounds
#: (a nanometre to a metre; a micrometre to three metres): outside them a value is a typo.
RESOLUTION_RANGE_M = (1e-9, 1.0)
DEPTH_RANGE_M = (1e-6, 3.0)


def _numbers_follow_label(
    path: str,
    record: Record,
    *,
    label_field: str,
    qualifier_field: str,
    min_field: str,
    max_field: str,
    sensible: tuple[float, float],
) -> Iterator[Problem]:
    values = record.values
    low, high = values.get(min_field), values.get(max_field)
    for name, value in ((min_field, low), (max_field, high)):
        if value is not None and not sensible[0] <= value <= sensible[1]:
            yield Problem(
                path,
                record.row,
                name,
                f"outside the physically sensible range {format_metres(sensible[0])} to "
                f"{format_metres(sensible[1])}: values are in metres (1 mm = 0.001)",
                value,
            )
    if low is not None and high is not None and low > high:
        yield Problem(path, record.row, min_field, f"greater than {max_field} ({high:g}): are the two swapped?", low)
        return
    label = values.get(label_field) or ""
    try:
        parsed = parse_length_label(label)
    except LabelError as exc:
        yield Problem(path, record.row, label_field, str(exc), label)
        return
    qualifier = values.get(qualifier_field)
    if parsed.agrees_with(qualifier, low, high):
        return
    yield Problem(
        path,
        record.row,
        label_field,
        f"the label says {_describe(parsed)} but the row says {qualifier_field}={qualifier}, "
        f"{min_field}={_blank(low)}, {max_field}={_blank(high)}{_unit_hint(parsed, low, high)}",
        label,
    )


def _unit_hint(parsed: ParsedLabel, low: float | None, high: float | None) -> str:
    """When the numbers are the label's numbers in another unit, say so."""
    pairs = [(a, b) for a, b in ((parsed.min_m, low), (parsed.max_m, high)) if a and b]
    if not pairs:
        return ""
    ratios = {round(math.log10(b / a), 6) for a, b in pairs if a > 0 and b > 0}
    if len(ratios) == 1 and (ratio := ratios.pop()) != 0 and ratio.is_integer():
        return f" (off by a factor of 10^{int(ratio)}: the numbers must be in metres, 1 mm = 0.001)"
    return ""


def _blank(value: float | None) -> str:
    return "(empty)" if value is None else f"{value:.6g}"


def _describe(parsed: ParsedLabel) -> str:
    return (
        f"{parsed.qualifier}, {_blank(parsed.min_m)} to {_blank(parsed.max_m)} m"
        if parsed.min_m is not None or parsed.max_m is not None
        else f"{parsed.qualifier} with no numbers"
    )


def resolution_matches_label(ctx: RuleContext) -> Iterator[Problem]:
    """Every spatial resolution's numbers agree with its printed label, lie in range, min <= max."""
    for record in ctx.rows("resolution"):
        yield from _numbers_follow_label(
            ctx.path_of("resolution"),
            record,
            label_field="label",
            qualifier_field="qualifier",
            min_field="min_m",
            max_field="max_m",
            sensible=RESOLUTION_RANGE_M,
        )


def depth_matches_label(ctx: RuleContext) -> Iterator[Problem]:
    """Every imaging depth's numbers agree with its printed label, lie in range, min <= max."""
    for record in ctx.rows("modalities"):
        yield from _numbers_follow_label(
            ctx.path_of("modalities"),
            record,
            label_field="depth_label",
            qualifier_field="depth_qualifier",
            min_field="depth_min_m",
            max_field="depth_max_m",
            sensible=DEPTH_RANGE_M,
        )


def micrometres_are_spelt_as_printed(ctx: RuleContext) -> Iterator[Problem]:
    """Length labels write micrometres as "μm" (Greek mu), not "um" or "µm"; the review's own rows stay as printed."""
    for resource, field in (("resolution", "label"), ("modalities", "depth_label")):
        for record in ctx.rows(resource):
            label = record.values.get(field) or ""
            typed = label.replace("\u00b5", MICRO) if ctx.from_review(record) else label
            if micro_as_printed(typed) != typed:
                yield Problem(
                    ctx.path_of(resource),
                    record.row,
                    field,
                    f"write micrometres as the review does, with the Greek letter mu ({MICRO}, U+03BC): "
                    f"{micro_as_printed(label)!r}",
                    label,
                )


def every_modality_is_complete(ctx: RuleContext) -> Iterator[Problem]:
    """Each modality has an approach for each aspect, a resolution, and a strength and a limitation."""
    wanted = {
        "approaches": [("aspect", a) for a in ASPECTS],
        "resolution": [(None, None)],
        "assessments": [("kind", "strength"), ("kind", "limitation")],
    }
    for resource, needs in wanted.items():
        if not ctx.complete("modalities", resource):
            continue  # a rejected row may be the missing one: the schema problem says enough
        present = {
            (r.values["modality_id"], r.values.get(col) if col else None)
            for r in ctx.rows(resource)
            for col, _ in needs
        }
        for modality in ctx.rows("modalities"):
            modality_id = modality.values["modality_id"]
            for _column, value in needs:
                if (modality_id, value) not in present:
                    what = f"no {value} row" if value else "no row"
                    yield Problem(
                        ctx.path_of("modalities"),
                        modality.row,
                        "modality_id",
                        f"{what} in {ctx.path_of(resource)}: every modality needs one",
                        modality_id,
                    )


def positions_are_consecutive(ctx: RuleContext) -> Iterator[Problem]:
    """Within a cell (and for the table's rows), positions run 1, 2, 3 ... with no gap."""
    groups = {
        "modalities": (),
        "families": (),
        "resolution": ("modality_id",),
        "approaches": ("modality_id", "aspect"),
        "assessments": ("modality_id", "kind"),
    }
    for resource, keys in groups.items():
        if not ctx.complete(resource):
            continue
        cells: dict[tuple, list[Record]] = defaultdict(list)
        for record in ctx.rows(resource):
            cells[tuple(record.values[k] for k in keys)].append(record)
        for members in cells.values():
            count = len(members)
            for record in members:
                if not 1 <= record.values["position"] <= count:
                    yield Problem(
                        ctx.path_of(resource),
                        record.row,
                        "position",
                        f"this cell has {count} items, so positions must run 1 to {count} without gaps",
                        record.values["position"],
                    )


def texts_are_clean_and_unique(ctx: RuleContext) -> Iterator[Problem]:
    """No duplicate item in a cell; no bullet mark, stray spaces or line break in a text."""
    groups = {"approaches": ("modality_id", "aspect"), "assessments": ("modality_id", "kind")}
    for resource, keys in groups.items():
        seen: dict[tuple, int] = {}
        for record in ctx.rows(resource):
            text = record.values["text"]
            path = ctx.path_of(resource)
            if text != text.strip() or "  " in text:
                yield Problem(path, record.row, "text", "leading, trailing or double spaces", text)
            elif "\n" in text or "\r" in text:
                yield Problem(path, record.row, "text", "contains a line break: one item per row", text)
            elif text.startswith(("- ", "-\u00a0", "\u2022")):
                yield Problem(path, record.row, "text", "starts with a bullet mark: store the item's text only", text)
            key = tuple(record.values[k] for k in keys) + (text.strip().casefold(),)
            if key in seen:
                yield Problem(path, record.row, "text", f"duplicate of row {seen[key]} in the same cell", text)
            else:
                seen[key] = record.row


def settings_follow_techniques(ctx: RuleContext) -> Iterator[Problem]:
    """Two resolution values of one modality must differ in technique or setting."""
    seen: dict[tuple, int] = {}
    for record in ctx.rows("resolution"):
        v = record.values
        key = (v["modality_id"], v.get("technique"), v.get("setting"))
        if key in seen:
            yield Problem(
                ctx.path_of("resolution"),
                record.row,
                "technique",
                f"same modality, technique and setting as row {seen[key]}: say which technique or setting each value is for",
                v.get("technique"),
            )
        else:
            seen[key] = record.row


def families_are_used_and_apart(ctx: RuleContext) -> Iterator[Problem]:
    """Every family has a modality and a colour of its own."""
    if not ctx.complete("families", "modalities"):
        return
    used = {r.values["family"] for r in ctx.rows("modalities")}
    colours: dict[str, int] = {}
    for record in ctx.rows("families"):
        v = record.values
        if v["family"] not in used:
            yield Problem(
                ctx.path_of("families"),
                record.row,
                "family",
                f"no modality of {ctx.path_of('modalities')} belongs to this family",
                v["family"],
            )
        colour = str(v.get("colour", "")).lower()
        if colour in colours:
            yield Problem(
                ctx.path_of("families"),
                record.row,
                "colour",
                f"the same colour as row {colours[colour]}: each family needs its own",
                v.get("colour"),
            )
        colours.setdefault(colour, record.row)
