"""Chart pages as built: the page audit (site.page_audit), and the vendored JS (site.vendor) and the
project's own chart script and styles."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import altair as alt
import pytest

from nanoimaging.site.chart_html import chart_html
from nanoimaging.site.page_audit import audit_page_html, audit_site
from nanoimaging.site.sphinx_charts import JS_FILES
from nanoimaging.site.vendor import vendor

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "_static" / "vendor"


# --- auditing built pages ---------------------------------------------------------------


def _page(scripts, body="", css=("charts.css",)):
    head = "".join(f'<script defer src="{s}"></script>' for s in scripts)
    head += "".join(f'<link rel="stylesheet" href="_static/{c}?v=1">' for c in css)
    return f"<html><head>{head}</head><body>{body}</body></html>"


GOOD_SCRIPTS = ["_static/doctools.js"] + [f"_static/{f}?v=abc" for f in JS_FILES]
VEGA = {"$schema": "https://vega.github.io/schema/vega/v5.json", "marks": []}
CHART = chart_html(VEGA, "A chart.", "a")


def test_audit_accepts_a_good_page():
    assert audit_page_html(_page(GOOD_SCRIPTS, CHART + CHART)) == []
    assert audit_page_html(_page(["_static/doctools.js"], "<p>no chart</p>", css=())) == []


def test_audit_flags_problems():
    twice = GOOD_SCRIPTS + ["_static/vendor/vega.min.js"]
    assert any("vega.min.js is loaded 2 times" in p for p in audit_page_html(_page(twice, CHART)))
    missing = [s for s in GOOD_SCRIPTS if "vega-embed" not in s]
    assert any("vega-embed.min.js is loaded 0 times" in p for p in audit_page_html(_page(missing, CHART)))
    lite = chart_html({"$schema": "https://vega.github.io/schema/vega-lite/v5.20.1.json", "mark": "bar"}, "A.", "a")
    assert any("not compiled to Vega" in p for p in audit_page_html(_page(GOOD_SCRIPTS, lite)))
    swapped = [GOOD_SCRIPTS[0], GOOD_SCRIPTS[2], GOOD_SCRIPTS[1], *GOOD_SCRIPTS[3:]]
    assert any("out of order" in p for p in audit_page_html(_page(swapped, CHART)))
    cdn = GOOD_SCRIPTS + ["https://cdn.jsdelivr.net/npm/vega@5"]
    assert any("another host" in p for p in audit_page_html(_page(cdn, CHART)))
    assert any("another host" in p for p in audit_page_html(_page(["//cdn.example/x.js"], "")))
    assert any("no chart on the page" in p for p in audit_page_html(_page(GOOD_SCRIPTS, "<p>x</p>")))
    unlabelled = CHART.replace('aria-label="A chart."', 'aria-label=" "')
    assert any("no aria-label" in p for p in audit_page_html(_page(GOOD_SCRIPTS, unlabelled)))


def test_audit_site(tmp_path):
    (tmp_path / "good.html").write_text(_page(GOOD_SCRIPTS, CHART))
    (tmp_path / "bad.html").write_text(_page(GOOD_SCRIPTS, "<p>x</p>"))
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "ignored.html").write_text(_page(GOOD_SCRIPTS, ""))
    assert list(audit_site(tmp_path)) == ["bad.html"]


# --- the vendored JavaScript ------------------------------------------------------------


def _fake_package(
    node_modules: Path, name: str, version: str, built: str | None, license_text: str | None, deps: dict | None = None
):
    pkg = node_modules / name
    pkg.mkdir(parents=True)
    (pkg / "package.json").write_text(
        json.dumps({"name": name, "version": version, "license": "BSD-3-Clause", "dependencies": deps or {}})
    )
    if built:
        (pkg / built).parent.mkdir(parents=True, exist_ok=True)
        (pkg / built).write_text(f"/*{name}*/var x=1;\n//# sourceMappingURL={Path(built).name}.map\n")
    if license_text:
        (pkg / "LICENSE").write_text(license_text)


def test_vendor_copies_builds_and_licences(tmp_path):
    nm = tmp_path / "node_modules"
    _fake_package(nm, "vega", "5.0.0", "build/vega.min.js", None, {"d3-x": "1"})
    _fake_package(nm, "vega-lite", "5.1.0", "build/vega-lite.min.js", "VL licence")
    _fake_package(nm, "vega-embed", "6.2.0", "build/vega-embed.min.js", "VE licence")
    _fake_package(nm, "d3-x", "1.0.0", None, "ISC d3-x")
    dest = tmp_path / "vendor"
    with pytest.raises(FileNotFoundError, match="vega.LICENSE.txt"):
        vendor(nm, dest)  # vega's npm package has no licence file; the repo's must be committed
    (dest / "vega.LICENSE.txt").write_text("vega licence")
    vendor(nm, dest)
    first = {p.name: p.read_bytes() for p in dest.iterdir()}
    vendor(nm, dest)
    assert first == {p.name: p.read_bytes() for p in dest.iterdir()}  # deterministic
    assert (dest / "vega.min.js").read_text() == "/*vega*/var x=1;\n"
    assert (dest / "vega-embed.LICENSE.txt").read_text() == "VE licence"
    assert not (dest / "vega-lite.min.js").exists(), "pages need no Vega-Lite compiler: specs are compiled at build"
    assert "ISC d3-x" in (dest / "THIRD-PARTY-NOTICES.txt").read_text()
    assert "vega-embed 6.2.0 BSD-3-Clause vega-embed.min.js sha256=" in (dest / "VERSIONS.txt").read_text()


def test_committed_vendor_files_match_lock_and_hashes():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    package = json.loads((ROOT / "package.json").read_text())
    lines = [line for line in (VENDOR / "VERSIONS.txt").read_text().splitlines() if "sha256=" in line]
    assert [line.split()[0] for line in lines] == ["vega", "vega-embed"]
    for line in lines:
        name, version, _licence, filename, digest = line.split()
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
        assert package["devDependencies"][name] == version  # exact pins
        path = VENDOR / filename
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest.removeprefix("sha256=")
        assert (VENDOR / f"{name}.LICENSE.txt").is_file()
        assert "sourceMappingURL" not in path.read_text()[-200:]
    assert lock["packages"]["node_modules/vega"]["version"].startswith("5.")
    assert lock["packages"]["node_modules/vega-lite"]["version"].startswith("5.")
    assert lock["packages"]["node_modules/vega-embed"]["version"].startswith("6.")


def test_vega_lite_matches_altair_schema():
    """The book compiles Altair's specs with vl-convert's Vega-Lite of the same minor version."""
    import vl_convert

    wanted = alt.SCHEMA_VERSION.lstrip("v")  # e.g. 5.20.1
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/vega-lite"]["version"] == wanted  # vega-embed's peer
    assert ".".join(wanted.split(".")[:2]) in vl_convert.get_vegalite_versions()


def test_charts_js_needs_no_eval_and_no_network():
    js = (ROOT / "_static" / "charts.js").read_text()
    assert "ast: true" in js
    assert 'renderer: "svg"' in js
    assert not re.search(r"\beval\s*\(|new Function|https?://", js)
    css = (ROOT / "_static" / "charts.css").read_text()
    assert "@media print" in css
    assert not re.search(r"https?://|@import", css)


def test_static_chart_shows_one_layout_per_width_and_swaps_ink_in_dark_mode():
    from nanoimaging.site.chart_html import static_chart_html

    wide = '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="10"><text fill="#1a1a1a">a</text></svg>'
    narrow = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="20"><text fill="#1a1a1a">a</text></svg>'
    html = static_chart_html(wide, 'Two "layouts".', "demo", narrow_svg=narrow, dark_ink={"#1a1a1a": "#e6e6e6"})
    assert html.count('<svg aria-hidden="true"') == 2
    assert 'role="img" aria-label="Two &quot;layouts&quot;."' in html
    assert "@container (max-width: 799px)" in html
    assert (
        'html[data-theme="dark"] .data-chart-static[data-chart-name="demo"] [fill="#1a1a1a" i] { fill: #e6e6e6; }'
        in html
    )
    assert "<script" not in html


def test_static_chart_without_a_narrow_layout_has_no_container_switch():
    from nanoimaging.site.chart_html import static_chart_html

    html = static_chart_html('<svg width="300" height="10"></svg>', "One.", "one")
    assert "@container" not in html and 'data-layout="wide"' in html
