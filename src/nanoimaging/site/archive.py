"""The archival edition: one zip of every built version, their PDFs and the data package, readable from disk.

``make archive`` zips ``_site/`` and ``data/`` into ``_build/archive/nanoimaging-<version>-archive.zip``::

    nanoimaging-<version>/
      index.html          what the edition holds, with links to each version, PDF and the data
      site/<version>/     one complete site per version (and latest/), as published
      data/               the data package of the newest version

Opened from ``file://`` a page can fetch no JSON, so each page's version switcher becomes a plain
list of links (and its policy is rewritten, :mod:`.csp`), and search lists titles without snippets.
A failed build leaves the previous zip as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .csp import site_pages, with_policy
from .pdf import pdf_filename
from .versioned import versions

#: Where ``make archive`` writes, relative to the project root.
ARCHIVE_DIR = Path("_build") / "archive"

_SWITCHER = re.compile(r'<div class="version-switcher__container[^"]*">.*?</div>\s*</div>', re.S)
_SWITCHER_URL = re.compile(r"DOCUMENTATION_OPTIONS\.theme_switcher_json_url = '[^']*';\s*")
_SUMMARY = re.compile(r"SHOW_SEARCH_SUMMARY: true")
#: Sphinx's settings of the search page, in each version's folder.
OPTIONS_JS = Path("_static") / "documentation_options.js"
#: A fixed time for every entry, so that the same inputs give the same zip.
_DATE = (2020, 1, 1, 0, 0, 0)


class ArchiveError(RuntimeError):
    """The archive could not be built; the message says why. The previous zip is unchanged."""


@dataclass(frozen=True)
class Archive:
    """A zip written by :func:`build_archive`: where, its size in bytes, the versions it holds."""

    path: Path
    size: int
    versions: tuple[str, ...]


def archive_filename(version: str) -> str:
    """The zip's file name.

    >>> archive_filename("0.4.0")
    'nanoimaging-0.4.0-archive.zip'
    """
    return f"nanoimaging-{version}-archive.zip"


def version_list(page: str, here: str, names: list[str], has_page) -> str:
    """The plain list of versions that stands in for the switcher on ``page`` of version folder ``here``.

    ``has_page(version, page)`` says whether that version has the page; where not, its home.

    >>> print(version_list("book/intro.html", "0.2.0", ["0.2.0", "0.1.0"], lambda v, p: True))
    ... # doctest: +NORMALIZE_WHITESPACE
    <nav class="version-list" aria-label="Versions"><ul>
    <li><a href="../../0.2.0/book/intro.html" aria-current="page">0.2.0 (latest)</a></li>
    <li><a href="../../0.1.0/book/intro.html">0.1.0</a></li></ul></nav>
    """
    up = "../" * (page.count("/") + 1)
    items = []
    for i, name in enumerate(names):
        target = page if has_page(name, page) else "index.html"
        current = ' aria-current="page"' if name == here else ""
        label = f"{name} (latest)" if i == 0 else name
        items.append(f'<li><a href="{escape(up + name + "/" + target)}"{current}>{escape(label)}</a></li>')
    return '<nav class="version-list" aria-label="Versions"><ul>\n' + "\n".join(items) + "</ul></nav>"


def offline_page(text: str, page: str, here: str, names: list[str], has_page) -> str:
    """A versioned page as the archive holds it: a plain list of versions, no fetch, its policy anew."""
    text = _SWITCHER_URL.sub("", text)
    text = _SWITCHER.sub(lambda _m: version_list(page, here, names, has_page), text)
    return with_policy(text)


HOME_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Imaging nanomedicine across scales, archival edition {version}</title>
</head>
<body>
<h1>Imaging nanomedicine across scales: archival edition</h1>
<p>Every version of the website as published, with its PDF edition, and the data package.
Open the pages in a browser from this folder: they need no server and no network.</p>
<ul>
{items}
</ul>
<p>The data package: <a href="{data}datapackage.json">{data}datapackage.json</a> and its CSV files.</p>
</body>
</html>
"""


def _home(names: list[str], site: Path, prefix: str, data: str) -> str:
    items = []
    for i, name in enumerate(names):
        label = f"{name} (latest)" if i == 0 else name
        pdf = site / name / pdf_filename(name)
        pdf_link = f', <a href="{prefix}{name}/{pdf.name}">PDF</a>' if pdf.is_file() else ""
        items.append(f'<li><a href="{prefix}{name}/index.html">version {label}</a>{pdf_link}</li>')
    return with_policy(HOME_HTML.format(version=names[0], items="\n".join(items), data=data))


def _stage(site: Path, data: Path, folder: Path) -> list[str]:
    """Lay the edition out in ``folder``; returns the versions, newest first."""
    names = versions(site)
    if not names:
        raise ArchiveError(f"no built version in {site} (run `make site` first)")
    if not (data / "datapackage.json").is_file():
        raise ArchiveError(f"no data package in {data} (datapackage.json is missing)")
    out = folder / "site"
    # the site's own index.html sends readers to latest/, a folder: the edition writes its own
    shutil.copytree(site, out, ignore=lambda at, names: {"index.html", ".nojekyll"} if Path(at) == site else set())
    shutil.copytree(data, folder / "data")
    pages = {name: {p.relative_to(out / name).as_posix() for p in site_pages(out / name)} for name in names}

    def has_page(name: str, page: str) -> bool:
        return page in pages[name]

    for here_dir in [*names, "latest"]:
        here = names[0] if here_dir == "latest" else here_dir
        options = out / here_dir / OPTIONS_JS
        if options.is_file():
            options.write_text(_SUMMARY.sub("SHOW_SEARCH_SUMMARY: false", options.read_text("utf-8")), "utf-8")
        for path in site_pages(out / here_dir):
            page = path.relative_to(out / here_dir).as_posix()
            path.write_text(offline_page(path.read_text(encoding="utf-8"), page, here, names, has_page), "utf-8")
    (out / "index.html").write_text(_home(names, site, "", "../data/"), encoding="utf-8")
    (folder / "index.html").write_text(_home(names, site, "site/", "data/"), encoding="utf-8")
    return names


def build_archive(site: Path, data: Path, out_dir: Path) -> Archive:
    """Zip the versioned website ``site`` and the data package ``data`` into ``out_dir``.

    :class:`ArchiveError` when there is nothing to archive; on any failure the zip that
    was there stays as it was.
    """
    with tempfile.TemporaryDirectory(prefix="nanoimaging-archive-") as scratch:
        names = versions(site)
        top = f"nanoimaging-{names[0]}" if names else "nanoimaging"
        folder = Path(scratch) / top
        names = _stage(site, data, folder)
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / archive_filename(names[0])
        handle, partial = tempfile.mkstemp(prefix=target.name + ".", suffix=".partial", dir=out_dir)
        os.close(handle)
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    info = zipfile.ZipInfo(path.relative_to(folder.parent).as_posix(), _DATE)
                    info.compress_type = zipfile.ZIP_STORED if path.suffix in (".zip", ".pdf") else zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    zipped.writestr(info, path.read_bytes())
            os.chmod(partial, 0o644)  # mkstemp's file is the owner's alone; the edition is for readers
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return Archive(target, target.stat().st_size, tuple(names))
