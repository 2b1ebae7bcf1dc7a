"""The marks the resolution charts share: marker shapes, logarithmic axes in metres, columns of values
printed as words, family colours, tooltips, the interval, point and label layers, and where each label goes.

>>> log_axis("Imaging depth", [1e-4, 1.0])[1]["values"]
[0.0001, 0.001, 0.01, 0.1, 1.0]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..data.dataset import Dataset
from .display import chart_data
from .label_layout import log_pixels, place_labels
from .theme import AXIS_LINE, INK, POINT_LABEL_SIZE, SUBTITLE_SIZE

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
#: The name (prefix) of the layers of lines that lead to labels set further off.
LEADERS = "leaders"
#: Height of a row of the strip of resolutions printed as words (pixels).
WORD_ROW = 40
#: A tooltip's rows: the field of a point's row -> the row's title. Empty values are left out.
TOOLTIP_ROWS = {
    "modality": "Modality",
    "technique": "Technique",
    "setting": "Setting",
    "resolution_label": "Spatial resolution (as printed)",
    "depth_label": "Imaging depth (as printed)",
    "temporal_resolution": "Temporal resolution",
    "source": "Source",
}
#: Mark properties: the tooltip is the row's ``tip``, an object with only the rows that say something.
TIP = {"tooltip": alt.expr("datum.tip")}
#: What a screen reader says of a mark: the same rows, as a sentence.
DESCRIPTION = alt.Description("summary:N")


def tooltips(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``tip`` (title -> value, empty values left out) and ``summary`` (the same as text)."""
    tips = [
        {title: str(row[field]) for field, title in TOOLTIP_ROWS.items() if str(row[field] or "").strip()}
        for _, row in frame.iterrows()
    ]
    return frame.assign(tip=tips, summary=["; ".join(f"{k}: {v}" for k, v in tip.items()) for tip in tips])


def plain(part: alt.SchemaBase) -> dict:
    """``part`` of a chart (an Altair ``Axis``, ``Scale``, ``Legend``, ``MarkDef``) as the plain dict its spec holds.

    Altair copies every part of a chart each time it builds a layer or a concatenation of it, and again when it
    writes the spec; an Altair object carries every one of its dozens of properties, set or not, a dict only
    those set. The spec is the same, and ``to_dict`` validates it whole.

    >>> plain(alt.Scale(type="log", nice=False))
    {'nice': False, 'type': 'log'}
    """
    return part.to_dict(validate=False)


def marked(kind: str, **properties) -> alt.Chart:
    """A chart without data whose mark is ``kind`` with ``properties`` (a dict: :func:`plain`)."""
    return alt.Chart(mark=plain(alt.MarkDef(type=kind, **properties)))


def log_axis(title: str, domain: list[float]) -> tuple[dict, dict]:
    """A logarithmic scale over ``domain`` (metres) and its axis, ticked at each power of ten, in readable units."""
    ticks = [t for t in AXIS_TICKS_M if domain[0] <= t <= domain[1]]
    return (
        plain(alt.Scale(type="log", domain=domain, nice=False)),
        plain(alt.Axis(title=title, values=ticks, labelExpr=UNIT_LABEL, grid=True)),
    )


def family_colour(data: Dataset, shown: pd.DataFrame) -> alt.Color:
    """Colour by family (its colour from families.csv); the legend lists the families ``shown`` has."""
    families = data.families
    present = families[families["label"].isin(set(shown.get("family_label", [])))]
    return alt.Color(
        "family_label:N",
        title="Family",
        scale=plain(alt.Scale(domain=list(present["label"]), range=list(present["colour"].astype(str)))),
    )


def shape(shown: pd.DataFrame) -> alt.Shape:
    """Shape by marker: how the value was printed (setting, or an upper bound); the legend lists those ``shown`` has.

    The legend's symbols are drawn in the theme's ink, so that dark mode can swap them.
    """
    markers = [m for m in MARKERS if m in set(shown.get("marker", []))]
    return alt.Shape(
        "marker:N",
        title="Marker",
        scale=plain(alt.Scale(domain=markers, range=[MARKERS[m] for m in markers])),
        legend=plain(alt.Legend(symbolFillColor=INK)),
    )


def column_slots(frame: pd.DataFrame, field: str, columns: Sequence[str]) -> pd.Series:
    """Where each row stands across columns, one per value of ``field`` in ``columns`` (column i spans i to i+1):
    its values side by side, coarsest first from the left, a margin of a tenth either side."""
    slots = pd.Series(math.nan, index=frame.index, dtype=float)
    for i, column in enumerate(columns):
        rows = frame[frame[field] == column].sort_values(["y", "label"], ascending=[False, True], kind="stable")
        for k, index in enumerate(rows.index):
            slots[index] = i + 0.1 + 0.8 * (k + 0.5) / len(rows)
    return slots


def column_x(title: str, columns: Sequence[str]) -> alt.X:
    """The ``x`` of :func:`column_slots`: a column per value, named at its middle."""
    label = "datum.label"
    for i, column in reversed(list(enumerate(columns))):
        label = f"datum.value < {i + 1} ? {_quote(column)} : {label}"
    return alt.X(
        "slot:Q",
        title=title,
        scale=plain(alt.Scale(domain=[0, len(columns)], nice=False, zero=False)),
        axis=plain(alt.Axis(values=[i + 0.5 for i in range(len(columns))], labelExpr=label, grid=False, labelAngle=0)),
    )


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def y_pixels(values: pd.Series, height: float) -> pd.Series:
    """Pixels from the top of a resolution axis ``height`` high (null where a value is null)."""
    return values.map(lambda v: math.nan if pd.isna(v) else height - log_pixels(v, RESOLUTION_DOMAIN, height))


def with_labels(
    frame: pd.DataFrame, x: pd.Series, y: pd.Series, width: float, height: float, lines: Sequence[tuple] = ()
) -> pd.DataFrame:
    """``frame`` with where each row's label goes (``label_dx``, ``label_dy``, ``label_align``,
    ``label_baseline``), its point at pixels ``x``, ``y`` in a panel ``width`` x ``height``."""
    offsets = place_labels(list(zip(x, y, strict=True)), list(frame["label"]), width, height, lines, POINT_LABEL_SIZE)
    return frame.assign(
        label_dx=[o.dx for o in offsets],
        label_dy=[o.dy for o in offsets],
        label_align=[o.align for o in offsets],
        label_baseline=[o.baseline for o in offsets],
        **{f"leader_{name}": [o.leader[k] for o in offsets] for k, name in enumerate(("x1", "y1", "x2", "y2"))},
    )


def interval_lines(frame: pd.DataFrame, x: pd.Series, height: float) -> list[tuple]:
    """Boxes of the vertical lines drawn for resolution ranges, at pixels ``x``."""
    low, high = y_pixels(frame["y_low"], height), y_pixels(frame["y_high"], height)
    return [(px - 2, hi, px + 2, lo) for px, lo, hi in zip(x, low, high, strict=True) if not pd.isna(lo)]


def interval_mark() -> alt.Chart:
    """The mark of a line drawn across a range of values (a resolution or depth given as a range)."""
    return marked("rule", strokeWidth=3, opacity=0.6, **TIP)


def value_points(encoding: dict, calculate: dict | None = None) -> list[alt.Chart]:
    """A point at each value, with ``encoding``: the review's values filled, added ones hollow.

    ``calculate``: fields each layer computes before it keeps its rows (a faceted layer computes its own).
    """
    layers = []
    for kept, style in (("!datum.added", {"filled": True}), ("datum.added", {"filled": False, "strokeWidth": 2})):
        layer = marked("point", size=90, opacity=0.9, **style, **TIP)
        if calculate:
            layer = layer.transform_calculate(**calculate)
        layers.append(layer.transform_filter(kept).encode(**encoding))
    return layers


def point_layers(
    frame: pd.DataFrame, colour: alt.Color, markers: alt.Shape, x: dict, x_interval: dict | None, size, panel: str
):
    """Interval, point and label layers of ``frame`` (numeric resolution, labels placed: :func:`with_labels`),
    ``size`` (width, height) pixels; ``panel`` names it among the chart's panels."""
    y_scale, y_axis = log_axis("Spatial resolution (finer is lower)", RESOLUTION_DOMAIN)
    y = alt.Y("y:Q", scale=y_scale, axis=y_axis)
    layers = [
        interval_mark()
        .transform_filter("datum.y_low != null && datum.y_low != datum.y_high")
        .encode(
            **x,
            y=alt.Y("y_low:Q", scale=y_scale, axis=y_axis),
            y2=alt.Y2("y_high:Q"),
            color=colour,
            description=DESCRIPTION,
        ),
    ]
    if x_interval is not None:
        layers.append(
            interval_mark()
            .transform_filter("datum.x_low != datum.x_high")
            .encode(**x_interval, y=y, color=colour, description=DESCRIPTION)
        )
    layers += [
        *value_points({**x, "y": y, "color": colour, "shape": markers, "description": DESCRIPTION}),
        label_layer({**x, "y": y}, panel),
    ]
    return alt.LayerChart(layer=layers, data=chart_data(tooltips(frame)), width=size[0], height=size[1])


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


def label_layer(at: dict, panel: str) -> alt.LayerChart:
    """The labels of the rows of the layer it is drawn in (its data), at ``at`` (the points' x and y encodings),
    placed by :func:`with_labels`, with a line to each label set further off than beside its point (a line of
    no length for the others).

    The lines are a layer named ``leaders_<panel>`` (:data:`LEADERS`): decoration, not data.
    """
    ends = {"x2": alt.X2(at["x"].to_dict()["field"]), "y2": alt.Y2(at["y"].to_dict()["field"])}
    leaders = (
        marked(
            "rule",
            strokeWidth=1,
            color=AXIS_LINE,
            xOffset=alt.expr("datum.leader_x1"),
            yOffset=alt.expr("datum.leader_y1"),
            x2Offset=alt.expr("datum.leader_x2"),
            y2Offset=alt.expr("datum.leader_y2"),
            aria=False,
        )
        .encode(**at, **ends)
        .properties(name=f"{LEADERS}_{panel}")
    )
    labels = marked(
        "text",
        fontSize=POINT_LABEL_SIZE,
        align=alt.expr("datum.label_align"),
        baseline=alt.expr("datum.label_baseline"),
        dx=alt.expr("datum.label_dx"),
        dy=alt.expr("datum.label_dy"),
    ).encode(**at, text=alt.Text("label:N"), color=alt.ColorValue(INK))
    return alt.LayerChart(layer=[leaders, labels])


def word_strip(
    words: pd.DataFrame,
    colour: alt.Color,
    markers: alt.Shape,
    x: alt.X,
    x_interval: dict | None,
    x_pixels: pd.Series,
    width: int,
) -> alt.LayerChart:
    """The strip of resolutions printed as words: a row per word, each value at ``x`` (``x_pixels``), labelled;
    ``x_interval``: the encodings of a value's interval across, if it has one."""
    rows = sorted(set(words["resolution_label"]))
    height = WORD_ROW * len(rows)
    row_pixels = words["resolution_label"].map(lambda word: (rows.index(word) + 0.5) * WORD_ROW)
    lines = []
    if x_interval is not None:
        lows, highs = (words[f] for f in ("x_low", "x_high"))
        lines = [(0.0, py - 2, width, py + 2) for py, lo, hi in zip(row_pixels, lows, highs, strict=True) if lo != hi]
    placed = with_labels(words, x_pixels, row_pixels, width, height, lines)
    y = alt.Y(
        "resolution_label:N",
        title=None,
        scale=plain(alt.Scale(type="point", domain=rows, padding=0.5)),
        axis=plain(alt.Axis(labelAngle=0)),
    )
    layers = []
    if x_interval is not None:
        layers.append(
            interval_mark()
            .transform_filter("datum.x_low != datum.x_high")
            .encode(**x_interval, y=y, color=colour, description=DESCRIPTION)
        )
    layers += [
        marked("point", size=90, filled=True, **TIP).encode(
            x=x, y=y, color=colour, shape=markers, description=DESCRIPTION
        ),
        label_layer({"x": x, "y": y}, "strip"),
    ]
    return alt.LayerChart(
        layer=layers,
        data=chart_data(tooltips(placed)),
        width=width,
        height=height,
        title=alt.TitleParams(WORDS_TITLE, fontSize=SUBTITLE_SIZE),
    )
