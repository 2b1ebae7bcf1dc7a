"""The eight checks, one function each, applied by :func:`evaluate` in :data:`~nanoimaging.choose.results.CHECKS` order.

A check reads the :class:`~nanoimaging.choose.facts.Facts` of one modality in one
setting and returns a :class:`Verdict` (passed or failed, with its reason and the
data rows behind it), or None when its requirement was not asked.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from ..data.units import format_metres
from ..data.vocabulary import SCALE_LABELS, TEMPORAL_RESOLUTIONS
from .facts import (
    Facts,
    evidence,
    property_text,
    resolution_label,
    resolution_text,
    says,
    scale_evidence,
    text_of,
    where,
)
from .requirements import Requirements
from .results import CHECKS, Reason

#: Added before rounding margins down to whole decades, so that 10 / 1 is one decade
#: on every machine (a logarithm may land a hair below the integer).
EPSILON = 1e-9


@dataclass(frozen=True)
class Verdict:
    """What one check found: the reason (None: passed with nothing to say), failed or not, and more."""

    reason: Reason | None
    failed: bool = False
    summary: str = ""  # the short line the chart shows when the check fails
    margin: float | None = None  # whole decades to spare, for the depth and resolution checks


def _fail(check: str, holds_in: str | None, message: str, summary: str, rows: tuple = ()) -> Verdict:
    return Verdict(Reason(check, holds_in, message, rows), failed=True, summary=summary)


def decades(ratio: float) -> int:
    """Whole factors of ten in ``ratio``, rounded down."""
    return math.floor(math.log10(ratio) + EPSILON)


def _for_whom(row) -> str:
    """What a statement stated only for the modality's whole group says of itself."""
    return ", as a statement about its whole group" if str(getattr(row, "basis", "")) == "group" else ""


def _no_scale_row(f: Facts, what: str) -> str:
    """What a missing ``scales`` row says, and no more: the data codes no such scale (and whose modality it is).

    A missing row is not a statement that the modality cannot image at that scale.
    """
    name = f.modality.name
    added = "" if says(f.modality) == "the review" else f"; {name} is added, not in the review"
    return f"the data codes no {what} for {name} (no row of scales.csv){added}"


def check_aspect(f: Facts, setting: str, req: Requirements) -> Verdict | None:
    """Table 1 lists an approach for imaging the aspect (``approaches``)."""
    if not req.aspect:
        return None
    rows = f.approaches[req.aspect]
    if not rows:
        return _fail(
            "aspect",
            None,
            f"Table 1 lists no approach for imaging the {req.aspect} with {f.modality.name}",
            f"no {req.aspect} approach in Table 1",
        )
    cited = tuple(evidence("approaches", r, ("modality_id", "aspect", "position"), r.text) for r in rows)
    who = "Table 1" if all(says(r) == "the review" for r in rows) else "the data (added)"
    return Verdict(
        Reason(
            "aspect",
            None,
            f"{who} lists {len(rows)} approach{'es' if len(rows) > 1 else ''} for imaging the {req.aspect}",
            cited,
        )
    )


def check_setting(f: Facts, setting: str, req: Requirements) -> Verdict:
    """A row of ``scales`` codes a use in the setting, at some scale. Always checked."""
    used = f.scales[setting]
    if not used:
        return _fail("setting", setting, _no_scale_row(f, f"{setting} scale"), f"no {setting} scale coded")
    if not req.setting:
        return Verdict(None)
    scales = ", ".join(
        SCALE_LABELS[str(r.scale)].lower() + (" (for its whole group)" if str(r.basis) == "group" else "") for r in used
    )
    who = "the review" if all(says(r) == "the review" for r in used) else "the data"
    return Verdict(
        Reason(
            "setting",
            setting,
            f"{who} states {setting} use (at {scales} scale)",
            tuple(e for r in used for e in scale_evidence(r)),
        )
    )


def check_scale(f: Facts, setting: str, req: Requirements) -> Verdict | None:
    """A row of ``scales`` codes the scale in the setting (with its words and line)."""
    if not req.scale:
        return None
    label = SCALE_LABELS[req.scale].lower()
    row = next((r for r in f.scales[setting] if str(r.scale) == req.scale), None)
    unnamed = next((r for r in f.unnamed if str(r.scale) == req.scale), None)
    if row is None and unnamed is not None:
        return _fail(
            "scale",
            req.setting,
            f"{says(unnamed)} states {label} scale for {f.modality.name}{_for_whom(unnamed)} without naming a setting,"
            f" so the data codes no {setting} use at that scale",
            f"{label} scale: no setting named",
            scale_evidence(unnamed),
        )
    if row is None:
        shown = setting if req.setting else "either setting"
        return _fail(
            "scale",
            req.setting,
            _no_scale_row(f, f"{label} scale {'in ' + setting + ' use' if req.setting else 'in either setting'}"),
            f"no {label} scale coded ({shown})",
        )
    return Verdict(
        Reason(
            "scale",
            setting,
            f"{says(row)} states {setting} use at {label} scale{_for_whom(row)}",
            scale_evidence(row),
        )
    )


def check_depth(f: Facts, setting: str, req: Requirements) -> Verdict | None:
    """The printed imaging depth reaches ``min_depth``; "Whole body" meets any, "Not applicable" none."""
    if req.min_depth_m is None:
        return None
    m = f.modality
    wanted = format_metres(req.min_depth_m)
    depth = (evidence("modalities", m, ("modality_id",), m.depth_label),)
    if m.depth_qualifier == "whole-body":
        return Verdict(
            Reason("depth", None, f"imaging depth printed '{m.depth_label}': meets any depth", depth), margin=math.inf
        )
    if m.depth_qualifier == "not-applicable" or pd.isna(m.depth_max_m):
        return _fail(
            "depth",
            None,
            f"imaging depth printed '{m.depth_label}': {m.name} images sections of excised "
            f"tissue ex vivo, so it has no depth to compare with {wanted}",
            f"{m.depth_label} (ex vivo sections)",
            depth,
        )
    reach = float(m.depth_max_m)
    if reach < req.min_depth_m:
        return _fail(
            "depth",
            None,
            f"imaging depth printed '{m.depth_label}' reaches at most {format_metres(reach)}, less than {wanted}",
            f"{m.depth_label} (too shallow)",
            depth,
        )
    return Verdict(
        Reason(
            "depth",
            None,
            f"imaging depth printed '{m.depth_label}' reaches {format_metres(reach)}, at least {wanted}",
            depth,
        ),
        margin=decades(reach / req.min_depth_m),
    )


def check_resolution(f: Facts, setting: str, req: Requirements) -> Verdict | None:
    """A printed spatial resolution that counts in the setting is at least as fine as ``max_resolution``."""
    if req.max_resolution_m is None:
        return None
    wanted = format_metres(req.max_resolution_m)
    row, value, words = f.best_resolution(setting)
    key = ("modality_id", "position")
    if row is None and not words:
        return _fail(
            "resolution",
            setting,
            f"no spatial resolution is printed for {setting} use: it cannot be compared with {wanted}",
            f"none printed for {setting} use",
        )
    if row is None:
        printed = " and ".join(f"'{w.label}'" for w in words)
        holds_in = setting if any(text_of(w.setting) for w in words) else None
        return _fail(
            "resolution",
            holds_in,
            f"spatial resolution printed as {printed}, a word with no number: it "
            f"cannot be compared with {wanted}, and no number is invented for it",
            f"{resolution_text(None, words)} (a word, no number)",
            tuple(evidence("resolution", w, key, w.label) for w in words),
        )
    how = {
        "upper-bound": "an upper bound, compared by its upper value",
        "range": "a range, compared by its finest value",
    }.get(str(row.qualifier), "compared as printed")
    cited = (evidence("resolution", row, key, resolution_label(row)),)
    row_setting = text_of(row.setting) or None  # a value printed for every setting holds in any
    if value > req.max_resolution_m:
        printed_for = f" for {setting} use" if row_setting else ""
        return _fail(
            "resolution",
            row_setting,
            f"the finest spatial resolution printed{printed_for}, "
            f"'{resolution_label(row)}' ({how}), is {format_metres(value)}: "
            f"coarser than {wanted}",
            f"{resolution_label(row)} (too coarse)",
            cited,
        )
    return Verdict(
        Reason(
            "resolution",
            row_setting,
            f"spatial resolution printed '{resolution_label(row)}' ({how}): "
            f"{format_metres(value)}, at least as fine as {wanted}",
            cited,
        ),
        margin=decades(req.max_resolution_m / value),
    )


def check_temporal(f: Facts, setting: str, req: Requirements) -> Verdict | None:
    """The printed temporal resolution is at least as fast as asked (slow < medium < fast)."""
    if not req.temporal_resolution:
        return None
    m = f.modality
    speed = str(m.temporal_resolution)
    cited = (evidence("modalities", m, ("modality_id",), speed.capitalize()),)
    if TEMPORAL_RESOLUTIONS.index(speed) < TEMPORAL_RESOLUTIONS.index(req.temporal_resolution):
        return _fail(
            "temporal",
            None,
            f"temporal resolution printed '{speed.capitalize()}': slower than '{req.temporal_resolution.capitalize()}'",
            f"{speed.capitalize()} (too slow)",
            cited,
        )
    return Verdict(Reason("temporal", None, f"temporal resolution printed '{speed.capitalize()}'", cited))


def _property(prop: str, f: Facts, setting: str) -> Verdict:
    row = f.properties.get((prop, setting))
    cited = (
        ()
        if row is None
        else (evidence("properties", row, ("modality_id", "property", "setting"), row.evidence, where(row)),)
    )
    if row is not None and row.value == "yes":
        return Verdict(Reason(prop, setting, f"{prop} in {setting} use: {property_text(row)}{_for_whom(row)}", cited))
    if row is None:
        message = (
            f"the data states nothing on whether {f.modality.name} is {prop} in {setting} use (no row in properties)"
        )
    elif row.value == "sometimes":
        message = (
            f"only sometimes {prop} in {setting} use: {property_text(row)}{_for_whom(row)}; "
            "a requirement needs a plain yes"
        )
    else:
        message = f"not {prop} in {setting} use: {property_text(row)}{_for_whom(row)}"
    return _fail(prop, setting, message, property_text(row), cited)


def check_label_free(f: Facts, setting: str, req: Requirements) -> Verdict | None:
    """The modality is label-free in the setting: a plain "yes" in ``properties``."""
    return _property("label-free", f, setting) if req.label_free else None


def check_non_invasive(f: Facts, setting: str, req: Requirements) -> Verdict | None:
    """The modality is non-invasive in the setting: a plain "yes" in ``properties``."""
    return _property("non-invasive", f, setting) if req.non_invasive else None


Check = Callable[[Facts, str, Requirements], "Verdict | None"]
#: The check functions, in :data:`CHECKS` order.
CHECK_FUNCTIONS: tuple[Check, ...] = (
    check_aspect,
    check_setting,
    check_scale,
    check_depth,
    check_resolution,
    check_temporal,
    check_label_free,
    check_non_invasive,
)
assert len(CHECK_FUNCTIONS) == len(CHECKS)


@dataclass
class Outcome:
    """One modality in one setting: the reasons it passed, the failure (if any), its margin."""

    setting: str
    passed: list[Reason] = field(default_factory=list)
    failure: Reason | None = None
    summary: str = ""
    margin: float | None = None

    @property
    def fail_index(self) -> int:
        return len(CHECKS) if self.failure is None else CHECKS.index(self.failure.check)


def evaluate(f: Facts, setting: str, req: Requirements) -> Outcome:
    """Run the checks in order on one modality in one setting; stop at the first that fails."""
    out = Outcome(setting)
    margins: list[float] = []
    for name, check in zip(CHECKS, CHECK_FUNCTIONS, strict=True):
        verdict = check(f, setting, req)
        if verdict is None:
            continue
        if verdict.failed:
            out.failure, out.summary = verdict.reason, f"{name}: {verdict.summary}"
            return out
        if verdict.reason is not None:
            out.passed.append(verdict.reason)
        if verdict.margin is not None:
            margins.append(verdict.margin)
    out.margin = min(margins) if margins else None
    return out
