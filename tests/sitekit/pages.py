"""The pages of a built site: every HTML page, the pages the table of contents promises, the version."""

from __future__ import annotations

import re
from pathlib import Path

from nanoimaging.paths import REPO_ROOT


def html_pages(html_dir: Path) -> list[str]:
    """Every page of a built site, relative, with '/' (assets and sources left out)."""
    skip = {"_static", "_sources", "_downloads", "_images"}
    return sorted(
        p.relative_to(html_dir).as_posix()
        for p in html_dir.rglob("*.html")
        if not skip & set(p.relative_to(html_dir).parts)
    )


def toc_pages(root: Path = REPO_ROOT) -> list[str]:
    """The pages the table of contents promises, plus Sphinx's index, general index and search."""
    from nanoimaging.site.screenshots import site_pages

    return sorted(set(site_pages(root)) | {"index.html"})


def site_version(html_dir: Path) -> str:
    """The VERSION Sphinx wrote into documentation_options.js."""
    text = (html_dir / "_static" / "documentation_options.js").read_text(encoding="utf-8")
    match = re.search(r"VERSION:\s*'([^']*)'", text)
    return match.group(1) if match else ""


#: Pages the table of contents promises (known when the tests are collected).
TOC_PAGES = toc_pages(REPO_ROOT)


def norm(text: str) -> str:
    """``text`` with each run of whitespace made one space, and none at either end."""
    return " ".join(str(text).split())
