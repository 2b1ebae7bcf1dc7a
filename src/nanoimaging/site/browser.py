"""A local web server and a headless Chromium, for the site tests, the screenshots and the benchmarks.

:class:`SiteServer` serves a folder on 127.0.0.1; :func:`launch` starts an installed Chromium or
Chrome through Playwright (:func:`find_chromium`; it never downloads one); :func:`local_only`
makes a browser context refuse and record every request that would leave 127.0.0.1.

>>> is_local("http://127.0.0.1:8000/book/intro.html"), is_local("https://cdn.jsdelivr.net/x.js")
(True, False)
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import re
import shutil
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: Set to a Chromium or Chrome executable to use that one.
CHROMIUM_ENV = "NANOIMAGING_CHROMIUM"
#: The names Chromium and Chrome have on the PATH.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: Where Linux and macOS install them when they are not on the PATH.
CHROMIUM_PLACES = (
    "/usr/bin/chromium",
    "/usr/lib/chromium/chromium",
    "/snap/bin/chromium",
    "/opt/google/chrome/chrome",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
#: Where Windows installs them, under a program folder.
WINDOWS_PLACES = ("Google/Chrome/Application/chrome.exe", "Chromium/Application/chrome.exe")
#: Where Playwright keeps a Chromium it installed (``playwright install chromium``), in a folder
#: ``chromium-<revision>`` of its browsers' folder: Chrome for Testing now, Chromium in older releases.
PLAYWRIGHT_EXECUTABLES = (
    "chrome-linux64/chrome",
    "chrome-linux-arm64/chrome",
    "chrome-linux/chrome",
    "chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing",
    "chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing",
    "chrome-mac/Chromium.app/Contents/MacOS/Chromium",
    "chrome-win64/chrome.exe",
    "chrome-win/chrome.exe",
)
#: What to do when no browser is found (one line).
NO_CHROMIUM = (
    f"no Chromium or Chrome found: install one (Debian/Ubuntu: apt-get install -y chromium; macOS, Windows: "
    f"Google Chrome; or .venv/bin/playwright install chromium) or set {CHROMIUM_ENV} to its executable"
)


def playwright_folders(environ: Mapping[str, str]) -> list[Path]:
    """Where Playwright keeps its browsers: ``$PLAYWRIGHT_BROWSERS_PATH``, else its folder in the user's cache
    (Linux, macOS, Windows)."""
    stated = environ.get("PLAYWRIGHT_BROWSERS_PATH", "").strip()
    if stated and stated != "0":
        return [Path(stated)]
    home = environ.get("HOME") or environ.get("USERPROFILE")
    caches = [environ.get("XDG_CACHE_HOME"), environ.get("LOCALAPPDATA")]
    if home:
        caches += [str(Path(home) / ".cache"), str(Path(home) / "Library" / "Caches")]
    return [Path(cache) / "ms-playwright" for cache in caches if cache]


def playwright_chromium(folders: Iterable[Path]) -> Path | None:
    """The newest Chromium that Playwright installed in ``folders``, or None (Playwright is never asked to get one)."""

    def revision(folder: Path) -> int:
        number = folder.name.removeprefix("chromium-")
        return int(number) if number.isdigit() else -1

    for folder in folders:
        installed = sorted((p for p in folder.glob("chromium-*") if p.is_dir()), key=revision, reverse=True)
        for place in (build / executable for build in installed for executable in PLAYWRIGHT_EXECUTABLES):
            if place.is_file():
                return place
    return None


def find_chromium(environ: Mapping[str, str] | None = None, places: Iterable[str] = CHROMIUM_PLACES) -> str | None:
    """The Chromium or Chrome to drive: ``$NANOIMAGING_CHROMIUM``, else one on the PATH, else one where it is
    usually installed (Linux, macOS, Windows), else one Playwright installed; None when there is none (or the
    variable names no file)."""
    environ = os.environ if environ is None else environ
    stated = environ.get(CHROMIUM_ENV, "").strip()
    if stated:
        return stated if Path(stated).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name, path=environ.get("PATH", ""))
        if found:
            return found
    # Windows installs them under its program folders, named by these variables.
    folders = (environ.get("PROGRAMFILES"), environ.get("PROGRAMFILES(X86)"), environ.get("LOCALAPPDATA"))
    windows = [Path(folder) / place for folder in folders if folder for place in WINDOWS_PLACES]
    installed = next((str(p) for p in [*map(Path, places), *windows] if p.is_file()), None)
    if installed:
        return installed
    playwright = playwright_chromium(playwright_folders(environ))
    return str(playwright) if playwright else None


#: The browser found on this computer (None: there is none, and :data:`NO_CHROMIUM` says how to get one).
CHROMIUM = find_chromium()
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


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files plus the server's extra headers and in-memory files; quiet."""

    server: _Server

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
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client that hung up early
            super().handle()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    extra_headers: dict[str, str]
    extra_files: dict[str, tuple[bytes, str]]
    compress: bool = False

    def gzipped(self, file: Path) -> bytes:
        """The gzip of a file as a host would send it; kept per server (a site is a few MB)."""
        cache = self.__dict__.setdefault("_gzipped", {})
        if file not in cache:
            cache[file] = gzip.compress(file.read_bytes(), compresslevel=6, mtime=0)
        return cache[file]


class SiteServer:
    """Serve ``root`` on http://127.0.0.1:<free port>/ from a background thread.

    :param headers: added to every response (e.g. ``{"Content-Security-Policy": ...}``).
    :param files: URL path -> ``(bytes, mime type)`` served from memory (e.g. a
        ``/versions.json`` that a deployed site has beside the version's folder).
    :param compress: gzip text files for clients that accept it, as web hosts do
        (GitHub Pages, say); page weights are then what readers download.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(
        self,
        root: str | Path,
        headers: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[bytes, str]] | None = None,
        compress: bool = False,
    ) -> None:
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

    def start(self) -> SiteServer:
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

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def is_local(url: str) -> bool:
    """Whether a request stays on this machine's 127.0.0.1 (or is a local file, or browser-internal: data:, blob:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "devtools", "file"):
        return True
    return parts.hostname == "127.0.0.1"


#: Every URL that may leave 127.0.0.1: all but the schemes and the host :func:`is_local` accepts
#: (it is the final judge). Playwright matches it in its driver, so a local request is never
#: paused on its way to Python and back, and a page loads as a reader's browser loads it.
MAY_LEAVE = re.compile(
    r"^(?!(?:data|blob|about|chrome|devtools|file):)(?!https?://127\.0\.0\.1(?::\d+)?(?:[/?#]|$))", re.IGNORECASE
)


def local_only(context: Any, blocked: list[str] | None = None) -> list[str]:
    """Abort every request of ``context`` (a Playwright BrowserContext) that would leave 127.0.0.1.

    Returns the list the refused URLs are appended to (``blocked`` if given). Only the
    requests :data:`MAY_LEAVE` matches are intercepted; :func:`is_local` decides.

    >>> [bool(MAY_LEAVE.match(u)) for u in ("http://127.0.0.1:8000/a.js", "http://127.0.0.1.example.org/")]
    [False, True]
    """
    refused = blocked if blocked is not None else []

    def guard(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("blockedbyclient")

    context.route(MAY_LEAVE, guard)
    return refused


def launch(playwright: Any, executable: str | None = CHROMIUM, args: Iterable[str] = CHROMIUM_ARGS) -> Any:
    """Start headless Chromium (:data:`CHROMIUM`) with Playwright's sync API: ``launch(sync_playwright().start())``."""
    if executable is None or not Path(executable).exists():
        raise FileNotFoundError(NO_CHROMIUM if executable is None else f"{executable} not found; {NO_CHROMIUM}")
    return playwright.chromium.launch(executable_path=executable, args=list(args))
