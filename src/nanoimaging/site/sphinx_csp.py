"""Sphinx extension: every written page carries its own Content-Security-Policy (:mod:`.csp`).

It runs when the build has finished, over every page of the output folder, pages that
this build did not rewrite included: the hashes are those of the bytes on disk, whatever
extension or theme template wrote them. Only the website's builder: the single page that
the PDF edition is printed from (:mod:`.pdf`) is set up for print by a script of the
printing browser, and is no page of the website.
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
