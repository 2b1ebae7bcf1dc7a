"""The browser guard (nanoimaging.site.browser.local_only) intercepts every request that may leave 127.0.0.1.

Only what MAY_LEAVE matches reaches the guard, so a URL is_local refuses must always match it;
a local URL need not (it is let through either way) and, for speed, the common ones do not.
"""

from __future__ import annotations

import pytest

from nanoimaging.site.browser import MAY_LEAVE, is_local

LEAVING = [
    "https://cdn.jsdelivr.net/npm/vega@5",
    "http://example.org/pixel.png",
    "HTTP://EXAMPLE.ORG/",
    "http://localhost:8000/",
    "http://127.0.0.2/",
    "http://127.0.0.1.example.org/x.js",
    "http://127.0.0.10/",
    "http://[::1]:8000/",
    "ws://example.org/socket",
    "ftp://example.org/file",
    "//example.org/no-scheme",
    "chrome-extension://abc/script.js",
    "datax://example.org/",
]
STAYING = [
    "http://127.0.0.1:8000/book/intro.html",
    "http://127.0.0.1:41234/_static/vendor/vega.min.js?v=1#top",
    "http://127.0.0.1/",
    "https://127.0.0.1:8443",
    "data:image/svg+xml;base64,PHN2Zz4=",
    "blob:http://127.0.0.1:8000/1234",
    "about:blank",
    "file:///tmp/site/index.html",
]


@pytest.mark.parametrize("url", LEAVING)
def test_every_url_that_leaves_is_intercepted(url):
    assert not is_local(url)
    assert MAY_LEAVE.match(url), f"{url} would pass without the guard seeing it"


@pytest.mark.parametrize("url", STAYING)
def test_local_urls_pass_without_interception(url):
    assert is_local(url)
    assert not MAY_LEAVE.match(url)
