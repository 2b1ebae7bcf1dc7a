"""Which modalities fit a set of requirements, and why: :func:`choose`.

Every modality is put through the same checks, in this fixed order
(:data:`CHECKS`), each answered from a row of the data package:

1. ``aspect``: Table 1 lists an approach for imaging it (``approaches``);
2. ``setting``: the review states a use in that setting, at some scale (``scales``);
3. ``scale``: the review states the scale in that setting (``scales``, with its words and line);
4. ``depth``: the printed imaging depth reaches ``min_depth`` (``modalities``);
5. ``resolution``: a printed spatial resolution is at least as fine as ``max_resolution`` (``resolution``);
6. ``temporal``: the printed temporal resolution is at least as fast as asked (``modalities``);
7. ``label-free`` and 8. ``non-invasive``: the review states it, for that setting (``properties``).

A check whose requirement is not given is skipped. A modality fits when it
passes every check in one setting; with no ``setting`` given both are tried,
and it fits if either works. An excluded modality is reported with the first
check it fails (in the setting that got furthest; clinical first on a tie).

How the printed values are read (the choices are the honest ones, not the generous ones):

- depth "Whole body" meets any depth; "Not applicable" (MSI images sections of
  excised tissue) meets none; a range "1-2 mm" reaches its deeper value (2 mm);
- a resolution range "50-500 µm" counts with its best (finest) value, 50 µm; an
  upper bound "< 1 mm" or "Sub-µm" with its upper value; a value printed for a
  setting (PET ~4 mm clinical, < 1 mm preclinical) only counts in that setting;
- a resolution printed as a word ("Subcellular", IVM) has no number: it meets no
  ``max_resolution``, because any number put on it would be invented here;
- temporal resolution is ordered slow < medium < fast; ``"medium"`` accepts fast;
- label-free and non-invasive need the review's plain "yes"; "sometimes"
  (Table 1: "Labelling often required") and "not stated" do not fit.

Fits are ranked by their margin, in whole decades to spare on the tighter of the
resolution and depth requirements (floor of log10 of required / printed for
resolution, printed / required for depth; "Whole body" has no depth limit),
then by the number of studies the review describes for that modality and the
aspect, scale and setting asked, then in Table 1 order.

>>> from nanoimaging import load
>>> choice = choose(load(), aspect="drug", scale="tissue", label_free=True)
>>> [fit.name for fit in choice.fits]
['MSI']
>>> choice.excluded[0].summary
'label-free: no (Table 1: Labelling required)'
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .load import Dataset
from .units import LabelError, format_metres, to_metres
from .vocabulary import ASPECTS, SCALE_LABELS, SCALES, SETTINGS, TEMPORAL_RESOLUTIONS

#: The checks, in the order they are applied; the first one failed is reported.
CHECKS = ("aspect", "setting", "scale", "depth", "resolution", "temporal", "label-free", "non-invasive")
#: What the ``properties`` resource may say, and the one answer that fits a requirement.
PROPERTIES = ("label-free", "non-invasive")
PROPERTY_VALUES = ("yes", "sometimes", "no")
NOT_STATED = "not stated"
#: Added before rounding margins down to whole decades, so that 10 / 1 is one decade
#: on every machine (a logarithm may land a hair below the integer).
EPSILON = 1e-9


class ChooserError(ValueError):
    """A requirement that cannot be read; the message says what was expected."""


# --- requirements ---------------------------------------------------------------

@dataclass(frozen=True)
class Requirements:
    """What is asked, checked and normalised (lengths in metres; None = no requirement)."""

    aspect: str | None = None
    scale: str | None = None
    setting: str | None = None
    min_depth_m: float | None = None
    max_resolution_m: float | None = None
    label_free: bool = False
    non_invasive: bool = False
    temporal_resolution: str | None = None

    def describe(self) -> str:
        """One line: ``aspect drug, scale tissue, label-free`` (``no requirement`` if empty)."""
        parts = [f"{name} {value}" for name, value in (
            ("aspect", self.aspect), ("scale", self.scale), ("setting", self.setting),
        ) if value]
        if self.min_depth_m is not None:
            parts.append(f"depth at least {format_metres(self.min_depth_m)}")
        if self.max_resolution_m is not None:
            parts.append(f"resolution {format_metres(self.max_resolution_m)} or finer")
        if self.temporal_resolution:
            parts.append(f"temporal resolution {self.temporal_resolution} or faster")
        parts += [name for name, flag in (("label-free", self.label_free), ("non-invasive", self.non_invasive)) if flag]
        return ", ".join(parts) or "no requirement"

    def to_dict(self) -> dict[str, Any]:
        return {
            "aspect": self.aspect, "scale": self.scale, "setting": self.setting,
            "min_depth_m": self.min_depth_m, "max_resolution_m": self.max_resolution_m,
            "label_free": self.label_free, "non_invasive": self.non_invasive,
            "temporal_resolution": self.temporal_resolution,
        }


def _word(name: str, value: Any, allowed: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        text = str(value).strip().lower()
        close = [a for a in allowed if text and a.startswith(text)] or difflib.get_close_matches(text, allowed, n=1, cutoff=0.5)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ChooserError(f"{name} must be one of {', '.join(allowed)} (or None for any), got {value!r}{hint}")
    return value


def _flag(name: str, value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    raise ChooserError(f"{name} must be True, False or None (False and None ask nothing), got {value!r}")


def parse_length(name: str, value: Any) -> float | None:
    """A length requirement in metres: a number of metres, or text with a unit (``"5 mm"``).

    >>> parse_length("min_depth", "5mm")
    0.005
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ChooserError(f"{name} must be a length such as '5 mm' or a number of metres, got {value!r}")
    if isinstance(value, str):
        try:
            metres = to_metres(value)
        except LabelError as exc:
            raise ChooserError(f"{name} must be a length such as '5 mm' or '10 um': {exc}") from None
    else:
        metres = float(value)
    if not math.isfinite(metres) or metres <= 0:
        raise ChooserError(f"{name} must be a length greater than zero, got {value!r}")
    # 12 significant digits: pint's "10 um" is 9.999999999999999e-06 m, which must equal the 0.00001 of the data
    return float(f"{metres:.12g}")


def requirements(
    aspect: str | None = None, scale: str | None = None, setting: str | None = None,
    min_depth: float | str | None = None, max_resolution: float | str | None = None,
    label_free: bool | None = None, non_invasive: bool | None = None,
    temporal_resolution: str | None = None,
) -> Requirements:
    """Check and normalise the options of :func:`choose`; raise :class:`ChooserError` if one is wrong.

    >>> requirements(scale="organ")
    Traceback (most recent call last):
    ...
    nanoimaging.chooser.ChooserError: scale must be one of patient, organ-tumour, tissue, cellular, subcellular (or None for any), got 'organ' (did you mean 'organ-tumour'?)
    """
    return Requirements(
        aspect=_word("aspect", aspect, ASPECTS),
        scale=_word("scale", scale, SCALES),
        setting=_word("setting", setting, SETTINGS),
        min_depth_m=parse_length("min_depth", min_depth),
        max_resolution_m=parse_length("max_resolution", max_resolution),
        label_free=_flag("label_free", label_free),
        non_invasive=_flag("non_invasive", non_invasive),
        temporal_resolution=_word("temporal_resolution", temporal_resolution, TEMPORAL_RESOLUTIONS),
    )


# --- evidence: the data rows behind a statement -----------------------------------------

@dataclass(frozen=True)
class Evidence:
    """One data row: its resource, its key (the primary key's values) and what it says."""

    resource: str
    key: tuple[tuple[str, Any], ...]
    text: str
    where: str = ""  # section and line of the review, for statements from its text

    def __str__(self) -> str:
        key = ", ".join(str(v) for _, v in self.key)
        where = f" ({self.where})" if self.where else ""
        return f"{self.resource}[{key}]: \u201c{self.text}\u201d{where}"

    def to_dict(self) -> dict[str, Any]:
        return {"resource": self.resource, "key": dict(self.key), "text": self.text, "where": self.where}


def _evidence(resource: str, row: Any, key: tuple[str, ...], text: str, where: str = "") -> Evidence:
    return Evidence(resource, tuple((k, _plain(getattr(row, k))) for k in key), text, where)


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value if isinstance(value, (int, float)) else str(value)


# --- the facts each check reads, per modality and setting -----------------------------

def _text(value: Any) -> str:
    return "" if _plain(value) is None else str(value)


def _comparable(row: Any) -> float | None:
    """The number a resolution row is compared with: the upper value of an upper bound, the best of the rest."""
    if row.qualifier == "upper-bound":
        return float(row.max_m)
    if row.qualifier == "qualitative" or pd.isna(row.min_m):
        return None
    return float(row.min_m)


def resolution_label(row: Any) -> str:
    """``~4 mm (PET, clinical)``: the printed value with the technique and setting it is printed for."""
    context = ", ".join(x for x in (_text(row.technique), _text(row.setting)) if x)
    return f"{row.label} ({context})" if context else str(row.label)


def resolution_text(row: Any | None, words: list) -> str:
    """What the chart prints for the resolution that counts: the best row, else the words printed."""
    if row is not None:
        return resolution_label(row)
    return "/".join(str(w.label) for w in words) or "none printed"


def property_text(row: Any | None) -> str:
    """``no (Table 1: Labelling required)``: what a ``properties`` row says, and where (``not stated`` for none)."""
    if row is None:
        return NOT_STATED
    source = f"Table 1: {row.evidence}" if row.section == "Table 1" else f"{row.section}, line {row.line}"
    return f"{row.value} ({source})"


@dataclass
class _Facts:
    """What the checks read about one modality (rows of the data package, by setting)."""

    modality: Any  # the modalities row
    approaches: dict[str, list]  # aspect -> approaches rows
    scales: dict[str, list]  # setting -> scales rows
    resolution: list  # resolution rows
    properties: dict[tuple[str, str], Any]  # (property, setting) -> properties row

    def best_resolution(self, setting: str) -> tuple[Any | None, float | None, list]:
        """(row, value) of the finest numeric resolution that counts in ``setting``, and the word-only rows."""
        rows = [r for r in self.resolution if _text(r.setting) in ("", setting)]
        numeric = [(v, r.position, r) for r in rows if (v := _comparable(r)) is not None]
        words = [r for r in rows if _comparable(r) is None]
        if not numeric:
            return None, None, words
        value, _, row = min(numeric, key=lambda t: (t[0], t[1]))
        return row, value, words


def _facts(data: Dataset) -> dict[str, _Facts]:
    facts = {}
    for m in data.modalities.itertuples():
        mid = str(m.modality_id)

        def rows(frame: pd.DataFrame) -> list:
            return list(frame[frame["modality_id"] == mid].itertuples())

        approaches = rows(data.approaches)
        scales = rows(data.scales)
        facts[mid] = _Facts(
            modality=m,
            approaches={a: [r for r in approaches if str(r.aspect) == a] for a in ASPECTS},
            scales={s: [r for r in scales if str(r.setting) == s] for s in SETTINGS},
            resolution=rows(data.resolution),
            properties={(str(r.property), str(r.setting)): r for r in rows(data.properties)},
        )
    return facts


# --- results --------------------------------------------------------------------

@dataclass(frozen=True)
class Reason:
    """A check a modality passes (or the one it fails), why, and the rows that say so."""

    check: str
    setting: str | None  # the setting the reason holds in; None when it holds in any
    message: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "setting": self.setting, "message": self.message,
                "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True)
class Study:
    """A study the review describes that backs a fit (``cite_key`` is its key in references.bib)."""

    study_id: str
    ref: int
    cite_key: str
    setting: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"study_id": self.study_id, "ref": self.ref, "cite_key": self.cite_key,
                "setting": self.setting, "label": self.label}


@dataclass(frozen=True)
class Fit:
    """A modality that meets every requirement, with its rank, margin and reasons."""

    modality_id: str
    name: str
    rank: int
    settings: tuple[str, ...]  # the settings it fits in
    margin: float | None  # whole decades to spare (math.inf: no depth limit); None: nothing numeric asked
    reasons: tuple[Reason, ...]
    studies: tuple[Study, ...]

    @property
    def summary(self) -> str:
        """The short line the interactive chart shows for this modality."""
        return fit_summary(self.settings, self.margin, len(self.studies))

    def to_dict(self) -> dict[str, Any]:
        return {
            "modality_id": self.modality_id, "name": self.name, "rank": self.rank,
            "settings": list(self.settings),
            "margin_decades": None if self.margin is None else ("unlimited" if math.isinf(self.margin) else self.margin),
            "summary": self.summary, "reasons": [r.to_dict() for r in self.reasons],
            "studies": [s.to_dict() for s in self.studies],
        }


@dataclass(frozen=True)
class Exclusion:
    """A modality that does not fit: the first check it fails, and the rows behind that."""

    modality_id: str
    name: str
    check: str
    reason: Reason
    summary: str  # the short line the interactive chart shows

    def to_dict(self) -> dict[str, Any]:
        return {"modality_id": self.modality_id, "name": self.name, "check": self.check,
                "summary": self.summary, "reason": self.reason.to_dict()}


@dataclass(frozen=True)
class Choice:
    """What :func:`choose` returns: the requirements, the fits (ranked) and the exclusions (Table 1 order)."""

    requirements: Requirements
    fits: tuple[Fit, ...]
    excluded: tuple[Exclusion, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per modality: rank (empty if excluded), name, fits, settings, summary."""
        rows = [{"rank": f.rank, "modality_id": f.modality_id, "modality": f.name, "fits": True,
                 "settings": ", ".join(f.settings), "summary": f.summary} for f in self.fits]
        rows += [{"rank": pd.NA, "modality_id": e.modality_id, "modality": e.name, "fits": False,
                  "settings": "", "summary": e.summary} for e in self.excluded]
        frame = pd.DataFrame(rows, columns=["rank", "modality_id", "modality", "fits", "settings", "summary"])
        frame["rank"] = frame["rank"].astype("Int64")
        return frame

    def to_dict(self) -> dict[str, Any]:
        return {
            "requirements": self.requirements.to_dict(), "checks": list(CHECKS),
            "fits": [f.to_dict() for f in self.fits], "excluded": [e.to_dict() for e in self.excluded],
        }

    def __str__(self) -> str:
        return format_choice(self)


# --- the short lines (the chart draws the same, from the same facts) ---------------------

def fit_summary(settings: tuple[str, ...], margin: float | None, n_studies: int) -> str:
    """``fits (clinical, preclinical); 1 decade to spare; 4 studies``."""
    text = f"fits ({', '.join(settings)})"
    if margin is not None:
        text += "; no depth limit" if math.isinf(margin) else f"; {int(margin)} decade{'' if margin == 1 else 's'} to spare"
    return f"{text}; {n_studies} stud{'y' if n_studies == 1 else 'ies'}"


# --- the checks -------------------------------------------------------------------

def _where(row: Any) -> str:
    return f"{row.section}, line {row.line}"


@dataclass
class _Outcome:
    """One modality in one setting: the reasons it passed, the failure (if any), its margin."""

    setting: str
    passed: list[Reason] = field(default_factory=list)
    failure: Reason | None = None
    summary: str = ""
    margin: float | None = None

    @property
    def fail_index(self) -> int:
        return len(CHECKS) if self.failure is None else CHECKS.index(self.failure.check)


def _decades(ratio: float) -> int:
    return math.floor(math.log10(ratio) + EPSILON)


def _evaluate(f: _Facts, setting: str, req: Requirements) -> _Outcome:
    m = f.modality
    name = str(m.name)
    out = _Outcome(setting)
    margins: list[float] = []

    def fail(check: str, message: str, summary: str, evidence: tuple = (), holds_in: str | None = setting) -> _Outcome:
        out.failure = Reason(check, holds_in, message, evidence)
        out.summary = f"{check}: {summary}"
        return out

    modality_row = ("modalities", m, ("modality_id",))
    if req.aspect:
        rows = f.approaches[req.aspect]
        if not rows:
            return fail("aspect", f"Table 1 lists no approach for imaging the {req.aspect} with {name}",
                        f"no {req.aspect} approach in Table 1", holds_in=None)
        out.passed.append(Reason("aspect", None, f"Table 1 lists {len(rows)} approach{'es' if len(rows) > 1 else ''} "
                                 f"for imaging the {req.aspect}",
                                 tuple(_evidence("approaches", r, ("modality_id", "aspect", "position"), r.text) for r in rows)))
    used = f.scales[setting]
    if not used:
        return fail("setting", f"the review states no {setting} use of {name}, at any scale", f"no {setting} use stated")
    if req.setting:
        scales = ", ".join(SCALE_LABELS[str(r.scale)].lower() for r in used)
        out.passed.append(Reason("setting", setting, f"the review states {setting} use (at {scales} scale)",
                                 tuple(_evidence("scales", r, ("modality_id", "scale", "setting"), r.evidence, _where(r))
                                       for r in used)))
    if req.scale:
        label = SCALE_LABELS[req.scale].lower()
        row = next((r for r in used if str(r.scale) == req.scale), None)
        if row is None:
            where = setting if req.setting else "either setting"
            return fail("scale", f"the review does not state that {name} images at {label} scale "
                                 f"({'in ' + setting + ' use' if req.setting else 'in either setting'})",
                        f"not stated at {label} scale ({where})", holds_in=req.setting)
        out.passed.append(Reason("scale", setting, f"the review states {setting} use at {label} scale",
                                 (_evidence("scales", row, ("modality_id", "scale", "setting"), row.evidence, _where(row)),)))
    if req.min_depth_m is not None:
        wanted = format_metres(req.min_depth_m)
        depth = _evidence(*modality_row, m.depth_label)
        if m.depth_qualifier == "whole-body":
            margins.append(math.inf)
            out.passed.append(Reason("depth", None, f"imaging depth printed '{m.depth_label}': meets any depth", (depth,)))
        elif m.depth_qualifier == "not-applicable" or pd.isna(m.depth_max_m):
            return fail("depth", f"imaging depth printed '{m.depth_label}': {name} images sections of excised "
                                 f"tissue ex vivo, so it has no depth to compare with {wanted}",
                        f"{m.depth_label} (ex vivo sections)", (depth,), holds_in=None)
        elif float(m.depth_max_m) >= req.min_depth_m:
            margins.append(_decades(float(m.depth_max_m) / req.min_depth_m))
            out.passed.append(Reason("depth", None, f"imaging depth printed '{m.depth_label}' reaches "
                                     f"{format_metres(float(m.depth_max_m))}, at least {wanted}", (depth,)))
        else:
            return fail("depth", f"imaging depth printed '{m.depth_label}' reaches at most "
                                 f"{format_metres(float(m.depth_max_m))}, less than {wanted}",
                        f"{m.depth_label} (too shallow)", (depth,), holds_in=None)
    if req.max_resolution_m is not None:
        wanted = format_metres(req.max_resolution_m)
        row, value, words = f.best_resolution(setting)
        key = ("modality_id", "position")
        if row is None:
            printed = " and ".join(f"'{w.label}'" for w in words) or "nothing"
            return fail("resolution", f"spatial resolution printed as {printed}, a word with no number: it cannot "
                                      f"be compared with {wanted}, and no number is invented for it",
                        f"{resolution_text(None, words)} (a word, no number)",
                        tuple(_evidence("resolution", w, key, w.label) for w in words),
                        holds_in=setting if any(_text(w.setting) for w in words) or not words else None)
        how = {"upper-bound": "an upper bound, compared by its upper value",
               "range": "a range, compared by its finest value"}.get(str(row.qualifier), "compared as printed")
        evidence = (_evidence("resolution", row, key, resolution_label(row)),)
        row_setting = _text(row.setting) or None  # a value printed for every setting holds in any
        if value <= req.max_resolution_m:
            margins.append(_decades(req.max_resolution_m / value))
            out.passed.append(Reason("resolution", row_setting, f"spatial resolution printed '{resolution_label(row)}' "
                                     f"({how}): {format_metres(value)}, at least as fine as {wanted}", evidence))
        else:
            printed_for = f" for {setting} use" if row_setting else ""
            return fail("resolution", f"the finest spatial resolution printed{printed_for}, "
                                      f"'{resolution_label(row)}' ({how}), is {format_metres(value)}: coarser than {wanted}",
                        f"{resolution_label(row)} (too coarse)", evidence, holds_in=row_setting)
    if req.temporal_resolution:
        speed = str(m.temporal_resolution)
        evidence = (_evidence(*modality_row, speed.capitalize()),)
        if TEMPORAL_RESOLUTIONS.index(speed) >= TEMPORAL_RESOLUTIONS.index(req.temporal_resolution):
            out.passed.append(Reason("temporal", None, f"temporal resolution printed '{speed.capitalize()}'", evidence))
        else:
            return fail("temporal", f"temporal resolution printed '{speed.capitalize()}': slower than "
                                    f"'{req.temporal_resolution.capitalize()}'",
                        f"{speed.capitalize()} (too slow)", evidence, holds_in=None)
    for prop, asked in (("label-free", req.label_free), ("non-invasive", req.non_invasive)):
        if not asked:
            continue
        row = f.properties.get((prop, setting))
        evidence = () if row is None else (
            _evidence("properties", row, ("modality_id", "property", "setting"), row.evidence, _where(row)),)
        if row is not None and row.value == "yes":
            out.passed.append(Reason(prop, setting, f"{prop} in {setting} use: {property_text(row)}", evidence))
            continue
        if row is None:
            message = f"the data states nothing on whether {name} is {prop} in {setting} use (no row in properties)"
        elif row.value == "sometimes":
            message = f"only sometimes {prop} in {setting} use: {property_text(row)}; a requirement needs a plain yes"
        else:
            message = f"not {prop} in {setting} use: {property_text(row)}"
        return fail(prop, message, property_text(row), evidence)
    out.margin = min(margins) if margins else None
    return out


def _studies(data: Dataset, req: Requirements) -> dict[str, tuple[Study, ...]]:
    from .evidence import evidence_rows  # here: it imports Altair, which `import nanoimaging` should not

    rows = evidence_rows(data)
    for column, value in (("aspect", req.aspect), ("scale", req.scale), ("setting", req.setting)):
        if value:
            rows = rows[rows[column] == value]
    rows = rows.drop_duplicates("study_id").sort_values(["ref", "study_id"])
    found: dict[str, list[Study]] = {}
    for r in rows.itertuples():
        found.setdefault(str(r.modality_id), []).append(
            Study(str(r.study_id), int(r.ref), str(r.cite_key), str(r.setting), str(r.label)))
    return {k: tuple(v) for k, v in found.items()}


def _merge(outcomes: list[_Outcome]) -> tuple[Reason, ...]:
    """The reasons of the settings a modality fits in, each setting-free reason once, in check order."""
    seen, merged = set(), []
    for check in CHECKS:
        for o in outcomes:
            for r in o.passed:
                if r.check == check and (r.check, r.setting, r.message) not in seen:
                    seen.add((r.check, r.setting, r.message))
                    merged.append(r)
    return tuple(merged)


def _sort_key_margin(margin: float | None) -> float:
    return 0.0 if margin is None else margin


def choose(
    data: Dataset,
    aspect: str | None = None,
    scale: str | None = None,
    setting: str | None = None,
    min_depth: float | str | None = None,
    max_resolution: float | str | None = None,
    label_free: bool | None = None,
    non_invasive: bool | None = None,
    temporal_resolution: str | None = None,
) -> Choice:
    """The modalities that meet the requirements, ranked, with the data rows behind each answer.

    :param aspect: ``drug``, ``nanoparticle`` or ``environment``.
    :param scale: ``patient``, ``organ-tumour``, ``tissue``, ``cellular`` or ``subcellular``.
    :param setting: ``clinical`` or ``preclinical``; None tries both.
    :param min_depth: deepest depth needed: ``"5 mm"`` (any length pint reads) or metres.
    :param max_resolution: coarsest spatial resolution accepted: ``"10 um"`` or metres.
    :param label_free: True to need a label-free modality (as the review states it).
    :param non_invasive: True to need a non-invasive one (in the setting).
    :param temporal_resolution: ``slow``, ``medium`` or ``fast``: at least this fast.
    :raises ChooserError: for an unknown value, a length without a length unit, or one <= 0.

    See the module's documentation for the checks, how printed values are read and the ranking.

    >>> from nanoimaging import load
    >>> [f.name for f in choose(load(), setting="clinical", scale="organ-tumour").fits]
    ['PET / SPECT', 'CT', 'MRI', 'US']
    """
    req = requirements(aspect, scale, setting, min_depth, max_resolution, label_free, non_invasive, temporal_resolution)
    facts = _facts(data)
    studies = _studies(data, req)
    settings = (req.setting,) if req.setting else SETTINGS
    fits, excluded = [], []
    for position, (mid, f) in enumerate(facts.items()):
        outcomes = [_evaluate(f, s, req) for s in settings]
        good = [o for o in outcomes if o.failure is None]
        name = str(f.modality.name)
        if good:
            margin = max((o.margin for o in good), key=_sort_key_margin)
            fits.append((position, Fit(mid, name, 0, tuple(o.setting for o in good), margin, _merge(good),
                                       studies.get(mid, ()))))
        else:
            worst = max(outcomes, key=lambda o: o.fail_index)  # max keeps the first: clinical on a tie
            excluded.append(Exclusion(mid, name, worst.failure.check, worst.failure, worst.summary))
    fits.sort(key=lambda pf: (-_sort_key_margin(pf[1].margin), -len(pf[1].studies), pf[0]))
    ranked = tuple(Fit(f.modality_id, f.name, rank, f.settings, f.margin, f.reasons, f.studies)
                   for rank, (_, f) in enumerate(fits, start=1))
    return Choice(req, ranked, tuple(excluded))


# --- text report ------------------------------------------------------------------

def format_choice(choice: Choice) -> str:
    """The report ``python -m nanoimaging choose`` prints."""
    lines = [f"Requirements: {choice.requirements.describe()}.",
             f"Checks, in order: {', '.join(CHECKS)} (the first failed is reported).",
             "Ranked by decades to spare on resolution/depth, then studies described, then Table 1 order.", ""]
    lines.append(f"Fits ({len(choice.fits)}):" if choice.fits else "No modality fits.")
    for fit in choice.fits:
        lines.append(f"{fit.rank:>2}. {fit.name}: {fit.summary}")
        for reason in fit.reasons:
            where = f" [{reason.setting}]" if reason.setting else ""
            lines.append(f"      {reason.check}{where}: {reason.message}")
            lines += [f"        {e}" for e in reason.evidence]
        if fit.studies:
            lines.append("      studies: " + "; ".join(f"{s.label} ({s.cite_key})" for s in fit.studies))
    if choice.excluded:
        lines += ["", f"Excluded ({len(choice.excluded)}), with the first requirement each fails:"]
    for ex in choice.excluded:
        where = f" [{ex.reason.setting}]" if ex.reason.setting else ""
        lines.append(f"  - {ex.name}: {ex.check}{where}: {ex.reason.message}")
        lines += [f"        {e}" for e in ex.reason.evidence]
    return "\n".join(lines)


# --- the interactive chart: the same checks as Vega-Lite expressions ---------------------

#: Names of the chart's parameters, each bound to an input above the chart.
PARAMS = {
    "aspect": "choose_aspect", "scale": "choose_scale", "setting": "choose_setting",
    "min_depth": "choose_min_depth", "max_resolution": "choose_max_resolution",
    "temporal_resolution": "choose_temporal", "label_free": "choose_label_free",
    "non_invasive": "choose_non_invasive",
}
#: The menu value that asks nothing ("any" for words, 0 for lengths).
ANY = "any"
#: The thresholds offered in the chart's menus, in metres (0 = no requirement).
DEPTH_OPTIONS_M = (0.0, 0.001, 0.005, 0.01, 0.1, 0.3, 1.0)
RESOLUTION_OPTIONS_M = (0.0, 1e-6, 1e-5, 1e-4, 1e-3, 5e-3, 1e-2)
#: Stands for "no depth limit" (math.inf) in the chart, where JSON has no infinity.
UNLIMITED = 1e9
FIT_COLOUR, MISS_COLOUR, TEXT_GREY = "#009E73", "#595959", "#595959"  # Okabe-Ito green; greys


def _study_counts(data: Dataset) -> dict[str, dict[str, int]]:
    """modality_id -> {"aspect|scale|setting": distinct studies}, ``any`` standing for no requirement."""
    from .evidence import evidence_rows

    rows = evidence_rows(data)
    counts: dict[str, dict[str, int]] = {str(m): {} for m in data.modalities["modality_id"]}
    for aspect in (ANY, *ASPECTS):
        for scale in (ANY, *SCALES):
            for setting in (ANY, *SETTINGS):
                chosen = rows
                for column, value in (("aspect", aspect), ("scale", scale), ("setting", setting)):
                    if value != ANY:
                        chosen = chosen[chosen[column] == value]
                found = chosen.groupby("modality_id", observed=False)["study_id"].nunique()
                for mid in counts:
                    counts[mid][f"{aspect}|{scale}|{setting}"] = int(found.get(mid, 0))
    return counts


def modality_facts(data: Dataset) -> pd.DataFrame:
    """One row per modality and setting: what the checks read, precomputed for the chart.

    Nothing here depends on the requirements; the chart's expressions compare
    these facts with the menus' values as :func:`choose` does.

    >>> from nanoimaging import load
    >>> facts = modality_facts(load())
    >>> facts.loc[facts["modality_id"] == "ivm", ["setting", "res_text"]].values.tolist()
    [['clinical', 'Subcellular'], ['preclinical', 'Subcellular']]
    """
    counts = _study_counts(data)
    rows = []
    for position, (mid, f) in enumerate(_facts(data).items()):
        m = f.modality
        whole = m.depth_qualifier == "whole-body"
        numeric_depth = not whole and m.depth_qualifier != "not-applicable" and not pd.isna(m.depth_max_m)
        for order, setting in enumerate(SETTINGS):
            row, value, words = f.best_resolution(setting)
            props = {p: f.properties.get((p, setting)) for p in PROPERTIES}
            rows.append({
                "modality_id": mid, "modality": str(m.name), "position": position,
                "setting": setting, "setting_order": order,
                "used": bool(f.scales[setting]),
                "aspects": {a: bool(f.approaches[a]) for a in ASPECTS},
                "scales": {s: any(str(r.scale) == s for r in f.scales[setting]) for s in SCALES},
                "scale_names": {s: SCALE_LABELS[s].lower() for s in SCALES},
                "depth_kind": "whole-body" if whole else ("number" if numeric_depth else "not-applicable"),
                "depth_m": float(m.depth_max_m) if numeric_depth else None,
                "depth_label": str(m.depth_label),
                "res_m": value, "res_text": resolution_text(row, words),
                "temporal_rank": TEMPORAL_RESOLUTIONS.index(str(m.temporal_resolution)),
                "temporal_label": str(m.temporal_resolution).capitalize(),
                "label_free": NOT_STATED if props["label-free"] is None else str(props["label-free"].value),
                "label_free_text": property_text(props["label-free"]),
                "non_invasive": NOT_STATED if props["non-invasive"] is None else str(props["non-invasive"].value),
                "non_invasive_text": property_text(props["non-invasive"]),
                "studies": counts[mid],
            })
    return pd.DataFrame(rows)


def _expressions() -> dict[str, str]:
    """The Vega expressions of the checks, the margin, the summary line; in the order they run."""
    p = PARAMS
    a, s, st, d, r, t, lf, ni = (p[k] for k in (
        "aspect", "scale", "setting", "min_depth", "max_resolution", "temporal_resolution", "label_free", "non_invasive"))
    speeds = "[" + ", ".join(f"'{x}'" for x in TEMPORAL_RESOLUTIONS) + "]"
    failed = [  # one condition per check, in CHECKS order: true when the check fails
        f"{a} != '{ANY}' && !datum.aspects[{a}]",
        "!datum.used",
        f"{s} != '{ANY}' && !datum.scales[{s}]",
        f"{d} > 0 && !(datum.depth_kind == 'whole-body' || (datum.depth_kind == 'number' && datum.depth_m >= {d}))",
        f"{r} > 0 && !(datum.res_m != null && datum.res_m <= {r})",
        f"{t} != '{ANY}' && datum.temporal_rank < indexof({speeds}, {t})",
        f"{lf} && datum.label_free != 'yes'",
        f"{ni} && datum.non_invasive != 'yes'",
    ]
    fail_index = "".join(f"({cond}) ? {i} : " for i, cond in enumerate(failed)) + str(len(CHECKS))
    decades = "floor(log({x}) / LN10 + " + repr(EPSILON) + ")"
    res_margin = f"({r} > 0 ? {decades.format(x=f'{r} / datum.res_m')} : null)"
    depth_margin = (f"({d} > 0 ? (datum.depth_kind == 'whole-body' ? {UNLIMITED:g} : "
                    f"{decades.format(x=f'datum.depth_m / {d}')}) : null)")
    reasons = [
        f"'aspect: no ' + {a} + ' approach in Table 1'",
        "'setting: no ' + datum.setting + ' use stated'",
        f"'scale: not stated at ' + datum.scale_names[{s}] + ' scale (' + ({st} == '{ANY}' ? 'either setting' : datum.setting) + ')'",
        "'depth: ' + datum.depth_label + (datum.depth_kind == 'not-applicable' ? ' (ex vivo sections)' : ' (too shallow)')",
        "'resolution: ' + datum.res_text + (datum.res_m == null ? ' (a word, no number)' : ' (too coarse)')",
        "'temporal: ' + datum.temporal_label + ' (too slow)'",
        "'label-free: ' + datum.label_free_text",
        "'non-invasive: ' + datum.non_invasive_text",
    ]
    failure = "".join(f"datum.fail_index == {i} ? {text} : " for i, text in enumerate(reasons[:-1])) + reasons[-1]
    fit = (
        "'fits (' + (datum.fits_clinical && datum.fits_preclinical ? 'clinical, preclinical'"
        " : datum.fits_clinical ? 'clinical' : 'preclinical') + ')'"
        f" + (datum.margin == null ? '' : datum.margin >= {UNLIMITED:g} ? '; no depth limit'"
        " : '; ' + datum.margin + (datum.margin == 1 ? ' decade' : ' decades') + ' to spare')"
        " + '; ' + datum.n_studies + (datum.n_studies == 1 ? ' study' : ' studies')"
    )
    return {
        "fail_index": fail_index,
        "res_margin": res_margin,
        "depth_margin": depth_margin,
        "margin": "datum.res_margin == null ? datum.depth_margin : datum.depth_margin == null ? datum.res_margin"
                  " : min(datum.res_margin, datum.depth_margin)",
        "fits": f"datum.fail_index == {len(CHECKS)} ? 1 : 0",
        "margin_key": "datum.fits ? (datum.margin == null ? 0 : datum.margin) : -1",
        "fit_clinical": "datum.fits && datum.setting == 'clinical' ? 1 : 0",
        "fit_preclinical": "datum.fits && datum.setting == 'preclinical' ? 1 : 0",
        "n_studies": f"datum.studies[{a} + '|' + {s} + '|' + {st}]",
        "studies_key": "datum.fits ? datum.n_studies : 0",
        "summary": f"datum.fits ? {fit} : {failure}",
        "status": "datum.fits ? 'fits' : 'excluded'",
    }


def _params() -> list:
    import altair as alt

    def select(key: str, options: list, labels: list[str], name: str):
        return alt.param(name=PARAMS[key], value=options[0],
                         bind=alt.binding_select(options=options, labels=labels, name=name))

    def metres(options: tuple[float, ...]) -> list[str]:
        return ["any"] + [format_metres(v) for v in options[1:]]

    return [
        select("aspect", [ANY, *ASPECTS], ["any", *ASPECTS], "What to image: "),
        select("scale", [ANY, *SCALES], ["any", *(SCALE_LABELS[x].lower() for x in SCALES)], "Scale: "),
        select("setting", [ANY, *SETTINGS], ["either", *SETTINGS], "Setting: "),
        select("min_depth", list(DEPTH_OPTIONS_M), metres(DEPTH_OPTIONS_M), "Imaging depth at least: "),
        select("max_resolution", list(RESOLUTION_OPTIONS_M), metres(RESOLUTION_OPTIONS_M), "Resolution this fine or finer: "),
        select("temporal_resolution", [ANY, *TEMPORAL_RESOLUTIONS], ["any", *TEMPORAL_RESOLUTIONS], "Temporal resolution at least: "),
        alt.param(name=PARAMS["label_free"], value=False, bind=alt.binding_checkbox(name="Label-free ")),
        alt.param(name=PARAMS["non_invasive"], value=False, bind=alt.binding_checkbox(name="Non-invasive ")),
    ]


def chooser_chart(data: Dataset):
    """Modalities (rows) that fit the requirements picked in menus above the chart, with no kernel.

    The rows of :func:`modality_facts` go through Vega-Lite expressions that apply
    :func:`choose`'s checks in its order, pick each modality's setting as it does,
    and rank the fits the same way; a test draws the chart for a grid of menu
    values and compares every line with :func:`choose`.

    >>> from nanoimaging import load
    >>> chooser_chart(load()).name
    'modality-chooser'
    """
    import altair as alt

    from .charts import chart_data
    from .display import figure

    e = _expressions()
    chart = alt.Chart(chart_data(modality_facts(data)))
    chart = chart.transform_filter(f"{PARAMS['setting']} == '{ANY}' || datum.setting == {PARAMS['setting']}")
    for name in ("fail_index", "res_margin", "depth_margin", "margin", "fits", "margin_key",
                 "fit_clinical", "fit_preclinical"):
        chart = chart.transform_calculate(**{name: e[name]})
    chart = chart.transform_joinaggregate(
        fits_clinical="max(fit_clinical)", fits_preclinical="max(fit_preclinical)", groupby=["modality_id"],
    ).transform_window(  # each modality's setting: a fit with the most to spare, else the one that got furthest
        pick="row_number()", groupby=["modality_id"],
        sort=[alt.SortField("fail_index", "descending"), alt.SortField("margin_key", "descending"),
              alt.SortField("setting_order", "ascending")],
    ).transform_filter("datum.pick == 1")
    for name in ("n_studies", "studies_key", "summary", "status"):
        chart = chart.transform_calculate(**{name: e[name]})
    chart = chart.transform_window(
        rank="row_number()",
        sort=[alt.SortField("fits", "descending"), alt.SortField("margin_key", "descending"),
              alt.SortField("studies_key", "descending"), alt.SortField("position", "ascending")],
    )
    y = alt.Y("modality:N", title=None, sort=alt.EncodingSortField("rank", op="min"),
              axis=alt.Axis(labelLimit=0, labelFontSize=12, domain=False, ticks=False))
    colour = alt.Color("status:N", title=None, scale=alt.Scale(domain=["fits", "excluded"], range=[FIT_COLOUR, MISS_COLOUR]),
                       legend=alt.Legend(orient="top"))
    tooltip = [alt.Tooltip("modality:N", title="Modality"), alt.Tooltip("summary:N", title="Answer")]
    marks = chart.mark_point(size=140, filled=True).encode(
        y=y, color=colour, tooltip=tooltip,
        shape=alt.Shape("status:N", scale=alt.Scale(domain=["fits", "excluded"], range=["circle", "cross"])),
        x=alt.value(10),
    )
    lines = chart.mark_text(align="left", dx=24, fontSize=12).encode(  # text: black / dark grey, above 4.5:1
        y=y, text="summary:N", color=alt.condition("datum.fits", alt.value("black"), alt.value(TEXT_GREY)),
        tooltip=tooltip, x=alt.value(0),
    )
    figure_chart = alt.layer(marks, lines).add_params(*_params()).properties(
        width=640, height=alt.Step(28),
        title=alt.TitleParams("Which modalities fit? Pick requirements in the menus", anchor="start"),
    ).configure_view(strokeWidth=0)
    return figure(figure_chart, _chooser_alt(data), name="modality-chooser")


def _chooser_alt(data: Dataset) -> str:
    choice = choose(data)
    ranked = "; ".join(f"{f.rank}. {f.name} ({len(f.studies)} stud{'y' if len(f.studies) == 1 else 'ies'})"
                       for f in choice.fits)
    return (
        f"Modality chooser: one row per modality ({len(choice.fits) + len(choice.excluded)}), with a green circle"
        " when it fits the requirements picked in the menus and checkboxes above the chart (aspect, scale, setting,"
        " imaging depth, spatial and temporal resolution, label-free, non-invasive), or a grey cross and the first"
        " requirement it fails. Modalities that fit come first, ranked by decades to spare on resolution and depth,"
        f" then by studies described. As the page opens nothing is asked and all fit, ranked by studies: {ranked}."
    )
