"""The notice on an older version's pages, in a browser, on two published versions of the built book.

The versioned build (the `versioned_site` fixture) is published twice into one site: as its
own version, and as the next major version without one page (book/guide.html), so that an
old page has its counterpart in latest/ and another has none. Each old page is looked at
at both widths in both colour modes: the notice is shown, in the page's flow, covered by
nothing, inside the viewport, with no serious axe violation (contrast included); its link
leads to latest/ over http and from file://; the latest version shows no notice.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nanoimaging.site import versioned
from nanoimaging.site.browser import SiteServer
from nanoimaging.site.screenshots import TRANSITIONS_DONE
from notice_check import notice_problems, pages
from sitekit.axe import AXE_TAGS, AXE_URL_PATH, serious_violations, site_files
from sitekit.browser import new_context

GONE = "book/guide.html"
KEPT = "notebooks/table1.html"

#: What a reader sees of the notice, as problems: shown, in the flow, inside the viewport, covered by nothing.
NOTICE_VIEW = """() => {
  const el = document.querySelector('.newer-version');
  if (!el) return ['no notice on the page'];
  const problems = [];
  const style = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  if (style.display === 'none' || style.visibility !== 'visible' || r.width < 1 || r.height < 1)
    problems.push('the notice is not shown');
  if (!['static', 'relative'].includes(style.position)) problems.push(`the notice is ${style.position}: it may cover text`);
  if (r.left < 0 || r.right > document.documentElement.clientWidth + 0.5)
    problems.push(`the notice runs outside the viewport (${Math.round(r.left)} to ${Math.round(r.right)} px)`);
  for (const [fx, fy] of [[0.03, 0.5], [0.5, 0.5], [0.97, 0.5], [0.5, 0.15], [0.5, 0.85]]) {
    const x = r.left + fx * r.width, y = r.top + fy * r.height;
    const top = document.elementFromPoint(x, y);
    if (!top || !el.contains(top))
      problems.push(`at (${Math.round(x)}, ${Math.round(y)}) the reader sees ${top ? top.tagName + '.' + top.className : 'nothing'}, not the notice`);
  }
  return problems;
}"""


def notice_axe(page) -> list[str]:
    """axe's serious and critical violations within the notice (contrast among them), once colours settle."""
    page.evaluate(TRANSITIONS_DONE)
    page.add_script_tag(url=AXE_URL_PATH)
    options = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}
    return serious_violations(page.evaluate(f"axe.run('.newer-version', {json.dumps(options)})")["violations"])


@pytest.fixture(scope="module")
def two_versions(versioned_site, tmp_path_factory) -> tuple[Path, str, str]:
    """(the site, the older version, the newer version): the built version published as both."""
    site, version = versioned_site
    old = version
    new = f"{int(version.split('.')[0]) + 1}.0.0"
    out = tmp_path_factory.mktemp("two-versions") / "_site"
    versioned.publish(site / version, out, old)
    newer = tmp_path_factory.mktemp("newer-build") / "html"
    shutil.copytree(site / version, newer)
    (newer / GONE).unlink()
    versioned.publish(newer, out, new)
    return out, old, new


@pytest.fixture(scope="module")
def two_versions_server(two_versions):
    site, old, _new = two_versions
    with SiteServer(site, files=site_files()) as srv:
        yield srv


def test_every_old_page_has_the_notice_and_the_latest_none(two_versions):
    site, old, new = two_versions
    assert len(pages(site / old)) > 5 and (site / old / GONE).is_file() and not (site / new / GONE).exists()
    assert [e["version"] for e in json.loads((site / "versions.json").read_text())] == [new, old]
    assert notice_problems(site) == []


@pytest.mark.parametrize("width", [400, 1280])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_notice_is_seen_whole_and_readable(tabs, two_versions, two_versions_server, width, mode):
    _site, old, new = two_versions
    problems = []
    for page_name in (KEPT, GONE):
        url = two_versions_server.url(f"{old}/{page_name}")
        page, report = tabs.visit(url, viewport={"width": width, "height": 900}, color_scheme=mode)
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        problems += [f"{page_name}: {p}" for p in page.evaluate(NOTICE_VIEW)]
        note = page.get_by_role("note")
        assert note.count() == 1 and f"latest version is {new}" in note.inner_text(), page_name
        # the page's own errors, read before axe runs: axe's inline styles are the test's, refused by the page's policy
        problems += [f"{page_name}: {e}" for e in report.console_errors() + report.refused]
        problems += [f"{page_name}: {v}" for v in notice_axe(page)]
    assert problems == []


@pytest.mark.parametrize("over", ["http", "file"])
def test_the_notice_leads_to_the_same_page_in_latest_or_to_its_home(browser, two_versions, two_versions_server, over):
    site, old, _new = two_versions
    arrived = {}
    for page_name in (KEPT, GONE):
        url = two_versions_server.url(f"{old}/{page_name}") if over == "http" else (site / old / page_name).as_uri()
        context, _refused = new_context(browser)
        try:
            page = context.new_page()
            page.goto(url, wait_until="load")
            page.get_by_role("note").get_by_role("link").click()
            page.wait_for_load_state("load")
            arrived[page_name] = (page.url, page.locator(".newer-version").count())
        finally:
            context.close()
    assert arrived[KEPT][0].endswith(f"/latest/{KEPT}") and arrived[KEPT][1] == 0, arrived
    assert "/latest/" in arrived[GONE][0] and arrived[GONE][1] == 0, arrived  # latest's home (it may redirect)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (".newer-version { display: none; }", "not shown"),
        (".newer-version { position: absolute; top: 0; left: 0; }", "may cover text"),
        (".newer-version { width: 1600px; }", "outside the viewport"),
        (".newer-version { margin-top: -400px; }", "not the notice"),
    ],
)
def test_a_notice_hidden_covered_or_too_wide_is_found(browser, two_versions, tmp_path, rule, expected):
    """The view check, on a copy of the old version whose notice stylesheet was made to fail it."""
    site, old, _new = two_versions
    broken = Path(shutil.copytree(site / old, tmp_path / old))
    css = broken / "_static" / "newer-version.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n" + rule + "\n", encoding="utf-8")
    context, _refused = new_context(browser, viewport={"width": 400, "height": 900})
    try:
        page = context.new_page()
        page.goto((broken / KEPT).as_uri(), wait_until="load")
        problems = page.evaluate(NOTICE_VIEW)
    finally:
        context.close()
    assert any(expected in p for p in problems), problems


def test_a_notice_too_faint_to_read_fails_axe(browser, two_versions, two_versions_server, tmp_path):
    """The contrast check, on the old version's stylesheet made faint (restored afterwards)."""
    site, old, _new = two_versions
    css = site / old / "_static" / "newer-version.css"
    kept = css.read_text(encoding="utf-8")
    css.write_text(kept + "\n.newer-version, .newer-version a { color: #b0b0b0; background: #c8c8c8; }\n", "utf-8")
    context, _refused = new_context(browser, color_scheme="light")
    try:
        page = context.new_page()
        page.goto(two_versions_server.url(f"{old}/{KEPT}"), wait_until="load")
        found = notice_axe(page)
    finally:
        context.close()
        css.write_text(kept, encoding="utf-8")
    assert any("color-contrast" in v for v in found), found
