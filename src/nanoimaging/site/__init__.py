"""The site machinery: everything that turns the library's output into the website.

A student adding data or a chart never needs to open it, and no library layer
(refs, data, figures, choose) imports it.

- :mod:`~nanoimaging.site.book`: ``make book`` as one transaction (check, execute, build);
- :mod:`~nanoimaging.site.runner` and :mod:`~nanoimaging.site.inputs`: the checks, the stale
  notebooks, and the one input hasher that decides what is stale;
- :mod:`~nanoimaging.site.sphinx_charts`, :mod:`~nanoimaging.site.chart_html`,
  :mod:`~nanoimaging.site.sphinx_citations`, :mod:`~nanoimaging.site.sphinx_pages`:
  the Sphinx and myst-nb extensions;
- :mod:`~nanoimaging.site.vendor`, :mod:`~nanoimaging.site.page_audit`: the vendored
  chart scripts, and the check that pages load them once;
- :mod:`~nanoimaging.site.release`, :mod:`~nanoimaging.site.versioned`: versions and the versioned site;
- :mod:`~nanoimaging.site.browser`, :mod:`~nanoimaging.site.screenshots`: a local server and Chromium.
"""
