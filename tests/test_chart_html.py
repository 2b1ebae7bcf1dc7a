"""Charts in the book: their HTML (site.chart_html), and the myst-nb plugin and assets (site.sphinx_charts).
The page audit and the vendored JS: test_chart_assets.py."""

from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser
from importlib.metadata import entry_points
from pathlib import Path
from types import SimpleNamespace

import altair as alt
import pandas as pd
import pytest
from docutils import nodes

from nanoimaging.figures.display import MIME_TYPE, figure
from nanoimaging.site import sphinx_charts
from nanoimaging.site.chart_html import chart_html, script_json
from nanoimaging.site.sphinx_charts import JS_FILES, NODE_FLAG, VegaLiteMimeRenderer, page_has_chart

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "_static" / "vendor"

HOSTILE = [
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</SCRIPT >",
    "<!-- <script>",
    "a & b &amp; c",
    "\"quoted\" 'single'",
    "line\u2028separator\u2029end",
]


def _spec(values: list[str]) -> dict:
    frame = pd.DataFrame({"label": values, "n": range(len(values))})
    chart = alt.Chart(frame, title=values[0]).mark_bar().encode(x="n:Q", y="label:N")
    return figure(chart, "Hostile labels.", name="hostile").spec


class _Collect(HTMLParser):
    """Records the elements of a chart's HTML as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            self.text[self._open[-1]] = self.text.get(self._open[-1], "") + data


def _parse(text: str) -> _Collect:
    parser = _Collect()
    parser.feed(text)
    parser.close()
    return parser


# --- escaping ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_script_json_cannot_break_out(value):
    spec = {"data": {"values": [{"label": value}]}, "title": value}
    text = script_json(spec)
    assert not set("<>&") & set(text)
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == spec


def test_chart_html_escapes_hostile_strings():
    alt_text = 'Labels "</script><img src=x onerror=alert(1)>" & friends.'
    spec = _spec(HOSTILE)
    page = chart_html(spec, alt_text, "hostile", svg="<svg xmlns='http://www.w3.org/2000/svg'/>")
    tags = _parse(page).tags
    # Exactly the elements we wrote: nothing injected by the data or the alt text.
    assert [t for t, _ in tags] == ["figure", "div", "script", "img", "figcaption"]
    assert all(not name.startswith("on") for _, attrs in tags for name in attrs)
    assert dict(tags)["div"]["aria-label"] == alt_text  # escaped in the markup, intact for readers
    assert "<img src=x" not in page
    assert page.count("</script>") == 1
    parsed = _parse(page)
    assert json.loads(parsed.text["script"]) == spec
    assert parsed.text["figcaption"] == alt_text


def test_chart_html_accessibility():
    alt_text = 'Depth reached by "each" modality & its <limit>.'
    page = chart_html({"mark": "bar"}, alt_text, "depth")
    tags = dict(_parse(page).tags)
    assert tags["figure"] == {"class": "vega-figure", "data-chart-name": "depth"}
    assert tags["div"]["role"] == "img"
    assert tags["div"]["class"] == "vega-chart"
    assert tags["div"]["aria-label"] == alt_text
    assert tags["script"] == {"type": "application/json"}
    assert "img" not in tags  # no svg given: no static image


def test_chart_html_static_svg():
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    page = chart_html({"mark": "bar"}, "A chart.", svg=svg)
    img = dict(_parse(page).tags)["img"]
    assert img["class"] == "vega-static"
    assert img["alt"] == ""  # the caption carries the text
    prefix = "data:image/svg+xml;base64,"
    assert img["src"].startswith(prefix)
    assert base64.b64decode(img["src"][len(prefix) :]).decode() == svg


# --- the myst-nb plugin -----------------------------------------------------------------


class _Logger:
    def __init__(self):
        self.warnings = []

    def warning(self, msg, **kwargs):
        self.warnings.append(msg)


def _mime(content, metadata=None, mime_type=MIME_TYPE):
    return SimpleNamespace(mime_type=mime_type, content=content, output_metadata=metadata or {}, line=3)


def test_handle_mime_renders_figure_output():
    fig = figure(alt.Chart(pd.DataFrame({"x": [1, 2, 3]})).mark_bar().encode(x="x:Q"), "Three bars.", name="bars")
    data, metadata = fig._repr_mimebundle_()
    renderer = SimpleNamespace(logger=_Logger())
    [node] = VegaLiteMimeRenderer.handle_mime(renderer, _mime(data[MIME_TYPE], metadata), False)
    assert isinstance(node, nodes.raw)
    assert node["format"] == "html"
    assert node[NODE_FLAG] == "bars"
    page = node.astext()
    assert 'aria-label="Three bars."' in page
    assert 'data-chart-name="bars"' in page
    svg = base64.b64decode(re.search(r'base64,([^"]+)"', page).group(1)).decode()
    assert svg.startswith("<svg") and "mark-rect" in svg
    assert renderer.logger.warnings == []
    [raw] = re.findall(r'<script type="application/json">(.*?)</script>', page)
    assert "/schema/vega/v5" in json.loads(raw)["$schema"], "the page gets Vega, compiled at build time"
    assert 'data-dark-ink="' in page and "data-url-params" not in page and 'data-layout="narrow"' not in page


def test_handle_mime_compiles_the_narrow_layout_and_keeps_the_url_keys():
    import html as html_module

    param = alt.param(name="pick", value="a", bind=alt.binding_select(options=["a", "b"], name="Pick "))
    wide = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q").add_params(param)
    fig = figure(wide, "Bars.", name="bars", narrow=wide.properties(width=100), url_params={"pick": "p"})
    data, metadata = fig._repr_mimebundle_()
    renderer = SimpleNamespace(logger=_Logger())
    [node] = VegaLiteMimeRenderer.handle_mime(renderer, _mime(data[MIME_TYPE], metadata), False)
    page = node.astext()
    [narrow] = re.findall(r'<script type="application/json" data-layout="narrow">(.*?)</script>', page)
    assert json.loads(narrow)["width"] == 100
    urls = re.search(r'data-url-params="([^"]+)"', page).group(1)
    assert json.loads(html_module.unescape(urls)) == {"pick": "p"}
    assert re.search(r'data-width="\d+"', page)


def test_url_params_must_name_parameters_of_the_chart():
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    with pytest.raises(ValueError, match="url_params names parameters the chart does not have"):
        figure(chart, "A point.", name="point", url_params={"nope": "n"})


def test_handle_mime_reads_json_text_and_falls_back_to_description():
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.20.1.json",
        "mark": "point",
        "data": {"values": [{"a": 1}]},
        "encoding": {"x": {"field": "a", "type": "quantitative"}},
        "description": "One point.",
    }
    renderer = SimpleNamespace(logger=_Logger())
    [node] = VegaLiteMimeRenderer.handle_mime(renderer, _mime(json.dumps(spec)), False)
    assert 'aria-label="One point."' in node.astext()


def test_handle_mime_warns_without_text_alternative():
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.20.1.json",
        "mark": "point",
        "data": {"values": [{"a": 1}]},
    }
    renderer = SimpleNamespace(logger=_Logger())
    [node] = VegaLiteMimeRenderer.handle_mime(renderer, _mime(spec), False)
    assert any("text alternative" in w for w in renderer.logger.warnings)
    assert 'aria-label="' in node.astext()


def test_handle_mime_declines_other_outputs():
    renderer = SimpleNamespace(logger=_Logger())
    assert VegaLiteMimeRenderer.handle_mime(renderer, _mime("x", mime_type="text/plain"), False) is None
    assert VegaLiteMimeRenderer.handle_mime(renderer, _mime({"mark": "bar"}), True) is None


def test_priority_puts_vega_lite_first_for_html_only(monkeypatch):
    from myst_nb.core import render

    monkeypatch.setattr(render, "load_mime_renders", lambda: [VegaLiteMimeRenderer])
    for builder in ("html", "dirhtml", "singlehtml"):
        assert render.get_mime_priority(builder, [])[0] == MIME_TYPE
    assert MIME_TYPE not in render.get_mime_priority("latex", [])
    assert "text/plain" in render.get_mime_priority("latex", [])


def test_entry_point_is_registered():
    eps = entry_points(group="myst_nb.mime_renderers")
    assert any(ep.value == "nanoimaging.site.sphinx_charts:VegaLiteMimeRenderer" for ep in eps), (
        'pyproject.toml needs [project.entry-points."myst_nb.mime_renderers"] '
        'vegalite = "nanoimaging.site.sphinx_charts:VegaLiteMimeRenderer" and the package installed'
    )


# --- the Sphinx extension ---------------------------------------------------------------


def _doctree(with_chart: bool):
    document = nodes.document(None, None)
    document += nodes.paragraph(text="text")
    raw = nodes.raw("", "<p>raw</p>", format="html")
    if with_chart:
        raw[NODE_FLAG] = "depth"
    document += raw
    return document


class _App:
    def __init__(self):
        self.js, self.css = [], []

    def add_js_file(self, filename, **kwargs):
        self.js.append((filename, kwargs))

    def add_css_file(self, filename, **kwargs):
        self.css.append(filename)


def test_assets_only_on_chart_pages():
    assert page_has_chart(_doctree(True))
    assert not page_has_chart(_doctree(False))
    assert not page_has_chart(None)
    app = _App()
    sphinx_charts._add_page_assets(app, "plain", "page.html", {}, _doctree(False))
    sphinx_charts._add_page_assets(app, "search", "search.html", {}, None)
    assert app.js == [] and app.css == []
    sphinx_charts._add_page_assets(app, "charts", "page.html", {}, _doctree(True))
    assert [f for f, _ in app.js] == list(JS_FILES)
    assert all(kw == {"loading_method": "defer"} for _, kw in app.js)
    assert app.css == ["charts.css"]


def test_global_assets_removed_from_config():
    # Jupyter Book lists every *.js / *.css under _static for every page.
    config = SimpleNamespace(
        html_js_files=["vendor/vega.min.js", ("charts.js", {}), "other.js", "vendor/vega-embed.min.js"],
        html_css_files=["charts.css", "site.css"],
    )
    sphinx_charts._drop_global_assets(None, config)
    assert config.html_js_files == ["other.js"]
    assert config.html_css_files == ["site.css"]
