"""The figures layer: tables and Altair charts built from a loaded :class:`~nanoimaging.data.Dataset`.

Builders receive DataFrames and never read files. Importing this package enables the charts'
shared Altair theme (:mod:`nanoimaging.figures.theme`); :mod:`~nanoimaging.figures.display`
turns a chart into an offline, accessible notebook output.
"""

from . import theme  # noqa: F401  (registers and enables the charts' theme)
