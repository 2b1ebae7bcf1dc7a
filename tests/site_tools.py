"""Checkers for the built website, shared by tests/site and bench/page_weight.py.

Everything here is plain functions over a built site (a folder of HTML), a Playwright
page, or the data package; the pytest fixtures that build, serve and open the site
are in ``tests/site/conftest.py``. Each checker returns the problems it found (an
empty list when all is well), so the fault tests can run it on a deliberately broken
copy of the site and assert that it reports the fault.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import nanoimaging
from json_tree import dicts_in
from nanoimaging.figures.matrices import UNDERLAY
from nanoimaging.paths import REPO_ROOT
from nanoimaging.site.browser import NO_CHROMIUM as HOW_TO_GET_CHROMIUM
from nanoimaging.site.browser import is_local, local_only
from nanoimaging.site.screenshots import TRANSITIONS_DONE, WAIT_FOR_CHARTS

VENV_BIN = Path(sys.executable).parent
#: axe-core, copied from the npm package pinned in package.json (npm run vendor-test).
#: A test tool: injected into the page under test, never part of the site.
AXE_JS = REPO_ROOT / "tests" / "site" / "vendor" / "axe.min.js"

# ---------------------------------------------------------------------------
# Building a copy of the project

#: What a copy of the project leaves out: version control, environments, outputs.
COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv*",
    "_build",
    "_site",
    "node_modules",
    ".pytest_cache",
    "__pycache__",
    ".ipynb_checkpoints",
    "*.egg-info",
)


def copy_project(dest: Path, source: Path = REPO_ROOT) -> Path:
    """A snapshot of the project (sources, data, notebooks with their outputs) in ``dest``."""
    shutil.copytree(source, dest, ignore=COPY_IGNORE)
    return dest


def unexecuted_notebooks(root: Path) -> list[Path]:
    """Chapter notebooks with a code cell that was never run (no execution count)."""
    import nbformat

    from nanoimaging.site.runner import book_notebooks

    found = []
    for path in book_notebooks(root):
        nb = nbformat.read(path, as_version=4)
        if any(c.cell_type == "code" and c.source.strip() and c.get("execution_count") is None for c in nb.cells):
            found.append(path)
    return found


def execute_notebooks(root: Path, notebooks: Iterable[Path], data_dir: Path | None = None) -> None:
    """Execute ``notebooks`` of the copy at ``root`` in place, reading the data in ``data_dir``."""
    from nanoimaging.site.runner import execute

    for notebook in notebooks:
        notebook.write_text(execute(notebook, data_dir or root / "data"), encoding="utf-8")


def build_book(root: Path, data_dir: Path | None = None, timeout: int = 600) -> Path:
    """``jupyter-book build root`` (execution is off: stored outputs); returns the HTML folder."""
    env = {**os.environ, "NANOIMAGING_DATA": str(data_dir or root / "data")}
    result = subprocess.run(
        [str(VENV_BIN / "jupyter-book"), "build", str(root)],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    html = root / "_build" / "html"
    if result.returncode or not (html / "index.html").is_file():
        raise RuntimeError(
            f"jupyter-book build failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-3000:]}"
        )
    return html


# ---------------------------------------------------------------------------
# Pages of a built site


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


# ---------------------------------------------------------------------------
# Static HTML scans: inline scripts, third-party resources


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


# ---------------------------------------------------------------------------
# In the browser: one visit of a page


#: Console messages that come from the theme itself and cannot be changed from this
#: project; each with the reason. (Empty: everything seen so far has a fix here.)
THEME_CONSOLE_ALLOWLIST: tuple[tuple[str, str], ...] = ()

#: Per chart: its name, text alternative, whether it drew, and its marks by kind.
#: The drawn marks a chart shows, in CSS: every mark group but a layer that only lies under
#: another (nanoimaging.figures.matrices.UNDERLAY).
MARKS = f"g.role-mark:not(.{UNDERLAY}_marks)"

CHART_REPORT = """() => [...document.querySelectorAll('.vega-chart')].map((el, index) => {
  const figure = el.closest('figure');
  const svg = el.querySelector('svg');
  const marks = {};
  const roles = {};
  let nan = 0;
  if (svg) {
    for (const group of svg.querySelectorAll('MARKS')) {
      const kind = [...group.classList].find(c => c.startsWith('mark-')).slice(5);
      const items = [...group.children];
      marks[kind] = (marks[kind] || 0) + items.length;
      for (const item of items) {
        const role = item.getAttribute('aria-roledescription') || '';
        if (role) roles[role] = (roles[role] || 0) + 1;
        for (const attr of ['transform', 'd', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'width', 'height']) {
          if ((item.getAttribute(attr) || '').includes('NaN')) { nan += 1; break; }
        }
      }
    }
  }
  const legends = svg ? [...svg.querySelectorAll('g.role-legend')].map(legend => ({
      title: (legend.querySelector('.role-legend-title text') || {}).textContent || '',
      labels: [...legend.querySelectorAll('.role-legend-label text')].map(t => t.textContent),
      fills: [...legend.querySelectorAll('.role-legend-symbol path')].map(p => getComputedStyle(p).fill)})) : [];
  return {
    index, name: figure ? figure.dataset.chartName || '' : '',
    caption: figure ? (figure.querySelector('figcaption') || {}).textContent || '' : '',
    label: el.getAttribute('aria-label') || '', role: el.getAttribute('role') || '',
    drawn: el.classList.contains('vega-drawn'), failed: !!figure && figure.classList.contains('vega-failed'),
    svg: !!svg, marks, roles, nan, legends,
  };
})""".replace("MARKS", MARKS)


@dataclass
class PageVisit:
    """What one load of a page showed: console, errors, requests, charts."""

    url: str
    final_url: str = ""
    console: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)
    csp: list[dict] = field(default_factory=list)
    globals: dict[str, Any] = field(default_factory=dict)
    load_ms: float = 0.0

    def console_errors(self, allow: Iterable[tuple[str, str]] = THEME_CONSOLE_ALLOWLIST) -> list[str]:
        """Console errors and warnings, uncaught exceptions and failed requests, less the allowed ones.

        A 404 for /favicon.ico is the browser asking on its own (no page asks for it); it is
        tested apart (the site declares an icon) and left out here.
        """
        found = [
            f"{m['type']}: {m['text']} ({m['location']})" for m in self.console if m["type"] in ("error", "warning")
        ]
        found += [f"uncaught: {e}" for e in self.errors]
        found += [f"request failed: {r}" for r in self.failed_requests]
        found = [f for f in found if "/favicon.ico" not in f]
        patterns = [re.compile(p) for p, _why in allow]
        return [f for f in found if not any(p.search(f) for p in patterns)]

    def external_requests(self) -> list[str]:
        return sorted({u for u in self.requests + self.refused if not is_local(u)})


#: Collects Content-Security-Policy violations from the first moment of the page.
CSP_LISTENER = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push({
  directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample || '',
  source: e.sourceFile || '', line: e.lineNumber}));"""


def _refreshes(url: str) -> bool:
    """Whether the page at ``url`` (on 127.0.0.1) redirects with <meta http-equiv="refresh">."""
    import urllib.request

    if not is_local(url):
        raise ValueError(f"not a local URL: {url}")
    with urllib.request.urlopen(url, timeout=10) as response:
        head = response.read(4096).decode("utf-8", "replace")
    return bool(re.search(r'http-equiv="refresh"', head, re.I))


def visit(
    context: Any, url: str, *, timeout_ms: int = 20000, globals_: Iterable[str] = (), settle_ms: int = 0
) -> tuple[Any, PageVisit]:
    """Open ``url`` in a new page of ``context``, wait for its charts; returns (page, report).

    The caller closes the page. Requests leaving 127.0.0.1 are refused (and listed).
    """
    report = PageVisit(url)
    page = context.new_page()
    page.add_init_script(CSP_LISTENER)
    page.on(
        "console",
        lambda m: report.console.append(
            {"type": m.type, "text": m.text, "location": (m.location or {}).get("url", "")}
        ),
    )
    page.on("pageerror", lambda e: report.errors.append(str(e)))
    page.on("request", lambda r: report.requests.append(r.url))
    page.on("requestfailed", lambda r: report.failed_requests.append(f"{r.url} ({r.failure})"))
    start = time.perf_counter()
    redirects = _refreshes(url)  # index.html: a meta refresh to the first chapter
    page.goto(url, wait_until="load", timeout=timeout_ms)
    if redirects:
        page.wait_for_url(lambda now: now != url, timeout=timeout_ms)
        page.wait_for_load_state("load", timeout=timeout_ms)
    report.final_url = page.url
    try:
        page.wait_for_function(WAIT_FOR_CHARTS, timeout=timeout_ms)
    except Exception as exc:  # reported through the charts (not drawn), not raised
        report.errors.append(f"charts did not finish within {timeout_ms} ms: {exc.__class__.__name__}")
    report.load_ms = (time.perf_counter() - start) * 1000
    if settle_ms:
        page.wait_for_timeout(settle_ms)
    report.charts = page.evaluate(CHART_REPORT)
    report.csp = page.evaluate("window.__csp || []")
    for name in globals_:
        report.globals[name] = page.evaluate(
            f"typeof window[{json.dumps(name)}] === 'undefined' ? null : String(window[{json.dumps(name)}])"
        )
    return page, report


def new_context(browser: Any, **options: Any) -> tuple[Any, list[str]]:
    """A fresh browser context (no cache, no storage) that refuses requests leaving 127.0.0.1."""
    context = browser.new_context(**options)
    refused = local_only(context)
    return context, refused


# ---------------------------------------------------------------------------
# Charts: what the data says each chart must draw


def _enum(data: Any, resource: str, field_name: str) -> list[str]:
    for res in data.descriptor["resources"]:
        if res["name"] == resource:
            for f in res["schema"]["fields"]:
                if f["name"] == field_name:
                    return list(f["constraints"]["enum"])
    raise LookupError(f"{resource}.{field_name} has no enum in datapackage.json")


def evidence_cells(data: Any, aspect: str = "all", setting: str = "all") -> set[tuple[str, str]]:
    """(modality, scale) cells with at least one study of that aspect and setting ("all": any).

    Only studies imaged with their modality count, at the scales the source states.
    """
    cells = set()
    for study in data.studies.itertuples():
        if str(study.method) != "modality" or not isinstance(study.scales, str) or not study.scales:
            continue
        if setting != "all" and str(study.setting) != setting:
            continue
        if aspect != "all" and aspect not in str(study.aspects).split(";"):
            continue
        for scale in str(study.scales).split(";"):
            cells.add((str(study.modality_id), scale))
    return cells


def stated_cells(data: Any, setting: str = "all") -> set[tuple[str, str]]:
    """(modality, scale) cells where the review states the modality images (in that setting)."""
    rows = data.scales if setting == "all" else data.scales[data.scales["setting"].astype(str) == setting]
    return {(str(r.modality_id), str(r.scale)) for r in rows.itertuples()}


#: Charts checked for drawing, text alternative and positions only, with the reason
#: their mark count has no expectation here.
GENERIC_CHARTS = {
    # nanoimaging.chooser: which modalities it draws depends on the reader's inputs
    # (tests/test_chooser.py checks the selection logic).
    "modality-chooser": "interactive: its points depend on the reader's requirements",
    # nanoimaging.figures.living_flow: its bars count the living/ files (tests/living/test_flow.py).
    "living-flow": "its counts come from living/, not the data package",
}


def expected_marks(name: str, data: Any) -> dict[str, int] | None:
    """The marks a chart named ``name`` must hold, computed from the data; None if unknown.

    resolution-depth / resolution-speed[-family], overview (the home page's): one point per
    printed resolution value;
    scale-matrix[-family]: a cell per modality and scale; aspect-matrix[-family]: a cell
    per modality and aspect; evidence-map: a circle per cell with a study, a grey cell
    per stated modality and scale.
    """
    families = [str(f) for f in data.families["family"]]
    base, family = name, None
    for fam in families:
        if name.endswith("-" + fam):
            base, family = name[: -len(fam) - 1], fam
    modalities = data.modalities if family is None else data.modalities[data.modalities["family"].astype(str) == family]
    ids = set(modalities["modality_id"].astype(str))
    if base in ("resolution-depth", "resolution-speed", "overview"):
        return {"symbol": int(data.resolution["modality_id"].astype(str).isin(ids).sum())}
    if base == "scale-matrix":
        return {"rect": len(ids) * len(_enum(data, "scales", "scale"))}
    if base == "aspect-matrix":
        return {"rect": len(ids) * len(_enum(data, "approaches", "aspect"))}
    if base == "evidence-map" and family is None:  # a circle per cell, and a triangle where it counts an added study
        added = dataclasses.replace(data, studies=data.studies[data.is_added(data.studies)])
        return {"symbol": len(evidence_cells(data)) + len(evidence_cells(added)), "rect": len(stated_cells(data))}
    return None


def chart_problems(chart: Mapping[str, Any], data: Any | None = None) -> list[str]:
    """What is wrong with one chart of a :data:`CHART_REPORT`: not drawn, no marks, NaN, wrong count."""
    where = f"chart {chart['index'] + 1} ({chart['name'] or 'unnamed'})"
    if chart["failed"] or not chart["drawn"] or not chart["svg"]:
        return [f"{where}: not drawn (failed={chart['failed']}, drawn={chart['drawn']}, svg={chart['svg']})"]
    problems = []
    if not any(chart["marks"].values()):
        problems.append(f"{where}: the SVG holds no marks")
    if chart["nan"]:
        problems.append(f"{where}: {chart['nan']} mark(s) at a NaN position (a field the data does not have?)")
    if not chart["label"].strip():
        problems.append(f"{where}: no aria-label (text alternative)")
    elif " ".join(chart["label"].split()) != " ".join(chart["caption"].split()):
        problems.append(f"{where}: aria-label differs from the caption")
    if chart["role"] not in ("img", "graphics-document"):
        problems.append(f"{where}: role {chart['role']!r}, expected img (vega-embed makes it graphics-document)")
    if data is not None and chart["name"]:
        expected = expected_marks(chart["name"], data)
        for kind, count in (expected or {}).items():
            if chart["marks"].get(kind, 0) != count:
                problems.append(f"{where}: {chart['marks'].get(kind, 0)} {kind} marks, the data gives {count}")
    return problems


#: Reads the vega-tooltip box: its title and key/value rows, and whether it is shown.
READ_TOOLTIP = """() => {
  const el = document.getElementById('vg-tooltip-element');
  if (!el) return null;
  const rows = {};
  for (const tr of el.querySelectorAll('tr')) {
    const k = tr.querySelector('td.key'), v = tr.querySelector('td.value');
    if (k && v) rows[k.textContent.replace(/:$/, '')] = v.textContent;
  }
  return {visible: el.classList.contains('visible'), text: el.textContent, html: el.innerHTML, rows};
}"""


def tooltip_marks(spec: dict) -> list[str]:
    """The names of the marks of a Vega ``spec`` whose items may carry a tooltip (one not set to null).

    Vega draws each mark as a group with its name as a class; items of the other marks answer no
    hover (the evidence map's grey cells have ``tooltip: {"value": null}``).

    >>> tooltip_marks({"marks": [{"name": "cells", "encode": {"update": {"tooltip": {"value": None}}}},
    ...     {"type": "group", "marks": [{"name": "dots", "encode": {"update": {"tooltip": {"signal": "datum"}}}}]}]})
    ['dots']
    """
    names: list[str] = []
    for mark in spec.get("marks") or []:
        sets = [s for s in (mark.get("encode") or {}).values() if isinstance(s, dict) and "tooltip" in s]
        if mark.get("name") and any(s["tooltip"] != {"value": None} for s in sets):
            names.append(str(mark["name"]))
        names += tooltip_marks(mark)
    return names


def tooltip_items(specs: Iterable[dict]) -> str:
    """A selector, for :func:`hover_items`, of the items that may carry a tooltip in charts drawn from ``specs``; "" if none.

    ``specs``: the Vega specs of a page (:func:`chart_specs`), each layout's; a mark named in one
    with a tooltip is hovered in every chart of the page.
    """
    names = sorted({name for spec in specs for name in tooltip_marks(spec)})
    return ", ".join(f"{MARKS}.{name} > {shape}" for name in names for shape in ("path", "line"))


def hover_items(page: Any, chart_index: int, selector: str, limit: int = 60) -> list[dict]:
    """Move the mouse over each mark matching ``selector`` in chart ``chart_index``; the tooltips shown.

    The pointer goes to a point of the item a third of the way in from its top-left corner
    (the centre of a matrix cell holds its text label, which has no tooltip).
    """
    chart = page.locator(".vega-chart").nth(chart_index)
    chart.scroll_into_view_if_needed()
    items = chart.locator(selector)
    seen = []
    for i in range(min(items.count(), limit)):
        box = items.nth(i).bounding_box()
        if not box or box["width"] == 0:
            continue
        page.mouse.move(box["x"] + max(box["width"] / 3, 1), box["y"] + max(box["height"] / 3, 1))
        try:
            page.wait_for_function(
                "() => { const t = document.getElementById('vg-tooltip-element');"
                " return t && t.classList.contains('visible'); }",
                timeout=600,
            )
        except Exception:
            seen.append({"visible": False, "rows": {}, "text": "", "html": ""})
            continue
        seen.append(page.evaluate(READ_TOOLTIP))
        page.mouse.move(1, 1)
    return seen


# ---------------------------------------------------------------------------
# Table 1 as the reader sees it

#: Table 1 on the page: column headers and, per <tbody>, its family and rows' cell texts.
READ_TABLE1 = """() => {
  const table = document.querySelector('table.table1');
  if (!table) return null;
  return {
    headers: [...table.querySelectorAll('thead th')].map(th => th.innerText),
    bodies: [...table.querySelectorAll('tbody')].map(tb => ({
      family: tb.dataset.family || '',
      rows: [...tb.querySelectorAll('tr[data-modality]')].map(tr => ({
        id: tr.dataset.modality, cells: [...tr.children].map(c => c.innerText)})),
    })),
  };
}"""

#: Table 1 column -> what the data puts there.
TABLE1_COLUMNS = {
    "Modality": "name",
    "Drug": "drug",
    "Nanoparticle": "nanoparticle",
    "Environment": "environment",
    "Spatial resolution": "resolution",
    "Tempor": "temporal",
    "Imaging depth": "depth",
    "Strengths": "strength",
    "Limitations": "limitation",
}


def _norm(text: str) -> str:
    return " ".join(str(text).split())


def table1_cell_texts(data: Any, modality: Any) -> dict[str, list[str]]:
    """What the data package has for each Table 1 cell of one modality (a row of ``data.modalities``),
    keyed as in :data:`TABLE1_COLUMNS`: every text the table must show in that cell."""
    mid = str(modality.modality_id)
    expected: dict[str, list[str]] = {
        "name": [modality.name],
        "temporal": [str(modality.temporal_resolution).capitalize()],
        "depth": [modality.depth_label],
        "resolution": list(data.resolution[data.resolution["modality_id"].astype(str) == mid]["label"]),
    }
    for r in data.approaches[data.approaches["modality_id"].astype(str) == mid].itertuples():
        expected.setdefault(str(r.aspect), []).append(r.text)
    for r in data.assessments[data.assessments["modality_id"].astype(str) == mid].itertuples():
        expected.setdefault(str(r.kind), []).append(r.text)
    return expected


def table1_problems(table: Mapping[str, Any] | None, data: Any, family: str | None = None) -> list[str]:
    """Differences between Table 1 as shown (:data:`READ_TABLE1`) and the data package.

    Rows grouped in one <tbody data-family> per family, in the data's order; a row per
    modality; and every text the data has for a cell present in that cell.
    """
    if not table:
        return ["no table.table1 on the page"]
    problems = []
    families = data.families.sort_values("position")["family"].astype(str).tolist()
    if family is not None:
        families = [family]
    shown = [b["family"] for b in table["bodies"]]
    if shown != families:
        problems.append(f"families shown {shown}, the data has {families}")
    columns = {}
    for i, header in enumerate(table["headers"]):
        for prefix, key in TABLE1_COLUMNS.items():
            if _norm(header).startswith(prefix):
                columns[key] = i
    missing = set(TABLE1_COLUMNS.values()) - set(columns)
    if missing:
        return problems + [f"columns missing: {sorted(missing)} (headers {table['headers']})"]
    rows = {row["id"]: (body["family"], row["cells"]) for body in table["bodies"] for row in body["rows"]}
    modalities = data.modalities if family is None else data.modalities[data.modalities["family"].astype(str) == family]
    if len(rows) != len(modalities):
        problems.append(f"{len(rows)} modality rows shown, the data has {len(modalities)}")
    for m in modalities.itertuples():
        mid = str(m.modality_id)
        if mid not in rows:
            problems.append(f"{mid}: no row")
            continue
        fam, cells = rows[mid]
        if fam != str(m.family):
            problems.append(f"{mid}: in the {fam!r} block, the data says {m.family!r}")
        for key, texts in table1_cell_texts(data, m).items():
            cell = _norm(cells[columns[key]]) if columns[key] < len(cells) else ""
            for text in texts:
                if _norm(text) not in cell:
                    problems.append(f"{mid}: {key} cell lacks {text!r} (shows {cell[:80]!r})")
    return problems


# ---------------------------------------------------------------------------
# Accessibility: axe-core and colour


#: Where the test server offers axe-core (a script from the site's own origin, so that a
#: page under a Content-Security-Policy without inline scripts can still load it).
AXE_URL_PATH = "/__tests__/axe.min.js"


#: The rules axe runs: every WCAG 2.0 and 2.1 rule of levels A and AA, and axe's best practices.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")


def run_axe(page: Any, url: str | None = None, tags: Iterable[str] = AXE_TAGS) -> list[dict]:
    """axe-core's violations on the page once its colour fades are over, for the rules tagged ``tags``.

    axe is added from ``url`` (see :data:`AXE_URL_PATH`), else inline from :data:`AXE_JS`.
    The theme fades a button's colours in as the page loads and when the mode switches: a
    contrast judged mid-fade is neither mode's, so axe runs once the transitions are done.
    """
    page.evaluate(TRANSITIONS_DONE)
    if url:
        page.add_script_tag(url=url)
    else:
        page.add_script_tag(path=str(AXE_JS))
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    result = page.evaluate(f"axe.run(document, {json.dumps(options)})")
    return result["violations"]


def serious_violations(violations: Iterable[Mapping[str, Any]]) -> list[str]:
    """Serious and critical axe violations, one line per element. No rule is turned off."""
    found = []
    for v in violations:
        if v.get("impact") not in ("serious", "critical"):
            continue
        for node in v["nodes"]:
            html = node.get("html", "")
            found.append(f"{v['impact']} {v['id']}: {v['help']} at {node.get('target')}: {html[:160]}")
    return found


#: Colour-vision deficiencies simulated (Machado, Oliveira & Fernandes 2009, severity 1).
DEFICIENCIES = ("protan", "deutan", "tritan")
#: Smallest CIEDE2000 difference between two colours of one scale, after simulation.
MIN_DELTA_E_2000 = 10.0


def palette_problems(colours: Mapping[str, str], what: str, minimum: float = MIN_DELTA_E_2000) -> list[str]:
    """Pairs of ``colours`` closer than ``minimum`` (CIEDE2000) as seen with each deficiency, or as is."""
    from coloraide import Color

    problems = []
    for deficiency in (None, *DEFICIENCIES):
        seen = {}
        for name, value in colours.items():
            colour = Color(value)
            if deficiency:
                colour = colour.filter(deficiency, method="machado")
            seen[name] = colour.convert("srgb").clip()
        for (a, ca), (b, cb) in itertools.combinations(seen.items(), 2):
            distance = ca.delta_e(cb, method="2000")
            if distance < minimum:
                problems.append(
                    f"{what}: {a} ({colours[a]}) and {b} ({colours[b]}) differ by "
                    f"dE2000 {distance:.1f} < {minimum} ({deficiency or 'normal vision'})"
                )
    return problems


def spec_colour_scales(spec: Any) -> list[tuple[str, dict[str, str]]]:
    """Every colour scale with an explicit range, in a Vega-Lite spec (colour/fill/stroke encodings)
    or a compiled Vega spec (``scales`` whose range is a list of colours): (title, {domain value: colour})."""
    found = []

    def add(title: Any, scale: dict) -> None:
        colours = scale.get("range")
        if isinstance(colours, list) and len(colours) > 1 and all(isinstance(c, str) for c in colours):
            domain = scale.get("domain")
            domain = domain if isinstance(domain, list) else [str(i) for i in range(len(colours))]
            found.append((str(title), dict(zip(map(str, domain), colours, strict=False))))

    for node in dicts_in(spec):
        for channel in ("color", "fill", "stroke"):
            enc = node.get(channel)
            if isinstance(enc, dict) and isinstance(enc.get("scale"), dict):
                add(enc.get("title") or enc.get("field"), enc["scale"])
        for scale in node.get("scales", []) if isinstance(node.get("scales"), list) else []:
            if isinstance(scale, dict) and str(scale.get("name", "")) in ("color", "fill", "stroke"):
                add(scale["name"], scale)
    return found


def chart_specs(html_dir: Path) -> list[tuple[str, dict]]:
    """(page, spec) of every chart of the built site, read from its inert JSON."""
    from nanoimaging.site.page_audit import _PageScan  # the parser the audit uses

    specs = []
    for page in html_pages(html_dir):
        scan = _PageScan()
        scan.feed((html_dir / page).read_text(encoding="utf-8"))
        for raw in scan.chart_json:
            specs.append((page, json.loads(raw)))
    return specs


# ---------------------------------------------------------------------------
# Links: LinkChecker against the local server


#: LinkChecker settings: internal links only, anchors checked (its AnchorCheck plugin),
#: no robots.txt. LinkChecker waits 0.1 to 0.6 s between two requests to one host unless
#: the host answers with a ``LinkChecker`` header (a site owner's opt-in): the test
#: server sends it, and maxrequestspersecond then sets the pace.
LINKCHECKER_RC = """[checking]
threads=4
timeout=20
robotstxt=0
maxrequestspersecond=1000
[filtering]
checkextern=0
[AnchorCheck]
"""


#: LinkChecker's command, without its drop to user "nobody" when run as root: in a clone
#: under a private folder (root's home, a temporary directory) "nobody" cannot read the
#: virtual environment, and every page gave a PermissionError. It only reads this site,
#: served on 127.0.0.1 (every other URL is ignored).
LINKCHECKER_AS_IS = (
    "import sys; import linkcheck.command.linkchecker as cli; "
    "cli.drop_privileges = lambda: None; sys.argv[0] = 'linkchecker'; sys.exit(cli.linkchecker())"
)


def linkcheck(
    base: str, start_pages: Iterable[str], workdir: Path, recursion: int = -1, timeout: int = 300
) -> tuple[list[str], int]:
    """Run LinkChecker from ``start_pages`` (relative to ``base``); returns (problems, URLs checked).

    Every URL outside ``base`` is ignored (never fetched): only this site's links are
    checked. A broken link is LinkChecker's "invalid"; a missing anchor is its
    AnchorCheck warning; both are problems, as is any other warning. ``recursion``: how
    many links deep to follow from the start pages (-1: the whole site).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    rc = workdir / "linkcheckerrc"
    rc.write_text(LINKCHECKER_RC, encoding="utf-8")
    command = [
        sys.executable,
        "-c",
        LINKCHECKER_AS_IS,
        "--config",
        str(rc),
        "--no-status",
        "--verbose",
        "--output",
        "csv",
        "--ignore-url",
        "^(?!" + re.escape(base) + ")",
        "--recursion-level",
        str(recursion),
        *(base + p for p in start_pages),
    ]
    env = {**os.environ, "HOME": str(workdir)}  # no user configuration, no cookie file
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, cwd=workdir)
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    if not lines:
        return [f"linkchecker printed nothing (exit {result.returncode}): {result.stderr[-2000:]}"], 0
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    problems = []
    for row in rows:
        if row.get("valid") == "False":
            problems.append(f"broken: {row['urlname']} on {row['parentname']} line {row['line']}: {row['result']}")
        elif row.get("warningstring"):
            problems.append(
                f"warning: {row['urlname']} on {row['parentname']} line {row['line']}: {row['warningstring']}"
            )
    if result.returncode not in (0, 1):
        problems.append(f"linkchecker exited {result.returncode}: {result.stderr[-2000:]}")
    return problems, len(rows)


# ---------------------------------------------------------------------------
# Page weight


#: Records when the last chart of the page drew (performance.now(), ms).
CHART_TIMER = """window.__chartsDrawnAt = null;
new MutationObserver((_, observer) => {
  const charts = document.querySelectorAll('.vega-chart');
  if (charts.length && [...charts].every(c => c.classList.contains('vega-drawn'))) {
    window.__chartsDrawnAt = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['class']});"""

#: Bytes over the wire (headers included) for the document and everything it loaded.
TRANSFER = """() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return {bytes: entries.reduce((n, e) => n + (e.transferSize || 0), 0),
          body: entries.reduce((n, e) => n + (e.encodedBodySize || 0), 0),
          requests: entries.length, charts: document.querySelectorAll('.vega-chart').length,
          drawnAt: window.__chartsDrawnAt};
}"""


def page_weight(browser: Any, url: str, timeout_ms: int = 20000) -> dict[str, Any]:
    """Bytes transferred and time until every chart drew, for one cold load of ``url``."""
    context, _refused = new_context(browser)
    try:
        page = context.new_page()
        page.add_init_script(CHART_TIMER)
        page.goto(url, wait_until="load", timeout=timeout_ms)
        page.wait_for_function(WAIT_FOR_CHARTS, timeout=timeout_ms)
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
        return page.evaluate(TRANSFER)
    finally:
        context.close()


#: Budget: a chart page transfers at most this much, gzipped (issue 14's goal; bench/page_weight.py
#: reports every page against it, and the time until the charts drew).
PAGE_BYTES_BUDGET = 0.5 * 1024 * 1024


# ---------------------------------------------------------------------------
# The site under test: a built copy of the project

#: Pages the table of contents promises (known when the tests are collected).
TOC_PAGES = toc_pages(REPO_ROOT)
NO_CHROMIUM = f"browser tests need a Chromium: {HOW_TO_GET_CHROMIUM}"


@dataclass
class BuiltSite:
    root: Path  # the project copy the site was built from
    html: Path  # its _build/html
    data: Any  # nanoimaging.load() of the copy's data
    seconds: float = 0.0  # how long copying, executing and building took
    executed: list[str] = field(default_factory=list)

    @property
    def pages(self) -> list[str]:
        return html_pages(self.html)


def build_site_copy(dest: Path, *, fork: bool = True) -> BuiltSite:
    """Copy the project into ``dest``, add what a student's fork adds (tests/fork.py), and ``make book`` there.

    The site tests check this site: whatever the data holds must show, the fork's
    additions marked as added. ``make book`` runs in the copy with the copy's own
    package (fork_env), executes the notebooks whose inputs changed and builds with
    warnings as errors, as a student's fork would.
    """
    from fork import add_to_fork, run_in

    start = time.perf_counter()
    root = copy_project(dest / "project")
    additions = add_to_fork(root) if fork else None
    run_in(root, "book")
    site = BuiltSite(root, root / "_build" / "html", nanoimaging.load(root / "data"), time.perf_counter() - start)
    site.additions = additions
    return site


def site_files(html: Path | None = None) -> dict[str, tuple[bytes, str]]:
    """What the test server adds to a built site: axe-core (a test tool, never part of the site)."""
    return {AXE_URL_PATH: (AXE_JS.read_bytes(), "text/javascript")}


def build_versioned_site(
    root: Path, site: Path, data_dir: Path | None = None, timeout: int = 600, pdf: Path | None = None
) -> tuple[Path, str]:
    """What ``make site`` does, for the project copy at ``root``: build with the version switcher
    (NANOIMAGING_VERSIONED=1) apart from the plain build, and publish it into ``site`` with the
    PDF edition ``pdf`` (built by ``nanoimaging pdf``; every page links to it).

    Returns (``site``, the version); the version's pages are under ``site/<version>/``.
    """
    from fork import fork_env
    from nanoimaging.site import versioned

    env = {**fork_env(root), "NANOIMAGING_VERSIONED": "1"}
    out = root / "_build" / "versioned"
    result = subprocess.run(
        [str(VENV_BIN / "jupyter-book"), "build", str(root), "--path-output", str(out)],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    html = out / "_build" / "html"
    if result.returncode or not (html / "index.html").is_file():
        raise RuntimeError(
            f"versioned build failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-3000:]}"
        )
    names = versioned.publish(html, site, site_version(html), pdf=pdf)
    return site, names[0]


# ---------------------------------------------------------------------------
# The PDF edition (make pdf): reading what Chromium printed, with pypdf


def build_pdf_copy(root: Path, target: Path) -> Path:
    """``nanoimaging pdf --output target`` in the project copy at ``root`` (after its ``make book``)."""
    from fork import run_in

    run_in(root, "pdf", "--output", str(target))
    return target


def pdf_key(text: str) -> str:
    """Text as compared with a PDF's extracted text: compatibility forms (the "ﬁ" ligature is
    "fi"), and no whitespace or soft hyphen, since a narrow column breaks lines (and words) anywhere.

    >>> pdf_key("Speciﬁc  radio-\\ntracers\\u00ad")
    'Specificradio-tracers'
    """
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", str(text)).replace("\u00ad", "").split())


def chapter_title(html_dir: Path, file: str) -> str:
    """The title of a chapter of the built site (``file`` as _toc.yml writes it), from its <title>."""
    import html as html_module

    text = (html_dir / f"{file}.html").read_text(encoding="utf-8")
    match = re.search(r"<title>(.*?)</title>", text, re.S)
    title = html_module.unescape(match.group(1)) if match else ""
    return _norm(title.rpartition(" \u2014 ")[0] or title)


def outline_pages(reader: Any) -> list[tuple[int, str, int]]:
    """The outline of a pypdf reader as (depth, title, 0-based page), in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, _norm(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def chapter_page_range(reader: Any, title: str) -> range:
    """The pages of the chapter whose bookmark is ``title``: up to the next bookmark at its depth or above."""
    outline = outline_pages(reader)
    for index, (depth, name, first) in enumerate(outline):
        if name == title:
            following = [page for d, _n, page in outline[index + 1 :] if d <= depth]
            return range(first, following[0] + 1 if following else len(reader.pages))
    raise LookupError(f"no bookmark {title!r}")


#: Operators that paint a path (stroke, fill, both) in a PDF content stream.
PATH_PAINTING = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
#: Operators that construct a path (move, line, curve, rectangle).
PATH_CONSTRUCTION = {b"m", b"l", b"c", b"v", b"y", b"re"}


def vector_operators(page: Any) -> dict[str, int]:
    """How often a PDF page constructs and paints paths, counted in its content stream and in the
    form XObjects it draws (vector content), and how many image XObjects it draws (raster)."""
    from pypdf.generic import ContentStream

    counts = {"construct": 0, "paint": 0, "images": 0}

    def scan(contents: Any, resources: Any, pdf: Any, seen: set[int]) -> None:
        xobjects = (resources or {}).get("/XObject") or {}
        for operands, operator in ContentStream(contents, pdf).operations:
            if operator in PATH_CONSTRUCTION:
                counts["construct"] += 1
            elif operator in PATH_PAINTING:
                counts["paint"] += 1
            elif operator == b"Do" and operands and operands[0] in xobjects:
                xobject = xobjects[operands[0]].get_object()
                if xobject.get("/Subtype") == "/Image":
                    counts["images"] += 1
                elif xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
                    seen.add(id(xobject))
                    scan(xobject, xobject.get("/Resources"), pdf, seen)

    scan(page.get_contents(), page.get("/Resources"), page.pdf, set())
    return counts
