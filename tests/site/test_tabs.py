"""A kept tab (sitekit.tabs) gives every visit a first visit's page: nothing of the visit before leaks into it."""

from __future__ import annotations

PAGE, OTHER = "book/intro.html", "book/guide.html"
STORED = "() => JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage})"


def test_what_a_visit_stored_is_gone_at_the_next_visit(tabs, server):
    page, _report = tabs.visit(server.url(PAGE), color_scheme="light")
    page.evaluate("localStorage.setItem('mode', 'dark'); sessionStorage.setItem('left', 'behind')")
    page.evaluate("document.querySelector('.theme-switch-button').click()")
    assert "behind" in page.evaluate(STORED)
    page, _report = tabs.visit(server.url(OTHER), color_scheme="light")
    assert "behind" not in page.evaluate(STORED) and "dark" not in page.evaluate(STORED)
    assert page.evaluate("document.documentElement.dataset.theme") == "light"  # the system's, as on a first visit


def test_a_visit_reports_only_its_own_console_and_requests(tabs, server):
    page, first = tabs.visit(server.url(PAGE))
    page.evaluate("console.error('left over from the first visit')")
    assert any("left over" in m["text"] for m in first.console)
    page, second = tabs.visit(server.url(OTHER))
    page.evaluate("console.error('said during the second visit')")
    assert second.requests and OTHER in second.requests[0]
    assert not any("left over" in m["text"] for m in second.console)
    assert any("second visit" in m["text"] for m in second.console)
    assert not any("second visit" in m["text"] for m in first.console)


def test_each_set_of_options_has_its_own_tab(tabs, server):
    narrow, _ = tabs.visit(server.url(PAGE), viewport={"width": 400, "height": 900})
    wide, _ = tabs.visit(server.url(PAGE), viewport={"width": 1280, "height": 900})
    assert narrow is not wide
    assert narrow.evaluate("innerWidth") == 400 and wide.evaluate("innerWidth") == 1280
    again, _ = tabs.visit(server.url(OTHER), viewport={"width": 400, "height": 900})
    assert again is narrow


def test_a_request_the_page_before_left_unfinished_is_not_the_next_visit_s(tabs, server):
    page, first = tabs.visit(server.url(PAGE))
    page.route("**/never-answered", lambda route: None)  # pending until the page is left
    try:
        page.evaluate("fetch('never-answered').catch(() => null); null")
        page.wait_for_timeout(100)
        assert any(u.endswith("never-answered") for u in first.requests)
        _page, second = tabs.visit(server.url(OTHER))
    finally:
        page.unroute("**/never-answered")
    assert not any("never-answered" in f for f in second.failed_requests + second.requests), second.failed_requests
