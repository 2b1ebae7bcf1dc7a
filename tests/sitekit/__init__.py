"""Checkers for the built website, shared by tests/site and bench/page_weight.py, one module per subject.

Everything here is plain functions over a built site (a folder of HTML), a Playwright
page, or the data package; the pytest fixtures that build, serve and open the site
are in ``tests/site/conftest.py``. Each checker returns the problems it found (an
empty list when all is well), so the fault tests can run it on a deliberately broken
copy of the site and assert that it reports the fault.

- :mod:`sitekit.build`: copying the project and building the book, a fork's site, the versioned site, the PDF;
- :mod:`sitekit.pages`: the pages of a built site;
- :mod:`sitekit.html`: static scans of the HTML (inline code, third-party resources);
- :mod:`sitekit.browser`: one visit of a page in Chromium, and hovering a chart's marks;
- :mod:`sitekit.tabs`: tabs kept from one visit to the next, each visit a first one;
- :mod:`sitekit.charts`: what the data says each chart must draw;
- :mod:`sitekit.table1`: Table 1 as the reader sees it, against the data;
- :mod:`sitekit.axe`: axe-core's accessibility rules; :mod:`sitekit.colour`: colour scales under colour-vision deficiencies;
- :mod:`sitekit.links`: LinkChecker; :mod:`sitekit.weight`: page weight;
- :mod:`sitekit.pdf`: reading the PDF edition.
"""
