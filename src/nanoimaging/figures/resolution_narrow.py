"""The resolution charts' narrow layouts (for phones), drawn where the wide ones would shrink their text.

The same marks and data as the wide layouts (:mod:`nanoimaging.figures.resolution`), laid out
at most :data:`~nanoimaging.figures.theme.NARROW_WIDTH` pixels wide: the depth chart's panels
stacked, the speed chart turned on its side.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .display import chart_data
from .resolution_marks import (
    RESOLUTION_DOMAIN,
    SPEED_TITLE,
    SPEEDS,
    TOOLTIP,
    WORDS_TITLE,
    label_side_expr,
    label_sides,
    log_axis,
    point_layers,
    printed_columns,
    shape,
)
from .theme import INK, POINT_LABEL_SIZE, SUBTITLE_SIZE, stacked_legends, title_lines

#: The width of a panel, and of the horizontal resolution axis (in pixels).
NARROW_PANEL, NARROW_AXIS = 250, 270


def depth_word_panel(
    in_words: pd.DataFrame, word: str, colour: alt.Color, width: int, height: int
) -> alt.LayerChart | None:
    """The narrow layout's panel of the values at a depth printed as ``word``, or None when there are none."""
    rows = in_words[in_words["depth_column"] == word]
    if not len(rows):
        return None
    slot = "(datum.slot - 0.5) / datum.n * " + str(width)
    return point_layers(
        alt.Chart(chart_data(rows)).properties(width=width, height=height),
        colour,
        printed_columns(
            "depth_column",
            "Depth printed as a word",
            alt.Scale(domain=[word], paddingInner=0, paddingOuter=0),
            alt.XOffset("label:N", sort=alt.EncodingSortField("y", op="max", order="descending")),
        ),
        None,
        "below_in_depth_chart",
        lambda base: (
            base.transform_window(
                slot="row_number()", sort=[alt.SortField("y", "descending"), alt.SortField("label", "ascending")]
            )
            .transform_joinaggregate(n="count()")
            .transform_calculate(label_side=label_side_expr(slot, slot, width))
        ),
    )


def speed_narrow(points: pd.DataFrame, colour: alt.Color) -> dict:
    """The narrow resolution-versus-speed chart: resolution across, a block of rows per temporal resolution."""
    numeric = points[points["has_number"]]
    scale, axis = log_axis("Spatial resolution (finer is to the left)", RESOLUTION_DOMAIN)
    x = alt.X("y:Q", scale=scale, axis=axis)
    y = alt.Y("label:N", axis=None, sort=alt.EncodingSortField("y", op="min"))
    base = (
        alt.Chart().transform_calculate(**label_sides(NARROW_AXIS)).properties(width=NARROW_AXIS, height=alt.Step(22))
    )
    label = {"y": y, "x": alt.X("label_at:Q", scale=scale, axis=axis), "text": "label:N", "color": alt.value(INK)}
    layers = alt.layer(
        base.transform_filter("datum.y_low != null && datum.y_low != datum.y_high")
        .mark_rule(strokeWidth=3, opacity=0.6)
        .encode(x=alt.X("y_low:Q", scale=scale, axis=axis), x2="y_high:Q", y=y, color=colour, tooltip=TOOLTIP),
        # the review's values filled, added ones hollow
        base.transform_filter("!datum.added")
        .mark_point(size=90, filled=True, opacity=0.9)
        .encode(x=x, y=y, color=colour, shape=shape(), tooltip=TOOLTIP),
        base.transform_filter("datum.added")
        .mark_point(size=90, filled=False, strokeWidth=2, opacity=0.9)
        .encode(x=x, y=y, color=colour, shape=shape(), tooltip=TOOLTIP),
        base.transform_filter("datum.label_side == 'right'")
        .mark_text(align="left", dx=8, fontSize=POINT_LABEL_SIZE)
        .encode(**label),
        base.transform_filter("datum.label_side == 'left'")
        .mark_text(align="right", dx=-8, fontSize=POINT_LABEL_SIZE)
        .encode(**label),
        data=chart_data(numeric),
    )
    main = layers.facet(
        row=alt.Row(
            "temporal_resolution:N",
            sort=SPEEDS,
            title="Temporal resolution (as printed)",
            header=alt.Header(
                labelOrient="top",
                labelAngle=0,
                labelAnchor="start",
                labelAlign="left",
                labelFontSize=SUBTITLE_SIZE,
                labelFontWeight="bold",
                titleOrient="top",
                titleAnchor="start",
                titleAngle=0,
                titleAlign="left",
            ),
        ),
        spacing=10,
    ).resolve_scale(y="independent")
    charts: list = [main]
    words = points[~points["has_number"]]
    if len(words):
        y_row = alt.Y(
            "temporal_resolution:N",
            title=None,
            sort=SPEEDS,
            scale=alt.Scale(domain=[s for s in SPEEDS if s in set(words["temporal_resolution"])]),
        )
        strip_base = alt.Chart(chart_data(words)).properties(width=alt.Step(90), height=alt.Step(22))
        x_words = {"x": alt.X("resolution_label:N", title=None, axis=alt.Axis(labelAngle=0)), "yOffset": "label:N"}
        charts.append(
            alt.layer(
                strip_base.mark_point(size=90, filled=True).encode(
                    **x_words, y=y_row, color=colour, shape=shape(), tooltip=TOOLTIP
                ),
                strip_base.mark_text(align="left", dx=8, fontSize=POINT_LABEL_SIZE).encode(
                    **x_words, y=y_row, text="label:N", color=alt.value(INK)
                ),
            ).properties(title=alt.TitleParams(WORDS_TITLE, fontSize=SUBTITLE_SIZE))
        )
    return stacked_legends(alt.vconcat(*charts, spacing=16).properties(title=title_lines(SPEED_TITLE)))
