"""The Content-Security-Policy every page carries, in a ``<meta http-equiv>`` element of its own.

The policy allows everything from the site itself, no ``eval``, and inline code only by the
SHA-256 hash of the code the written page holds (:func:`apply_policy` runs after Sphinx wrote
every page), so injected inline code is refused. It works from ``file://`` too, and names none
of the directives a meta policy ignores.

>>> for directive in policy_for('<script>var a = 1;</script><p style="color: red">x</p>').split("; ")[:3]:
...     print(directive)
default-src 'self'
script-src 'self' 'sha256-+dZ6udsWxNVoGfScAq7t5IIF5UJb4F6RhjbN6oe1p4w='
style-src 'self' 'unsafe-hashes' 'sha256-NerDAUWfwD31YdZHveMrq0GLjsNFMwxLpZl0dPUeCcw='
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path

#: Script types a browser runs; a ``<script type="application/json">`` (a chart's spec) is data.
EXECUTABLE_TYPES = frozenset({"", "text/javascript", "application/javascript", "module", "text/ecmascript"})

#: Folders of a built site that hold no pages (template fragments, copied sources).
NOT_PAGES = ("_static", "_sources", "_downloads", "_images")

_META = re.compile(r'[ \t]*<meta http-equiv="Content-Security-Policy"[^>]*>\n?', re.I)
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.I)


@dataclass
class InlineCode:
    """A page's inline code as the browser hashes it: element texts and attribute values."""

    scripts: list[str] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    style_attributes: list[str] = field(default_factory=list)


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found = InlineCode()
        self._open: str | None = None  # "script" (executable, no src), "style", or None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.handlers.append(value)
            elif name == "style":
                self.found.style_attributes.append(value)
        if tag == "script" and "src" not in values and values.get("type", "").strip().lower() in EXECUTABLE_TYPES:
            self._open, self._text = "script", []
        elif tag == "style":
            self._open, self._text = "style", []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._open = None

    def handle_endtag(self, tag: str) -> None:
        if self._open == tag:
            (self.found.scripts if tag == "script" else self.found.styles).append("".join(self._text))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    # Inside <script> and <style> the parser hands over raw text; elsewhere references are not code.
    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")


def inline_code(text: str) -> InlineCode:
    """The inline scripts, event handlers, style elements and style attributes of an HTML page."""
    finder = _Finder()
    finder.feed(text)
    finder.close()
    return finder.found


def source_hash(code: str) -> str:
    """The CSP source expression that allows exactly ``code`` (its UTF-8 bytes' SHA-256).

    >>> source_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def _sources(elements: list[str], attributes: list[str]) -> str:
    hashes = sorted({source_hash(code) for code in elements + attributes})
    return " ".join(["'self'", *(["'unsafe-hashes'"] if attributes else []), *hashes])


def policy_for(text: str) -> str:
    """The policy of a page: the site's own files, and the page's inline code by hash."""
    found = inline_code(_META.sub("", text))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + _sources(found.scripts, found.handlers),
            "style-src " + _sources(found.styles, found.style_attributes),
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "media-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def with_policy(text: str) -> str:
    """``text`` with its policy in a meta element right after ``<meta charset>`` or ``<head>`` (else first).

    A policy the page held already is replaced.
    """
    text = _META.sub("", text)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{escape(policy_for(text), quote=False)}">'
    anchor = _CHARSET.search(text) or _HEAD.search(text)
    if anchor is None:
        return meta + "\n" + text
    return text[: anchor.end()] + "\n" + meta + text[anchor.end() :]


def site_pages(folder: Path) -> list[Path]:
    """The HTML pages of a built site (not the fragments under ``_static/`` and the like)."""
    return sorted(
        p for p in folder.rglob("*.html") if not any(part in NOT_PAGES for part in p.relative_to(folder).parts)
    )


def apply_policy(folder: Path) -> list[Path]:
    """Give every page of the built site ``folder`` its policy; returns the pages."""
    pages = site_pages(folder)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        new = with_policy(text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    return pages
