"""What is asked of a modality: the requirements of :func:`~nanoimaging.choose.choose`, read and checked.

>>> requirements(scale="organ")
Traceback (most recent call last):
...
nanoimaging.choose.requirements.ChooserError: scale must be one of patient, organism, organ-tumour, tissue, cellular, subcellular (or leave it out for any), got 'organ' (did you mean 'organ-tumour'?)
"""

from __future__ import annotations

import difflib
import math
from dataclasses import asdict, dataclass
from typing import Any

from ..data.rules.table1 import DEPTH_RANGE_M, RESOLUTION_RANGE_M
from ..data.units import LabelError, format_metres, to_metres
from ..data.vocabulary import ASPECTS, SCALES, SETTINGS, TEMPORAL_RESOLUTIONS


class ChooserError(ValueError):
    """A requirement that cannot be read.

    ``option`` names it as the Python API does (``min_depth``); ``detail`` says what
    was expected and what came, so a command line can name the option its own way.
    """

    def __init__(self, option: str, detail: str):
        self.option, self.detail = option, detail
        super().__init__(f"{option} {detail}")


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
        parts = [
            f"{name} {value}"
            for name, value in (
                ("aspect", self.aspect),
                ("scale", self.scale),
                ("setting", self.setting),
            )
            if value
        ]
        if self.min_depth_m is not None:
            parts.append(f"depth at least {format_metres(self.min_depth_m)}")
        if self.max_resolution_m is not None:
            parts.append(f"resolution {format_metres(self.max_resolution_m)} or finer")
        if self.temporal_resolution:
            parts.append(f"temporal resolution {self.temporal_resolution} or faster")
        parts += [name for name, flag in (("label-free", self.label_free), ("non-invasive", self.non_invasive)) if flag]
        return ", ".join(parts) or "no requirement"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def one_of(name: str, value: Any, allowed: tuple[str, ...]) -> str | None:
    """``value`` if it is one of ``allowed`` (None asks nothing); else a :class:`ChooserError` with a hint."""
    if value is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        text = str(value).strip().lower()
        starts = [a for a in allowed if text and a.startswith(text)]
        whole_word = [a for a in starts if not a[len(text) :][:1].isalpha()]  # "organ": organ-tumour, not organism
        close = whole_word or starts or difflib.get_close_matches(text, allowed, n=1, cutoff=0.5)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ChooserError(name, f"must be one of {', '.join(allowed)} (or leave it out for any), got {value!r}{hint}")
    return value


def flag(name: str, value: Any) -> bool:
    """A yes/no requirement: True, False or None (False and None ask nothing)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    raise ChooserError(name, f"must be True, False or None (False and None ask nothing), got {value!r}")


#: The lengths each requirement may ask: the bounds the data's own values must lie in.
LENGTH_RANGES_M = {
    "min_depth": ("an imaging depth", DEPTH_RANGE_M),
    "max_resolution": ("a resolution", RESOLUTION_RANGE_M),
}


def parse_length(name: str, value: Any) -> float | None:
    """A length requirement in metres: a number of metres, or text with a unit (``"5 mm"``).

    It must lie in the range the data's own values of that kind must lie in (:data:`LENGTH_RANGES_M`).

    >>> parse_length("min_depth", "5mm")
    0.005
    >>> parse_length("min_depth", "1km")
    Traceback (most recent call last):
    ...
    nanoimaging.choose.requirements.ChooserError: min_depth must lie between 1 µm and 3 m, the range of an imaging depth in the data, got '1km' (1000 m)
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ChooserError(name, f"must be a length such as '5 mm' or a number of metres, got {value!r}")
    if isinstance(value, str):
        try:
            metres = to_metres(value)
        except LabelError as exc:
            raise ChooserError(name, f"must be a length such as '5 mm' or '10 um': {exc}") from None
    else:
        metres = float(value)
    if not math.isfinite(metres) or metres <= 0:
        raise ChooserError(name, f"must be a length greater than zero, got {value!r}")
    if name in LENGTH_RANGES_M:
        kind, (low, high) = LENGTH_RANGES_M[name]
        if not low <= metres <= high:
            raise ChooserError(
                name,
                f"must lie between {format_metres(low)} and {format_metres(high)}, the range of {kind} in the data, "
                f"got {value!r} ({format_metres(metres)})",
            )
    # 12 significant digits: pint's "10 um" is 9.999999999999999e-06 m, which must equal the 0.00001 of the data
    return float(f"{metres:.12g}")


def requirements(
    aspect: str | None = None,
    scale: str | None = None,
    setting: str | None = None,
    min_depth: float | str | None = None,
    max_resolution: float | str | None = None,
    label_free: bool | None = None,
    non_invasive: bool | None = None,
    temporal_resolution: str | None = None,
) -> Requirements:
    """Check and normalise the options of :func:`~nanoimaging.choose.choose`; raise :class:`ChooserError` if one is wrong."""
    return Requirements(
        aspect=one_of("aspect", aspect, ASPECTS),
        scale=one_of("scale", scale, SCALES),
        setting=one_of("setting", setting, SETTINGS),
        min_depth_m=parse_length("min_depth", min_depth),
        max_resolution_m=parse_length("max_resolution", max_resolution),
        label_free=flag("label_free", label_free),
        non_invasive=flag("non_invasive", non_invasive),
        temporal_resolution=one_of("temporal_resolution", temporal_resolution, TEMPORAL_RESOLUTIONS),
    )
