"""Accessibility: charts have text alternatives, colours stay apart.

axe-core runs on every page of both builds, at both widths and in every colour mode, in
test_reader_view.py (injected from tests/site/vendor/axe.min.js, the npm package pinned in
package.json; a test tool, never served to readers), with every WCAG 2.0 and 2.1 A/AA
rule and axe's best practices (sitekit.axe.AXE_TAGS). Serious and critical violations
fail; no rule is turned off. Where the theme's markup broke a rule, the project
overrides its template (_templates/).

Colours: every colour scale of the charts (the explicit ranges in the chart specs, and
the legends as drawn, which covers named schemes such as "blues") is simulated for
protanopia, deuteranopia and tritanopia with the Machado et al. (2009) matrices at
full severity (coloraide's implementation), and every pair of colours of one scale
must stay at least sitekit.colour.MIN_DELTA_E_2000 apart in CIEDE2000.
"""

from __future__ import annotations

import hashlib
import json
import re

from nanoimaging.figures.theme import COVERAGE
from nanoimaging.paths import REPO_ROOT
from sitekit.axe import AXE_JS
from sitekit.charts import chart_specs
from sitekit.colour import palette_problems, spec_colour_scales


def test_charts_carry_a_text_alternative_before_and_after_drawing(built_site, visits):
    pages = [p for p in built_site.pages if 'class="vega-chart"' in (built_site.html / p).read_text(encoding="utf-8")]
    assert pages, "no chart page"
    for page in pages:
        text = (built_site.html / page).read_text(encoding="utf-8")
        for tag in re.findall(r'<div class="vega-chart"[^>]*>', text):
            assert 'role="img"' in tag and re.search(r'aria-label="[^"]{20,}"', tag), f"{page}: {tag[:120]}"
        for chart in visits(page).charts:
            assert chart["label"].strip() and chart["role"] in ("img", "graphics-document"), (page, chart["name"])


def _rgb(css: str) -> str | None:
    match = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)", css.strip())
    if not match or (match.group(4) is not None and float(match.group(4)) == 0):
        return None
    return "#" + "".join(f"{int(match.group(i)):02x}" for i in (1, 2, 3))


def test_colour_scales_stay_apart_with_colour_vision_deficiencies(built_site, visits):
    families = built_site.data.families
    problems = palette_problems(
        dict(zip(families["family"].astype(str), families["colour"].astype(str), strict=True)), "families.csv colour"
    )
    problems += palette_problems(COVERAGE, "matrices.COVERAGE")
    scales = 0
    for page, spec in chart_specs(built_site.html):
        for title, colours in spec_colour_scales(spec):
            scales += 1
            problems += palette_problems(colours, f"{page} {title}")
    assert scales, "no colour scale with an explicit range in any chart spec"
    legends = 0
    for page in built_site.pages:
        for chart in visits(page).charts:
            for legend in chart["legends"]:
                colours = {}
                for label, fill in zip(legend["labels"], legend["fills"], strict=True):
                    hex_colour = _rgb(fill)
                    if hex_colour and hex_colour not in colours.values():
                        colours[label] = hex_colour
                if len(colours) > 1:
                    legends += 1
                    problems += palette_problems(colours, f"{page} {chart['name']} legend {legend['title']!r}")
    assert legends, "no coloured legend drawn"
    assert problems == []


def test_evidence_map_circles_stand_out_from_stated_cells():
    from nanoimaging.figures.theme import CIRCLE_FILL, STATED_FILL

    assert palette_problems({"circle": CIRCLE_FILL, "stated cell": STATED_FILL}, "evidence map") == []


def test_vendored_axe_is_the_pinned_npm_version():
    pin = json.loads((REPO_ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    head = AXE_JS.read_text(encoding="utf-8")[:200]
    assert f"axe v{pin}" in head, f"tests/site/vendor/axe.min.js is not axe-core {pin}: npm ci && npm run vendor-test"
    digest = hashlib.sha256(AXE_JS.read_bytes()).hexdigest()
    versions = (AXE_JS.parent / "VERSIONS.txt").read_text(encoding="utf-8")
    assert f"axe-core {pin} " in versions and f"sha256={digest}" in versions
