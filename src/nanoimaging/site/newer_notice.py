"""The notice on every page of an older version: a newer version exists, and where this page is in it.

:func:`mark_versions` writes it into every version but the latest when a version is published.
It is static HTML (no script, so it works from ``file://`` and under the policy), with a relative
link to the same page in ``latest/`` or to its home, styled by ``_static/newer-version.css``.

>>> print(notice_html("0.1.0", "0.2.0", "../latest/index.html", same_page=True))  # doctest: +ELLIPSIS
<!-- newer-version-notice --><div class="newer-version" role="note">...read this page in version 0.2.0</a>...
"""

from __future__ import annotations

import html
import re
from importlib import resources
from pathlib import Path

START, END = "<!-- newer-version-notice -->", "<!-- /newer-version-notice -->"
CSS_NAME = "newer-version.css"
CSS_MARK = "<!-- newer-version-css -->"

_NOTICE = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
_CSS_LINK = re.compile(r"<link [^>]*" + re.escape(CSS_NAME) + r"[^>]*>" + re.escape(CSS_MARK))
#: Where the notice goes, first found first: at the top of the theme's article, of main, of body.
_PLACES = (
    (re.compile(r'<article class="bd-article"[^>]*>'), "after"),
    (re.compile(r"<main\b[^>]*>"), "after"),
    (re.compile(r"<body\b[^>]*>"), "after"),
)


def notice_html(version: str, latest: str, href: str, *, same_page: bool) -> str:
    """The notice for a page of ``version``, linking to ``href`` in ``latest``."""
    version, latest, href = html.escape(version), html.escape(latest), html.escape(href, quote=True)
    if same_page:
        where = f': <a href="{href}">read this page in version {latest}</a>'
    else:
        where = f', which has no page of this name: <a href="{href}">go to the home page of version {latest}</a>'
    return (
        f'{START}<div class="newer-version" role="note"><p><strong>You are reading version {version}.</strong> '
        f"The latest version is {latest}{where}.</p></div>{END}"
    )


def _without(text: str) -> str:
    return _CSS_LINK.sub("", _NOTICE.sub("", text))


def _with(text: str, notice: str, css_href: str) -> str:
    text = _without(text)
    for pattern, side in _PLACES:
        found = pattern.search(text)
        if found:
            at = found.start() if side == "before" else found.end()
            text = text[:at] + notice + text[at:]
            break
    else:
        text = notice + text
    link = f'<link rel="stylesheet" type="text/css" href="{css_href}" />{CSS_MARK}'
    head_end = text.find("</head>")
    return text[:head_end] + link + text[head_end:] if head_end >= 0 else link + text


def _pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if "_static" not in p.relative_to(folder).parts)


def _write_if_changed(page: Path, text: str, before: str) -> None:
    if text != before:
        page.write_text(text, encoding="utf-8")


def mark_versions(site: Path, names: list[str]) -> None:
    """Give every page of every version but the newest (``names[0]``) the notice; take it off the newest's.

    The links point into ``site/latest/``, which is to hold a copy of ``site/<names[0]>/``.
    """
    if not names:
        return
    latest = names[0]
    unmark(site / latest)
    css = resources.files(__package__).joinpath(CSS_NAME).read_text(encoding="utf-8")
    for name in names[1:]:
        folder = site / name
        static = folder / "_static" / CSS_NAME
        if not static.is_file() or static.read_text(encoding="utf-8") != css:
            static.parent.mkdir(parents=True, exist_ok=True)
            static.write_text(css, encoding="utf-8")
        for page in _pages(folder):
            relative = page.relative_to(folder)
            up = "../" * (len(relative.parts) - 1)
            same_page = (site / latest / relative).is_file()
            href = f"{up}../latest/" + (relative.as_posix() if same_page else "index.html")
            before = page.read_text(encoding="utf-8")
            notice = notice_html(name, latest, href, same_page=same_page)
            _write_if_changed(page, _with(before, notice, f"{up}_static/{CSS_NAME}"), before)


def unmark(folder: Path) -> None:
    """Take the notice and its stylesheet off every page of ``folder`` (the newest version)."""
    for page in _pages(folder):
        before = page.read_text(encoding="utf-8")
        _write_if_changed(page, _without(before), before)
    static = folder / "_static" / CSS_NAME
    if static.is_file():
        static.unlink()
