"""Sphinx extension: the data chapter carries schema.org ``Dataset`` JSON-LD (:mod:`nanoimaging.data.schema_org`).

Each distribution points at the download link the chapter offers for that file, and at the package's zip.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..data.package import data_zip_name
from ..data.schema_org import package_jsonld
from .chart_html import script_json

#: The page that documents the data package (``_toc.yml``).
DATA_PAGE = "book/data-dictionary"
_DOWNLOAD = re.compile(r'href="([^"]*_downloads/[^"]+/([^"/]+))"')


def download_urls(body: str) -> dict[str, str]:
    """File name -> the page-relative URL of its download link, for every Sphinx download in ``body``.

    >>> download_urls('<a href="../_downloads/ab12/studies.csv">studies.csv</a>')
    {'studies.csv': '../_downloads/ab12/studies.csv'}
    """
    return {name: url for url, name in _DOWNLOAD.findall(body)}


def jsonld_script(ld: dict[str, Any]) -> str:
    """The ``<script type="application/ld+json">`` element (inert data; no character can close it)."""
    return f'<script type="application/ld+json">{script_json(ld)}</script>'


def _add_jsonld(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename != DATA_PAGE or app.builder.format != "html":
        return
    data_dir = Path(app.srcdir) / "data"
    depth = pagename.count("/")
    zip_url = "../" * depth + f"_static/data/{data_zip_name(app.config.version)}"
    ld = package_jsonld(data_dir, download_urls(context.get("body", "")), zip_url=zip_url)
    context["metatags"] = context.get("metatags", "") + "\n" + jsonld_script(ld)


def setup(app: Any) -> dict[str, Any]:
    app.connect("html-page-context", _add_jsonld)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
