"""Read the lengths printed in Table 1 ("~4 mm", "50-500 μm", "Sub-μm", ...).

The shape of a label (approximate, range, upper bound, a word) is read here;
each quantity in it is parsed and converted to metres by pint, so any length
unit pint knows is accepted and anything else is refused with a reason.

>>> parse_length_label("1-2 mm")
ParsedLabel(qualifier='range', min_m=0.001, max_m=0.002)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pint

#: Labels that are words, not numbers: what they mean, and no invented value.
WORD_LABELS = {
    "subcellular": "qualitative",
    "whole body": "whole-body",
    "not applicable": "not-applicable",
}

_NUMBER = r"\d+(?:\.\d+)?"
_DASH = r"\s*[-\u2013\u2212]\s*"  # hyphen, en dash or minus sign between two values
_RANGE_SAME_UNIT = re.compile(rf"^(?P<a>{_NUMBER}){_DASH}(?P<b>{_NUMBER})\s*(?P<unit>[^\d\s].*)$")
_RANGE_TWO_UNITS = re.compile(rf"^(?P<a>{_NUMBER}\s*[^\d\s-]+){_DASH}(?P<b>{_NUMBER}\s*[^\d\s-]+)$")
_SUB_UNIT = re.compile(r"^sub-\s*(?P<unit>\S+)$", re.IGNORECASE)
_PREFIX = {"~": "approximate", "\u2248": "approximate", "<": "upper-bound", "\u2264": "upper-bound"}


#: The micro prefix as the review's Table 1 prints it: the Greek letter mu (U+03BC), as in "50-500 μm".
MICRO = "\u03bc"
#: "u" or the micro sign (U+00B5) standing for the micro prefix of metres: "5 um", "5µm", "Sub-um".
_OTHER_MICRO = re.compile(r"(?<![^\W\d_])[u\u00b5](?=m(?![^\W\d_]))")


def micro_as_printed(label: str) -> str:
    """``label`` with the micro prefix of metres written as the review writes it (:data:`MICRO`), so a search finds every label.

    >>> micro_as_printed("5 um"), micro_as_printed("~20\u00b5m"), micro_as_printed("Sub-um")
    ('5 μm', '~20μm', 'Sub-μm')
    >>> micro_as_printed("Not applicable"), micro_as_printed("5 mm")
    ('Not applicable', '5 mm')
    """
    return _OTHER_MICRO.sub(MICRO, label)


class LabelError(ValueError):
    """A label that cannot be read as a length; the message says why."""


@dataclass(frozen=True)
class ParsedLabel:
    """What a printed label means: its kind and its bounds in metres (None = no number)."""

    qualifier: str
    min_m: float | None
    max_m: float | None

    def agrees_with(self, qualifier: str, min_m: float | None, max_m: float | None) -> bool:
        """True when the stored qualifier and numbers say what the label says."""
        return self.qualifier == qualifier and _same(self.min_m, min_m) and _same(self.max_m, max_m)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9)


@lru_cache(maxsize=1)
def _registry() -> pint.UnitRegistry:
    import pint  # on first use: the charts format metres without it

    return pint.UnitRegistry()


def to_metres(text: str) -> float:
    """Convert one printed length such as ``"10mm"`` or ``"1 µm"`` to metres.

    >>> to_metres("30 cm")
    0.3
    """
    import pint

    ureg = _registry()
    try:
        quantity = ureg.Quantity(text.strip())
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError) as exc:
        raise LabelError(f"unknown unit in {text.strip()!r}") from exc
    except Exception as exc:  # pint raises several syntax errors for garbage
        raise LabelError(f"cannot read {text.strip()!r} as a length") from exc
    if not isinstance(quantity, pint.Quantity) or quantity.dimensionless:
        raise LabelError(f"{text.strip()!r} has no length unit")
    try:
        return float(quantity.to("m").magnitude)
    except pint.errors.DimensionalityError as exc:
        raise LabelError(f"{text.strip()!r} is not a length (its unit is {quantity.units})") from exc


def parse_length_label(label: str) -> ParsedLabel:
    """Read a printed resolution or depth label into a :class:`ParsedLabel`.

    Accepted shapes: ``"4 mm"``, ``"~4 mm"``, ``"< 1 mm"``, ``"50-500 μm"``,
    ``"1 μm - 1 mm"``, ``"Sub-μm"`` and the words in :data:`WORD_LABELS`.
    """
    text = " ".join(label.split())
    if not text:
        raise LabelError("the label is empty")
    word = WORD_LABELS.get(text.lower())
    if word:
        return ParsedLabel(word, None, None)
    sub = _SUB_UNIT.match(text)
    if sub:
        return ParsedLabel("upper-bound", None, to_metres("1 " + sub["unit"]))
    qualifier = _PREFIX.get(text[0])
    if qualifier:
        value = to_metres(text[1:])
        if qualifier == "upper-bound":
            return ParsedLabel(qualifier, None, value)
        return ParsedLabel(qualifier, value, value)
    same_unit = _RANGE_SAME_UNIT.match(text)
    if same_unit:
        unit = same_unit["unit"]
        low, high = to_metres(f"{same_unit['a']} {unit}"), to_metres(f"{same_unit['b']} {unit}")
        return ParsedLabel("range", low, high)
    two_units = _RANGE_TWO_UNITS.match(text)
    if two_units:
        return ParsedLabel("range", to_metres(two_units["a"]), to_metres(two_units["b"]))
    if not re.match(rf"^{_NUMBER}", text):
        raise LabelError(
            f"cannot read {text!r}: expected a length such as '4 mm', '~4 mm', '< 1 mm', "
            f"'50-500 μm', 'Sub-μm', or one of: {', '.join(sorted(WORD_LABELS))}"
        )
    value = to_metres(text)
    return ParsedLabel("exact", value, value)


def format_metres(value: float) -> str:
    """Short human label for a length in metres, for chart axes and tooltips.

    >>> format_metres(0.00005)
    '50 µm'
    """
    for factor, unit in ((1.0, "m"), (1e-2, "cm"), (1e-3, "mm"), (1e-6, "µm"), (1e-9, "nm")):
        if value >= factor * 0.9999999:
            return f"{value / factor:.4g} {unit}"
    return f"{value:.3g} m"


#: The one rule by which a printed spatial resolution counts, compared and ranked (chooser, captions), in
#: words: each value counts with the finest number it prints (:func:`finest_value`).
FINEST_RULE = "a range counts with its lower end, an upper bound with its bound"


def finest_value(qualifier: str, min_m: float | None, max_m: float | None) -> float | None:
    """The number a printed resolution counts with (:data:`FINEST_RULE`); None for a word ("Subcellular").

    A range counts with its lower (finest) end, an upper bound ("< 1 mm", "Sub-μm") with
    its bound, the only number it prints, and "~x" or "x" with x; a word has no number.

    >>> finest_value("range", 5e-5, 5e-4), finest_value("upper-bound", None, 1e-3), finest_value("qualitative", None, None)
    (5e-05, 0.001, None)
    """
    if qualifier == "qualitative":
        return None
    value = max_m if qualifier == "upper-bound" else min_m
    try:
        number = float(value)  # None and pandas' NA are no number
    except TypeError:
        return None
    return None if math.isnan(number) else number
