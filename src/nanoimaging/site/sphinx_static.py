"""Sphinx extension: an edit of a file under ``_static/`` alone reaches the built site.

Sphinx copies static files only when it writes a page, so when one differs from its output copy
this marks the root document outdated.
"""

from __future__ import annotations

import filecmp
from pathlib import Path
from typing import Any


def changed_static_files(confdir: str | Path, static_paths: list[str], outdir: str | Path) -> list[str]:
    """The project's files of ``static_paths`` missing from, or unlike, their copy in ``outdir/_static``.

    Only folders inside ``confdir`` are the project's (extensions add their own, which change
    with their version, not with an edit); templates (``*_t``) are rendered, not copied.
    """
    changed = []
    for entry in static_paths:
        folder = Path(confdir, entry).resolve()
        if not folder.is_dir() or not folder.is_relative_to(Path(confdir).resolve()):
            continue
        for source in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith("_t")):
            relative = source.relative_to(folder)
            copy = Path(outdir, "_static", relative)
            if not copy.is_file() or not filecmp.cmp(source, copy, shallow=False):
                changed.append(str(relative))
    return changed


def _outdated(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    if app.builder.format != "html" or added or changed:
        return []
    if changed_static_files(app.confdir, list(app.config.html_static_path), app.outdir):
        return [app.config.root_doc]
    return []


def setup(app: Any) -> dict[str, Any]:
    app.connect("env-get-outdated", _outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
