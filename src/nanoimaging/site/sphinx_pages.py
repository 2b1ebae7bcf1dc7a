"""Sphinx extension for what every page shares: version and date (from CITATION.cff), switcher, footer, downloads.

The version switcher, and the footer's link to the PDF edition, appear only in the versioned
site (``NANOIMAGING_VERSIONED=1``). The data package is zipped into
``_static/data/nanoimaging-data-<version>.zip``. Binder buttons open the repository the site is
built from (:mod:`nanoimaging.site.repository`); without one there are none.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import Any

from ..data.package import write_data_zip
from .pdf import pdf_filename
from .release import current
from .repository import find_repository

#: Where the switcher finds the list of versions, relative to a version's root folder.
VERSIONS_JSON_URL = "../versions.json"


#: Pages given the full width (no secondary sidebar): the chapters with Table 1 and charts.
WIDE_PAGES = "notebooks/*"
#: The home page opens with a figure as wide as a chart page's, so it has no contents sidebar either.
HOME_PAGE = "book/intro"

#: Set to 1 by ``make site``: this build is one version of the versioned site.
VERSIONED_ENV = "NANOIMAGING_VERSIONED"


def is_versioned() -> bool:
    """Whether this build goes into the versioned site (and so shows the version switcher)."""
    return os.environ.get(VERSIONED_ENV, "").strip() == "1"


def _footer(version: str, date: str, pdf_href: str | None = None) -> str:
    """The footer of every page; with ``pdf_href``, a link to this version's PDF edition."""
    pdf = (
        f' <a class="nanoimaging-pdf" href="{escape(pdf_href)}">Download this version as a PDF</a>.' if pdf_href else ""
    )
    return (
        f'<p class="nanoimaging-footer">Version <strong>{escape(version)}</strong> of {escape(date)}.{pdf} '
        "Table 1 and the statements transcribed here are from de Maar et al., Theranostics 2020, "
        '<a href="https://doi.org/10.7150/thno.38625">doi:10.7150/thno.38625</a> (CC BY 4.0); '
        "the code is under the MIT licence.</p>"
    )


def _configure(app: Any, config: Any) -> None:
    root = Path(app.srcdir)
    if not (root / "CITATION.cff").exists():
        return
    release = current(root)
    config.version = config.release = release.version
    options = dict(config.html_theme_options or {})
    versioned = is_versioned()
    if versioned:
        options["switcher"] = {"json_url": VERSIONS_JSON_URL, "version_match": release.version}
        options["check_switcher"] = False  # versions.json exists only in the assembled _site/
    options["extra_footer"] = _footer(release.version, release.date)
    # The chapters under notebooks/ hold Table 1 and the charts: they get the full width,
    # without the right-hand "Contents" column that covered Table 1's last columns at 1280 px.
    options["secondary_sidebar_items"] = {"book/*": ["page-toc"], WIDE_PAGES: [], HOME_PAGE: []}
    repository = find_repository(root)
    if repository.url:
        options["repository_url"] = repository.url
        options["repository_branch"] = repository.branch
        options["use_repository_button"] = True
        options["launch_buttons"] = {
            **options.get("launch_buttons", {}),
            "binderhub_url": "https://mybinder.org",
            "notebook_interface": "jupyterlab",
        }
    config.html_theme_options = options
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "auto")  # the theme expects one; empty logs a console error
    config.html_context = context
    switcher = ["version-switcher.html"] if versioned else []
    # One search box: the header's (the theme's navbar); the sidebar has none.
    config.html_sidebars = {"**": ["navbar-logo.html", *switcher, "sbt-sidebar-nav.html"]}


def _pdf_link(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """In the versioned site, the footer links to the version's PDF, relative to the page."""
    root = Path(app.srcdir)
    if not is_versioned() or app.builder.name != "html" or not (root / "CITATION.cff").exists():
        return
    release = current(root)
    href = context["pathto"](pdf_filename(release.version), 1)
    context["theme_extra_footer"] = _footer(release.version, release.date, href)


def _zip_data(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    root = Path(app.srcdir)
    write_data_zip(root, app.config.version, Path(app.outdir) / "_static" / "data")


def _drop_thebe(app: Any, config: Any) -> None:
    """Jupyter Book always loads sphinx-thebe; this book has no live-code button. Its config
    script names a third-party CDN and, added twice by Sphinx 7.4, redeclares a const: a
    SyntaxError on every page. Disconnect it."""
    for event in ("env-before-read-docs", "doctree-resolved"):
        for listener in list(app.events.listeners.get(event, [])):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                app.disconnect(listener.id)


def _page_fixes(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Sphinx 7.4 re-adds body-only scripts registered after Builder.init (prepare_writing):
    keep each once. Docutils marks citations role="doc-biblioentry" (deprecated, not a list
    item) inside role="list": axe's critical aria-required-children; make them list items."""
    scripts = context.get("script_files")
    if scripts:
        kept, seen = [], set()
        for js in scripts:
            key = (str(js.filename or ""), tuple(sorted(js.attributes.items())))
            if key not in seen:
                seen.add(key)
                kept.append(js)
        scripts[:] = kept
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _drop_thebe)
    app.connect("html-page-context", _page_fixes)
    app.connect("html-page-context", _pdf_link)
    app.connect("config-inited", _configure)
    app.connect("build-finished", _zip_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
