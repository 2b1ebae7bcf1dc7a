"""Look at the built site as a reader does: serve it locally, open it in Chromium, take screenshots.

    make screenshots        # or: python -m nanoimaging.screenshots [HTML_DIR] [OUT_DIR]

writes ``<page>-desktop.png`` (1280 px wide) and ``<page>-phone.png`` (390 px) of the
main pages of ``_build/html`` into ``_build/screenshots/``, each once its charts drew.

The pieces are shared with the site tests (``tests/site``) and ``bench/page_weight.py``:

* :class:`SiteServer` serves a folder on 127.0.0.1 (a free port) from a thread, with
  optional response headers (a Content-Security-Policy, say);
* :func:`launch` starts Debian's Chromium (``/usr/bin/chromium``) through Playwright;
  Playwright never downloads a browser here;
* :func:`local_only` makes a browser context refuse every request that would leave
  127.0.0.1, and records it.

>>> with SiteServer("_build/html") as server:      # doctest: +SKIP
...     server.url("notebooks/table1.html")
'http://127.0.0.1:40123/notebooks/table1.html'
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import re
import sys
import threading
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import urlsplit

from .paths import REPO_ROOT

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "MAIN_PAGES",
    "WIDTHS",
    "SiteServer",
    "WAIT_FOR_CHARTS",
    "launch",
    "local_only",
    "main",
    "take_screenshots",
]

#: Debian's Chromium; Playwright drives it instead of a browser build of its own.
CHROMIUM = "/usr/bin/chromium"
#: Headless, and nothing that phones home. The host resolver rule makes every name
#: but 127.0.0.1 unresolvable, so no request can leave the machine even by mistake.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
#: File types a web host serves compressed.
COMPRESSED = {".html", ".js", ".css", ".json", ".svg", ".txt", ".map", ".ipynb", ".md", ".csv", ".xml"}
#: Page widths: a desktop and a phone (CSS pixels).
WIDTHS = {"desktop": 1280, "phone": 390}
#: The pages worth a look, relative to the site root (those that exist are taken).
MAIN_PAGES = (
    "book/intro.html",
    "notebooks/table1.html",
    "notebooks/resolution-depth.html",
    "notebooks/scales-aspects.html",
    "notebooks/evidence-map.html",
    "notebooks/non-invasive-clinical.html",
    "notebooks/optical.html",
    "notebooks/mass-spectrometry.html",
    "notebooks/chooser.html",
    "book/guide.html",
    "book/data-dictionary.html",
)
#: JavaScript predicate: every chart of the page drew (charts.js adds ``vega-drawn``)
#: or failed (``vega-failed`` on its figure). True on a page without charts.
WAIT_FOR_CHARTS = """() => [...document.querySelectorAll('.vega-chart')].every(
    el => el.classList.contains('vega-drawn') || (el.closest('figure') || el).classList.contains('vega-failed'))"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files plus the server's extra headers and in-memory files; quiet."""

    server: "_Server"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def end_headers(self) -> None:
        for name, value in self.server.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def send_head(self):  # type: ignore[override]
        path = urlsplit(self.path).path
        body = self.server.extra_files.get(path)
        if body is None and self.server.compress and "gzip" in self.headers.get("Accept-Encoding", ""):
            file = Path(self.translate_path(self.path))
            if file.is_file() and file.suffix in COMPRESSED:
                body = (self.server.gzipped(file), self.guess_type(str(file)))
                return self._send_bytes(*body, encoding="gzip")
        if body is None:
            return super().send_head()
        return self._send_bytes(*body)

    def _send_bytes(self, content: bytes, mime: str, encoding: str | None = None):
        self.send_response(200)
        self.send_header("Content-Type", mime)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        return io.BytesIO(content)

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # a client that hung up early
            pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    extra_headers: dict[str, str]
    extra_files: dict[str, tuple[bytes, str]]
    compress: bool = False

    @functools.lru_cache(maxsize=512)
    def gzipped(self, file: Path) -> bytes:
        return gzip.compress(file.read_bytes(), compresslevel=6, mtime=0)


class SiteServer:
    """Serve ``root`` on http://127.0.0.1:<free port>/ from a background thread.

    :param headers: added to every response (e.g. ``{"Content-Security-Policy": ...}``).
    :param files: URL path -> ``(bytes, mime type)`` served from memory (e.g. a
        ``/versions.json`` that a deployed site has beside the version's folder).
    :param compress: gzip text files for clients that accept it, as web hosts do
        (GitHub Pages, say); page weights are then what readers download.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, root: str | Path, headers: Mapping[str, str] | None = None,
                 files: Mapping[str, tuple[bytes, str]] | None = None, compress: bool = False) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise FileNotFoundError(f"no such folder to serve: {self.root}")
        self._server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(self.root)))
        self._server.extra_headers = dict(headers or {})
        self._server.extra_files = dict(files or {})
        self._server.compress = compress
        self._thread: threading.Thread | None = None

    @property
    def headers(self) -> dict[str, str]:
        """The extra response headers; change them between requests as needed."""
        return self._server.extra_headers

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/"

    def url(self, relative: str = "") -> str:
        return self.base + relative.lstrip("/")

    def start(self) -> "SiteServer":
        if self._thread is None:
            self._thread = threading.Thread(target=self._server.serve_forever, name="site-server", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> "SiteServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def is_local(url: str) -> bool:
    """Whether a request stays on this machine's 127.0.0.1 (or is a local file, or browser-internal: data:, blob:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "devtools", "file"):
        return True
    return parts.hostname == "127.0.0.1"


def local_only(context: Any, blocked: list[str] | None = None) -> list[str]:
    """Abort every request of ``context`` (a Playwright BrowserContext) that would leave 127.0.0.1.

    Returns the list the refused URLs are appended to (``blocked`` if given).
    """
    refused = blocked if blocked is not None else []

    def guard(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("blockedbyclient")

    context.route(re.compile(r".*"), guard)
    return refused


def launch(playwright: Any, executable: str = CHROMIUM, args: Iterable[str] = CHROMIUM_ARGS) -> Any:
    """Start headless Chromium (Debian's) with Playwright's sync API: ``launch(sync_playwright().start())``."""
    if not Path(executable).exists():
        raise FileNotFoundError(f"{executable} not found: install Debian's chromium (apt-get install -y chromium)")
    return playwright.chromium.launch(executable_path=executable, args=list(args))


def _slug(page: str) -> str:
    return page.removesuffix(".html").replace("/", "-")


def take_screenshots(html_dir: str | Path, out_dir: str | Path, pages: Iterable[str] = MAIN_PAGES,
                     widths: Mapping[str, int] = WIDTHS, timeout_ms: int = 15000, browser: Any = None) -> list[Path]:
    """Full-page PNGs of ``pages`` at each width, once the charts drew; returns the files written.

    ``browser``: a Playwright browser to use; by default Chromium is started for the call.
    """
    html_dir, out_dir = Path(html_dir), Path(out_dir)
    present = [p for p in pages if (html_dir / p).is_file()]
    if not present:
        raise FileNotFoundError(f"none of the main pages is in {html_dir}: run `make book` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own = launch(playwright)
            try:
                return take_screenshots(html_dir, out_dir, present, widths, timeout_ms, own)
            finally:
                own.close()
    written = []
    with SiteServer(html_dir) as server:
        for label, width in widths.items():
            context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
            try:
                local_only(context)
                page = context.new_page()
                for name in present:
                    page.goto(server.url(name), wait_until="load")
                    page.wait_for_function(WAIT_FOR_CHARTS, timeout=timeout_ms)
                    target = out_dir / f"{_slug(name)}-{label}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
            finally:
                context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nanoimaging.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("html_dir", nargs="?", type=Path, default=REPO_ROOT / "_build" / "html")
    parser.add_argument("out_dir", nargs="?", type=Path, default=REPO_ROOT / "_build" / "screenshots")
    args = parser.parse_args(argv)
    try:
        written = take_screenshots(args.html_dir, args.out_dir)
    except FileNotFoundError as exc:
        print(f"screenshots: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
