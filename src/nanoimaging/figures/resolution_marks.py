"""The marks the resolution charts share: marker shapes, logarithmic axes in metres, family colours,
tooltips, the interval, point and label layers, and where a label goes so as to stay inside its chart.

>>> log_axis("Imaging depth", [1e-4, 1.0])[1].values
[0.0001, 0.001, 0.01, 0.1, 1.0]
"""

from __future__ import annotations

import math
from collections.abc import Callable

import altair as alt

from ..data.load import Dataset
from .theme import INK, POINT_LABEL_SIZE

MARKERS = {  # marker label -> Vega-Lite shape
    "clinical": "circle",
    "preclinical": "square",
    "setting not printed": "diamond",
    "upper bound (< x, no lower value)": "triangle-down",
}
AXIS_TICKS_M = [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0]
#: Vega expression that writes an axis value in metres with a readable unit.
UNIT_LABEL = (
    "datum.value >= 1 ? format(datum.value, '~g') + ' m'"
    " : datum.value >= 0.01 ? format(datum.value * 100, '~g') + ' cm'"
    " : datum.value >= 0.001 ? format(datum.value * 1000, '~g') + ' mm'"
    " : datum.value >= 1e-6 ? format(datum.value * 1e6, '~g') + ' µm'"
    " : format(datum.value * 1e9, '~g') + ' nm'"
)
RESOLUTION_DOMAIN = [1e-7, 1e-1]
SPEEDS = ["Slow", "Medium", "Fast"]
SPEED_TITLE = "Spatial resolution versus temporal resolution (Table 1)"
WORDS_TITLE = "Spatial resolution printed as a word (no number)"
#: About how wide a character of a point's label is (10 px text), to keep labels inside the chart.
LABEL_CHAR_WIDTH = 6.0


def log_axis(title: str, domain: list[float]) -> tuple[alt.Scale, alt.Axis]:
    """A logarithmic scale over ``domain`` (metres) and its axis, ticked at each power of ten, in readable units."""
    ticks = [t for t in AXIS_TICKS_M if domain[0] <= t <= domain[1]]
    return (
        alt.Scale(type="log", domain=domain, nice=False),
        alt.Axis(title=title, values=ticks, labelExpr=UNIT_LABEL, grid=True),
    )


def family_colour(data: Dataset) -> alt.Color:
    """Colour by family, with every family in the legend and its colour from families.csv."""
    families = data.families
    return alt.Color(
        "family_label:N",
        title="Family",
        scale=alt.Scale(domain=list(families["label"]), range=list(families["colour"].astype(str))),
    )


def shape() -> alt.Shape:
    """Shape by marker: how the value was printed (setting, or an upper bound).

    The legend's symbols are drawn in the theme's ink (Vega-Lite would fill them black,
    which dark mode cannot swap and which vanishes on the dark page).
    """
    return alt.Shape(
        "marker:N",
        title="Marker",
        scale=alt.Scale(domain=list(MARKERS), range=list(MARKERS.values())),
        legend=alt.Legend(symbolFillColor=INK),
    )


TOOLTIP = [
    alt.Tooltip("modality:N", title="Modality"),
    alt.Tooltip("technique:N", title="Technique"),
    alt.Tooltip("setting:N", title="Setting"),
    alt.Tooltip("resolution_label:N", title="Spatial resolution (as printed)"),
    alt.Tooltip("depth_label:N", title="Imaging depth (as printed)"),
    alt.Tooltip("temporal_resolution:N", title="Temporal resolution"),
    alt.Tooltip("source:N", title="Source"),
]


def printed_columns(field: str, title: str, scale: alt.Scale, offset: alt.XOffset | None = None) -> dict:
    """The ``x`` encodings of a column per value of ``field`` as printed (speed, depth word), its
    values side by side in it (``offset``, by default one slot per label), the labels upright."""
    return {
        "x": alt.X(f"{field}:N", title=title, scale=scale, axis=alt.Axis(labelAngle=0)),
        "xOffset": offset or alt.XOffset("label:N"),
    }


def point_layers(
    base: alt.Chart,
    colour: alt.Color,
    x: dict,
    x_interval: dict | None,
    below: str,
    sides: Callable[[alt.Chart], alt.Chart] | None = None,
) -> alt.LayerChart:
    """Interval, point and label layers for the rows of ``base`` (numeric resolution).

    Labels sit right of their point; with ``sides`` (transforms that compute ``label_side``)
    a label that would run out of the chart sits left of it.
    """
    y_scale, y_axis = log_axis("Spatial resolution (finer is lower)", RESOLUTION_DOMAIN)
    y = alt.Y("y:Q", scale=y_scale, axis=y_axis)
    layers = [
        base.transform_filter("datum.y_low != null && datum.y_low != datum.y_high")
        .mark_rule(strokeWidth=3, opacity=0.6)
        .encode(**x, y=alt.Y("y_low:Q", scale=y_scale, axis=y_axis), y2="y_high:Q", color=colour, tooltip=TOOLTIP),
    ]
    if x_interval is not None:
        layers.append(
            base.transform_filter("datum.x_low != datum.x_high")
            .mark_rule(strokeWidth=3, opacity=0.6)
            .encode(**x_interval, y=y, color=colour, tooltip=TOOLTIP)
        )
    labelled, align, dx = base, "left", 6
    if sides is not None:
        labelled = sides(base)
        align = alt.expr("datum.label_side == 'left' ? 'right' : 'left'")
        dx = alt.expr("datum.label_side == 'left' ? -6 : 6")
    layers += [
        # the review's values filled, added ones hollow
        base.transform_filter("!datum.added")
        .mark_point(size=90, filled=True, opacity=0.9)
        .encode(**x, y=y, color=colour, shape=shape(), tooltip=TOOLTIP),
        base.transform_filter("datum.added")
        .mark_point(size=90, filled=False, strokeWidth=2, opacity=0.9)
        .encode(**x, y=y, color=colour, shape=shape(), tooltip=TOOLTIP),
        labelled.transform_filter(f"!datum.{below}")
        .mark_text(align=align, dx=dx, dy=-7, fontSize=POINT_LABEL_SIZE)
        .encode(**x, y=y, text="label:N", color=alt.value(INK)),
        labelled.transform_filter(f"datum.{below}")
        .mark_text(align=align, dx=dx, dy=12, fontSize=POINT_LABEL_SIZE)
        .encode(**x, y=y, text="label:N", color=alt.value(INK)),
    ]
    return alt.layer(*layers)


def label_side_expr(start: str, end: str, width: int) -> str:
    """Vega expression: 'right' when a label fits right of ``end`` (pixels) in ``width``, or not left of ``start``."""
    room = f"(length(datum.label) * {LABEL_CHAR_WIDTH} + 8)"
    return f"{end} + {room} <= {width} || {start} - {room} < 0 ? 'right' : 'left'"


def log_position(value: str, domain: list[float], width: int) -> str:
    """Vega expression: where ``value`` falls on a logarithmic axis over ``domain``, ``width`` pixels long."""
    low, high = (math.log10(v) for v in domain)
    return f"(log({value}) / LN10 - {low:g}) / {high - low:g} * {width}"


def label_sides(width: int) -> dict[str, str]:
    """Vega expressions placing a label right of its value's interval, or left where it would leave the axis."""
    right_end = "(datum.y_high != null ? datum.y_high : datum.y)"
    left_end = "(datum.y_low != null ? datum.y_low : datum.y)"
    return {
        "label_side": label_side_expr(
            log_position(left_end, RESOLUTION_DOMAIN, width), log_position(right_end, RESOLUTION_DOMAIN, width), width
        ),
        "label_at": f"datum.label_side == 'right' ? {right_end} : {left_end}",
    }
