"""``make book`` as one transaction: check, execute, build; a failure leaves everything as it was.

Nothing runs when no input changed (:func:`~nanoimaging.site.inputs.site_is_current`). Otherwise
the checks run, the stale notebooks execute in memory and are written only if all succeed, and
Jupyter Book builds from the stored outputs into ``_build/stage/``; only a successful build
replaces ``_build/html``, and on failure the notebooks are put back.

>>> BuildResult(0, "built").ok
True
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..paths import REPO_ROOT
from .inputs import Inputs, record_site, site_is_current, site_key
from .repository import Repository, find_repository

STAGE = Path("_build") / "stage"


@dataclass(frozen=True)
class BuildResult:
    status: int  # 0 built; 1 the data, the references, a notebook or the build had a problem
    message: str

    @property
    def ok(self) -> bool:
        return self.status == 0


def jupyter_book(
    root: Path, out: Path, env: dict[str, str] | None = None, strict: bool = True, builder: str = "html"
) -> subprocess.CompletedProcess:
    """``jupyter-book build`` of ``root`` into ``out/_build/<builder>`` (warnings as errors when ``strict``), output captured."""
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root), "--path-output", str(out)]
    if builder != "html":
        command += ["--builder", builder]
    if strict:
        command += ["--warningiserror", "--keep-going"]
    return subprocess.run(command, cwd=root, env={**os.environ, **(env or {})}, capture_output=True, text=True)


def _replace(target: Path, built: Path) -> None:
    """Put a copy of ``built`` at ``target``, swapping only when the copy is complete."""
    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(built, fresh)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def built_message(built: str, repository: Repository) -> str:
    """What a successful build says: why the pages have no Binder buttons (information, when so), then ``built``.

    >>> built_message("built _build/html", Repository("https://github.com/o/r", "from git remote origin"))
    'built _build/html'
    """
    if repository.url is not None:
        return built
    return f"note: {repository.origin} (the site is built; README.md, section Binder, says how to add them)\n{built}"


def build_book(
    root: Path = REPO_ROOT,
    *,
    force: bool = False,
    jobs: int | None = None,
    quiet: bool = False,
    strict: bool = True,
) -> BuildResult:
    """Check, execute what is stale, build, publish into ``root/_build/html``; all or nothing.

    ``strict=False`` lets Sphinx warnings pass (a partial book in a test links to chapters it lacks).
    """
    start = time.perf_counter()
    inputs = Inputs(root)
    if not force and site_is_current(inputs, site_key(inputs, strict=strict)):
        message = "nothing changed since the last build: _build/html is up to date"
        if not quiet:
            print(message)
        return BuildResult(0, message)
    # Imported here: nbclient, frictionless and pandas take longer than the check above.
    from .runner import book_notebooks, record, run_checks, run_notebooks, validated_env, write_notebooks

    if run_checks(root, inputs):
        return BuildResult(1, "make book stopped at the checks: nothing was changed")
    notebooks = book_notebooks(root)
    try:
        runs = run_notebooks(notebooks, root, force=force, jobs=jobs, inputs=inputs)
    except Exception as exc:  # nbclient's CellExecutionError, a dead kernel ...
        print(exc, file=sys.stderr)
        return BuildResult(1, "a notebook failed: no notebook and no page was changed")
    old = write_notebooks(runs, root)
    inputs.forget(*runs)  # the rest keeps the digests read before the build: an edit made meanwhile is not lost
    result = jupyter_book(root, root / STAGE, env=validated_env(root), strict=strict)
    built = root / STAGE / "_build" / "html"
    if result.returncode or not (built / "index.html").is_file():
        for notebook, text in old.items():
            notebook.write_text(text, encoding="utf-8")
        print(result.stdout[-6000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
        return BuildResult(1, "the site did not build: the notebooks were put back, _build/html was not changed")
    _replace(root / "_build" / "html", built)
    record(notebooks, root, inputs)
    record_site(root, site_key(inputs, strict=strict))
    message = built_message(
        f"built _build/html in {time.perf_counter() - start:.1f} s "
        f"({len(runs)} of {len(notebooks)} notebook(s) executed)",
        find_repository(root),
    )
    if not quiet:
        print(message)
    return BuildResult(0, message)
