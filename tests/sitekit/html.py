"""Static scans of a built site's HTML: inline scripts and handlers, and resources loaded from another host."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from nanoimaging.site.browser import is_local
from sitekit.pages import html_pages


class _Scan(HTMLParser):
    """Scripts (inline and src), event-handler attributes and resource URLs of one page."""

    RESOURCE_ATTRS = {
        "script": ("src",),
        "img": ("src", "srcset"),
        "iframe": ("src",),
        "source": ("src", "srcset"),
        "audio": ("src",),
        "video": ("src", "poster"),
        "embed": ("src",),
        "object": ("data",),
        "track": ("src",),
        "input": ("src",),
    }
    LINK_RELS = {
        "stylesheet",
        "preload",
        "modulepreload",
        "prefetch",
        "icon",
        "shortcut",
        "apple-touch-icon",
        "manifest",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline_scripts: list[tuple[dict[str, str], str]] = []
        self.handlers: list[tuple[str, str, str]] = []  # (tag, attribute, code)
        self.resources: list[tuple[str, str]] = []  # (tag, url)
        self.styles: list[str] = []
        self.hrefs: list[str] = []
        self._script: dict[str, str] | None = None
        self._style = False
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        for name, value in a.items():
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name == "style" and value:
                self.styles.append(value)
        for name in self.RESOURCE_ATTRS.get(tag, ()):
            if a.get(name):
                for url in a[name].split(",") if name == "srcset" else [a[name]]:
                    self.resources.append((tag, url.strip().split(" ")[0]))
        if tag == "link" and self.LINK_RELS & set(a.get("rel", "").lower().split()):
            self.resources.append(("link", a.get("href", "")))
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "script" and not a.get("src"):
            self._script, self._buffer = a, []
        if tag == "style":
            self._style, self._buffer = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.inline_scripts.append((self._script, "".join(self._buffer)))
            self._script = None
        elif tag == "style" and self._style:
            self.styles.append("".join(self._buffer))
            self._style = False

    def handle_data(self, data: str) -> None:
        if self._script is not None or self._style:
            self._buffer.append(data)


def scan_html(text: str) -> _Scan:
    scan = _Scan()
    scan.feed(text)
    scan.close()
    return scan


#: Script types a browser runs (the chart specs are type="application/json": data, not code).
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}

#: The inline scripts and event handlers the site may hold, all written by the theme or
#: Sphinx, never by the data. Anything else inline is reported (an injected script).
ALLOWED_INLINE_SCRIPTS = (
    # pydata-sphinx-theme layout.html: the colour mode before the first paint.
    (
        r'document\.documentElement\.dataset\.mode = localStorage\.getItem\("mode"\) \|\| "\w*";\s*'
        r'document\.documentElement\.dataset\.theme = localStorage\.getItem\("theme"\) \|\| "\w*";'
    ),
    # sphinx-togglebutton (a Jupyter Book default extension): its settings.
    r"let toggleHintShow = '[^'<]*';",
    r"let toggleHintHide = '[^'<]*';",
    r"let toggleOpenOnPrint = '(true|false)';",
    r"var togglebuttonSelector = '[^'<]*';",
    # Sphinx / pydata-sphinx-theme: page name, theme version and version switcher settings.
    r"DOCUMENTATION_OPTIONS\.pagename = '[\w/.-]*';",
    r"DOCUMENTATION_OPTIONS\.search_as_you_type = (true|false);",
    (
        r"(DOCUMENTATION_OPTIONS\.(theme_version|theme_switcher_json_url|theme_switcher_version_match|"
        r"show_version_warning_banner) =\s*('[^'<]*'|true|false);\s*)+"
    ),
    # pydata-sphinx-theme search.html: focus the search field.
    r'// Activate the search field on page load\s*let searchInput = document\.querySelector\("form\.bd-search input"\);'
    r'\s*if \(searchInput\) \{\s*searchInput\.focus\(\);\s*searchInput\.select\(\);\s*console\.log\("\[PST\]: Set focus on search field\."\);\s*\}',
    # sphinx-thebe (a Jupyter Book default): the kernel name it would start. Inert without thebe.
    r"kernelName = '[\w-]*'",
)
#: Inline event handlers of sphinx-book-theme's header buttons (full screen, print).
ALLOWED_HANDLERS = (
    ("button", "onclick", "toggleFullScreen()"),
    ("button", "onclick", "window.print()"),
)


def _allowed_script(code: str) -> bool:
    code = code.strip()
    return any(re.fullmatch(pattern, code, re.S) for pattern in ALLOWED_INLINE_SCRIPTS)


def inline_code(html_dir: Path, pages: Iterable[str] | None = None) -> dict[str, list[tuple[str, str]]]:
    """Per page, its executable inline code: ``("script", code)`` and ``("onclick", code)`` items."""
    found = {}
    for page in pages if pages is not None else html_pages(html_dir):
        scan = scan_html((html_dir / page).read_text(encoding="utf-8"))
        items = [
            ("script", code) for attrs, code in scan.inline_scripts if attrs.get("type", "").lower() in EXECUTABLE_TYPES
        ]
        items += [(attr, code) for _tag, attr, code in scan.handlers]
        found[page] = items
    return found


def unexpected_inline_code(html_dir: Path, pages: Iterable[str] | None = None) -> list[str]:
    """Inline scripts and event-handler attributes that are not the theme's known ones."""
    problems = []
    allowed_handlers = {(attr, code) for _tag, attr, code in ALLOWED_HANDLERS}
    for page, items in inline_code(html_dir, pages).items():
        for kind, code in items:
            ok = _allowed_script(code) if kind == "script" else (kind, code.strip()) in allowed_handlers
            if not ok:
                problems.append(f"{page}: unexpected inline {kind}: {code.strip()[:120]!r}")
    return problems


_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)
_ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def third_party_resources(html_dir: Path) -> list[str]:
    """Scripts, stylesheets, fonts, images or frames a page or stylesheet loads from another host.

    Also URLs named inside executable inline scripts (a script that loads code from a
    CDN later, such as sphinx-thebe's THEBE_JS_URL).
    """
    problems = []
    for page in html_pages(html_dir):
        scan = scan_html((html_dir / page).read_text(encoding="utf-8"))
        for tag, url in scan.resources:
            if _ABSOLUTE.match(url) and not is_local(urljoin("http://127.0.0.1/", url)):
                problems.append(f"{page}: <{tag}> loads {url}")
        for attrs, code in scan.inline_scripts:
            if attrs.get("type", "").lower() in EXECUTABLE_TYPES:
                for url in re.findall(r"https?://[^\s'\"`]+", code):
                    problems.append(f"{page}: inline script names {url}")
        for css in scan.styles:
            for match in _CSS_URL.finditer(css):
                url = match.group(1) or match.group(2)
                if _ABSOLUTE.match(url):
                    problems.append(f"{page}: inline style loads {url}")
    for sheet in sorted(html_dir.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        for match in _CSS_URL.finditer(text):
            url = match.group(1) or match.group(2)
            if _ABSOLUTE.match(url) and not url.startswith("data:"):
                problems.append(f"{sheet.relative_to(html_dir).as_posix()}: loads {url}")
    return problems
