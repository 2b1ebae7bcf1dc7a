"""The site checkers find real faults: each runs on a deliberately broken copy and must report it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import page_policy
from json_tree import dicts_in
from nanoimaging.site.browser import SiteServer
from sitekit.axe import AXE_URL_PATH, run_axe, serious_violations, site_files
from sitekit.browser import new_context, visit
from sitekit.charts import chart_problems
from sitekit.colour import palette_problems
from sitekit.html import third_party_resources, unexpected_inline_code
from sitekit.links import linkcheck
from sitekit.table1 import table1_problems

CHART_PAGE = "notebooks/resolution-depth.html"


def _rewrite_first_spec(page: Path, change) -> None:
    text = page.read_text(encoding="utf-8")
    match = re.search(r'(<div class="vega-chart"[^>]*><script type="application/json">)(.*?)(</script>)', text, re.S)
    assert match, f"no chart in {page}"
    page.write_text(text[: match.start(2)] + change(match.group(2)) + text[match.end(2) :], encoding="utf-8")


def _rename_field(raw: str) -> str:
    """The spec names a field its data lacks: the inline data's field "y" (the points' height) is renamed."""
    spec = json.loads(raw)
    renamed = 0
    for node in dicts_in(spec):
        values = node.get("values")
        if isinstance(values, list):
            for row in values:
                if isinstance(row, dict) and "y" in row:
                    row["no_such_field"] = row.pop("y")
                    renamed += 1
    assert renamed, "the fault was not injected: no inline data row has a field y"
    return json.dumps(spec).replace("<", "\\u003c")


def _visit_copy(browser, html: Path, name: str, headers=None):
    with SiteServer(html, headers=headers or {}, files=site_files(html)) as server:
        context, refused = new_context(browser)
        try:
            page, report = visit(context, server.url(name), timeout_ms=8000, globals_=["__injected"])
            report.refused = refused
        finally:
            context.close()
    return report


def test_chart_check_reports_a_spec_naming_a_missing_field(browser, built_site, site_copy):
    _rewrite_first_spec(site_copy / CHART_PAGE, _rename_field)
    report = _visit_copy(browser, site_copy, CHART_PAGE)
    problems = chart_problems(report.charts[0], built_site.data)
    assert any("symbol marks, the data gives" in p or "NaN" in p for p in problems), problems
    assert chart_problems(report.charts[1], built_site.data) == []  # the untouched chart still passes


def test_chart_check_reports_a_spec_that_is_not_json(browser, built_site, site_copy):
    _rewrite_first_spec(site_copy / CHART_PAGE, lambda raw: raw[: len(raw) // 2])
    report = _visit_copy(browser, site_copy, CHART_PAGE)
    assert any("not drawn" in p for p in chart_problems(report.charts[0], built_site.data))
    assert any("charts.js" in e for e in report.console_errors())


def test_link_check_reports_a_dead_link_and_a_missing_anchor(site_copy, tmp_path):
    page = site_copy / "book" / "guide.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace(
            "</main>", '<a href="no-such-page.html">dead</a> <a href="intro.html#no-such-anchor">anchor</a></main>', 1
        ),
        encoding="utf-8",
    )
    with SiteServer(site_copy, headers={"LinkChecker": "maxrate"}) as server:
        problems, _checked = linkcheck(server.base, ["book/guide.html"], tmp_path, recursion=1)
    assert any("no-such-page.html" in p and p.startswith("broken") for p in problems), problems
    assert any("no-such-anchor" in p for p in problems), problems


def test_safety_checks_report_an_injected_script_and_style(browser, site_copy):
    """Code added to a built page after its policy was written: the page's own policy refuses it."""
    page = site_copy / "book" / "guide.html"
    text = page.read_text(encoding="utf-8")
    injected = (
        "<script>window.__injected = 1;</script>"
        '<style>main { outline: 9px solid red }</style><p id="styled" style="color: rgb(1, 2, 3)">x</p>'
    )
    page.write_text(text.replace("</main>", injected + "</main>", 1), encoding="utf-8")
    problems = unexpected_inline_code(site_copy)
    assert "book/guide.html: unexpected inline script: 'window.__injected = 1;'" in problems
    problems = page_policy.policy_problems("book/guide.html", page.read_text(encoding="utf-8"))
    assert any("inline script not allowed by script-src: 'window.__injected = 1;'" in p for p in problems), problems
    assert any("inline style not allowed by style-src: 'color: rgb(1, 2, 3)'" in p for p in problems), problems
    # served with no policy header: the page's own meta policy refuses all three, and the browser reports them
    report = _visit_copy(browser, site_copy, "book/guide.html")
    assert report.globals["__injected"] is None
    refused = {v["directive"] for v in report.csp}
    assert {"script-src-elem", "style-src-elem", "style-src-attr"} <= refused, report.csp


def test_policy_check_reports_a_page_without_policy_and_a_loose_one():
    page = '<html><head><meta charset="utf-8"><script src="a.js"></script></head><body></body></html>'
    assert page_policy.policy_problems("a.html", page) == [
        "a.html: 0 Content-Security-Policy meta elements (one is needed)"
    ]
    loose = page.replace(
        "<script",
        '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
        "script-src 'self' 'unsafe-eval' https://cdn.example.org\"><script",
    )
    assert page_policy.policy_problems("a.html", loose) == [
        "a.html: script-src allows 'unsafe-eval'",
        "a.html: script-src allows https://cdn.example.org",
    ]
    late = page.replace("</head>", '</head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'">')
    assert "a.html: the policy is outside <head> (the browser ignores it there)" in page_policy.policy_problems(
        "a.html", late
    )


def test_page_check_reports_a_script_error_and_a_request_to_another_host(browser, site_copy):
    (site_copy / "_static" / "boom.js").write_text("throw new Error('boom');\n", encoding="utf-8")
    page = site_copy / "book" / "guide.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace(
            "</main>",
            '<script src="../_static/boom.js"></script><img alt="x" src="https://example.org/pixel.png"></main>',
            1,
        ),
        encoding="utf-8",
    )
    report = _visit_copy(browser, site_copy, "book/guide.html")
    assert any("boom" in e for e in report.console_errors())
    assert report.external_requests() == ["https://example.org/pixel.png"]  # refused, never sent
    assert "book/guide.html: <img> loads https://example.org/pixel.png" in third_party_resources(site_copy)


def test_axe_check_reports_an_image_without_text_alternative(browser, site_copy):
    page = site_copy / "book" / "guide.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("</main>", '<img src="../_static/images/logo_binder.svg"></main>', 1), encoding="utf-8"
    )
    with SiteServer(site_copy, files=site_files(site_copy)) as server:
        context, _refused = new_context(browser)
        try:
            page_, _report = visit(context, server.url("book/guide.html"))
            problems = serious_violations(run_axe(page_, server.url(AXE_URL_PATH)))
        finally:
            context.close()
    assert any("image-alt" in p for p in problems), problems


def test_console_check_reports_a_logged_error(browser, site_copy):
    """A page that logs an error (as a failed fetch of versions.json did) fails the console check."""
    (site_copy / "_static" / "noisy.js").write_text("console.error('injected fault');\n", encoding="utf-8")
    page = site_copy / "book" / "guide.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</main>", '<script src="../_static/noisy.js"></script></main>', 1), encoding="utf-8")
    report = _visit_copy(browser, site_copy, "book/guide.html")
    assert any(e.startswith("error: injected fault") for e in report.console_errors()), report.console_errors()
    clean = _visit_copy(browser, site_copy, "book/intro.html")
    assert clean.console_errors() == []


def test_axe_check_reports_a_name_that_hides_the_visible_label(browser, site_copy):
    """WCAG 2.5.3 Label in Name: a button whose aria-label does not contain its visible text is serious."""
    page = site_copy / "book" / "guide.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("</main>", '<button type="button" aria-label="Search">Find a modality</button></main>', 1),
        encoding="utf-8",
    )
    with SiteServer(site_copy, files=site_files(site_copy)) as server:
        context, _refused = new_context(browser)
        try:
            page_, _report = visit(context, server.url("book/guide.html"))
            problems = serious_violations(run_axe(page_, server.url(AXE_URL_PATH)))
        finally:
            context.close()
    assert any("label-content-name-mismatch" in p and "Find a modality" in p for p in problems), problems


def test_colour_check_reports_colours_that_merge_for_some_readers():
    # Tableau's red and green: apart in normal vision, merged with deuteranopia.
    problems = palette_problems({"red": "#D62728", "green": "#2CA02C"}, "test")
    assert problems and all("(deutan)" in p for p in problems)
    # a red and a pink that merge with tritanopia only
    problems = palette_problems({"red": "#FF6666", "pink": "#FF66CC"}, "test")
    assert problems and all("(tritan)" in p for p in problems)


def test_table1_check_reports_a_missing_row_and_a_wrong_cell(built_site):
    data = built_site.data
    families = data.families.sort_values("position")["family"].astype(str)
    table = {
        "headers": [
            "Modality",
            "Drug",
            "Nanoparticle",
            "Environment",
            "Spatial resolution",
            "Tempor. res.",
            "Imaging depth",
            "Strengths",
            "Limitations",
        ],
        "bodies": [],
    }
    for family in families:
        rows = []
        for m in data.modalities[data.modalities["family"].astype(str) == family].itertuples():
            rows.append({"id": m.modality_id, "cells": [m.name] + ["?"] * 8})
        table["bodies"].append({"family": family, "rows": rows})
    dropped = table["bodies"][0]["rows"].pop()
    problems = table1_problems(table, data)
    assert f"{dropped['id']}: no row" in problems
    assert any(": drug cell lacks" in p for p in problems)


def test_contrast_is_judged_after_a_colour_fade_not_during_it(browser):
    """A colour mid-fade is neither mode's: TRANSITIONS_DONE (run by run_axe) waits until the fade is over."""
    from nanoimaging.site.screenshots import TRANSITIONS_DONE

    context, _refused = new_context(browser)
    try:
        page = context.new_page()
        page.set_content(
            "<style>p { color: rgb(0, 0, 0); transition: color 0.4s linear }"
            " .dark p { color: rgb(255, 255, 255) }</style><p>text</p>"
        )
        colour = "() => getComputedStyle(document.querySelector('p')).color"
        page.evaluate("document.documentElement.classList.add('dark')")
        assert page.evaluate(colour) != "rgb(255, 255, 255)", "no fade to wait for: the check proves nothing"
        page.evaluate(TRANSITIONS_DONE)
        assert page.evaluate(colour) == "rgb(255, 255, 255)"
    finally:
        context.close()
