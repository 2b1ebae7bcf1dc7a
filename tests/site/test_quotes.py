"""The review's quotes behind the book's claims (the {review} role), as a reader meets them.

On every page with a claim, at phone and desktop width, each quote opened by focus and
by hover lies inside the window and makes the page scroll no wider than the window,
also for claims moved into a table and a list; Escape closes a quote, the pointer can
move onto a quote without closing it, and a quote stays until it is left. The search
page's result snippets read the book's sentences without their quotes glued on, and the
search field's icon leaves the query readable. Each check has a fault test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitekit.axe import AXE_URL_PATH, run_axe, serious_violations, site_files
from sitekit.browser import new_context, visit
from sitekit.pages import html_pages
from sitekit.tabs import open_tab

WIDTHS = (400, 1280)
HEIGHT = 800

#: The box of the i-th quote of the page and the page's scroll width, once that quote is open.
QUOTE_BOX = """(i) => {
  const quote = document.querySelectorAll('.review-ref')[i].querySelector('.review-quote');
  const box = quote.getBoundingClientRect(), style = getComputedStyle(quote);
  const root = document.scrollingElement;
  return {shown: style.display !== 'none' && style.visibility !== 'hidden' && box.width > 0,
          left: box.left, right: box.right, top: box.top, bottom: box.bottom,
          scrollWidth: root.scrollWidth, width: root.clientWidth, height: innerHeight};
}"""

#: Moves claims of the page into a table (first and last column, in a scrolling container as
#: the theme wraps tables) and a list, where a reader may also meet them.
CLAIMS_IN_TABLE_AND_LIST = """() => {
  const claims = [...document.querySelectorAll('.review-claim')];
  const article = document.querySelector('article') || document.body;
  const wrap = document.createElement('div');
  wrap.className = 'pst-scrollable-table-container';
  wrap.innerHTML = '<table class="table"><tbody><tr><td></td><td>Two</td><td></td></tr></tbody></table>';
  const cells = wrap.querySelectorAll('td');
  cells[0].append(claims[0]);
  cells[2].append(claims[1]);
  const list = document.createElement('ul');
  for (const claim of claims.slice(2, 4)) { const item = document.createElement('li'); item.append(claim); list.append(item); }
  article.prepend(wrap, list);
  return claims.length;
}"""


def quote_pages(html: Path) -> list[str]:
    """The built pages that hold at least one claim."""
    return [p for p in html_pages(html) if 'class="review-claim"' in (html / p).read_text(encoding="utf-8")]


def _box(page, index: int) -> dict:
    return page.evaluate(QUOTE_BOX, index)


def box_problems(box: dict, where: str, vertical: bool = True) -> list[str]:
    """What is wrong with one open quote's box (``QUOTE_BOX``): not shown, past the window, or sideways scroll."""
    if not box["shown"]:
        return [f"{where}: the quote did not show"]
    problems = []
    if box["left"] < 0 or box["right"] > box["width"]:
        problems.append(f"{where}: quote spans x {box['left']:.0f}..{box['right']:.0f} in a {box['width']} px window")
    if vertical and (box["top"] < 0 or box["bottom"] > box["height"]):
        problems.append(f"{where}: quote spans y {box['top']:.0f}..{box['bottom']:.0f} in a {box['height']} px window")
    if box["scrollWidth"] > box["width"]:
        problems.append(f"{where}: the page scrolls sideways to {box['scrollWidth']} px")
    return problems


#: The centre of the i-th quote's mark, scrolled into the window first (at once) if the pointer could not
#: reach it there.
MARK_CENTRE = """(i) => {
  const mark = document.querySelectorAll('.review-ref')[i].querySelector('.review-mark');
  const centre = () => { const b = mark.getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2}; };
  const reached = ({x, y}) => { const hit = document.elementFromPoint(x, y); return !!hit && mark.contains(hit); };
  if (!reached(centre())) mark.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
  return centre();
}"""

#: The i-th quote of the page opened by focus: [its box (QUOTE_BOX) while focused, the centre of its mark
#: (MARK_CENTRE, which comes first)].
FOCUS_QUOTE = """(i) => {
  const centre = (MARK_CENTRE)(i);
  const mark = document.querySelectorAll('.review-ref')[i].querySelector('.review-mark');
  mark.focus();
  const box = (QUOTE_BOX)(i);
  mark.blur();
  return [box, centre];
}""".replace("QUOTE_BOX", QUOTE_BOX).replace("MARK_CENTRE", MARK_CENTRE)


def quote_problems(page, where: str, vertical: bool = True) -> list[str]:
    """Opens each quote of the open page by focus, then by hover (the pointer on its mark); the problems of
    their boxes. Four calls to the browser per quote."""
    count = page.evaluate("document.querySelectorAll('.review-ref').length")
    assert count, f"{where}: no quote on the page"
    problems = []
    for index in range(count):
        focused, centre = page.evaluate(FOCUS_QUOTE, index)
        problems += box_problems(focused, f"{where} quote {index + 1} (focus)", vertical)
        page.mouse.move(centre["x"], centre["y"])
        problems += box_problems(_box(page, index), f"{where} quote {index + 1} (hover)", vertical)
        page.mouse.move(0, 0)
    return problems


def _open(tabs, server, page_name: str, width: int = 1280, **options):
    """``page_name`` of ``server`` opened as a first visit in the kept tab for the window and ``options``
    (sitekit.tabs): these checks read the page and act within it (focus, pointer, keys)."""
    return open_tab(tabs, server, page_name, width, HEIGHT, **options)[0]


def test_every_page_with_claims_is_found(built_site):
    pages = quote_pages(built_site.html)
    assert "book/intro.html" in pages and len(pages) >= 3, pages


@pytest.mark.parametrize("width", WIDTHS)
def test_every_quote_opens_inside_the_window(tabs, server, built_site, width):
    problems, pages = [], quote_pages(built_site.html)
    assert pages, "no page with a claim of the review"
    for page_name in pages:
        page = _open(tabs, server, page_name, width)
        problems += quote_problems(page, f"{page_name} at {width} px")
    assert problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_quotes_in_a_table_and_a_list_open_inside_the_window(tabs, server, width):
    page = _open(tabs, server, "book/intro.html", width)
    assert page.evaluate(CLAIMS_IN_TABLE_AND_LIST) >= 4
    assert page.locator("td .review-ref").count() == 2 and page.locator("li .review-ref").count() >= 2
    assert quote_problems(page, f"claims in a table and a list at {width} px") == []


def _with_css(site_copy: Path, css: str) -> None:
    quotes_css = site_copy / "_static" / "quotes.css"
    quotes_css.write_text(quotes_css.read_text(encoding="utf-8") + css, encoding="utf-8")


#: The popup's former placement: at the start of its trigger, 28rem wide, ignoring the window.
OLD_PLACEMENT = """
.review-ref { position: relative; }
.review-quote { position: absolute !important; left: 0 !important; right: auto !important; top: 1.6em !important;
  width: min(28rem, 80vw) !important; max-width: none !important; margin: 0 !important; position-area: none !important; }
"""


def test_fault_quotes_placed_as_before_leave_the_window(tabs, site_copy):
    from nanoimaging.site.browser import SiteServer

    _with_css(site_copy, OLD_PLACEMENT)
    with SiteServer(site_copy) as server:
        page = _open(tabs, server, "book/intro.html", 400)
        problems = quote_problems(page, "old placement at 400 px")
    assert any("past" in p or "quote spans x" in p for p in problems), problems
    assert any("scrolls sideways" in p for p in problems), problems


def test_without_anchor_positioning_quotes_still_stay_inside_the_window(tabs, site_copy):
    """Browsers without CSS anchor positioning take the fallback: the quote spans the claim's block."""
    from nanoimaging.site.browser import SiteServer

    quotes_css = site_copy / "_static" / "quotes.css"
    text = quotes_css.read_text(encoding="utf-8")
    assert text.count("(position-area: bottom)") == 2
    quotes_css.write_text(text.replace("(position-area: bottom)", "(position-area: no-such-value)"), encoding="utf-8")
    with SiteServer(site_copy) as server:
        for width in WIDTHS:
            page = _open(tabs, server, "book/intro.html", width)
            assert page.evaluate("getComputedStyle(document.querySelector('.review-quote')).position") == "absolute"
            page.evaluate(CLAIMS_IN_TABLE_AND_LIST)
            assert quote_problems(page, f"fallback at {width} px", vertical=False) == []


# ---------------------------------------------------------------------------
# Dismissible, hoverable, persistent (WCAG 1.4.13)


def test_escape_closes_a_focused_or_hovered_quote_and_it_opens_again(tabs, server):
    page = _open(tabs, server, "book/intro.html")
    mark, quote = page.locator(".review-mark").nth(1), page.locator(".review-quote").nth(1)
    mark.focus()
    quote.wait_for(state="visible", timeout=2000)
    page.keyboard.press("Escape")
    assert not quote.is_visible(), "Escape left the focused quote open"
    assert page.evaluate("document.activeElement.classList.contains('review-mark')"), "Escape moved the focus"
    mark.blur()
    mark.focus()
    assert quote.is_visible(), "the quote did not open again on the next focus"
    mark.blur()
    mark.hover()
    assert quote.is_visible()
    page.keyboard.press("Escape")
    assert not quote.is_visible(), "Escape left the hovered quote open"
    mark.click()
    assert quote.is_visible(), "a click on the mark did not open the quote again"
    page.mouse.move(0, 0)
    page.wait_for_timeout(500)
    assert quote.is_visible(), "the quote opened by a click closed when the pointer left"
    page.keyboard.press("Escape")
    assert not quote.is_visible(), "Escape left the clicked quote open"


#: Whether the i-th quote of the page shows (a box, not hidden), once it has had ``ms`` to close (polled each
#: frame; ``ms`` = 0: now).
QUOTE_SHOWN = """async ([i, ms]) => {
  const quote = document.querySelectorAll('.review-ref')[i].querySelector('.review-quote');
  const shown = () => { const b = quote.getBoundingClientRect();
                        return b.width > 0 && b.height > 0 && quote.checkVisibility({visibilityProperty: true}); };
  const end = performance.now() + ms;
  while (shown() && performance.now() < end) await new Promise(r => requestAnimationFrame(r));
  return shown();
}"""

#: The centre of the i-th quote's box.
QUOTE_CENTRE = """(i) => { const b = document.querySelectorAll('.review-ref')[i].querySelector('.review-quote')
  .getBoundingClientRect(); return {x: b.left + b.width / 2, y: b.top + b.height / 2}; }"""


def hover_problems(page, where: str, count: int = 4) -> list[str]:
    """Moves the pointer from each of the first ``count`` marks onto its quote: the quotes that closed on the way
    (or within 1 s of its arrival), and those still open 0.4 s after it left."""
    assert page.evaluate("document.querySelectorAll('.review-ref').length") >= count, (
        f"{where}: fewer than {count} quotes"
    )
    problems = []
    for index in range(count):
        start = page.evaluate(MARK_CENTRE, index)
        page.mouse.move(start["x"], start["y"])
        box = page.evaluate(QUOTE_CENTRE, index)
        page.mouse.move(box["x"], box["y"], steps=12)
        page.wait_for_timeout(1000)  # and it persists
        if not page.evaluate(QUOTE_SHOWN, [index, 0]):
            problems.append(f"{where}: quote {index + 1} closed while the pointer moved onto it")
        page.mouse.move(0, 0)
        if page.evaluate(QUOTE_SHOWN, [index, 400]):
            problems.append(f"{where}: quote {index + 1} stayed open after the pointer left")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_the_pointer_moves_from_the_mark_onto_its_quote_and_it_stays(tabs, server, width):
    page = _open(tabs, server, "book/intro.html", width)
    assert hover_problems(page, f"{width} px") == []


def test_fault_a_quote_apart_from_its_mark_closes_on_the_way(tabs, site_copy):
    from nanoimaging.site.browser import SiteServer

    _with_css(site_copy, ".review-quote { margin-top: 6rem !important; transition: none !important; }")
    with SiteServer(site_copy) as server:
        page = _open(tabs, server, "book/intro.html")
        problems = hover_problems(page, "quote apart")
    assert any("closed while the pointer moved onto it" in p for p in problems), problems


# ---------------------------------------------------------------------------
# Accessible in both colour modes, with a quote open


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_name", ["book/intro.html", "notebooks/chooser.html"])
def test_axe_finds_nothing_serious_with_a_quote_open(tabs, server, page_name, mode):
    page = _open(tabs, server, page_name, color_scheme=mode)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    mark = page.locator(".review-mark").nth(1)
    mark.scroll_into_view_if_needed()
    mark.focus()
    assert _box(page, 1)["shown"]
    assert serious_violations(run_axe(page, server.url(AXE_URL_PATH))) == []


def test_fault_axe_finds_a_faint_quote(tabs, site_copy):
    from nanoimaging.site.browser import SiteServer

    _with_css(site_copy, ".review-quote-where { color: #d0d0d0 !important; }")
    with SiteServer(site_copy, files=site_files(site_copy)) as server:  # axe from the site: its policy allows it
        page = _open(tabs, server, "book/intro.html", color_scheme="light")
        page.locator(".review-mark").nth(1).focus()
        found = serious_violations(run_axe(page, server.url(AXE_URL_PATH)))
    assert any("color-contrast" in f and "review-quote-where" in f for f in found), found


#: How many buttons and quotes of the page print (display other than none).
PRINTED = "() => [...document.querySelectorAll('.review-mark, .review-quote')].filter(e => getComputedStyle(e).display !== 'none').length"


def _printed(browser, server) -> int:
    """How many marks and quotes of the home page print, one quote focused; in a context of its own, as the
    page's media is emulated as print (which a kept tab would keep)."""
    context, _refused = new_context(browser, viewport={"width": 1280, "height": HEIGHT})
    try:
        page, _report = visit(context, server.url("book/intro.html"))
        page.locator(".review-mark").first.focus()
        page.emulate_media(media="print")
        return page.evaluate(PRINTED)
    finally:
        context.close()


def test_print_shows_the_claims_without_buttons_or_quotes(browser, server):
    assert _printed(browser, server) == 0


def test_fault_a_quote_that_prints_is_found(browser, site_copy):
    from nanoimaging.site.browser import SiteServer

    _with_css(site_copy, "@media print { .review-ref .review-quote { display: block !important; } }")
    with SiteServer(site_copy) as server:
        assert _printed(browser, server) > 0
