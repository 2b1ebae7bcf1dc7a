"""Sphinx extension: every page of the HTML output carries its own Content-Security-Policy (:mod:`.csp`).

It runs after the build, over every page on disk; not for the single page the PDF is printed from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .csp import apply_policy

#: After the other extensions' build-finished handlers (Sphinx's default priority is 500).
LAST = 900


def _apply(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.name == "html":
        apply_policy(Path(app.outdir))


def setup(app: Any) -> dict[str, Any]:
    app.connect("build-finished", _apply, priority=LAST)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
