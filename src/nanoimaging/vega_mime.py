"""Render Vega-Lite v5 notebook outputs in the book, with no network.

Two pieces live here:

* :class:`VegaLiteMimeRenderer`, a myst-nb mime render plugin (entry point group
  ``myst_nb.mime_renderers``). For ``application/vnd.vegalite.v5+json`` outputs it
  emits a ``<figure>`` holding the spec as inert JSON, a build-time static SVG (for
  print and for readers without JavaScript) and a caption with the chart's text
  alternative. Its ``mime_priority_overrides`` put the mime type first for the HTML
  builders; other builders (LaTeX, text) fall back to the ``text/plain`` alternative.
* :func:`setup`, a Sphinx extension (``sphinx: extra_extensions`` in ``_config.yml``)
  that serves ``_static/vendor/{vega,vega-lite,vega-embed}.min.js``,
  ``_static/charts.js`` and ``_static/charts.css`` on the pages that hold a chart,
  once per page, and on no other page.

:func:`audit_page_html` and :func:`audit_site` check a built page or site for that
rule; :func:`vendor` copies the pinned npm builds into ``_static/vendor/``
(``npm ci && npm run vendor``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar, Iterable, Mapping, Sequence

from nanoimaging.display import MIME_TYPE, to_svg

__all__ = [
    "MIME_TYPE",
    "VegaLiteMimeRenderer",
    "audit_page_html",
    "audit_site",
    "chart_html",
    "script_json",
    "setup",
    "vendor",
]

#: Static files, relative to ``_static/``, in the order they must load.
LIBRARY_FILES = (
    "vendor/vega.min.js",
    "vendor/vega-lite.min.js",
    "vendor/vega-embed.min.js",
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

_LOG_TYPE = "nanoimaging"


# ---------------------------------------------------------------------------
# HTML for one chart


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


# ---------------------------------------------------------------------------
# myst-nb mime render plugin


def _spec_from(content: Any) -> dict[str, Any]:
    if isinstance(content, bytes):
        content = content.decode("utf-8")
    if isinstance(content, str):
        return json.loads(content)
    # nbformat NotebookNode (a dict subclass): make it plain JSON data.
    return json.loads(json.dumps(content))


class VegaLiteMimeRenderer:
    """myst-nb mime render plugin for ``application/vnd.vegalite.v5+json``.

    Follows ``myst_nb.core.render.MimeRenderPlugin``: myst-nb calls
    :meth:`handle_mime` for every mime type of every output while parsing
    (format-agnostic), then keeps, per builder, the first type in the builder's
    priority list; ``mime_priority_overrides`` puts Vega-Lite first for HTML.
    """

    mime_priority_overrides: ClassVar[Sequence[tuple[str, str, int | None]]] = tuple(
        (builder, MIME_TYPE, 5) for builder in HTML_BUILDERS
    )

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        if data.mime_type != MIME_TYPE or inline:
            return None
        from docutils import nodes

        logger = renderer.logger
        try:
            spec = _spec_from(data.content)
        except (TypeError, ValueError) as exc:
            logger.warning(f"unreadable Vega-Lite output: {exc}", subtype="vega", line=data.line)
            return []
        meta = (data.output_metadata or {}).get(MIME_TYPE) or {}
        alt = str(meta.get("alt") or spec.get("description") or "").strip()
        name = str(meta.get("name") or "")
        if not alt:
            logger.warning(
                "chart has no text alternative: display it with nanoimaging.display.figure(chart, alt=..., name=...)",
                subtype="vega",
                line=data.line,
            )
            alt = "Chart without a text alternative."
        try:
            svg = to_svg(spec)
        except Exception as exc:  # a static copy is a bonus; the chart still renders
            logger.warning(f"no static SVG for chart {name!r}: {exc}", subtype="vega", line=data.line)
            svg = None
        node = nodes.raw("", chart_html(spec, alt, name, svg), format="html")
        node[NODE_FLAG] = name or True
        return [node]


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
            f"nanoimaging.vega_mime: missing static files {', '.join(missing)} "
            f"(searched html_static_path {app.config.html_static_path}); run `npm ci && npm run vendor`"
        )
    try:
        from myst_nb.core.render import load_mime_renders
    except ImportError:
        return
    if not any(plugin is VegaLiteMimeRenderer for plugin in load_mime_renders()):
        raise ExtensionError(
            "nanoimaging.vega_mime: the myst-nb mime renderer is not registered; install the "
            'package with its entry point [project.entry-points."myst_nb.mime_renderers"] '
            'vegalite = "nanoimaging.vega_mime:VegaLiteMimeRenderer" (pip install -e .)'
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


# ---------------------------------------------------------------------------
# Checking built pages


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.charts: list[dict[str, str]] = []
        self.chart_json: list[str] = []
        self._in_chart_json = False
        self._depth_chart = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script":
            if a.get("src"):
                self.scripts.append(a["src"])
            elif a.get("type") == "application/json" and self._depth_chart:
                self._in_chart_json = True
                self.chart_json.append("")
        elif tag == "link" and "stylesheet" in a.get("rel", "").split():
            self.stylesheets.append(a.get("href", ""))
        if tag == "div" and "vega-chart" in a.get("class", "").split():
            self.charts.append(a)
            self._depth_chart += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_chart_json = False
        elif tag == "div" and self._depth_chart:
            self._depth_chart -= 1

    def handle_data(self, data: str) -> None:
        if self._in_chart_json:
            self.chart_json[-1] += data


def _basename(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]


def _is_external(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I)) and not url.lower().startswith("file:")


def audit_page_html(text: str) -> list[str]:
    """Problems with the chart assets of one built HTML page (empty list: fine).

    A page with charts loads each of vega, vega-lite, vega-embed and charts.js
    exactly once, in that order, and charts.css; a page without charts loads
    none of them. No page loads a script or stylesheet from another host. Each
    chart has a non-empty ``aria-label`` and a spec that parses as JSON.
    """
    scan = _PageScan()
    scan.feed(text)
    scan.close()
    problems = []
    for url in scan.scripts + scan.stylesheets:
        if _is_external(url):
            problems.append(f"loads {url} from another host")
    names = [_basename(u) for u in scan.scripts]
    wanted = [_basename(f) for f in JS_FILES]
    css = [_basename(u) for u in scan.stylesheets]
    if scan.charts:
        for name in wanted:
            if names.count(name) != 1:
                problems.append(f"{len(scan.charts)} chart(s) but {name} is loaded {names.count(name)} times")
        present = [n for n in names if n in wanted]
        if all(names.count(n) == 1 for n in wanted) and present != wanted:
            problems.append(f"scripts load out of order: {present}, expected {wanted}")
        for name in CSS_FILES:
            if css.count(_basename(name)) != 1:
                problems.append(f"{name} is linked {css.count(_basename(name))} times")
        for i, attrs in enumerate(scan.charts):
            if not attrs.get("aria-label", "").strip():
                problems.append(f"chart {i + 1} has no aria-label")
        if len(scan.chart_json) != len(scan.charts):
            problems.append(f"{len(scan.charts)} chart(s) but {len(scan.chart_json)} JSON spec(s)")
        for i, raw in enumerate(scan.chart_json):
            try:
                json.loads(raw)
            except ValueError as exc:
                problems.append(f"chart {i + 1}: spec is not JSON ({exc})")
    else:
        for name in wanted + [_basename(f) for f in CSS_FILES]:
            if name in names or name in css:
                problems.append(f"no chart on the page but {name} is loaded")
    return problems


def audit_site(html_dir: str | Path) -> dict[str, list[str]]:
    """Run :func:`audit_page_html` on every ``*.html`` under ``html_dir``.

    Returns ``{relative path: problems}`` for the pages with problems only.
    """
    root = Path(html_dir)
    result = {}
    for path in sorted(root.rglob("*.html")):
        if "_static" in path.relative_to(root).parts:
            continue
        problems = audit_page_html(path.read_text(encoding="utf-8"))
        if problems:
            result[path.relative_to(root).as_posix()] = problems
    return result


# ---------------------------------------------------------------------------
# Vendoring the JavaScript from node_modules

#: npm package -> built file copied to _static/vendor/.
VENDORED = {
    "vega": "build/vega.min.js",
    "vega-lite": "build/vega-lite.min.js",
    "vega-embed": "build/vega-embed.min.js",
}

_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")
_LICENSE_NAMES = re.compile(r"^(licen[sc]e|copying)(\.(md|txt))?$", re.I)


def _license_file(package_dir: Path) -> Path | None:
    for path in sorted(package_dir.iterdir()):
        if path.is_file() and _LICENSE_NAMES.match(path.name):
            return path
    return None


def _resolve(name: str, from_dir: Path, node_modules: Path) -> Path | None:
    """Find package ``name`` as Node would, starting from ``from_dir``."""
    current = from_dir
    while True:
        candidate = current / "node_modules" / name
        if (candidate / "package.json").is_file():
            return candidate
        if current == node_modules.parent or current.parent == current:
            break
        current = current.parent
    candidate = node_modules / name
    return candidate if (candidate / "package.json").is_file() else None


def _dependency_closure(roots: Iterable[str], node_modules: Path) -> list[tuple[str, Path]]:
    seen: dict[Path, str] = {}
    todo = [(name, node_modules.parent) for name in roots]
    while todo:
        name, from_dir = todo.pop()
        pkg = _resolve(name, from_dir, node_modules)
        if pkg is None or pkg in seen:
            continue
        seen[pkg] = name
        meta = json.loads((pkg / "package.json").read_text(encoding="utf-8"))
        for dep in sorted(meta.get("dependencies", {})):
            todo.append((dep, pkg))
    return sorted(((name, path) for path, name in seen.items()), key=lambda item: (item[0], str(item[1])))


def vendor(node_modules: str | Path, dest: str | Path) -> list[Path]:
    """Copy the pinned builds of vega, vega-lite and vega-embed into ``dest``.

    Writes ``<file>.min.js`` (source-map comment removed: the maps are not
    shipped), ``<package>.LICENSE.txt``, ``THIRD-PARTY-NOTICES.txt`` (licences of
    the packages bundled into the builds) and ``VERSIONS.txt`` (versions and
    SHA-256 of the files). ``vega`` ships no licence file in its npm package, so
    its committed ``vega.LICENSE.txt`` (from the vega repository) is kept.
    Output is deterministic. Returns the files written.
    """
    node_modules = Path(node_modules).resolve()
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    lines = [
        "JavaScript served by the book, copied from npm by `npm ci && npm run vendor`",
        "(nanoimaging.vega_mime.vendor); versions pinned in package.json / package-lock.json.",
        "vega-embed's build bundles vega-interpreter (CSP-safe expressions, option ast: true).",
        "",
    ]
    for package, built in VENDORED.items():
        pkg_dir = node_modules / package
        meta = json.loads((pkg_dir / "package.json").read_text(encoding="utf-8"))
        text = (pkg_dir / built).read_text(encoding="utf-8")
        text = _SOURCE_MAP.sub("\n", text)
        target = dest / Path(built).name
        target.write_text(text, encoding="utf-8", newline="\n")
        written.append(target)
        license_target = dest / f"{package}.LICENSE.txt"
        license_src = _license_file(pkg_dir)
        if license_src is not None:
            shutil.copyfile(license_src, license_target)
            written.append(license_target)
        elif not license_target.is_file():
            raise FileNotFoundError(
                f"{package} {meta['version']} ships no licence file and {license_target} is missing: "
                "add the licence text of its repository there"
            )
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        lines.append(f"{package} {meta['version']} {meta.get('license', '?')} {target.name} sha256={digest}")

    notices = [
        "Licences of the npm packages that vega, vega-lite and vega-embed depend on",
        "(their builds in this folder bundle some of them). Packages of the vega",
        "project that ship no licence file are under vega's BSD-3-Clause licence",
        "(vega.LICENSE.txt).",
        "",
    ]
    for name, pkg_dir in _dependency_closure(VENDORED, node_modules):
        if name in VENDORED:
            continue
        meta = json.loads((pkg_dir / "package.json").read_text(encoding="utf-8"))
        notices.append("=" * 72)
        notices.append(f"{name} {meta.get('version', '?')} ({meta.get('license', 'no licence field')})")
        notices.append("=" * 72)
        license_src = _license_file(pkg_dir)
        if license_src is not None:
            notices.append(license_src.read_text(encoding="utf-8").strip())
        elif name.startswith("vega"):
            notices.append("See vega.LICENSE.txt.")
        else:
            notices.append("The npm package ships no licence file.")
        notices.append("")
    notice_path = dest / "THIRD-PARTY-NOTICES.txt"
    notice_path.write_text("\n".join(notices) + "\n", encoding="utf-8", newline="\n")
    written.append(notice_path)

    versions_path = dest / "VERSIONS.txt"
    versions_path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    written.append(versions_path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) == 3 and argv[0] == "vendor":
        for path in vendor(argv[1], argv[2]):
            print(path)
        return 0
    if len(argv) == 2 and argv[0] == "audit":
        problems = audit_site(argv[1])
        for page, items in problems.items():
            for item in items:
                print(f"{page}: {item}")
        return 1 if problems else 0
    print(
        "usage: python -m nanoimaging.vega_mime vendor NODE_MODULES DEST\n"
        "       python -m nanoimaging.vega_mime audit HTML_DIR",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
