"""Building a copy of the project: its book, a student's fork's site, the versioned site and the PDF edition."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nanoimaging
from nanoimaging.paths import REPO_ROOT
from sitekit.pages import html_pages, site_version

VENV_BIN = Path(sys.executable).parent

#: What a copy of the project leaves out: version control, environments, outputs.
COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv*",
    "_build",
    "_site",
    "node_modules",
    ".pytest_cache",
    "__pycache__",
    ".ipynb_checkpoints",
    "*.egg-info",
)


def copy_project(dest: Path, source: Path = REPO_ROOT) -> Path:
    """A snapshot of the project (sources, data, notebooks with their outputs) in ``dest``."""
    shutil.copytree(source, dest, ignore=COPY_IGNORE)
    return dest


def unexecuted_notebooks(root: Path) -> list[Path]:
    """Chapter notebooks with a code cell that was never run (no execution count)."""
    import nbformat

    from nanoimaging.site.runner import book_notebooks

    found = []
    for path in book_notebooks(root):
        nb = nbformat.read(path, as_version=4)
        if any(c.cell_type == "code" and c.source.strip() and c.get("execution_count") is None for c in nb.cells):
            found.append(path)
    return found


def execute_notebooks(root: Path, notebooks: Iterable[Path], data_dir: Path | None = None) -> None:
    """Execute ``notebooks`` of the copy at ``root`` in place, reading the data in ``data_dir``."""
    from nanoimaging.site.runner import execute

    for notebook in notebooks:
        notebook.write_text(execute(notebook, data_dir or root / "data"), encoding="utf-8")


def build_book(root: Path, data_dir: Path | None = None, timeout: int = 600) -> Path:
    """``jupyter-book build root`` (execution is off: stored outputs); returns the HTML folder."""
    env = {**os.environ, "NANOIMAGING_DATA": str(data_dir or root / "data")}
    result = subprocess.run(
        [str(VENV_BIN / "jupyter-book"), "build", str(root)],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    html = root / "_build" / "html"
    if result.returncode or not (html / "index.html").is_file():
        raise RuntimeError(
            f"jupyter-book build failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-3000:]}"
        )
    return html


@dataclass
class BuiltSite:
    root: Path  # the project copy the site was built from
    html: Path  # its _build/html
    data: Any  # nanoimaging.load() of the copy's data
    seconds: float = 0.0  # how long copying, executing and building took
    executed: list[str] = field(default_factory=list)

    @property
    def pages(self) -> list[str]:
        return html_pages(self.html)


def build_site_copy(dest: Path, *, fork: bool = True) -> BuiltSite:
    """Copy the project into ``dest``, add what a student's fork adds (tests/fork.py), and ``make book`` there.

    The site tests check this site: whatever the data holds must show, the fork's
    additions marked as added. ``make book`` runs in the copy with the copy's own
    package (fork_env), executes the notebooks whose inputs changed and builds with
    warnings as errors, as a student's fork would.
    """
    from fork import add_to_fork, run_in

    start = time.perf_counter()
    root = copy_project(dest / "project")
    additions = add_to_fork(root) if fork else None
    run_in(root, "book")
    site = BuiltSite(root, root / "_build" / "html", nanoimaging.load(root / "data"), time.perf_counter() - start)
    site.additions = additions
    return site


def build_versioned_site(
    root: Path, site: Path, data_dir: Path | None = None, timeout: int = 600, pdf: Path | None = None
) -> tuple[Path, str]:
    """What ``make site`` does, for the project copy at ``root``: build with the version switcher
    (NANOIMAGING_VERSIONED=1) apart from the plain build, and publish it into ``site`` with the
    PDF edition ``pdf`` (built by ``nanoimaging pdf``; every page links to it).

    Returns (``site``, the version); the version's pages are under ``site/<version>/``.
    """
    from fork import fork_env
    from nanoimaging.site import versioned

    env = {**fork_env(root), "NANOIMAGING_VERSIONED": "1"}
    out = root / "_build" / "versioned"
    result = subprocess.run(
        [str(VENV_BIN / "jupyter-book"), "build", str(root), "--path-output", str(out)],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    html = out / "_build" / "html"
    if result.returncode or not (html / "index.html").is_file():
        raise RuntimeError(
            f"versioned build failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-3000:]}"
        )
    names = versioned.publish(html, site, site_version(html), pdf=pdf)
    return site, names[0]


def build_pdf_copy(root: Path, target: Path) -> Path:
    """``nanoimaging pdf --output target`` in the project copy at ``root`` (after its ``make book``)."""
    from fork import run_in

    run_in(root, "pdf", "--output", str(target))
    return target
