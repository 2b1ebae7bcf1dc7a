"""The HTML of one chart in the book: an inert Vega spec, a static SVG and a caption.

The spec travels as JSON in a ``<script type="application/json">`` (read by ``_static/charts.js``,
never evaluated); the static SVG shows until the chart is drawn, and in print.

>>> chart_html({"mark": "point"}, "One point.", "one-point").startswith('<figure class="vega-figure"')
True
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from collections.abc import Mapping
from typing import Any


def script_json(spec: Mapping[str, Any]) -> str:
    """Serialise ``spec`` for a ``<script type="application/json">`` element.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no data value can close the element.
    """
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _attribute_json(value: Any) -> str:
    return html.escape(json.dumps(value, sort_keys=True, separators=(",", ":")), quote=True)


def svg_width(svg: str | None) -> int | None:
    """The width in whole pixels an SVG document declares (``<svg width="892" ...>``), rounded up, or None.

    >>> svg_width('<svg xmlns="http://www.w3.org/2000/svg" width="892.5" height="10">')
    893
    """
    match = re.search(r"<svg\b[^>]*?\swidth=\"([0-9.]+)\"", svg or "")
    return math.ceil(float(match.group(1))) if match else None  # a fractional pixel still needs room


def chart_html(
    spec: Mapping[str, Any],
    alt: str,
    name: str = "",
    svg: str | None = None,
    *,
    narrow: Mapping[str, Any] | None = None,
    url_params: Mapping[str, str] | None = None,
    dark_ink: Mapping[str, str] | None = None,
) -> str:
    """The HTML for one chart: interactive mount point, static SVG and caption.

    :param spec: the chart's Vega spec (compiled from Vega-Lite at build time).
    :param alt: the text alternative: the ``aria-label`` of the chart and its caption.
    :param name: the chart's slug, written to ``data-chart-name``.
    :param svg: a static SVG rendering (shown until the chart is drawn, and in print).
    :param narrow: the Vega spec of the chart's narrow layout, drawn where ``spec`` is
        wider than the page (its width is ``data-width``, read from ``svg``).
    :param url_params: signal name -> key in the page's URL (``data-url-params``).
    :param dark_ink: light colour -> its dark-mode twin (``data-dark-ink``).
    """
    parts = ['<figure class="vega-figure"']
    if name:
        parts.append(f' data-chart-name="{html.escape(name, quote=True)}"')
    width = svg_width(svg)
    if width:
        parts.append(f' data-width="{width}"')
    if url_params:
        parts.append(f' data-url-params="{_attribute_json(dict(url_params))}"')
    if dark_ink:
        parts.append(f' data-dark-ink="{_attribute_json(dict(dark_ink))}"')
    parts.append(">\n")
    parts.append(f'<div class="vega-chart" role="img" aria-label="{html.escape(alt, quote=True)}">')
    parts.append(f'<script type="application/json">{script_json(spec)}</script>')
    if narrow is not None:
        parts.append(f'<script type="application/json" data-layout="narrow">{script_json(narrow)}</script>')
    parts.append("</div>\n")
    if svg:
        # An <img> keeps the SVG inert (no scripts, no clashing element ids between
        # charts on one page); alt="" because the caption carries the text.
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        parts.append(f'<img class="vega-static" alt="" src="data:image/svg+xml;base64,{data}">\n')
    parts.append(f'<figcaption class="vega-caption">{html.escape(alt, quote=False)}</figcaption>\n')
    parts.append("</figure>\n")
    return "".join(parts)


def _inline_svg(svg: str, layout: str) -> str:
    """``svg`` ready to sit in the page: hidden from assistive technology (the wrapper
    carries the text alternative) and marked with its layout."""
    return re.sub(r"^<svg\b", f'<svg aria-hidden="true" focusable="false" data-layout="{layout}"', svg.strip(), count=1)


def static_chart_html(
    svg: str,
    alt: str,
    name: str,
    *,
    narrow_svg: str | None = None,
    dark_ink: Mapping[str, str] | None = None,
) -> str:
    """A chart as inline SVG that needs no script, for a text page that should stay light.

    ``svg`` shows where the page is wide enough, ``narrow_svg`` below that; in dark mode the colours of
    ``dark_ink`` (light colour -> dark twin) are swapped. ``alt`` names the chart for assistive technology.
    """
    scope = f'.data-chart-static[data-chart-name="{html.escape(name, quote=True)}"]'
    rules = [f"{scope} {{ container-type: inline-size; }}", f"{scope} svg {{ max-width: 100%; height: auto; }}"]
    if narrow_svg:
        width = svg_width(svg)
        rules += [
            f'{scope} svg[data-layout="narrow"] {{ display: none; }}',
            f"@container (max-width: {(width or 1) - 1}px) {{"
            f' {scope} svg[data-layout="wide"] {{ display: none; }}'
            f' {scope} svg[data-layout="narrow"] {{ display: block; }} }}',
        ]
    for light, dark in (dark_ink or {}).items():
        for attribute in ("fill", "stroke"):
            rules.append(f'html[data-theme="dark"] {scope} [{attribute}="{light}" i] {{ {attribute}: {dark}; }}')
    parts = [
        f'<div class="data-chart-static" data-chart-name="{html.escape(name, quote=True)}"'
        f' role="img" aria-label="{html.escape(alt, quote=True)}">\n',
        "<style>" + "\n".join(rules) + "</style>\n",
        _inline_svg(svg, "wide") + "\n",
    ]
    if narrow_svg:
        parts.append(_inline_svg(narrow_svg, "narrow") + "\n")
    parts.append("</div>\n")
    return "".join(parts)
