"""Sphinx extension: after each HTML build, subset the icon fonts to the glyphs used (:mod:`~nanoimaging.site.icons`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .icons import subset_icon_fonts


def _theme_static() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def _subset(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = _theme_static()
    subset_icon_fonts(
        Path(app.outdir), static / "styles" / "pydata-sphinx-theme.css", static / "vendor" / "fontawesome" / "webfonts"
    )
    for name in ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt"):
        (Path(app.outdir) / "_static" / "scripts" / name).unlink(missing_ok=True)  # no page loads it


def setup(app: Any) -> dict[str, Any]:
    app.connect("build-finished", _subset)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
