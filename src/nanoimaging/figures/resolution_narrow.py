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
    DESCRIPTION,
    RESOLUTION_DOMAIN,
    SPEED_TITLE,
    SPEEDS,
    TIP,
    WORDS_TITLE,
    column_slots,
    column_x,
    interval_lines,
    interval_mark,
    label_sides,
    log_axis,
    marked,
    plain,
    point_layers,
    tooltips,
    value_points,
    with_labels,
    y_pixels,
)
from .theme import INK, POINT_LABEL_SIZE, SUBTITLE_SIZE, stacked_legends, title_lines

#: The width of a panel, and of the horizontal resolution axis (in pixels).
NARROW_PANEL, NARROW_AXIS = 250, 270


def depth_word_panel(
    in_words: pd.DataFrame,
    words: list[str],
    colour: alt.Color,
    markers: alt.Shape,
    width: int,
    height: int,
    index: int,
) -> alt.LayerChart:
    """The panel of the values at depths printed as ``words``: a column per word, its values coarsest first
    from the left, labelled (the wide layout's side panel, and each of the narrow layout's panels); ``index``:
    which of the chart's panels of words it is."""
    rows = in_words[in_words["depth_column"].isin(words)]
    rows = rows.assign(slot=column_slots(rows, "depth_column", words))
    x_pixels = rows["slot"] / len(words) * width
    y_pixels_ = y_pixels(rows["y"], height)
    return point_layers(
        with_labels(rows, x_pixels, y_pixels_, width, height, interval_lines(rows, x_pixels, height)),
        colour,
        markers,
        {"x": column_x("Depth printed as a word", words)},
        None,
        (width, height),
        f"words_{index}",
    )


def speed_narrow(points: pd.DataFrame, colour: alt.Color, markers: alt.Shape) -> dict:
    """The narrow resolution-versus-speed chart: resolution across, a block of rows per temporal resolution."""
    numeric = points[points["has_number"]]
    scale, axis = log_axis("Spatial resolution (finer is to the left)", RESOLUTION_DOMAIN)
    x = alt.X("y:Q", scale=scale, axis=axis)
    y = alt.Y("label:N", axis=None, sort=alt.EncodingSortField("y", op="min"))
    sides = label_sides(NARROW_AXIS)  # each layer computes them: its size is the layer's, its data the facet's
    label = {
        "y": y,
        "x": alt.X("label_at:Q", scale=scale, axis=axis),
        "text": alt.Text("label:N"),
        "color": alt.ColorValue(INK),
    }
    layers = [
        interval_mark()
        .transform_calculate(**sides)
        .transform_filter("datum.y_low != null && datum.y_low != datum.y_high")
        .encode(
            x=alt.X("y_low:Q", scale=scale, axis=axis),
            x2=alt.X2("y_high:Q"),
            y=y,
            color=colour,
            description=DESCRIPTION,
        ),
        *value_points({"x": x, "y": y, "color": colour, "shape": markers, "description": DESCRIPTION}, sides),
        marked("text", align="left", dx=8, fontSize=POINT_LABEL_SIZE)
        .transform_calculate(**sides)
        .transform_filter("datum.label_side == 'right'")
        .encode(**label),
        marked("text", align="right", dx=-8, fontSize=POINT_LABEL_SIZE)
        .transform_calculate(**sides)
        .transform_filter("datum.label_side == 'left'")
        .encode(**label),
    ]
    main = alt.FacetChart(
        spec=alt.LayerChart(layer=layers, width=NARROW_AXIS, height=alt.Step(22)),
        data=chart_data(tooltips(numeric)),
        facet=alt.FacetMapping(
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
            )
        ),
        spacing=10,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="independent")),
    )
    charts: list = [main]
    words = points[~points["has_number"]]
    if len(words):
        y_row = alt.Y(
            "temporal_resolution:N",
            title=None,
            sort=SPEEDS,
            scale=plain(alt.Scale(domain=[s for s in SPEEDS if s in set(words["temporal_resolution"])])),
        )
        x_words = {
            "x": alt.X("resolution_label:N", title=None, axis=plain(alt.Axis(labelAngle=0))),
            "yOffset": alt.YOffset("label:N"),
        }
        charts.append(
            alt.LayerChart(
                layer=[
                    marked("point", size=90, filled=True, **TIP).encode(
                        **x_words, y=y_row, color=colour, shape=markers, description=DESCRIPTION
                    ),
                    marked("text", align="left", dx=8, fontSize=POINT_LABEL_SIZE).encode(
                        **x_words, y=y_row, text=alt.Text("label:N"), color=alt.ColorValue(INK)
                    ),
                ],
                data=chart_data(tooltips(words)),
                width=alt.Step(90),
                height=alt.Step(22),
                title=alt.TitleParams(WORDS_TITLE, fontSize=SUBTITLE_SIZE),
            )
        )
    return stacked_legends(alt.VConcatChart(vconcat=charts, spacing=16, title=title_lines(SPEED_TITLE)))
