"""The policy a page carries (nanoimaging.site.csp), on pages made here, checked by tests/page_policy.py.

The policy of every built page is checked in tests/site/test_safety.py, in the browser in tests/site/test_pages.py.
"""

from __future__ import annotations

import page_policy
from nanoimaging.site import csp
from test_archive_zip import PAGE


def test_the_policy_allows_the_page_s_inline_code_and_nothing_else():
    page = csp.with_policy(PAGE)
    assert page_policy.policy_problems("intro.html", page) == []
    assert page.count("Content-Security-Policy") == 1
    again = csp.with_policy(page.replace("margin: 0", "margin: 1px"))  # the page rewritten: its policy anew
    assert again.count("Content-Security-Policy") == 1 and page_policy.policy_problems("intro.html", again) == []
    assert "unsafe-inline" not in page and "unsafe-eval" not in page


def test_policy_check_reports_a_hash_that_no_longer_matches():
    page = csp.with_policy(PAGE).replace("margin: 0", "margin: 1px")
    assert page_policy.policy_problems("intro.html", page) == [
        "intro.html: inline style not allowed by style-src: 'p { margin: 1px }'"
    ]


def test_a_page_without_head_gets_its_policy_first():
    page = csp.with_policy('<meta http-equiv="Refresh" content="0; url=book/intro.html" />')
    assert page.startswith('<meta http-equiv="Content-Security-Policy"')
    assert page_policy.policy_problems("index.html", page) == []
