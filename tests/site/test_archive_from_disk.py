"""The archival edition (`make archive`): unzipped anywhere, every page works from file://.

Built from the session's versioned site (tests/site/conftest.py) and a second, older
version made from it here (a copy lacking one page), so the plain list of versions that
stands in for the switcher has two entries and one link that falls back to a version's home.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

import archive_pages as ap
from nanoimaging.site.archive import archive_filename, build_archive
from nanoimaging.site.csp import site_pages
from nanoimaging.site.pdf import pdf_filename

#: The older version the tests add, and the page it lacks.
OLDER = "0.0.1"
MISSING = "notebooks/evidence-map.html"


@pytest.fixture(scope="module")
def edition(versioned_site, built_site, tmp_path_factory) -> tuple[Path, str, Path]:
    """(the unzipped edition's folder, the newest version, the zip)."""
    site, version = versioned_site
    scratch = tmp_path_factory.mktemp("archive")
    two = scratch / "_site"
    shutil.copytree(site, two)
    shutil.copytree(site / version, two / OLDER)
    (two / OLDER / MISSING).unlink()
    archive = build_archive(two, built_site.root / "data", scratch / "out")
    assert archive.path.name == archive_filename(version) and archive.versions == (version, OLDER)
    return ap.unzip(archive.path, scratch / "unzipped"), version, archive.path


def test_the_zip_holds_every_version_its_pdf_and_the_data(edition, versioned_site):
    folder, version, path = edition
    with zipfile.ZipFile(path) as zipped:
        names = set(zipped.namelist())
    top = folder.name
    for wanted in (f"site/{version}/book/intro.html", f"site/{OLDER}/book/intro.html", "site/latest/search.html"):
        assert f"{top}/{wanted}" in names
    assert f"{top}/data/datapackage.json" in names and any(n.endswith(".csv") for n in names)
    site, _version = versioned_site
    if (site / version / pdf_filename(version)).is_file():  # printed where Chromium is found
        assert f"{top}/site/{version}/{pdf_filename(version)}" in names


def test_every_page_of_a_version_works_from_disk(tabs, edition):
    folder, version, _path = edition
    pages = [p.relative_to(folder).as_posix() for p in site_pages(folder / "site" / version)]
    pages += ["index.html", "site/index.html"]
    assert ap.visit_all(tabs, folder, pages) == []


def test_the_version_list_links_each_version_s_same_page_or_its_home(edition):
    folder, version, _path = edition
    page = folder / "site" / version / MISSING
    links = ap.version_links(page)
    assert [text for _href, text in links] == [f"{version} (latest)", OLDER]
    assert [href.rsplit("/", 2)[-2:] for href, _text in links][1] == [OLDER, "index.html"]
    for href, _text in links + ap.version_links(folder / "site" / OLDER / "book" / "intro.html"):
        assert (page.parent / href).resolve().is_file() or (folder / "site" / OLDER / "book" / href).resolve().is_file()
    assert "version-switcher__container" not in page.read_text(encoding="utf-8")


def test_search_lists_titles_and_the_chooser_answers_from_disk(tabs, edition):
    folder, version, _path = edition
    base = folder / "site" / version
    page, report = tabs.visit((base / "search.html").as_uri() + "?q=PET")
    page.wait_for_function(ap.SEARCH_DONE, timeout=20000)
    page.wait_for_timeout(500)  # snippets, were any fetched, would have failed by now
    titles = page.evaluate(ap.SEARCH_TITLES)
    assert titles and all(t.strip() for t in titles), titles
    assert ap.page_problems("search.html?q=PET", report) == []
    answers = {}
    for query in ("", "?setting=clinical&min_depth=0.1"):
        page, report = tabs.visit((base / "notebooks" / "chooser.html").as_uri() + query)
        answers[query] = page.evaluate(ap.CHOOSER_ANSWERS)
        assert ap.page_problems("chooser.html" + query, report) == []
    assert answers[""] and answers["?setting=clinical&min_depth=0.1"] != answers[""]


def test_archive_check_reports_a_script_from_another_host(tabs, edition, tmp_path):
    folder, version, _path = edition
    copy = Path(shutil.copytree(folder / "site" / version / "book", tmp_path / "book"))
    shutil.copytree(folder / "site" / version / "_static", tmp_path / "_static")
    page = copy / "guide.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</main>", '<script src="https://cdn.example.org/x.js"></script></main>', 1), "utf-8")
    problems = ap.visit_all(tabs, tmp_path, ["book/guide.html"])
    assert any("refused by its policy: script-src-elem https://cdn.example.org/x.js" in p for p in problems), problems
    # the same page without its policy: the request leaves (refused by the test's browser), and is reported
    page.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page.read_text("utf-8")), "utf-8")
    problems = ap.visit_all(tabs, tmp_path, ["book/guide.html"])
    assert "book/guide.html: request to https://cdn.example.org/x.js" in problems, problems
