"""The search page as a reader uses it: the query stays readable, the snippets read the book.

Sphinx's search page (searchtools.js) shows under each found page a snippet of the page's
text; the hidden quotes of the {review} role must not be glued into it (_static/quotes.js
takes them out). The theme's search field, on the search page and in the Ctrl+K dialog,
shows the query's first letter clear of its magnifying glass (_static/search.css). Each
check has a fault test on a copy of the site made to fail it.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from nanoimaging.site.browser import SiteServer
from sitekit.pages import html_pages
from sitekit.tabs import open_tab

#: Queries whose words stand in claims (and in their quotes) on several pages.
QUERIES = ("heterogeneity", "PET")

#: The snippets under the search results, once the search has finished.
SNIPPETS = "() => [...document.querySelectorAll('#search-results ul.search li p.context')].map(p => p.textContent)"


def quote_texts(html: Path) -> set[str]:
    """What each quote popup of the built pages says: the quote in its marks, and where it stands."""
    found = set()
    for page in html_pages(html):
        text = (html / page).read_text(encoding="utf-8")
        for kind in ("text", "where"):
            found |= {unescape(t) for t in re.findall(rf'<span class="review-quote-{kind}">(.*?)</span>', text, re.S)}
    return found


def snippets(tabs, server, query: str) -> list[str]:
    """The result snippets the search page shows for ``query`` (read in a kept tab, sitekit.tabs)."""
    page, _report = open_tab(tabs, server, f"search.html?q={query}", height=800)
    page.wait_for_function("() => document.querySelector('.search-summary') !== null", timeout=20000)
    page.wait_for_function(
        "() => document.querySelectorAll('#search-results ul.search li').length"
        " === document.querySelectorAll('#search-results ul.search li p.context').length",
        timeout=20000,
    )
    return page.evaluate(SNIPPETS)


def snippet_problems(tabs, server, quotes: set[str]) -> list[str]:
    """Snippets, for each of :data:`QUERIES`, that hold a quote's words or where it stands."""
    assert quotes, "no quote on any page"
    problems = []
    for query in QUERIES:
        found = snippets(tabs, server, query)
        assert found, f"no snippet for {query!r}"
        for snippet in found:
            shown = " ".join(snippet.split())
            glued = [q for q in quotes if " ".join(q.split())[:60] in shown]
            if glued or re.search(r"\w\u201c", shown):
                problems.append(f"{query!r}: {shown[:160]!r} holds quote text {[g[:40] for g in glued]}")
    return problems


def test_search_snippets_read_the_book_without_its_quotes(tabs, server, built_site):
    assert snippet_problems(tabs, server, quote_texts(built_site.html)) == []


def test_fault_snippets_without_the_fix_hold_the_quotes(tabs, site_copy):
    (site_copy / "_static" / "quotes.js").write_text("", encoding="utf-8")
    with SiteServer(site_copy) as server:
        problems = snippet_problems(tabs, server, quote_texts(site_copy))
    assert problems, "the check found no quote in the snippets of a site without the fix"


#: Where the search field's magnifying glass ends and where the query's text begins (x, px).
FIELD = """(selector) => {
  const form = document.querySelector(selector);
  const icon = form.querySelector('.fa-magnifying-glass'), input = form.querySelector('input');
  const style = getComputedStyle(input), box = input.getBoundingClientRect();
  return {icon: icon.getBoundingClientRect().right,
          text: box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth),
          shown: box.width > 0 && icon.getBoundingClientRect().width > 0};
}"""


def field_problems(tabs, server) -> list[str]:
    """Search fields, on the search page and in the dialog, at both widths, whose icon covers the query (read
    in kept tabs, sitekit.tabs)."""
    problems = []
    for width in (400, 1280):
        window = {"width": width, "height": 800}
        page, _report = tabs.visit(server.url("search.html?q=PET"), viewport=window)
        fields = {"search page": page.evaluate(FIELD, ".bd-search-container form.bd-search")}
        page, _report = tabs.visit(server.url("book/intro.html"), viewport=window)
        page.locator("button.search-button__button:visible").first.click()
        page.wait_for_function("() => document.querySelector('#pst-search-dialog').open")
        fields["dialog"] = page.evaluate(FIELD, "#pst-search-dialog form.bd-search")
        for where, field in fields.items():
            assert field["shown"], f"{where} at {width} px: no search field with its icon"
            if field["text"] < field["icon"]:
                problems.append(f"{where} at {width} px: the query starts at x {field['text']:.0f}, under the icon")
    return problems


def test_the_search_field_shows_the_query_clear_of_its_icon(tabs, server):
    assert field_problems(tabs, server) == []


def test_fault_the_theme_s_search_field_covers_the_query(tabs, site_copy):
    (site_copy / "_static" / "search.css").write_text("", encoding="utf-8")
    with SiteServer(site_copy) as server:
        problems = field_problems(tabs, server)
    assert len(problems) == 4, problems
