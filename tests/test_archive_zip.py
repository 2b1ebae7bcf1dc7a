"""The archival edition's pure parts, on small sites made here (no browser).

The edition of a real versioned site, opened from disk in Chromium, is checked in
tests/site/test_archive_from_disk.py.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

import page_policy
from nanoimaging.cli import main
from nanoimaging.site import archive, csp

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<script>DOCUMENTATION_OPTIONS.theme_switcher_json_url = '../versions.json';
DOCUMENTATION_OPTIONS.pagename = 'book/intro';</script>
<style>p { margin: 0 }</style>
</head>
<body><div class="version-switcher__container dropdown pst-js-only">
  <button type="button">0.2.0</button>
  <div class="version-switcher__menu"></div>
</div>
<p style="color: red" onclick="go()">text &amp; more</p></body>
</html>
"""


def make_site(folder: Path, names: tuple[str, ...] = ("0.2.0", "0.1.0")) -> Path:
    """A versioned site of one page per version, each with its policy, plus a data package."""
    for name in names:
        (folder / "_site" / name / "book").mkdir(parents=True)
        (folder / "_site" / name / "_static").mkdir()
        (folder / "_site" / name / "_static" / "documentation_options.js").write_text(
            "const DOCUMENTATION_OPTIONS = {\n    SHOW_SEARCH_SUMMARY: true,\n};\n", encoding="utf-8"
        )
        (folder / "_site" / name / "book" / "intro.html").write_text(csp.with_policy(PAGE), encoding="utf-8")
        (folder / "_site" / name / "index.html").write_text(csp.with_policy("<p>home</p>"), encoding="utf-8")
    (folder / "_site" / "latest").mkdir()
    (folder / "_site" / "index.html").write_text("<p>site</p>", encoding="utf-8")
    (folder / "data").mkdir()
    (folder / "data" / "datapackage.json").write_text(json.dumps({"name": "x"}), encoding="utf-8")
    return folder


def test_the_archive_lists_versions_and_fetches_no_switcher_json(tmp_path):
    project = make_site(tmp_path)
    made = archive.build_archive(project / "_site", project / "data", tmp_path / "out")
    assert made.path.name == "nanoimaging-0.2.0-archive.zip" and made.versions == ("0.2.0", "0.1.0")
    assert made.path.stat().st_mode & 0o777 == 0o644
    with zipfile.ZipFile(made.path) as zipped:
        page = zipped.read("nanoimaging-0.2.0/site/0.1.0/book/intro.html").decode()
        options = zipped.read("nanoimaging-0.2.0/site/0.1.0/_static/documentation_options.js").decode()
        names = zipped.namelist()
    assert "theme_switcher_json_url" not in page and "version-switcher__container" not in page
    assert '<a href="../../0.2.0/book/intro.html">0.2.0 (latest)</a>' in page
    assert '<a href="../../0.1.0/book/intro.html" aria-current="page">0.1.0</a>' in page
    assert page_policy.policy_problems("intro.html", page) == []  # hashes of the rewritten page
    assert "SHOW_SEARCH_SUMMARY: false" in options
    assert {"nanoimaging-0.2.0/index.html", "nanoimaging-0.2.0/data/datapackage.json"} <= set(names)


def test_a_failed_archive_leaves_the_previous_zip_as_it_was(tmp_path):
    project = make_site(tmp_path)
    out = tmp_path / "out"
    made = archive.build_archive(project / "_site", project / "data", out)
    before = made.path.read_bytes()
    (project / "data" / "datapackage.json").unlink()
    with pytest.raises(archive.ArchiveError, match="no data package"):
        archive.build_archive(project / "_site", project / "data", out)
    assert made.path.read_bytes() == before and sorted(p.name for p in out.iterdir()) == [made.path.name]


def test_make_archive_reports_what_it_wrote_and_what_is_missing(tmp_path, capsys):
    project = make_site(tmp_path)
    args = ["archive", "--site", str(project / "_site"), "--data", str(project / "data"), "--out-dir"]
    assert main([*args, str(tmp_path / "out")]) == 0
    assert "versions 0.2.0, 0.1.0, with the data package" in capsys.readouterr().out
    assert main([*args[:1], "--site", str(tmp_path / "none"), "--out-dir", str(tmp_path / "out")]) == 1
    assert "no built version" in capsys.readouterr().err
