"""The first steps of ``make book``: check the data and references, then run the stale notebooks.

1. :func:`run_checks` validates the data package and checks references.bib
   against what cites it; on a problem it prints every message and the build
   stops, so a wrong table is never published. The checks are skipped when
   nothing they read has changed since they last passed here.
2. :func:`run_notebooks` executes, in place, the notebooks whose inputs changed
   since their last run here (Jupyter Book's own cache keys a notebook on its code
   cells only, so a notebook that reads a changed CSV would not be re-run), as many
   at once as there are cores. The outputs are written back into the ``.ipynb``:
   GitHub, Binder and nbval read them.

A notebook's inputs are its own file, the package, references.bib, the pins,
``data/datapackage.json``, and the files of the project it read when it last ran
here: each kernel records them (:mod:`nanoimaging.data.reads`), so a change to
studies.csv runs again only the notebooks that used the studies. A notebook never
run here, or run without a record, counts as reading all of ``data/``.

Where a notebook was handed only a part of a table (some columns, one family's
rows: :meth:`~nanoimaging.data.load.Dataset.select`), that part is its input
instead of the table's file: after the table's file changed, the part is handed
out again from the new data (the same code, :meth:`~nanoimaging.data.load.Dataset.part_digest`)
and the notebook runs again only if the part differs. A study's finding edited
then runs its family's chapter, and not the evidence map, which shows no finding.

Both keep their keys in one state file through :mod:`nanoimaging.site.inputs`.
Kernels talk over local IPC sockets, not TCP: no port can collide, and the
kernel has no reason to warn about unencrypted TCP.

>>> [p.name for p in book_notebooks()][:2]
['data-dictionary.ipynb', 'references-status.ipynb']
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from ..data import reads
from ..data.citations import check_cited_references
from ..data.validated import validated
from ..paths import REPO_ROOT
from ..problems import DataValidationError
from .chapters import chapter_problems
from .inputs import Inputs, load_state, package_pointers, save_state

#: What the checks read: the data, the bibliography, the book's text (citations) and the code.
CHECK_INPUTS = ("data", "references.bib", "src/nanoimaging", "book", "notebooks", "_toc.yml")
#: What every notebook's outputs depend on besides its own file and the files it read.
NOTEBOOK_INPUTS = ("data/datapackage.json", "references.bib", "src/nanoimaging", "requirements.txt")
#: What a notebook without a record of its reads is taken to have read.
ALL_DATA = ("data",)
#: Started in every kernel before the first cell: record the files the notebook reads.
RECORD_READS = "import nanoimaging.data.reads as _reads; _reads.start_from_environment(); del _reads"


@dataclass(frozen=True)
class Executed:
    """A notebook run in memory: its new text, the project files it read (None: not recorded), the parts of tables.

    ``parts``: one dict per part it was handed, ``{"file", "spec", "digest"}`` with ``file``
    relative to the root (:class:`nanoimaging.data.reads.Part`).
    """

    text: str
    reads: tuple[str, ...] | None
    parts: tuple[dict, ...] = ()


def book_notebooks(root: Path = REPO_ROOT) -> list[Path]:
    """Every executable chapter: the .ipynb files of notebooks/ and book/."""
    return sorted(
        p
        for folder in (root / "notebooks", root / "book")
        for p in folder.glob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def check_key(inputs: Inputs) -> str:
    """What the checks read: :data:`CHECK_INPUTS` and the files datapackage.json points to (the review's text)."""
    return inputs.key(*CHECK_INPUTS, *package_pointers(inputs.root))


def run_checks(root: Path = REPO_ROOT, inputs: Inputs | None = None) -> int:
    """0 when the data and the references pass (or passed with these very inputs before); 1 otherwise."""
    inputs = inputs or Inputs(root)
    key = check_key(inputs)
    if load_state(root).get("checks") == key:
        print("data and references unchanged since they last passed: not checked again")
        return 0
    result = validated(root / "data")  # stored when it passes: the kernels and Sphinx then skip it
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems:
        print(
            f"{len(result.problems)} problem(s) in the data; make book stopped, nothing was changed.", file=sys.stderr
        )
        return 1
    chapters = chapter_problems(root, [r.values["family"] for r in result.records.get("families", [])])
    for problem in chapters:
        print(problem, file=sys.stderr)
    if chapters:
        print(
            f"{len(chapters)} problem(s) with the family chapters; make book stopped, nothing was changed.",
            file=sys.stderr,
        )
        return 1
    try:
        report = check_cited_references(root, root / "data")
    except DataValidationError as exc:  # cannot happen after a clean validation; said plainly if it does
        print(exc, file=sys.stderr)
        return 1
    for problem in report.errors:
        print(problem, file=sys.stderr)
    if report.errors:
        print(
            f"{len(report.errors)} problem(s) in references.bib or its citations; make book stopped.", file=sys.stderr
        )
        return 1
    listed = " (the chapter 'References still incomplete' lists them)" if report.incomplete else ""
    print(f"data package OK; references.bib: {report.state()}{listed}")
    return 0


def notebook_key(
    notebook: Path, inputs: Inputs, reads: list[str] | tuple[str, ...] | None = None, parts: list | tuple = ()
) -> str:
    """The notebook's file (code, text and stored outputs) with everything its outputs depend on.

    ``reads`` are the project files (relative to the root) it read when it last ran;
    None, for a notebook without a record, stands for all of ``data/``. ``parts`` are
    the parts of tables it was handed (``{"spec", "digest", ...}``), by what they were
    and what they held. The outputs are part of the key on purpose: a notebook whose
    outputs were cleared or edited by hand no longer matches what its last run produced.
    """
    read = ALL_DATA if reads is None else tuple(reads)
    key = inputs.key(notebook.relative_to(inputs.root).as_posix(), *NOTEBOOK_INPUTS, *read)
    if not parts:
        return key
    held = sorted(json.dumps([p["spec"], p["digest"]], sort_keys=True) for p in parts)
    return hashlib.sha256("\n".join([key, *held]).encode()).hexdigest()


class PartsNow:
    """The parts of tables a notebook was handed, as the data now holds them.

    A part whose table's file is byte for byte what it was when the notebook ran is
    unchanged (the code that hands it out is an input of the notebook too); otherwise
    the data is loaded, once, and the part handed out again to be compared.
    """

    def __init__(self, inputs: Inputs, load: Callable[[], object] | None = None) -> None:
        self.inputs = inputs
        self._load = load or (lambda: _load_data(inputs.root))
        self._data: object | None = None

    def __call__(self, parts: list[dict]) -> list[dict] | None:
        """The parts as the data now hands them out; None when one can no longer be handed out.

        That is when the data does not load, or the part's table or a column is gone.
        """
        now = []
        try:
            for part in parts:
                if self.inputs.key(part["file"]) == part.get("file_key"):
                    now.append(part)
                else:
                    now.append({**part, "digest": self._dataset().part_digest(part["spec"])})
        except (DataValidationError, ValueError):
            return None
        return now

    def _dataset(self):
        if self._data is None:
            self._data = self._load()
        return self._data


def _load_data(root: Path):
    from ..data.load import load

    return load(root / "data")


def _last_runs(root: Path) -> dict[str, dict]:
    """notebook -> {"key", "reads"} of its last run here (an entry of another form is no record)."""
    done = load_state(root).get("notebooks", {})
    return {name: entry for name, entry in done.items() if isinstance(entry, dict) and "key" in entry}


def stale_notebooks(notebooks: list[Path], inputs: Inputs) -> list[Path]:
    """The notebooks whose inputs differ from those of their last execution here.

    A part of a table that can no longer be handed out (the data does not load, the
    part's table or column is gone) makes its notebook stale.
    """
    done = _last_runs(inputs.root)
    parts_now = PartsNow(inputs)
    stale = []
    for nb in notebooks:
        last = done.get(nb.relative_to(inputs.root).as_posix())
        parts = None if last is None else parts_now(last.get("parts") or [])
        if parts is None or last["key"] != notebook_key(nb, inputs, last.get("reads"), parts):
            stale.append(nb)
    return stale


def execute(notebook: Path, data_dir: Path | None = None, timeout: int = 600) -> str:
    """Run a notebook top to bottom in a fresh kernel; returns the notebook's new text (not written).

    The kernel reads the data package in ``data_dir`` (NANOIMAGING_DATA), by default the
    ``data/`` beside the notebook's folder. An error in a cell is raised (nbclient's
    CellExecutionError names the cell).
    """
    return _execute(notebook, data_dir or notebook.parent.parent / "data", timeout, root=None).text


def execute_recording(notebook: Path, root: Path = REPO_ROOT, timeout: int = 600) -> Executed:
    """:func:`execute` with ``root/data``, recording which files of ``root`` the notebook read."""
    return _execute(notebook, root / "data", timeout, root=root)


def _execute(notebook: Path, data_dir: Path, timeout: int, root: Path | None) -> Executed:
    nb = nbformat.read(notebook, as_version=4)
    with tempfile.TemporaryDirectory(prefix="nanoimaging-kernel-") as scratch:
        env = {**os.environ, "NANOIMAGING_DATA": str(data_dir)}
        env.pop(reads.LOG_ENV, None)
        log = Path(scratch) / "reads.txt"
        if root is not None:
            env.update({reads.LOG_ENV: str(log), reads.ROOT_ENV: str(root)})
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(scratch) / "kernel"))
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(notebook.parent)}},
            extra_arguments=[f"--IPKernelApp.exec_lines={RECORD_READS}"] if root is not None else [],
        )
        try:
            client.execute(env=env)
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=False)
        record = reads.read_log(log) if root is not None else None
    text = nbformat.writes(nb) + "\n"
    if record is None:
        return Executed(text, None)
    parts = tuple(
        {"file": file, "spec": part.spec, "digest": part.digest}
        for part in record.parts
        for file in _relative([part.file], root)
    )
    return Executed(text, _relative(record.files, root), parts)


def _refreshed(parts: list[dict], inputs: Inputs, parts_now: PartsNow) -> list[dict]:
    """The parts of a notebook that did not run: a part the data still hands out unchanged is keyed to its file as it is now.

    Then the next build need not hand it out again. A part that differs, or cannot be
    handed out, keeps its old record (its notebook stays stale).
    """
    now = parts_now(parts)
    if now is None:
        return parts
    return [
        {**old, "file_key": inputs.key(old["file"])} if new["digest"] == old["digest"] else old
        for old, new in zip(parts, now, strict=True)
    ]


def _relative(paths: list[str], root: Path) -> tuple[str, ...]:
    """The paths below ``root``, relative to it, sorted (the kernel may have seen it through a symlink)."""
    bases = [Path(os.path.abspath(root)), Path(os.path.realpath(root))]
    found = set()
    for path in paths:
        for base in bases:
            if Path(path).is_relative_to(base):
                found.add(Path(path).relative_to(base).as_posix())
                break
    return tuple(sorted(found))


def run_notebooks(
    notebooks: list[Path],
    root: Path = REPO_ROOT,
    *,
    force: bool = False,
    jobs: int | None = None,
    inputs: Inputs | None = None,
) -> dict[Path, Executed]:
    """Execute the stale notebooks (all with ``force``), ``jobs`` at a time (default: one per core), in memory.

    All or nothing: if one notebook fails, the error is raised and no notebook has changed.
    """
    todo = list(notebooks) if force else stale_notebooks(notebooks, inputs or Inputs(root))
    if not todo:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1)) as pool:
        return dict(zip(todo, pool.map(lambda nb: execute_recording(nb, root), todo), strict=True))


def write_notebooks(texts: dict[Path, str], root: Path = REPO_ROOT) -> dict[Path, str]:
    """Write the new texts; returns the old ones, so that a later failure can put them back."""
    old = {}
    for notebook, text in texts.items():
        old[notebook] = notebook.read_text(encoding="utf-8")
        if text != old[notebook]:
            notebook.write_text(text, encoding="utf-8")
        print(f"executed {notebook.relative_to(root)}{' (outputs changed)' if text != old[notebook] else ''}")
    return old


def record(
    notebooks: list[Path],
    root: Path = REPO_ROOT,
    inputs: Inputs | None = None,
    runs: dict[Path, Executed] | None = None,
) -> None:
    """Remember the inputs of these notebooks as executed, and of the checks as passed.

    ``runs`` are the notebooks just executed, with what they read; the others keep
    the record of their last run. ``inputs`` holds the digests read before the build
    (with the rewritten notebooks forgotten), so that a file edited during the build
    is not recorded as built.
    """
    inputs = inputs or Inputs(root)
    runs = runs or {}
    parts_now = PartsNow(inputs)
    state = load_state(root)
    last = _last_runs(root)
    entries = state.setdefault("notebooks", {})
    for nb in notebooks:
        name = nb.relative_to(root).as_posix()
        if nb in runs:
            read = runs[nb].reads
            # a part's file as it was before the build: a file edited since counts as changed next time
            parts = [{**p, "file_key": inputs.key(p["file"])} for p in runs[nb].parts]
        else:
            read = last.get(name, {}).get("reads")
            parts = _refreshed(last.get(name, {}).get("parts") or [], inputs, parts_now)
        entries[name] = {
            "key": notebook_key(nb, inputs, read, parts),
            "reads": None if read is None else list(read),
            "parts": parts,
        }
    state["checks"] = check_key(inputs)
    save_state(state, root)
