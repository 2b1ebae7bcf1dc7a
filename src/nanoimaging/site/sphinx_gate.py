"""Sphinx extension: hold a build, once set up, until ``make book`` has written the notebooks it reads.

``make book`` starts Jupyter Book while the stale notebooks still run (:func:`~nanoimaging.site.book.held_build`),
with ``NANOIMAGING_SPHINX_GATE=1`` and a pipe on its standard input. Meanwhile Sphinx
imports its extensions, reads the configuration and loads the last build's
environment; then it waits here, at the end of its set-up (the last handler of
``builder-inited``), before it looks at any source or output file. The line
``build`` lets it go on; any other line, or the end of the input, ends the process
with status :data:`STOPPED`, having built nothing (a notebook failed).

Without the variable (``jupyter-book build`` by hand, the PDF and versioned builds)
it does nothing.
"""

from __future__ import annotations

import os
import sys
from typing import Any

GATE_ENV = "NANOIMAGING_SPHINX_GATE"
#: What the build prints when it starts to wait.
WAITING = "set up; waiting until make book has written the notebooks (nanoimaging.site.sphinx_gate)"
#: The line that lets a held build go on.
GO = "build"
#: The exit status of a build stopped at the gate.
STOPPED = 3


def _wait(app: Any) -> None:
    if os.environ.get(GATE_ENV) != "1":
        return
    print(WAITING, flush=True)
    if sys.stdin.readline().strip() != GO:
        raise SystemExit(STOPPED)  # not an Exception: Sphinx lets it end the process


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _wait, priority=900)  # after every other set-up step
    return {"parallel_read_safe": True, "parallel_write_safe": True}
