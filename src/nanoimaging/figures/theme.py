"""The look every chart shares: an Altair theme, the text sizes and the colours.

Importing :mod:`nanoimaging.figures` registers and enables the theme
``nanoimaging``: legends below the chart with labels never cut, no frame around
a view, titles set flush left. The colours are Okabe-Ito's, which stay apart for
readers with the common colour-vision deficiencies (a site test checks every
pair with simulated protan, deutan and tritan vision).

>>> import altair as alt
>>> alt.theme.active
'nanoimaging'
"""

from __future__ import annotations

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
    """Legends below, labels whole; views without a frame; titles flush left; ink that dark mode can swap."""
    ink = {"labelColor": INK, "titleColor": INK}
    return alt.theme.ThemeConfig(
        {
            "config": {
                "background": "transparent",  # the page's own background, light or dark
                "legend": {"orient": "bottom", "labelLimit": 0, **ink},
                "view": {"continuousWidth": 300, "continuousHeight": 300, "strokeWidth": 0},  # Altair's sizes, no frame
                "title": {"anchor": "start", "color": INK, "subtitleColor": INK},
                "axis": {**ink, "domainColor": AXIS_LINE, "tickColor": AXIS_LINE, "gridColor": GRID},
                "header": ink,
                "text": {"color": INK},
            }
        }
    )
