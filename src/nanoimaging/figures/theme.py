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

THEME_NAME = "nanoimaging"

#: Text sizes, in pixels: labels beside points, text in matrix cells, sub-chart titles.
POINT_LABEL_SIZE = 10
CELL_TEXT_SIZE = 12
SUBTITLE_SIZE = 11

#: One colour per family of Table 1, keyed by the family's id.
FAMILY_COLOURS = {
    "non-invasive-clinical": "#0072B2",
    "optical": "#D55E00",
    "mass-spectrometry": "#009E73",
}
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


@alt.theme.register(THEME_NAME, enable=True)
def nanoimaging_theme() -> alt.theme.ThemeConfig:
    """Legends below, labels whole; views without a frame; titles flush left."""
    return alt.theme.ThemeConfig(
        {
            "config": {
                "legend": {"orient": "bottom", "labelLimit": 0},
                "view": {"continuousWidth": 300, "continuousHeight": 300, "strokeWidth": 0},  # Altair's sizes, no frame
                "title": {"anchor": "start"},
            }
        }
    )
