"""The chooser in the reader's browser: a form above the results, labelled and usable by keyboard, kept in
the URL, so that a link reproduces choose()'s answer and an invalid value falls back to any."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from nanoimaging.choose import choose
from nanoimaging.choose.vega_twin import ANY, PARAMS
from sitekit.browser import DESKTOP, PHONE, open_page
from sitekit.tabs import open_tab

# ---------------------------------------------------------------------------
# The chooser: a form above the results, kept in the URL


def _chooser_lines(page) -> list[tuple[str, str]]:
    """(modality, answer) from top to bottom, as drawn: answer texts paired with the axis label on their row.

    The narrow layout writes an answer on several lines (a ``tspan`` each): they are read as one, spaced.
    """
    drawn = page.evaluate(
        """() => { const svg = document.querySelector('figure[data-chart-name="modality-chooser"] .vega-chart svg');
           const centre = (t) => { const b = t.getBoundingClientRect(); return b.top + b.height / 2; };
           const words = (t) => { const lines = [...t.querySelectorAll('tspan')];  // a wrapped answer: a tspan a line
                                  return lines.length ? lines.map(l => l.textContent).join(' ') : t.textContent; };
           return {lines: [...svg.querySelectorAll('g.role-mark.mark-text text')].map(t => [centre(t), words(t)]),
                   labels: [...svg.querySelectorAll('g.role-axis-label text')].map(t => [centre(t), t.textContent])}; }"""
    )
    rows = []
    for y, text in sorted(drawn["lines"]):
        name = min(drawn["labels"], key=lambda label: abs(label[0] - y))[1]
        rows.append((name, text))
    return rows


def _expected(data, query: dict) -> list[tuple[str, str]]:
    keys = dict(PARAMS)
    kwargs = {}
    for key, raw in query.items():
        assert key in keys, key
        if raw in (ANY, "0", "false"):
            continue
        kwargs[key] = True if raw == "true" else (float(raw) if key in ("min_depth", "max_resolution") else raw)
    choice = choose(data, **kwargs)
    return [(f.name, f.summary) for f in choice.fits] + [(e.name, e.summary) for e in choice.excluded]


LINKS = [
    {"aspect": "drug", "scale": "tissue", "label_free": "true"},
    {"setting": "clinical", "min_depth": "0.1"},
    {"scale": "cellular", "max_resolution": "0.00001", "temporal_resolution": "fast", "non_invasive": "false"},
]


@pytest.mark.parametrize("query", LINKS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_a_chooser_link_reproduces_the_answer_of_choose(tabs, server, built_site, query):
    page, report = open_tab(tabs, server, "notebooks/chooser.html?" + urlencode(query))
    assert report.console_errors() == []
    assert _chooser_lines(page) == _expected(built_site.data, query)
    assert page.locator(".chart-notice").count() == 0


def test_the_chooser_switches_layout_with_the_window_keeping_its_inputs_and_answers(browser, server, built_site):
    query = LINKS[0]
    # In a context of its own: the window is resized, and a kept tab (sitekit.tabs) would keep the new size.
    context, page, report = open_page(browser, server, "notebooks/chooser.html?" + urlencode(query))
    chart = 'figure[data-chart-name="modality-chooser"] .vega-chart'
    try:
        for width, layout in ((PHONE, "narrow"), (DESKTOP, "wide")):
            page.set_viewport_size({"width": width, "height": 1000})
            page.wait_for_selector(f'{chart}.vega-drawn[data-layout="{layout}"]', timeout=10000)
            assert _chooser_lines(page) == _expected(built_site.data, query), layout
            menus = page.evaluate(
                "() => [...document.querySelectorAll('form.chart-controls select')].map(s => s.selectedOptions[0].text)"
            )
            assert menus[:2] == ["drug", "tissue"], menus  # what to image, scale: as the link set them
            assert all(f"{key}={value}" in page.url for key, value in query.items()), page.url
        assert report.console_errors() == []
    finally:
        context.close()


def test_an_invalid_value_in_the_link_falls_back_to_any_and_says_so(tabs, server, built_site):
    page, _report = open_tab(tabs, server, "notebooks/chooser.html?aspect=drug&scale=everywhere")
    notice = page.locator(".chart-notice")
    assert notice.count() == 1 and notice.is_visible()
    text = notice.inner_text()
    assert "everywhere" in text and "Scale" in text and "any" in text
    assert _chooser_lines(page) == _expected(built_site.data, {"aspect": "drug"})
    assert "scale=" not in page.url and "aspect=drug" in page.url, page.url


def test_the_form_sits_above_the_results_labelled_and_usable_by_keyboard(tabs, server, built_site):
    page, _report = open_tab(tabs, server, "notebooks/chooser.html")
    figure = page.locator('figure[data-chart-name="modality-chooser"]')
    form_box = figure.locator("form.chart-controls").bounding_box()
    chart_box = figure.locator(".vega-chart svg").bounding_box()
    assert form_box["y"] + form_box["height"] <= chart_box["y"] + 1, "the form is not above the chart"
    controls = page.evaluate(
        """() => [...document.querySelectorAll('form.chart-controls select, form.chart-controls input')].map(c =>
             ({name: c.name, label: c.labels && c.labels.length ? c.labels[0].innerText.trim() : ''}))"""
    )
    assert len(controls) == len(PARAMS) and all(c["label"] for c in controls), controls
    before = _chooser_lines(page)
    page.locator("form.chart-controls select").first.focus()
    page.keyboard.press("ArrowDown")  # the first menu: what to image -> drug
    page.wait_for_function("location.search.includes('aspect=drug')", timeout=5000)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('form.chart-controls') !== null")
    assert focused, "Tab left the form before its last control"
    after = _chooser_lines(page)
    assert after != before and after == _expected(built_site.data, {"aspect": "drug"})
    shared = page.url
    page, _report = open_tab(tabs, server, shared.split("/", 3)[3])
    assert _chooser_lines(page) == after, "the URL did not reproduce what the keyboard chose"
