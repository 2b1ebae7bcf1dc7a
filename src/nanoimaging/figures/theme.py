"""The look every chart shares: an Altair theme, the text sizes and the colours.

Importing :mod:`nanoimaging.figures` enables the theme ``nanoimaging``. The colours are
Okabe-Ito's, which stay apart for the common colour-vision deficiencies (a site test checks).

>>> import altair as alt
>>> alt.theme.active
'nanoimaging'
"""

from __future__ import annotations

import textwrap
from typing import Any

import altair as alt

from ..refs.bibtex import REVIEW_KEY

THEME_NAME = "nanoimaging"

#: Text sizes, in pixels: labels beside points, text in matrix cells, sub-chart titles.
POINT_LABEL_SIZE = 10
CELL_TEXT_SIZE = 12
SUBTITLE_SIZE = 11

#: A family's colour is data: families.csv (colour), so that a fork's new family has its own.
#: What a scale-matrix cell says, and its colour (grey for "not stated").
COVERAGE = {
    "clinical and preclinical": "#009E73",
    "clinical only": "#0072B2",
    "preclinical only": "#E69F00",
    "no setting named": "#CC79A7",
    "not stated": "#EEEEEE",
}
#: Evidence map: sky blue and blue (fill and outline of the circles), grey for stated cells.
CIRCLE_FILL, CIRCLE_STROKE, STATED_FILL = "#56B4E9", "#0072B2", "#E6E6E6"
#: Chooser: green for a modality that fits, greys for one excluded and its text.
FIT_COLOUR, MISS_COLOUR, TEXT_GREY = "#009E73", "#595959", "#595959"

#: Ink: what is drawn on the page's own background (titles, axes, legends, labels beside
#: points, the chooser's lines). Charts are built with these light-mode colours; in the
#: site's dark mode, _static/charts.js redraws each chart with every one of them swapped
#: for its twin in :data:`DARK_INK` (data values are never swapped). Colours drawn on a
#: mark of their own (text in matrix cells: "black"/"white") are not ink and stay.
INK, AXIS_LINE, GRID, PAPER = "#1a1a1a", "#6b6b6b", "#d9d9d9", "#ffffff"
#: Light ink -> dark ink, each at least 4.5:1 (text) against the dark theme's background.
DARK_INK = {INK: "#e6e6e6", TEXT_GREY: "#a6a6a6", AXIS_LINE: "#9a9a9a", GRID: "#3d4148", PAPER: "#14181e"}


#: Narrow layouts: a chart wider than this has a second layout at most this wide (in pixels, axis
#: titles, labels and legends included), which the book draws where the wide one would have to
#: shrink its text (a phone's page is about 350 px wide). Text keeps its set size in both.
NARROW_WIDTH = 340
#: Characters per line of a wrapped chart title (13 px bold: about 7 px a character).
TITLE_LINE = 42


def title_lines(text: str, width: int = TITLE_LINE) -> list[str]:
    """A chart title as lines of at most ``width`` characters, broken between words (a Vega title takes a list).

    >>> title_lines("Spatial resolution versus imaging depth (Table 1)")
    ['Spatial resolution versus imaging depth', '(Table 1)']
    """
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def wrap_expr(text: str, width: int) -> str:
    """A Vega expression: the string ``text`` (an expression) with a line break (``\\n``) between words
    wherever a line would pass ``width`` characters; a word longer than that stays whole.

    Uses only standard Vega expression functions, which the page's interpreter reads.
    """
    # the expression's string literals hold \\s and \\n: Vega reads them as the regexp's \s and a line break
    return rf"trim(replace({text}, regexp('(.{{1,{width}}})(\\s+|$)', 'g'), '$1\n'))"


#: Line height of wrapped axis labels (10 px text).
LABEL_LINE_HEIGHT = 12


def top_labels(labels: list[str], width: int) -> dict[str, Any]:
    """Axis properties that write the labels of a top axis on lines of at most ``width`` characters.

    Use them as ``alt.Axis(orient="top", **top_labels(...))``; each label is padded at the top so
    that no label runs into the chart.

    >>> top_labels(["Patient", "Organ / tumour"], 8)["labelExpr"]
    "datum.label == 'Patient' ? ['', 'Patient'] : datum.label == 'Organ / tumour' ? ['Organ /', 'tumour'] : datum.label"
    """
    lines = {label: title_lines(label, width) for label in labels}
    most = max((len(v) for v in lines.values()), default=1)
    expr = "datum.label"
    for label in reversed(labels):
        padded = [""] * (most - len(lines[label])) + lines[label]
        literal = "[" + ", ".join(_quote(line) for line in padded) + "]"
        expr = f"datum.label == {_quote(label)} ? {literal} : {expr}"
    return {
        "labelExpr": expr,
        "labelLineHeight": LABEL_LINE_HEIGHT,
        "labelPadding": 2 + (most - 1) * LABEL_LINE_HEIGHT,
        "labelAngle": 0,
        "labelLimit": 0,
    }


#: A top axis whose labels stand upright, reading upwards from the axis: for many narrow columns
#: (a phone's six scales), where no label fits its column's width on one line.
UPRIGHT_TOP_LABELS: dict[str, Any] = {
    "labelAngle": -90,
    "labelAlign": "left",
    "labelBaseline": "middle",
    "labelLimit": 0,
    "labelPadding": 4,
}


def narrow_top_labels(labels: list[str], width: int, column_px: float) -> dict[str, Any]:
    """A narrow layout's top-axis labels: on short lines (:func:`top_labels`), or upright where a word is wider than its column.

    ``column_px`` is a column's width; a character is taken as 6 px wide (10 px text).
    """
    words = [word for label in labels for word in label.split()]
    if max((len(w) for w in words), default=0) * 6 > column_px:
        return UPRIGHT_TOP_LABELS
    return top_labels(labels, width)


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def stacked_legends(chart: Any) -> dict[str, Any]:
    """The Vega-Lite spec of ``chart`` with its legends one above the other, each in one column (for narrow layouts)."""
    spec = chart.to_dict()
    legend = spec.setdefault("config", {}).setdefault("legend", {})
    legend["columns"] = 1
    legend["layout"] = {"bottom": {"anchor": "start", "direction": "vertical", "margin": 12}}
    return spec


#: How a row's origin reads in tooltips.
REVIEW_SOURCE = "de Maar et al. 2020"
ADDED_NOTE = "added, not in the review"


def source_text(source: str, where: str = "") -> str:
    """``de Maar et al. 2020, Table 1`` for a row of the review; ``added, not in the review (key)`` otherwise."""
    if str(source) == REVIEW_KEY:
        return f"{REVIEW_SOURCE}, {where}" if where else REVIEW_SOURCE
    return f"{ADDED_NOTE} ({source})"


@alt.theme.register(THEME_NAME, enable=True)
def nanoimaging_theme() -> alt.theme.ThemeConfig:
    """Legends below, labels whole; axis labels apart; views without a frame; titles flush left; ink that dark
    mode can swap."""
    ink = {"labelColor": INK, "titleColor": INK}
    return alt.theme.ThemeConfig(
        {
            "config": {
                "background": "transparent",  # the page's own background, light or dark
                "legend": {"orient": "bottom", "labelLimit": 0, **ink},
                "view": {"continuousWidth": 300, "continuousHeight": 300, "strokeWidth": 0},  # Altair's sizes, no frame
                "title": {"anchor": "start", "color": INK, "subtitleColor": INK},
                # labels that would come closer than 4 px are thinned out (Vega hides every other one)
                "axis": {
                    **ink,
                    "domainColor": AXIS_LINE,
                    "tickColor": AXIS_LINE,
                    "gridColor": GRID,
                    "labelSeparation": 4,
                },
                "header": ink,
                "text": {"color": INK},
            }
        }
    )
