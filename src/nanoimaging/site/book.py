"""``make book`` as one transaction: check, execute, build; a failure leaves everything as it was.

0. When no input of the site changed since the last build and ``_build/html`` is
   still what it produced (:func:`~nanoimaging.site.inputs.site_is_current`),
   there is nothing to do: no check, no kernel, no Sphinx, not even their imports.
1. The data and references are checked (:func:`~nanoimaging.site.runner.run_checks`).
2. The stale notebooks run in memory; only when all of them succeed are they written.
   Jupyter Book is started meanwhile and sets itself up, then waits
   (:func:`held_build`, :mod:`~nanoimaging.site.sphinx_gate`): its start-up overlaps
   the notebooks instead of following them.
3. Jupyter Book builds from the stored outputs, with warnings as errors, into a
   staging folder (``_build/stage/``, which keeps Sphinx's incremental state).
4. Only a build that succeeded replaces ``_build/html``. When it fails, the
   notebooks are put back as they were and ``_build/html`` is untouched.

>>> BuildResult(0, "built").ok
True
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..paths import REPO_ROOT
from .inputs import Inputs, record_site, site_is_current, site_key
from .repository import Repository, find_repository
from .sphinx_gate import GATE_ENV, GO, WAITING

STAGE = Path("_build") / "stage"


@dataclass(frozen=True)
class BuildResult:
    status: int  # 0 built; 1 the data, the references, a notebook or the build had a problem
    message: str

    @property
    def ok(self) -> bool:
        return self.status == 0


def _jupyter_book_command(root: Path, out: Path, strict: bool = True, builder: str = "html") -> list[str]:
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root), "--path-output", str(out)]
    if builder != "html":
        command += ["--builder", builder]
    if strict:
        command += ["--warningiserror", "--keep-going"]
    return command


def jupyter_book(
    root: Path, out: Path, env: dict[str, str] | None = None, strict: bool = True, builder: str = "html"
) -> subprocess.CompletedProcess:
    """``jupyter-book build`` of ``root`` into ``out/_build/<builder>`` (warnings as errors when ``strict``), output captured."""
    command = _jupyter_book_command(root, out, strict, builder)
    return subprocess.run(command, cwd=root, env={**os.environ, **(env or {})}, capture_output=True, text=True)


#: Said when a held build did not wait (a _config.yml without the gate) and was run again.
NOT_HELD = (
    "nanoimaging.site.sphinx_gate is not among the extensions of _config.yml: Jupyter Book did not wait "
    "for the notebooks, so it was run again after they were written"
)


@dataclass
class HeldBuild:
    """A ``jupyter-book build`` held, once set up, until :meth:`build` (or ended by :meth:`stop`): see :func:`held_build`.

    ``again`` runs the same build anew: for one that did not wait (:meth:`build`).
    """

    process: subprocess.Popen
    output: IO[str]
    errors: IO[str]
    again: Callable[[], subprocess.CompletedProcess]

    def _send(self, line: str) -> subprocess.CompletedProcess:
        with contextlib.suppress(BrokenPipeError):  # it ended during its set-up: its output says why
            self.process.stdin.write(line + "\n")
        return self._finish()

    def _finish(self) -> subprocess.CompletedProcess:
        """Close its input, wait for it to end; its result with everything it wrote."""
        with contextlib.suppress(BrokenPipeError):
            self.process.stdin.close()
        self.process.wait()
        self.output.seek(0)
        self.errors.seek(0)
        return subprocess.CompletedProcess(
            self.process.args, self.process.returncode, self.output.read(), self.errors.read()
        )

    def waits(self) -> bool:
        """Whether it waits at the gate (True) or ended without reaching it (False); waits until one is so."""
        while True:
            ended = self.process.poll() is not None
            self.output.seek(0)
            if WAITING in self.output.read():
                return True
            if ended:
                return False
            time.sleep(0.02)

    def build(self) -> subprocess.CompletedProcess:
        """Let it build; wait for it. The result as :func:`jupyter_book` gives it.

        A build that ended without waiting may have read the notebooks before they were
        written (a ``_config.yml`` that does not load the gate): when it succeeded, it is
        run again, and the result says so. One that failed is returned as it is.
        """
        if self.waits():
            return self._send(GO)
        ended = self._finish()
        if ended.returncode:
            return ended
        result = self.again()
        return subprocess.CompletedProcess(
            result.args, result.returncode, NOT_HELD + "\n" + result.stdout, result.stderr
        )

    def stop(self) -> None:
        """End it before it builds anything (nothing to do once it has ended)."""
        if self.process.returncode is None:
            self._send("stop")


@contextlib.contextmanager
def held_build(root: Path, out: Path, strict: bool = True) -> Iterator[HeldBuild]:
    """:func:`jupyter_book` started now and held at :mod:`~nanoimaging.site.sphinx_gate` until told to build.

    Leaving the block stops a build that was neither built nor stopped. The output goes
    to temporary files, so the process never waits on a full pipe.
    """
    with (  # opened to append: the process always writes at the end, even while someone reads them
        tempfile.TemporaryFile("a+", encoding="utf-8") as output,
        tempfile.TemporaryFile("a+", encoding="utf-8") as errors,
    ):
        process = subprocess.Popen(
            _jupyter_book_command(root, out, strict),
            cwd=root,
            env={**os.environ, GATE_ENV: "1"},
            stdin=subprocess.PIPE,
            stdout=output,
            stderr=errors,
            text=True,
        )
        held = HeldBuild(process, output, errors, lambda: jupyter_book(root, out, strict=strict))
        try:
            yield held
        finally:
            held.stop()


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
    from .runner import book_notebooks, record, run_checks, run_notebooks, write_notebooks

    if run_checks(root, inputs):
        return BuildResult(1, "make book stopped at the checks: nothing was changed")
    notebooks = book_notebooks(root)
    with held_build(root, root / STAGE, strict=strict) as sphinx:  # sets itself up while the notebooks run
        try:
            runs = run_notebooks(notebooks, root, force=force, jobs=jobs, inputs=inputs)
        except Exception as exc:  # nbclient's CellExecutionError, a dead kernel ...
            print(exc, file=sys.stderr)
            return BuildResult(1, "a notebook failed: no notebook and no page was changed")
        old = write_notebooks({nb: run.text for nb, run in runs.items()}, root)
        inputs.forget(*runs)  # the rest keeps the digests read before the build: an edit made meanwhile is not lost
        result = sphinx.build()
    built = root / STAGE / "_build" / "html"
    if result.returncode or not (built / "index.html").is_file():
        for notebook, text in old.items():
            notebook.write_text(text, encoding="utf-8")
        print(result.stdout[-6000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
        return BuildResult(1, "the site did not build: the notebooks were put back, _build/html was not changed")
    _replace(root / "_build" / "html", built)
    record(notebooks, root, inputs, runs)
    record_site(root, site_key(inputs, strict=strict))
    message = built_message(
        f"built _build/html in {time.perf_counter() - start:.1f} s "
        f"({len(runs)} of {len(notebooks)} notebook(s) executed)",
        find_repository(root),
    )
    if not quiet:
        print(message)
    return BuildResult(0, message)
