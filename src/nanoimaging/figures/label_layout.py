"""Where the label beside each point of a chart goes, so that no two labels and no label and point overlap.

Vega-Lite cannot place labels, so :func:`place_labels` does it in pixels before the chart is
built: each label takes the first of a list of places around its point that stays inside the
panel and clear of points and earlier labels, the most crowded points first. The result is the
same on every machine: text widths are estimated, not measured with a font.

>>> offsets = place_labels([(50.0, 50.0), (52.0, 52.0)], ["PET", "SPECT"], 200, 100)
>>> [o.align for o in offsets], _overlap(offsets[0].box, offsets[1].box)
(['left', 'left'], False)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: Width of a character as a share of the font size, by kind (a little above DejaVu Sans's widest of each).
_NARROW, _SLIM, _WIDE = set(" .,:;'|!ijl"), set('()[]/\\-ftr"*'), set("mwMW@%")
_NARROW_EM, _SLIM_EM, _WIDE_EM, _UPPER_EM, _LOWER_EM, _DIGIT_EM, _OTHER_EM = 0.34, 0.42, 1.0, 0.8, 0.64, 0.64, 0.85
#: A line of text is this many font sizes high, and labels keep this many pixels apart.
LINE_EM, GAP = 1.2, 2.0
#: Half the width of a point's marker (size 90: about 10 px across), in pixels.
MARKER_HALF = 6.0


def text_width(text: str, size: float) -> float:
    """How wide ``text`` is drawn at ``size`` px, estimated from the kind of each character (at most over).

    >>> text_width("MRI", 10) > text_width("ill", 10)
    True
    """
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += _NARROW_EM
        elif char in _SLIM:
            total += _SLIM_EM
        elif char in _WIDE:
            total += _WIDE_EM
        elif char.isdigit():
            total += _DIGIT_EM
        elif char.isascii() and char.isupper():
            total += _UPPER_EM
        elif char.isascii() and char.islower():
            total += _LOWER_EM
        else:
            total += _OTHER_EM
    return total * size


Box = tuple[float, float, float, float]  # left, top, right, bottom (pixels, y downwards)


@dataclass(frozen=True)
class Offset:
    """Where a label goes relative to its point: Vega text ``dx``, ``dy``, ``align``, ``baseline``; its box;
    and the line that leads from the point to a label set further off (``leader``: x1, y1, x2, y2 from the
    point; all 0 for a label beside its point)."""

    dx: float
    dy: float
    align: str
    baseline: str
    box: Box
    leader: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


#: The places a label tries, in order of preference: (dx, dy, align, baseline) from its point.
_NEAR = [  # diagonal ones clear the marker's corner (MARKER_HALF + 1 px above or below)
    (8, 0, "left", "middle"),
    (5, -7, "left", "bottom"),
    (5, 7, "left", "top"),
    (-8, 0, "right", "middle"),
    (-5, -7, "right", "bottom"),
    (-5, 7, "right", "top"),
    (0, -8, "center", "bottom"),
    (0, 8, "center", "top"),
]
#: Then further up and down, a line at a time, up to six (the label still starts at its point).
_FAR = [
    (dx, sign * (5 + step * 12), align, "bottom" if sign < 0 else "top")
    for step in range(1, 7)
    for sign in (-1, 1)
    for dx, align in ((3, "left"), (-3, "right"))
]
CANDIDATES = _NEAR + _FAR


def _box(x: float, y: float, candidate: tuple, width: float, height: float) -> Box:
    dx, dy, align, baseline = candidate
    left = x + dx - (width if align == "right" else width / 2 if align == "center" else 0)
    top = y + dy - (height if baseline == "bottom" else height / 2 if baseline == "middle" else 0)
    return (left, top, left + width, top + height)


def _leader(candidate: tuple) -> tuple[float, float, float, float]:
    """The line from a point's marker to a label set further off than beside it (none for a near one)."""
    dx, dy, _align, _baseline = candidate
    if candidate in _NEAR:
        return (0.0, 0.0, 0.0, 0.0)
    return (0.0, math.copysign(MARKER_HALF, dy), float(dx), float(dy))


def _overlap(a: Box, b: Box, gap: float = 0.0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def place_labels(
    points: Sequence[tuple[float, float]],
    texts: Sequence[str],
    width: float,
    height: float,
    lines: Sequence[Box] = (),
    size: float = 10.0,
) -> list[Offset]:
    """An :class:`Offset` per point (``points``: pixel x, y in a panel ``width`` x ``height``, y down).

    ``lines``: boxes of interval lines; a label may cross one, at a cost. Every point's marker
    (:data:`MARKER_HALF`) and every label placed before are kept clear, and the panel's edges:
    where no place is clear, the label takes the one that overlaps least.
    """
    markers = [(x - MARKER_HALF, y - MARKER_HALF, x + MARKER_HALF, y + MARKER_HALF) for x, y in points]
    line_height = size * LINE_EM

    def crowd(i: int) -> int:
        x, y = points[i]
        return sum(1 for j, (u, v) in enumerate(points) if j != i and abs(u - x) < 80 and abs(v - y) < 30)

    order = sorted(range(len(points)), key=lambda i: (-crowd(i), points[i][0], points[i][1], texts[i]))
    placed: dict[int, Offset] = {}
    for i in order:
        x, y = points[i]
        label_width = text_width(texts[i], size)
        best, best_cost = None, math.inf
        for rank, candidate in enumerate(CANDIDATES):
            box = _box(x, y, candidate, label_width, line_height)
            clashes = sum(_overlap(box, m, 1.0) for m in markers)
            clashes += sum(_overlap(box, o.box, GAP) for o in placed.values())
            outside = box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height
            cost = (clashes + outside) * 1000 + sum(_overlap(box, line) for line in lines) * 10 + rank
            if cost < best_cost:
                best, best_cost = Offset(*candidate, box=box, leader=_leader(candidate)), cost
        assert best is not None
        placed[i] = best
    return [placed[i] for i in range(len(points))]


def log_pixels(value: float, domain: Sequence[float], length: float) -> float:
    """Where ``value`` falls on a logarithmic axis over ``domain``, ``length`` pixels long (from its low end).

    >>> log_pixels(1e-2, [1e-4, 1.0], 400)
    200.0
    """
    low, high = (math.log10(v) for v in domain)
    return (math.log10(value) - low) / (high - low) * length
