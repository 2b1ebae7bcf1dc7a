"""The tiers of the test suite: which tests drive a browser, build the book or a site, or check a fork.

``make test-fast`` runs the tests that are in none of these tiers (unit, behaviour, fidelity, data,
command line, doctests); ``make test`` runs them all. The markers are given here, not by hand:

- by the fixtures a test uses (:data:`BROWSER_FIXTURES`, :data:`BUILD_FIXTURES`), so that a new
  test of the built site is in the ``build`` tier without saying so;
- by where a test is: every test under ``tests/site/`` reads a built site, and the notebooks
  (nbval) run in kernels;
- by a ``pytest.mark.build`` (or ``browser``) of its own, for a test that builds by calling the
  build itself.

A test that forgets its marker is stopped, not let through: :func:`guarded` refuses a browser
launch and a build to any test whose markers do not allow it, with the reason.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePath
from typing import Any

#: Each tier's marker and what it means (registered in pyproject.toml, where --strict-markers holds).
TIERS = {
    "browser": "drives a Chromium through Playwright",
    "build": "builds the book, a site or the PDF edition, or runs notebooks in kernels",
    "fork": "checks a student's fork: its site and its own copy of the suite",
    "notebooks": "nbval re-runs a notebook and compares its stored outputs",
}
#: The tests `make test-fast` runs: those in no tier.
FAST = " and ".join(f"not {name}" for name in TIERS)

#: Fixtures that launch a Chromium or hand out one. Those that reach it with request.getfixturevalue
#: (build_visits, versioned_site) are named too: a test's fixture closure does not show that.
BROWSER_FIXTURES = frozenset({"playwright_driver", "build_visits", "versioned_site", "pdf_edition"})
#: Fixtures that build the book, a versioned site or the PDF edition (the fixtures that serve them use these).
BUILD_FIXTURES = frozenset({"built_site", "versioned_site", "pdf_edition", "build_visits"})
#: Every test in these folders reads a built site.
BUILD_FOLDERS = ("tests/site/",)
#: Modules that check a fork.
FORK_MODULES = ("tests/site/test_fork.py",)

#: What each marker lets a test do: launch a browser, build, run a notebook's kernel.
ALLOWS = {
    "browser": {"browser"},
    "build": {"build", "kernel"},
    "fork": {"build", "kernel"},
    "notebooks": {"kernel"},
}
#: Programs that build the book or a site.
BUILDERS = {"jupyter-book", "sphinx-build"}
#: Programs that are a Chromium or Chrome (nanoimaging.site.browser.CHROMIUM_NAMES, and their files).
BROWSERS = {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "chrome.exe"}
#: Commands of `make` and of `python -m nanoimaging` that build.
BUILD_COMMANDS = {"book", "pdf", "site", "versioned-html", "screenshots", "page-weight", "bench"}


def tiers_of(nodeid: str, fixturenames: Iterable[str]) -> set[str]:
    """The tiers of a test, from its id (``path::name``) and the fixtures it uses.

    >>> sorted(tiers_of("tests/site/test_pages.py::test_x", ["built_site", "playwright_driver"]))
    ['browser', 'build']
    >>> sorted(tiers_of("tests/test_units.py::test_y", ["tmp_path"]))
    []
    """
    path = nodeid.split("::")[0]
    used = set(fixturenames)
    found = set()
    if used & BROWSER_FIXTURES:
        found.add("browser")
    if used & BUILD_FIXTURES or path.startswith(BUILD_FOLDERS):
        found.add("build")
    if path in FORK_MODULES:
        found.add("fork")
    if path.endswith(".ipynb"):
        found.add("notebooks")
    return found


def refusal(args: Any) -> str | None:
    """What a command would do that needs a tier ("build", "browser", "kernel"), or None for anything else.

    >>> refusal([".venv/bin/jupyter-book", "build", "."]), refusal("make book"), refusal(["git", "status"])
    ('build', 'build', None)
    """
    words = _words(args)
    names = [PurePath(word).name for word in words]
    # the program's command: `nanoimaging book`, `python -m nanoimaging book`, `make book`
    command = words[3:4] if words[1:3] == ["-m", "nanoimaging"] else words[1:2] if names[:1] == ["nanoimaging"] else []
    made = names[:1] == ["make"] and BUILD_COMMANDS & set(words[1:])
    if BUILDERS & set(names) or made or BUILD_COMMANDS & set(command):
        return "build"
    if names and names[0] in BROWSERS:
        return "browser"
    if "ipykernel_launcher" in names:
        return "kernel"
    return None


def _words(args: Any) -> list[str]:
    """A command's words: a list as given, a string (a shell command line) split at spaces."""
    if isinstance(args, bytes):
        args = args.decode()
    if isinstance(args, str | PurePath):
        return str(args).split()
    return [w.decode() if isinstance(w, bytes) else str(w) for w in args]


class TierError(RuntimeError):
    """A test did what its tier does not allow (it would make the fast tier slow, or need a browser)."""


def _message(action: str, what: str) -> str:
    marker = "browser" if action == "browser" else "build"
    return (
        f"this test {what} but is not marked {marker}: mark it @pytest.mark.{marker} (or use the fixture that "
        f"does it, see tests/tiers.py); `make test-fast` runs only tests without a tier"
    )


@contextlib.contextmanager
def guarded(markers: Iterable[str]) -> Iterator[None]:
    """Within it, what ``markers`` do not allow raises :class:`TierError`: launching a browser, building, kernels."""
    allowed = set().union(*(ALLOWS.get(m, set()) for m in markers))
    undo: list[Callable[[], None]] = []

    def patch(owner: Any, name: str, replacement: Any) -> None:
        before = owner.__dict__[name]
        setattr(owner, name, replacement)
        undo.append(lambda: setattr(owner, name, before))

    def checked_init(self, args, *rest, **options):
        action = refusal(args)
        if action and action not in allowed:
            what = {"build": "builds the book or a site", "browser": "starts a browser", "kernel": "runs a kernel"}
            raise TierError(_message(action, f"{what[action]} ({' '.join(_words(args))[:120]})"))
        _ORIGINALS[subprocess.Popen, "__init__"](self, args, *rest, **options)

    def refused(*_args, **_kwargs):
        raise TierError(_message("browser", "launches a browser"))

    patch(subprocess.Popen, "__init__", checked_init)
    for (owner, name), original in _ORIGINALS.items():
        if owner is not subprocess.Popen:
            patch(owner, name, original if "browser" in allowed else refused)
    try:
        yield
    finally:
        for step in reversed(undo):
            step()


def _browser_types() -> list[type]:
    """Playwright's browser types (sync and async), whose launch starts a browser; none without Playwright."""
    try:
        from playwright.async_api._generated import BrowserType as AsyncBrowserType
        from playwright.sync_api._generated import BrowserType
    except ImportError:
        return []
    return [BrowserType, AsyncBrowserType]


#: What :func:`guarded` replaces, as it was before any test ran (a guard within a guard starts from these).
_ORIGINALS = {(subprocess.Popen, "__init__"): subprocess.Popen.__init__} | {
    (owner, name): owner.__dict__[name]
    for owner in _browser_types()
    for name in ("launch", "launch_persistent_context", "connect_over_cdp")
}
