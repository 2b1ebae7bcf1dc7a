"""An older version's pages say that a newer one exists and link to the same page in latest/
(nanoimaging.site.newer_notice), written when a version is published; the latest has none.

The pages here are small stand-ins; tests/site/test_newer_notice_browser.py looks at the
notice on two published versions of the built book.
"""

from __future__ import annotations

from pathlib import Path

from nanoimaging.site import newer_notice
from nanoimaging.site import versioned as site
from notice_check import NOTICE, notice_problems, pages

THEME_PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title}</title></head>
<body><main id="main-content" class="bd-main" role="main"><div class="bd-article-container">
<article class="bd-article"><h1>{title}</h1></article></div></main></body></html>"""


def fake_build(tmp_path: Path, label: str, *, without: tuple[str, ...] = ()) -> Path:
    html = tmp_path / f"html-{label}"
    for name in ("index.html", "notebooks/table1.html", "notebooks/deep/page.html", "book/guide.html"):
        if name in without:
            continue
        (html / name).parent.mkdir(parents=True, exist_ok=True)
        (html / name).write_text(THEME_PAGE.format(title=f"{name} {label}"), encoding="utf-8")
    return html


def test_older_pages_point_to_the_same_page_in_latest_or_to_its_home(tmp_path):
    out = tmp_path / "_site"
    site.publish(fake_build(tmp_path, "old"), out, "0.1.0")
    assert notice_problems(out) == []
    assert not any("newer-version" in p.read_text() for p in pages(out))  # one version: no notice
    site.publish(fake_build(tmp_path, "new", without=("book/guide.html",)), out, "0.2.0")
    assert notice_problems(out) == []
    table = (out / "0.1.0" / "notebooks" / "table1.html").read_text()
    assert 'href="../../latest/notebooks/table1.html"' in table and "latest version is 0.2.0" in table
    assert 'href="../../../latest/notebooks/deep/page.html"' in (out / "0.1.0/notebooks/deep/page.html").read_text()
    guide = (out / "0.1.0" / "book" / "guide.html").read_text()
    assert 'href="../../latest/index.html"' in guide and "which has no page of this name" in guide
    # At the top of the article: in the main landmark, above the title.
    assert (
        guide.index('role="main"') < guide.index("<article") < guide.index('class="newer-version"') < guide.index("<h1")
    )
    assert (out / "0.1.0" / "_static" / newer_notice.CSS_NAME).is_file()
    assert not (out / "latest" / "_static" / newer_notice.CSS_NAME).exists()


def test_a_third_version_updates_the_notices_and_an_older_one_published_late_gets_one(tmp_path):
    out = tmp_path / "_site"
    for label, version in (("a", "0.1.0"), ("b", "0.2.0"), ("c", "1.0.0")):
        site.publish(fake_build(tmp_path, label), out, version)
    site.publish(fake_build(tmp_path, "late"), out, "0.1.5")  # `make site VERSION_REF=` of an older tag
    assert notice_problems(out) == []
    for version in ("0.1.0", "0.1.5", "0.2.0"):
        text = (out / version / "index.html").read_text()
        assert len(NOTICE.findall(text)) == 1 and "latest version is 1.0.0" in text, version
        assert f"You are reading version {version}." in text


def test_a_page_that_was_the_latest_loses_no_content_when_marked(tmp_path):
    out = tmp_path / "_site"
    site.publish(fake_build(tmp_path, "old"), out, "0.1.0")
    before = (out / "0.1.0" / "index.html").read_text()
    site.publish(fake_build(tmp_path, "new"), out, "0.2.0")
    marked = (out / "0.1.0" / "index.html").read_text()
    assert newer_notice._without(marked) == before  # the notice is all that was added
    newer_notice.unmark(out / "0.1.0")
    assert (out / "0.1.0" / "index.html").read_text() == before


def test_notice_check_fails_on_a_missing_a_wrong_or_an_extra_notice(tmp_path):
    out = tmp_path / "_site"
    site.publish(fake_build(tmp_path, "old"), out, "0.1.0")
    site.publish(fake_build(tmp_path, "new", without=("book/guide.html",)), out, "0.2.0")
    table = out / "0.1.0" / "notebooks" / "table1.html"
    table.write_text(newer_notice._without(table.read_text()))  # a page without its notice
    guide = out / "0.1.0" / "book" / "guide.html"
    guide.write_text(guide.read_text().replace("../../latest/index.html", "../../latest/book/guide.html"))
    index = out / "0.1.0" / "index.html"
    index.write_text(index.read_text().replace("0.2.0", "0.1.9"))
    latest = out / "latest" / "index.html"
    latest.write_text(latest.read_text() + '<div class="newer-version" role="note"></div>')
    problems = "\n".join(notice_problems(out))
    assert "0.1.0/notebooks/table1.html: 0 notices" in problems
    assert "0.1.0/book/guide.html: the notice links to ['../../latest/book/guide.html']" in problems
    assert "0.1.0/index.html: the notice does not name the latest version 0.2.0" in problems
    assert "latest/index.html: a notice on the latest version" in problems
