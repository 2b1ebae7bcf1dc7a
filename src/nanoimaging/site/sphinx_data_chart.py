"""Sphinx extension: a chart drawn from the data inside a Markdown chapter, with no script.

````markdown
```{data-chart} overview
A caption in Markdown, linking to the chapter that has the chart to explore.
```
````

draws the named figure at build time as inline SVG (:func:`nanoimaging.site.chart_html.static_chart_html`).
Each chart declares the data files it is drawn from (:data:`CHARTS`); the page is rebuilt when
those or the figure code change (:func:`drawn_from`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..data.dataset import Dataset, load
from ..figures import resolution
from ..figures.display import Figure, to_svg
from ..figures.theme import DARK_INK
from .chart_html import static_chart_html


def overview(data: Dataset) -> Figure:
    """Two of Table 1's columns at a glance: every spatial resolution printed, against its modality's imaging depth."""
    chart = resolution.resolution_depth(data)
    return Figure(chart.spec, chart.alt, "overview", chart.narrow, chart.url_params)


#: The charts a chapter may name, each with the files of the data package it is drawn from.
CHARTS: dict[str, tuple[Callable[[Dataset], Figure], tuple[str, ...]]] = {
    "overview": (overview, ("datapackage.json", "families.csv", "modalities.csv", "resolution.csv")),
}


def _data_dir(srcdir: str) -> Path:
    return Path(os.environ.get("NANOIMAGING_DATA") or Path(srcdir) / "data")


def drawn_from(name: str, data_dir: Path) -> tuple[Figure, list[Path]]:
    """The figure :data:`CHARTS` names, and the data files it declares it is drawn from."""
    draw, files = CHARTS[name]
    return draw(load(data_dir)), [data_dir / file for file in files]


def static_figure_html(figure: Figure) -> str:
    """The inline-SVG HTML of ``figure``: wide layout, narrow layout when it has one."""
    narrow = to_svg(figure.narrow) if figure.narrow is not None else None
    return static_chart_html(to_svg(figure), figure.alt, figure.name, narrow_svg=narrow, dark_ink=DARK_INK)


class DataChart(SphinxDirective):
    """``{data-chart} NAME``: the figure :data:`CHARTS` names, drawn from the data; the body is its caption."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[Any]:
        name = self.arguments[0]
        if name not in CHARTS:
            raise self.error(f"data-chart: unknown chart {name!r}; the charts are {sorted(CHARTS)}")
        figure, data_files = drawn_from(name, _data_dir(self.env.srcdir))
        figures_dir = Path(resolution.__file__).parent
        for path in [*data_files, *sorted(figures_dir.glob("*.py"))]:
            self.env.note_dependency(str(path))
        container = nodes.container(classes=["data-chart"])
        container += nodes.raw("", static_figure_html(figure), format="html")
        if self.content:
            caption = nodes.container(classes=["data-chart-caption"])
            self.state.nested_parse(self.content, self.content_offset, caption)
            container += caption
        return [container]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("data-chart", DataChart)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
