"""Ship only the icons the pages use: Font Awesome's fonts subset to the glyphs the site shows.

The theme's Font Awesome script is not loaded, so its CSS draws the icons from font files;
:func:`subset_icon_fonts` cuts each used font of the built site down to the glyphs the pages and
the theme's scripts ask for.

>>> sorted(icon_classes('<i class="fa-solid fa-sun fa-lg"></i><span class="fab fa-github">'))
[('brands', 'github'), ('solid', 'sun')]
"""

from __future__ import annotations

import re
from pathlib import Path

#: Font Awesome's style classes -> which of its fonts draws the icon.
STYLES = {
    "fa-solid": "solid",
    "fas": "solid",
    "fa": "solid",
    "fa-regular": "regular",
    "far": "regular",
    "fa-brands": "brands",
    "fab": "brands",
}
#: The font files of each style, in the theme's vendor folder of the built site.
FONT_FILES = {"solid": "fa-solid-900", "regular": "fa-regular-400", "brands": "fa-brands-400"}
WEBFONTS = Path("_static") / "vendor" / "fontawesome" / "webfonts"
#: Classes that are Font Awesome's but name no icon (sizes, animations, layout).
NOT_ICONS = {
    "fa-lg",
    "fa-xs",
    "fa-sm",
    "fa-1x",
    "fa-2x",
    "fa-3x",
    "fa-fw",
    "fa-spin",
    "fa-pulse",
    "fa-border",
    "fa-inverse",
    "fa-stack",
    "fa-stack-1x",
    "fa-stack-2x",
    "fa-li",
    "fa-ul",
    "fa-rotate-90",
}
_CLASS_ATTR = re.compile(r'class\s*=\s*"([^"]*)"')
_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:{1,2}before,?)+)\{content:"\\([0-9a-fA-F]+)"\}')


def icon_classes(html: str) -> set[tuple[str, str]]:
    """(style, icon name) of every Font Awesome icon element in a page or script."""
    found = set()
    for classes in _CLASS_ATTR.findall(html) + re.findall(r'classList\s*=\s*"([^"]*)"', html):
        names = classes.split()
        styles = [STYLES[n] for n in names if n in STYLES]
        icons = [n[3:] for n in names if n.startswith("fa-") and n not in STYLES and n not in NOT_ICONS]
        for icon in icons:
            found.add((styles[0] if styles else "solid", icon))
    return found


def codepoints(theme_css: str) -> dict[str, int]:
    """Icon name -> its code point, read from the theme's CSS rules ``.fa-x:before{content:"\\fXXX"}``."""
    found = {}
    for selectors, hex_code in _RULE.findall(theme_css):
        for name in re.findall(r"\.fa-([a-z0-9-]+):", selectors):
            found.setdefault(name, int(hex_code, 16))
    return found


def used_icons(outdir: Path) -> set[tuple[str, str]]:
    """Every icon of the built site: in its pages, and named by the theme's scripts (icons drawn later)."""
    found = set()
    for page in outdir.rglob("*.html"):
        if "_static" not in page.relative_to(outdir).parts:
            found |= icon_classes(page.read_text(encoding="utf-8", errors="replace"))
    for script in (outdir / "_static" / "scripts").glob("*.js"):
        text = script.read_text(encoding="utf-8", errors="replace")
        for classes in re.findall(r'"((?:fa-[a-z]+ )?fa-[a-z0-9-]+)"', text):
            found |= icon_classes(f'class="{classes}"')
    return found


def subset_icon_fonts(outdir: Path, theme_css: Path, source_fonts: Path) -> dict[str, list[str]]:
    """Replace each used Font Awesome font of ``outdir`` with a subset of the glyphs used; style -> icons kept.

    ``source_fonts`` holds the theme's full fonts (the built site's copies may be subsets already).
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    points = codepoints(theme_css.read_text(encoding="utf-8"))
    wanted: dict[str, set[str]] = {}
    for style, icon in used_icons(outdir):
        if icon in points:
            wanted.setdefault(style, set()).add(icon)
    kept = {}
    for style, icons in sorted(wanted.items()):
        stem = FONT_FILES[style]
        font = TTFont(source_fonts / f"{stem}.ttf")
        have = set(font.getBestCmap())
        unicodes = sorted(points[i] for i in icons if points[i] in have)
        for flavor, suffix in ((None, ".ttf"), ("woff2", ".woff2")):
            options = subset.Options()
            options.flavor = flavor
            options.layout_features = []
            options.name_IDs = ["*"]  # keep the licence and the names
            options.notdef_outline = True
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=unicodes)
            part = TTFont(source_fonts / f"{stem}.ttf")
            subsetter.subset(part)
            target = outdir / WEBFONTS / f"{stem}{suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            part.flavor = flavor
            part.save(str(target))
        kept[style] = sorted(icons)
    return kept
