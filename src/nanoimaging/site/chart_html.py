"""The HTML of one chart in the book: an inert spec, a static SVG and a caption.

The spec travels as JSON in a ``<script type="application/json">`` (read with
``JSON.parse`` by ``_static/charts.js``, never evaluated); the static SVG, made at
build time by vl-convert, shows until the chart is drawn, and in print.

>>> chart_html({"mark": "point"}, "One point.", "one-point").startswith('<figure class="vega-figure"')
True
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Mapping
from typing import Any


def script_json(spec: Mapping[str, Any]) -> str:
    """Serialise ``spec`` for a ``<script type="application/json">`` element.

    ``<``, ``>`` and ``&`` are written as JSON escapes (``\\u003c`` ...), so no data
    value can close the element (``</script>``) or open markup; ``JSON.parse``
    reads the escapes back as the original characters.
    """
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def chart_html(spec: Mapping[str, Any], alt: str, name: str = "", svg: str | None = None) -> str:
    """The HTML for one chart: interactive mount point, static SVG and caption.

    :param spec: the Vega-Lite v5 spec.
    :param alt: the text alternative: the ``aria-label`` of the chart and its caption.
    :param name: the chart's slug, written to ``data-chart-name``.
    :param svg: a static SVG rendering (shown until the chart is drawn, and in print).
    """
    parts = ['<figure class="vega-figure"']
    if name:
        parts.append(f' data-chart-name="{html.escape(name, quote=True)}"')
    parts.append(">\n")
    parts.append(f'<div class="vega-chart" role="img" aria-label="{html.escape(alt, quote=True)}">')
    parts.append(f'<script type="application/json">{script_json(spec)}</script>')
    parts.append("</div>\n")
    if svg:
        # An <img> keeps the SVG inert (no scripts, no clashing element ids between
        # charts on one page); alt="" because the caption carries the text.
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        parts.append(f'<img class="vega-static" alt="" src="data:image/svg+xml;base64,{data}">\n')
    parts.append(f'<figcaption class="vega-caption">{html.escape(alt, quote=False)}</figcaption>\n')
    parts.append("</figure>\n")
    return "".join(parts)
