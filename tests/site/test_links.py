"""Every internal link and anchor of the built site resolves (LinkChecker, with its AnchorCheck plugin).

LinkChecker (PyPI ``linkchecker``) crawls the site from every page over the local test
server; URLs of other hosts are ignored, never fetched. The server answers with a
``LinkChecker`` header, LinkChecker's opt-in for a site that allows more than its
default of one request every 0.1-0.6 s to a host, so a crawl takes seconds, not minutes.
"""

from __future__ import annotations

from nanoimaging.site.browser import SiteServer
from sitekit.axe import site_files
from sitekit.links import linkcheck


def test_every_internal_link_and_anchor_resolves(built_site, tmp_path):
    with SiteServer(built_site.html, headers={"LinkChecker": "maxrate"}, files=site_files(built_site.html)) as server:
        problems, checked = linkcheck(server.base, built_site.pages, tmp_path)
    assert checked > len(built_site.pages), f"LinkChecker checked only {checked} URLs"
    assert problems == []
