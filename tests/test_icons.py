"""Only the icons the pages use are shipped (nanoimaging.site.icons), and the theme's icon script is not loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from nanoimaging.paths import REPO_ROOT
from nanoimaging.site.icons import FONT_FILES, WEBFONTS, codepoints, subset_icon_fonts, used_icons
from nanoimaging.site.sphinx_icons import _theme_static

OVERRIDE = REPO_ROOT / "_templates" / "static" / "webpack-macros.html"


def _lines(path: Path) -> list[str]:
    return [line.rstrip() for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_macro_override_differs_from_the_theme_s_only_by_the_icon_script():
    """A theme upgrade that changes its macros must be noticed: copy the new file and drop the script again."""
    theme = _lines(_theme_static() / "webpack-macros.html")
    ours = _lines(OVERRIDE)
    dropped = [line for line in theme if line not in ours]
    added = [line for line in ours if line not in theme]
    assert any("fontawesome.js" in line for line in dropped), "the override must not load fontawesome.js"
    assert all(
        "fontawesome" in line.lower()
        or "custom icons" in line
        or "AUTO-GENERATED" in line
        or "re-used in layout" in line
        for line in dropped
    ), dropped
    assert all(line.strip() == "" or not line.lstrip().startswith("<") for line in added), (
        f"the override adds markup the theme lacks: {added}"
    )


def _page(tmp_path: Path, html: str) -> Path:
    out = tmp_path / "html"
    (out / "_static" / "scripts").mkdir(parents=True)
    (out / "page.html").write_text(html, encoding="utf-8")
    return out


def test_subset_fonts_hold_exactly_the_glyphs_the_pages_ask_for(tmp_path):
    from fontTools.ttLib import TTFont

    static = _theme_static()
    css = static / "styles" / "pydata-sphinx-theme.css"
    out = _page(tmp_path, '<i class="fa-solid fa-sun"></i><span class="fa-solid fa-moon fa-lg"></span>')
    kept = subset_icon_fonts(out, css, static / "vendor" / "fontawesome" / "webfonts")
    assert kept == {"solid": ["moon", "sun"]}
    points = codepoints(css.read_text(encoding="utf-8"))
    for suffix in (".ttf", ".woff2"):
        font = TTFont(out / WEBFONTS / f"{FONT_FILES['solid']}{suffix}")
        assert set(font.getBestCmap()) == {points["sun"], points["moon"]}
    full = (static / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2").stat().st_size
    assert (out / WEBFONTS / "fa-solid-900.woff2").stat().st_size < full / 20


def test_an_icon_the_theme_s_css_does_not_draw_is_not_kept(tmp_path):
    static = _theme_static()
    out = _page(tmp_path, '<i class="fa-solid fa-no-such-icon-here"></i>')
    kept = subset_icon_fonts(
        out, static / "styles" / "pydata-sphinx-theme.css", static / "vendor" / "fontawesome" / "webfonts"
    )
    assert kept == {}


@pytest.mark.parametrize(
    "html, expected",
    [
        ('<i class="fab fa-github"></i>', {("brands", "github")}),
        ('<i class="fa-regular fa-circle fa-fw"></i>', {("regular", "circle")}),
        ('<i class="fa-lg fa-spin"></i>', set()),
    ],
)
def test_icon_classes_name_the_style_and_the_icon(tmp_path, html, expected):
    assert used_icons(_page(tmp_path, html)) == expected
