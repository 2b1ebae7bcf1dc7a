"""The figures layer: tables and Altair charts built from a loaded :class:`~nanoimaging.data.Dataset`.

Builders receive DataFrames and never read files. Importing this package enables
the charts' shared Altair theme (:mod:`nanoimaging.figures.theme`).

- :mod:`~nanoimaging.figures.table1`: Table 1 as HTML;
- :mod:`~nanoimaging.figures.resolution`: resolution against depth and speed (their shared marks in
  :mod:`~nanoimaging.figures.resolution_marks`, their narrow layouts in :mod:`~nanoimaging.figures.resolution_narrow`);
- :mod:`~nanoimaging.figures.matrices`: scale and aspect matrices;
- :mod:`~nanoimaging.figures.evidence_map`: the studies per modality and scale;
- :mod:`~nanoimaging.figures.study_list`, :mod:`~nanoimaging.figures.dictionary`: tables in Markdown and HTML;
- :mod:`~nanoimaging.figures.display`: how a chart becomes an offline, accessible notebook output.
"""

from . import theme  # noqa: F401  (registers and enables the charts' theme)
