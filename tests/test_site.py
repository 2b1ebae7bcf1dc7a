"""The versioned site: versions side by side, latest/, the switcher's list, the index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nanoimaging.site import versioned as site


def fake_build(tmp_path: Path, label: str) -> Path:
    html = tmp_path / f"html-{label}"
    (html / "notebooks").mkdir(parents=True)
    (html / "index.html").write_text(f"<p>{label}</p>", encoding="utf-8")
    (html / "notebooks" / "table1.html").write_text(f"<p>table {label}</p>", encoding="utf-8")
    return html


def test_two_versions_side_by_side_with_latest_and_switcher(tmp_path):
    out = tmp_path / "_site"
    site.publish(fake_build(tmp_path, "old"), out, "0.1.0")
    site.publish(fake_build(tmp_path, "new"), out, "0.10.0")  # numeric, not alphabetical, order
    assert site.versions(out) == ["0.10.0", "0.1.0"]
    assert (out / "latest" / "notebooks" / "table1.html").read_text() == "<p>table new</p>"
    assert (out / "0.1.0" / "notebooks" / "table1.html").read_text().endswith("<p>table old</p>")  # after its notice
    entries = json.loads((out / "versions.json").read_text())
    assert entries == [
        {"version": "0.10.0", "name": "0.10.0 (latest)", "url": "/0.10.0/", "preferred": True},
        {"version": "0.1.0", "name": "0.1.0", "url": "/0.1.0/", "preferred": False},
    ]
    index = (out / "index.html").read_text()
    assert "url=latest/" in index and 'href="0.1.0/"' in index


def test_republishing_a_version_leaves_the_others_untouched(tmp_path):
    out = tmp_path / "_site"
    site.publish(fake_build(tmp_path, "old"), out, "0.1.0")
    site.publish(fake_build(tmp_path, "new"), out, "0.2.0")  # 0.1.0's pages get the notice
    old_page = out / "0.1.0" / "index.html"
    stamp, text = old_page.stat().st_mtime_ns, old_page.read_text()
    site.publish(fake_build(tmp_path, "newer"), out, "0.2.0")
    assert old_page.stat().st_mtime_ns == stamp and old_page.read_text() == text and text.endswith("<p>old</p>")
    assert (out / "0.2.0" / "index.html").read_text() == "<p>newer</p>"


def test_base_url_for_a_project_site(tmp_path):
    out = tmp_path / "_site"
    site.publish(fake_build(tmp_path, "a"), out, "1.0.0", base_url="/companion")
    assert json.loads((out / "versions.json").read_text())[0]["url"] == "/companion/1.0.0/"


def test_refuses_a_bad_version_or_a_missing_build(tmp_path):
    with pytest.raises(ValueError, match="1.2.3"):
        site.publish(fake_build(tmp_path, "a"), tmp_path / "_site", "latest")
    with pytest.raises(FileNotFoundError, match="make book"):
        site.publish(tmp_path / "nothing", tmp_path / "_site", "1.0.0")
