"""Render Vega-Lite v5 notebook outputs in the book, with no network.

:class:`VegaLiteMimeRenderer` (a myst-nb mime renderer) turns each
``application/vnd.vegalite.v5+json`` output into the chart's HTML (:mod:`nanoimaging.site.chart_html`);
other builders fall back to ``text/plain``. :func:`setup` (a Sphinx extension) adds the vendored
vega scripts, ``charts.js`` and ``charts.css`` to the pages that hold a chart, and to no other.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from ..figures.display import MIME_TYPE, to_svg, to_vega
from ..figures.theme import DARK_INK
from .chart_html import chart_html

#: Static files, relative to ``_static/``, in the order they must load.
LIBRARY_FILES = (
    "vendor/vega.min.js",
    "vendor/vega-embed.min.js",  # no vega-lite: the specs are compiled to Vega at build time
)
JS_FILES = LIBRARY_FILES + ("charts.js",)
CSS_FILES = ("charts.css",)

#: Builders whose pages run JavaScript: they render the chart spec.
HTML_BUILDERS = (
    "html",
    "dirhtml",
    "singlehtml",
    "readthedocs",
    "readthedocsdirhtml",
    "readthedocssinglehtml",
    "readthedocssinglehtmllocalmedia",
)

#: Attribute set on the docutils node of each chart (found again per page).
NODE_FLAG = "vega_chart"


def _spec_from(content: Any) -> dict[str, Any]:
    if isinstance(content, bytes):
        content = content.decode("utf-8")
    if isinstance(content, str):
        return json.loads(content)
    # nbformat NotebookNode (a dict subclass): make it plain JSON data.
    return json.loads(json.dumps(content))


class VegaLiteMimeRenderer:
    """myst-nb mime render plugin for ``application/vnd.vegalite.v5+json``, first in the HTML builders' priority."""

    mime_priority_overrides: ClassVar[Sequence[tuple[str, str, int | None]]] = tuple(
        (builder, MIME_TYPE, 5) for builder in HTML_BUILDERS
    )

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        if data.mime_type != MIME_TYPE or inline:
            return None
        logger = renderer.logger
        try:
            spec = _spec_from(data.content)
        except (TypeError, ValueError) as exc:
            logger.warning(f"unreadable Vega-Lite output: {exc}", subtype="vega", line=data.line)
            return []
        meta = (data.output_metadata or {}).get(MIME_TYPE) or {}
        node = chart_node(spec, meta, lambda message: logger.warning(message, subtype="vega", line=data.line))
        return [] if node is None else [node]


def chart_node(spec: dict[str, Any], meta: dict[str, Any], warn: Callable[[str], None]) -> Any:
    """The raw HTML node of one chart (Vega-Lite ``spec``, figure metadata ``meta``); None if it cannot compile.

    ``meta`` is what :class:`nanoimaging.figures.display.Figure` puts beside its spec:
    ``alt``, ``name`` and, when the figure has them, ``narrow`` and ``url_params``.
    """
    from docutils import nodes

    alt = str(meta.get("alt") or spec.get("description") or "").strip()
    name = str(meta.get("name") or "")
    if not alt:
        warn(
            "chart has no text alternative: display it with nanoimaging.figures.display.figure(chart, alt=..., name=...)"
        )
        alt = "Chart without a text alternative."
    try:
        svg = to_svg(spec)
    except Exception as exc:  # a static copy is a bonus; the chart still renders
        warn(f"no static SVG for chart {name!r}: {exc}")
        svg = None
    try:
        vega = to_vega(spec)
        narrow = to_vega(meta["narrow"]) if isinstance(meta.get("narrow"), dict) else None
    except Exception as exc:
        warn(f"chart {name!r} does not compile to Vega: {exc}")
        return None
    url_params = meta.get("url_params") if isinstance(meta.get("url_params"), dict) else None
    html = chart_html(vega, alt, name, svg, narrow=narrow, url_params=url_params, dark_ink=DARK_INK)
    node = nodes.raw("", html, format="html")
    node[NODE_FLAG] = name or True
    return node


# ---------------------------------------------------------------------------
# Sphinx extension


def _entry_name(entry: Any) -> str:
    return entry[0] if isinstance(entry, (tuple, list)) else str(entry)


def _drop_global_assets(app: Any, config: Any) -> None:
    """Jupyter Book adds every ``*.js``/``*.css`` under ``_static`` to every page;
    take ours back out, :func:`_add_page_assets` adds them where a chart is."""
    ours = set(JS_FILES) | set(CSS_FILES)
    config.html_js_files = [e for e in config.html_js_files if _entry_name(e) not in ours]
    config.html_css_files = [e for e in config.html_css_files if _entry_name(e) not in ours]


def _check_setup(app: Any) -> None:
    from sphinx.errors import ExtensionError

    if app.builder.format != "html":
        return
    missing = []
    static_dirs = [Path(app.confdir, p) for p in app.config.html_static_path]
    for filename in JS_FILES + CSS_FILES:
        if not any((d / filename).is_file() for d in static_dirs):
            missing.append(f"_static/{filename}")
    if missing:
        raise ExtensionError(
            f"nanoimaging.site.sphinx_charts: missing static files {', '.join(missing)} "
            f"(searched html_static_path {app.config.html_static_path}); run `npm ci && npm run vendor`"
        )
    try:
        from myst_nb.core.render import load_mime_renders
    except ImportError:
        return
    if not any(plugin is VegaLiteMimeRenderer for plugin in load_mime_renders()):
        raise ExtensionError(
            "nanoimaging.site.sphinx_charts: the myst-nb mime renderer is not registered; install the "
            'package with its entry point [project.entry-points."myst_nb.mime_renderers"] '
            'vegalite = "nanoimaging.site.sphinx_charts:VegaLiteMimeRenderer" (pip install -e .)'
        )


def page_has_chart(doctree: Any) -> bool:
    """Whether a resolved doctree holds a chart rendered by this module."""
    if doctree is None:
        return False
    from docutils import nodes

    return any(node.get(NODE_FLAG) for node in doctree.findall(nodes.raw))


def _add_page_assets(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if not page_has_chart(doctree):
        return
    # Called from html-page-context, add_js_file/add_css_file apply to this page only
    # and ignore a file already added, so each library loads once per page.
    for filename in JS_FILES:
        app.add_js_file(filename, loading_method="defer")
    for filename in CSS_FILES:
        app.add_css_file(filename)


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _drop_global_assets)
    app.connect("builder-inited", _check_setup)
    app.connect("html-page-context", _add_page_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
