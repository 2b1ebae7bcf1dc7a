"""Fixtures for the website tests: one built site, one server, one browser per session.

The site is built once, from a snapshot of the project copied into a temporary folder
(others may be editing the work tree meanwhile) to which tests/fork.py adds what a
student's fork adds (a study, the MPI modality, a family): ``make book`` runs there, so
every site test checks that whatever the data holds shows, and the additions are marked.

Under pytest-xdist (``make test`` runs two workers) the site and the versioned site are
still built once per run: the first worker to need one builds it under a lock in the
run's shared temporary folder, the others wait and reuse it (:func:`once_per_run`). Each
worker has its own server and browser. Each page of each build is visited (loaded, and
checked by axe) once per run the same way: the page tests and the accessibility tests,
often on two workers, read the same report.

``NANOIMAGING_TEST_SITE=_build/html`` reuses an HTML folder that is already built
(faster while working on the tests; the data compared with is then the repository's).

Browser tests use Debian's Chromium through Playwright and are skipped, with the
reason, where no Chromium is found (nanoimaging.site.browser.find_chromium). No request leaves 127.0.0.1: the server
listens there, Chromium resolves no other host name, and every browser context
refuses (and records) any request to another host.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

import nanoimaging
from nanoimaging.paths import REPO_ROOT
from nanoimaging.site.browser import CHROMIUM, SiteServer, launch
from reader_view import ReaderViews
from sitekit.axe import site_files
from sitekit.browser import NO_CHROMIUM, PageVisit
from sitekit.build import BuiltSite, build_pdf_copy, build_site_copy, build_versioned_site
from sitekit.tabs import Tabs


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], dict]) -> dict:
    """``build(folder)`` once per test run, whichever xdist worker asks first; its JSON result.

    For the site builds, and for each page visit (:class:`Visits`).

    Without xdist it simply builds. Under xdist the run's workers share the parent of
    their temporary folders: the first takes a lock there and builds, and writes the
    result (or the error, so that the others fail at once instead of building again);
    the others wait for the lock and read it.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return build(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # this run's folder, the same for every worker
    result_file = shared / f"{name}.json"
    with FileLock(shared / f"{name}.lock"):
        if not result_file.exists():
            try:
                result = {"ok": build(Path(shared / name))}
            except Exception as exc:
                result = {"error": f"{type(exc).__name__}: {exc}"}
            result_file.write_text(json.dumps(result), encoding="utf-8")
    result = json.loads(result_file.read_text(encoding="utf-8"))
    if "error" in result:
        raise RuntimeError(f"{name} failed in the worker that ran it: {result['error']}")
    return result["ok"]


def _build_fork_site(folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    site = build_site_copy(folder)
    print(f"\nsite of a fork built in {site.seconds:.1f} s into {site.html}")
    return {"root": str(site.root), "html": str(site.html), "seconds": site.seconds}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site the tests check; it has pages (a test that loops over them always checks some)."""
    reuse = os.environ.get("NANOIMAGING_TEST_SITE")
    if reuse:
        site = BuiltSite(REPO_ROOT, Path(reuse).resolve(), nanoimaging.load())
    else:
        built = once_per_run(tmp_path_factory, "site", _build_fork_site)
        root = Path(built["root"])
        site = BuiltSite(root, Path(built["html"]), nanoimaging.load(root / "data"), built["seconds"])
    assert site.pages, f"no page in {site.html}: the site tests would check nothing"
    return site


@pytest.fixture(scope="session")
def server(built_site: BuiltSite):
    """The built site on http://127.0.0.1:<port>/, as a static host serves it: no policy header
    (each page carries its own Content-Security-Policy, nanoimaging.site.csp)."""
    with SiteServer(built_site.html, files=site_files(built_site.html)) as srv:
        yield srv


@pytest.fixture(scope="session")
def playwright_driver():
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture(scope="session")
def browser(playwright_driver):
    chromium = launch(playwright_driver)
    yield chromium
    chromium.close()


class Visits:
    """Each page loaded once per run (as a first visit, under the page's own policy); reports shared.

    ``build``: which build the server serves (a name of :data:`BUILDS`); ``prefix``: where
    the pages are on the server (the version's folder of a versioned site). A page is
    visited by the first worker that asks (:func:`once_per_run`); the others read its
    report. Reports name the visiting worker's server in their URLs: the checks on them
    ask only whether a URL is local.
    """

    def __init__(
        self,
        tabs: Tabs,
        server: SiteServer,
        tmp_path_factory: pytest.TempPathFactory,
        build: str,
        prefix: str = "",
    ) -> None:
        self.tabs, self.server, self.prefix = tabs, server, prefix
        self._once = lambda name, visit: once_per_run(tmp_path_factory, name, visit)
        self._build = build
        self._reports: dict[str, PageVisit] = {}

    def __call__(self, page_name: str) -> PageVisit:
        if page_name not in self._reports:
            name = f"visit-{self._build}-" + re.sub(r"[^A-Za-z0-9]+", "-", page_name)
            found = self._once(name, lambda _folder: dataclasses.asdict(self._visit(page_name)))
            self._reports[page_name] = PageVisit(**found)
        return self._reports[page_name]

    def _visit(self, page_name: str) -> PageVisit:
        _page, report = self.tabs.visit(self.server.url(self.prefix + page_name))
        return report


@pytest.fixture(scope="session")
def tabs(browser) -> Tabs:
    """This worker's reusable tabs (sitekit.tabs): a page visit that only reads the page or acts within it."""
    kept = Tabs(browser)
    yield kept
    kept.close()


@pytest.fixture(scope="session")
def visits(tabs, server, tmp_path_factory) -> Visits:
    return Visits(tabs, server, tmp_path_factory, "plain")


@pytest.fixture(scope="session")
def reader_views(visits, built_site: BuiltSite) -> ReaderViews:
    """The plain book's reader views (reader_view.py), which also read its charts for test_chart_text.py."""
    return ReaderViews(visits, "plain", built_site.html)


@pytest.fixture(scope="session")
def pdf_edition(built_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PDF edition of the built site's project copy (`make pdf`, printed by Chromium), built once per run."""
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)
    from nanoimaging.site.pdf import pdf_filename
    from nanoimaging.site.release import current

    def build(folder: Path) -> dict:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / pdf_filename(current(built_site.root).version)
        return {"pdf": str(build_pdf_copy(built_site.root, target))}

    return Path(once_per_run(tmp_path_factory, "pdf", build)["pdf"])


@pytest.fixture(scope="session")
def versioned_site(built_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory, request) -> tuple[Path, str]:
    """What `make site` publishes, built from the same project copy: (the _site folder, the version).

    With its PDF edition (the `pdf_edition` fixture) where Chromium is there to print it.
    """
    pdf = request.getfixturevalue("pdf_edition") if CHROMIUM is not None else None

    def build(folder: Path) -> dict:
        folder.mkdir(parents=True, exist_ok=True)
        site, version = build_versioned_site(built_site.root, folder / "_site", pdf=pdf)
        return {"site": str(site), "version": version}

    built = once_per_run(tmp_path_factory, "versioned", build)
    return Path(built["site"]), built["version"]


@pytest.fixture(scope="session")
def versioned_visits(tabs, versioned_site, tmp_path_factory) -> Visits:
    site, version = versioned_site
    server = SiteServer(site, files=site_files()).start()
    yield Visits(tabs, server, tmp_path_factory, "versioned", prefix=f"{version}/")
    server.stop()


#: The two builds every page is checked in: `make book` and a version of `make site`.
BUILDS = ("plain", "versioned")


@pytest.fixture(params=BUILDS)
def build_visits(request) -> Visits:
    """The page visits of one build: the plain book, or a version of the versioned site."""
    return request.getfixturevalue("visits" if request.param == "plain" else "versioned_visits")


@pytest.fixture
def site_copy(built_site: BuiltSite, tmp_path: Path) -> Path:
    """A copy of the built HTML that a test may break."""
    import shutil

    return Path(shutil.copytree(built_site.html, tmp_path / "html"))
