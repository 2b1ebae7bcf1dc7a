"""sphinx_static: which static files make Sphinx write a page again (behaviour, on folders made here)."""

from __future__ import annotations

from nanoimaging.site.sphinx_static import changed_static_files


def test_only_the_project_s_own_files_that_differ_from_their_copy_count(tmp_path):
    project, out, extension = tmp_path / "book", tmp_path / "book" / "_build" / "html", tmp_path / "ext" / "_static"
    for folder in (project / "_static", out / "_static", extension):
        folder.mkdir(parents=True)
    (project / "_static" / "same.css").write_text("a {}", encoding="utf-8")
    (out / "_static" / "same.css").write_text("a {}", encoding="utf-8")
    (project / "_static" / "edited.css").write_text("b {}", encoding="utf-8")
    (out / "_static" / "edited.css").write_text("b { color: red }", encoding="utf-8")
    (project / "_static" / "new.js").write_text("1", encoding="utf-8")
    (project / "_static" / "page.js_t").write_text("{{ template }}", encoding="utf-8")  # rendered, never equal
    (extension / "button.js").write_text("2", encoding="utf-8")  # an extension's own folder
    paths = ["_static", str(extension)]
    assert changed_static_files(project, paths, out) == ["edited.css", "new.js"]
