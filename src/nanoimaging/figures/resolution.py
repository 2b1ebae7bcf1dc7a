"""Resolution-versus-depth and resolution-versus-speed charts (Altair, Vega-Lite 5).

What the table prints is drawn as printed: a range is an interval, "~x" a
point, "< x" or "Sub-x" a downward triangle at x (no lower value), and the
words the table uses instead of numbers ("Whole body", "Not applicable",
"Subcellular") get their own labelled columns or rows, never a number.

>>> from nanoimaging import load
>>> resolution_depth(load()).name
'resolution-depth'
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from ..data.dataset import Dataset
from ..data.units import FINEST_RULE, finest_value, format_metres
from ..refs.bibtex import REVIEW_KEY
from .display import Figure, figure
from .label_layout import log_pixels
from .resolution_marks import (
    SPEED_TITLE,
    SPEEDS,
    UNIT_LABEL,
    column_slots,
    column_x,
    family_colour,
    interval_lines,
    log_axis,
    plain,
    point_layers,
    shape,
    with_labels,
    word_strip,
    y_pixels,
)
from .resolution_narrow import NARROW_PANEL, depth_word_panel, speed_narrow
from .theme import source_text, stacked_legends, title_lines

DEPTH_DOMAIN = [1e-4, 1.0]
NO_NUMBER_DEPTHS = ["Whole body", "Not applicable"]
QUALITATIVE_ROW = "printed as a word"
#: Panels side by side or stacked share one resolution axis.
SHARED_Y = alt.Resolve(scale=alt.ScaleResolveMap(y="shared"))
#: The wide layouts' legends, two columns each.
LEGEND_COLUMNS = alt.Config(legend=alt.LegendConfig(columns=2))


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA else str(value)


def resolution_points(data: Dataset, family: str | None = None) -> pd.DataFrame:
    """One row per printed spatial-resolution value, joined with its modality's depth and speed.

    Adds what the charts draw: ``y``/``y2`` (resolution interval, metres; ``y`` is
    the point), ``x``/``x2`` (depth interval), the marker, a short label and the
    printed texts for tooltips.
    """
    modalities = data.modalities_of(family).set_index("modality_id")
    names = data.modality_labels()
    family_labels = data.families.set_index("family")["label"]
    rows = []
    for r in data.resolution.itertuples():
        if r.modality_id not in modalities.index:
            continue
        m = modalities.loc[r.modality_id]
        low, high = (None if pd.isna(v) else float(v) for v in (r.min_m, r.max_m))
        depth_low, depth_high = (None if pd.isna(v) else float(v) for v in (m.depth_min_m, m.depth_max_m))
        technique, setting = _text(r.technique), _text(r.setting)
        added = r.source != REVIEW_KEY
        label = technique or str(m["name"])
        if setting:
            label += f" ({setting})"
        if added:
            label += " (added)"
        marker = (
            "upper bound (< x, no lower value)" if r.qualifier == "upper-bound" else setting or "setting not printed"
        )
        rows.append(
            {
                "modality_id": r.modality_id,
                "modality": names[r.modality_id],
                "family": str(m["family"]),
                "family_label": family_labels.loc[m["family"]],
                "source": source_text(r.source, "Table 1"),
                "added": added,
                "technique": technique,
                "setting": setting or "not printed",
                "resolution_label": r.label,
                "resolution_kind": r.qualifier,
                "depth_label": m["depth_label"],
                "temporal_resolution": str(m["temporal_resolution"]).capitalize(),
                "label": label,
                "marker": marker,
                "y": high if r.qualifier == "upper-bound" else (None if low is None else math.sqrt(low * high)),
                "y_low": low,
                "y_high": high,
                "has_number": high is not None,
                "x": None if depth_low is None else math.sqrt(depth_low * depth_high),
                "x_low": depth_low,
                "x_high": depth_high,
                "depth_column": None if depth_low is not None else m["depth_label"],
            }
        )
    return pd.DataFrame(rows)


def resolution_depth(data: Dataset, family: str | None = None) -> Figure:
    """Spatial resolution against imaging depth, both logarithmic, in metres.

    Depths printed as words ("Whole body", "Not applicable") form a column of
    their own at the right; resolutions printed as words ("Subcellular") a row
    of their own at the bottom. The narrow layout stacks the three panels.
    """
    points = resolution_points(data, family)
    colour = family_colour(data, points)
    return figure(
        _depth_chart(points, colour, narrow=False),
        _depth_alt(points),
        name=_name("resolution-depth", family),
        narrow=_depth_chart(points, colour, narrow=True),
    )


def depth_words(points: pd.DataFrame) -> list[str]:
    """The depths printed as words that ``points`` has: "Whole body", "Not applicable", then any other, in order."""
    found = list(dict.fromkeys(points.loc[points["has_number"], "depth_column"].dropna()))
    return [w for w in NO_NUMBER_DEPTHS if w in found] + sorted(w for w in found if w not in NO_NUMBER_DEPTHS)


def _depth_chart(points: pd.DataFrame, colour: alt.Color, narrow: bool) -> alt.VConcatChart | dict:
    """The resolution-versus-depth chart of ``points``: wide (panels side by side) or narrow (stacked).

    A panel of depths printed as words is drawn only when some value has one.
    """
    numeric = points[points["has_number"]]
    markers = shape(points)
    x_scale, x_axis = log_axis("Imaging depth", DEPTH_DOMAIN)
    width, side_width, height = (NARROW_PANEL, NARROW_PANEL, 250) if narrow else (400, 360, 330)

    at_depth = numeric[numeric["x"].notna()]
    x_pixels = at_depth["x"].map(lambda v: log_pixels(v, DEPTH_DOMAIN, width))
    y_pixels_ = y_pixels(at_depth["y"], height)
    across = [
        (log_pixels(lo, DEPTH_DOMAIN, width), py - 2, log_pixels(hi, DEPTH_DOMAIN, width), py + 2)
        for lo, hi, py in zip(at_depth["x_low"], at_depth["x_high"], y_pixels_, strict=True)
        if lo != hi
    ]
    main = point_layers(
        with_labels(
            at_depth, x_pixels, y_pixels_, width, height, [*across, *interval_lines(at_depth, x_pixels, height)]
        ),
        colour,
        markers,
        {"x": alt.X("x:Q", scale=x_scale, axis=x_axis)},
        {"x": alt.X("x_low:Q", scale=x_scale, axis=x_axis), "x2": alt.X2("x_high:Q")},
        (width, height),
        "depth",
    )
    in_words = numeric[numeric["x"].isna()]
    words = depth_words(points)
    # a panel is drawn only when it has values (the numeric one too: a family may print every depth as a word)
    panels = [main] if len(at_depth) or not words else []
    if narrow:
        # one panel per depth word, each as wide as the chart, its values coarsest first from the left
        panels += [
            depth_word_panel(in_words, [word], colour, markers, width, height, i) for i, word in enumerate(words)
        ]
        top = alt.VConcatChart(vconcat=panels, spacing=16, resolve=SHARED_Y)
    else:
        panels += [depth_word_panel(in_words, words, colour, markers, side_width, height, 0)] if words else []
        top = alt.HConcatChart(hconcat=panels, spacing=8, resolve=SHARED_Y)
    # a resolution printed as a word is drawn at its depth; one whose depth is a word too has no place
    worded = points[~points["has_number"] & points["x"].notna()].assign(row=QUALITATIVE_ROW)
    charts: list = [top]
    if len(worded):
        x_point = alt.X(
            "x:Q",
            scale=x_scale,
            axis=plain(alt.Axis(title="Imaging depth", values=x_axis["values"], labelExpr=UNIT_LABEL)),
        )
        charts.append(
            word_strip(
                worded,
                colour,
                markers,
                x_point,
                {"x": alt.X("x_low:Q", scale=x_scale, axis=None), "x2": alt.X2("x_high:Q")},
                worded["x"].map(lambda v: log_pixels(v, DEPTH_DOMAIN, width)),
                width,
            )
        )
    title = "Spatial resolution versus imaging depth (Table 1)"
    if narrow:
        return stacked_legends(alt.VConcatChart(vconcat=charts, spacing=16, title=title_lines(title)))
    return alt.VConcatChart(vconcat=charts, spacing=12, title=title, config=LEGEND_COLUMNS)


def resolution_speed(data: Dataset, family: str | None = None) -> Figure:
    """Spatial resolution against temporal resolution (Slow, Medium, Fast as printed).

    The narrow layout turns the chart on its side: resolution runs across, and each
    temporal resolution is a block of rows, one row per value, its label beside it.
    """
    points = resolution_points(data, family)
    colour = family_colour(data, points)
    return figure(
        _speed_chart(points, colour),
        _speed_alt(points),
        name=_name("resolution-speed", family),
        narrow=speed_narrow(points, colour, shape(points)),
    )


def _speed_chart(points: pd.DataFrame, colour: alt.Color) -> alt.VConcatChart:
    """The wide resolution-versus-speed chart: a column per temporal resolution, resolution upwards."""
    width, height = 520, 330
    markers = shape(points)
    numeric = points[points["has_number"]]
    numeric = numeric.assign(slot=column_slots(numeric, "temporal_resolution", SPEEDS))
    x_pixels = numeric["slot"] / len(SPEEDS) * width
    y_pixels_ = y_pixels(numeric["y"], height)
    x = {"x": column_x("Temporal resolution (as printed)", SPEEDS)}
    main = point_layers(
        with_labels(numeric, x_pixels, y_pixels_, width, height, interval_lines(numeric, x_pixels, height)),
        colour,
        markers,
        x,
        None,
        (width, height),
        "speed",
    )
    charts: list = [main]
    words = points[~points["has_number"]]
    if len(words):
        words = words.assign(slot=column_slots(words.assign(y=0.0), "temporal_resolution", SPEEDS))
        charts.append(word_strip(words, colour, markers, x["x"], None, words["slot"] / len(SPEEDS) * width, width))
    return alt.VConcatChart(vconcat=charts, spacing=12, title=SPEED_TITLE, config=LEGEND_COLUMNS)


def _name(base: str, family: str | None) -> str:
    return base if family is None else f"{base}-{family}"


def _span(low: float | None, high: float | None, label: str) -> str:
    return f"{label} ({format_metres(low)} to {format_metres(high)})" if low is not None and low != high else label


def _depth_alt(points: pd.DataFrame) -> str:
    ranked = _ranked_by_finest_value(points)
    added = int(points["added"].sum()) if len(points) else 0
    parts = [
        f"Scatter plot of {len(points)} spatial-resolution values printed in Table 1"
        + (f" or added to this copy ({added} added, drawn hollow)" if added else "")
        + f" for {_modalities(points['modality'].nunique())}, against imaging depth, both on logarithmic axes in metres."
    ]
    if len(ranked):
        parts.append(
            f"Each value counts with the finest number it prints, as in the chooser ({FINEST_RULE}): "
            f"the finest number printed is {_tied(ranked, ranked['value'].min())}; "
            f"the coarsest is {_tied(ranked, ranked['value'].max())}."
        )
    for depth in NO_NUMBER_DEPTHS:
        names = points.loc[points["depth_column"] == depth, "modality"].unique()
        if len(names):
            parts.append(f"Depth printed as '{depth}': {', '.join(names)}.")
    words = points[~points["has_number"]]
    for row in words.itertuples():
        parts.append(
            f"{row.modality} resolution is printed as '{row.resolution_label}' (no number), at depth '{row.depth_label}'."
        )
    return " ".join(parts)


def _ranked_by_finest_value(points: pd.DataFrame) -> pd.DataFrame:
    """The values with a number, each with the number it counts with (``value``, by :data:`FINEST_RULE`)."""
    if not len(points):
        return points.assign(value=pd.Series(dtype=float))
    values = [finest_value(str(p.resolution_kind), p.y_low, p.y_high) for p in points.itertuples()]
    ranked = points.assign(value=values)
    return ranked[ranked["value"].notna()]


def _tied(ranked: pd.DataFrame, value: float) -> str:
    """``50 µm (CT, printed '50-500 μm'; US, printed '50-500 μm')``: every value counting with ``value``."""
    items = [
        f"{_whose(r.label, r.modality)}, printed '{r.resolution_label}'"
        + (", an upper bound" if r.resolution_kind == "upper-bound" else "")
        for r in ranked[ranked["value"] == value].itertuples()
    ]
    return f"{format_metres(value)} ({'; '.join(items)})"


def _modalities(n: int) -> str:
    return f"{n} modalit{'y' if n == 1 else 'ies'}"


def _whose(label: str, modality: str) -> str:
    """``SIMS of MSI``; ``MRI (preclinical)`` where the label already names the modality."""
    return label if label == modality or label.startswith(f"{modality} ") else f"{label} of {modality}"


def _speed_alt(points: pd.DataFrame) -> str:
    groups = []
    for speed in ("Slow", "Medium", "Fast"):
        names = points.loc[points["temporal_resolution"] == speed, "modality"].unique()
        if len(names):
            groups.append(f"{speed}: {', '.join(names)}")
    added = int(points["added"].sum()) if len(points) else 0
    values = f"{len(points)} spatial-resolution value{'' if len(points) == 1 else 's'}"
    return (
        f"Strip plot of {values} printed in Table 1"
        + (f" or added to this copy ({added} added)" if added else "")
        + ", grouped by the temporal resolution printed for each modality (logarithmic resolution axis in metres). "
        + "; ".join(groups)
        + "."
    )
