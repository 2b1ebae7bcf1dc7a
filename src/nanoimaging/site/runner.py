"""The first steps of ``make book``: check the data and references, then run the notebooks whose inputs changed.

:func:`run_checks` validates the data and references.bib and stops the build on a problem;
the passing validation is handed to every kernel and to Sphinx (:mod:`nanoimaging.data.validated`).
:func:`run_notebooks` executes the stale notebooks in parallel, in memory. A notebook is stale
when one of its inputs changed since its last run (hashes in ``_build/.book-state.json``): its
own file, :data:`NOTEBOOK_INPUTS`, what datapackage.json points to, and the files its metadata
declares (all of ``data/`` when it declares none)::

    "metadata": {"nanoimaging": {"reads": ["data/modalities.csv", "data/families.csv"]}}

>>> [p.name for p in book_notebooks()][:2]
['data-dictionary.ipynb', 'references-status.ipynb']
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from ..data.citations import check_cited_references
from ..data.validated import VALIDATED_ENV, read_validated, validate, write_validated
from ..paths import REPO_ROOT
from ..problems import DataValidationError
from .chapters import chapter_problems
from .inputs import Inputs, load_state, package_pointers, save_state

#: What the checks read: the data, the bibliography, the book's text (citations) and the code.
CHECK_INPUTS = ("data", "references.bib", "src/nanoimaging", "book", "notebooks", "_toc.yml")
#: What every notebook's outputs depend on besides its own file and the files it declares.
NOTEBOOK_INPUTS = ("data/datapackage.json", "references.bib", "src/nanoimaging", "requirements.txt")
#: What a notebook that declares nothing is taken to read.
ALL_DATA = ("data",)
#: Where the build leaves the validation it hands to the kernels and to Sphinx.
VALIDATED_FILE = Path("_build") / "validated.pickle"


def book_notebooks(root: Path = REPO_ROOT) -> list[Path]:
    """Every executable chapter: the .ipynb files of notebooks/ and book/."""
    return sorted(
        p
        for folder in (root / "notebooks", root / "book")
        for p in folder.glob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def declared_reads(notebook: Path) -> tuple[str, ...] | None:
    """The files the notebook declares it reads (relative to the project root); None when it declares none."""
    metadata = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    reads = metadata.get("nanoimaging", {}).get("reads")
    return None if reads is None else tuple(str(r) for r in reads)


def validated_env(root: Path) -> dict[str, str]:
    """The environment that hands the build's validation to a process it starts."""
    return {VALIDATED_ENV: str(root / VALIDATED_FILE)}


def check_key(inputs: Inputs) -> str:
    """What the checks read: :data:`CHECK_INPUTS` and the files datapackage.json points to (the review's text)."""
    return inputs.key(*CHECK_INPUTS, *package_pointers(inputs.root))


def run_checks(root: Path = REPO_ROOT, inputs: Inputs | None = None) -> int:
    """0 when the data and the references pass (or passed with these very inputs before); 1 otherwise."""
    inputs = inputs or Inputs(root)
    key = check_key(inputs)
    if load_state(root).get("checks") == key and read_validated(root / VALIDATED_FILE, root / "data") is not None:
        print("data and references unchanged since they last passed: not checked again")
        return 0
    (root / VALIDATED_FILE).unlink(missing_ok=True)
    result = validate(root / "data")
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems:
        print(
            f"{len(result.problems)} problem(s) in the data; make book stopped, nothing was changed.", file=sys.stderr
        )
        return 1
    write_validated(result, root / VALIDATED_FILE)
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


def notebook_key(notebook: Path, inputs: Inputs) -> str:
    """The key of a notebook: its file (outputs included), its declared files, :data:`NOTEBOOK_INPUTS`
    and what datapackage.json points to (:func:`~nanoimaging.site.inputs.package_pointers`).

    Outputs count, so a notebook whose outputs were cleared or edited by hand runs again.
    """
    declared = declared_reads(notebook)
    reads = ALL_DATA if declared is None else declared
    pointers = package_pointers(inputs.root)
    return inputs.key(notebook.relative_to(inputs.root).as_posix(), *NOTEBOOK_INPUTS, *pointers, *reads)


def stale_notebooks(notebooks: list[Path], inputs: Inputs) -> list[Path]:
    """The notebooks whose key differs from that of their last execution here."""
    done = load_state(inputs.root).get("notebooks", {})
    return [nb for nb in notebooks if done.get(nb.relative_to(inputs.root).as_posix()) != notebook_key(nb, inputs)]


def execute(notebook: Path, data_dir: Path | None = None, timeout: int = 600, env: dict[str, str] | None = None) -> str:
    """Run a notebook top to bottom in a fresh kernel; returns the notebook's new text (not written).

    The kernel reads the data package in ``data_dir`` (default: the ``data/`` beside the notebook's
    folder); ``env`` adds to its environment. A cell's error is raised (nbclient's CellExecutionError).
    """
    nb = nbformat.read(notebook, as_version=4)
    data_dir = data_dir or notebook.parent.parent / "data"
    with tempfile.TemporaryDirectory(prefix="nanoimaging-kernel-") as scratch:
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(scratch) / "kernel"))
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(notebook.parent)}},
        )
        try:
            client.execute(env={**os.environ, "NANOIMAGING_DATA": str(data_dir), **(env or {})})
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=False)
    return nbformat.writes(nb) + "\n"


def run_notebooks(
    notebooks: list[Path],
    root: Path = REPO_ROOT,
    *,
    force: bool = False,
    jobs: int | None = None,
    inputs: Inputs | None = None,
) -> dict[Path, str]:
    """Execute the stale notebooks (all with ``force``), ``jobs`` at a time (default: one per core), in memory.

    Returns each one's new text. All or nothing: if one notebook fails, the error is
    raised and no notebook has changed.
    """
    todo = list(notebooks) if force else stale_notebooks(notebooks, inputs or Inputs(root))
    if not todo:
        return {}
    env = validated_env(root)
    with ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1)) as pool:
        texts = pool.map(lambda nb: execute(nb, root / "data", env=env), todo)
        return dict(zip(todo, texts, strict=True))


def write_notebooks(texts: dict[Path, str], root: Path = REPO_ROOT) -> dict[Path, str]:
    """Write the new texts; returns the old ones, so that a later failure can put them back."""
    old = {}
    for notebook, text in texts.items():
        old[notebook] = notebook.read_text(encoding="utf-8")
        if text != old[notebook]:
            notebook.write_text(text, encoding="utf-8")
        print(f"executed {notebook.relative_to(root)}{' (outputs changed)' if text != old[notebook] else ''}")
    return old


def record(notebooks: list[Path], root: Path = REPO_ROOT, inputs: Inputs | None = None) -> None:
    """Remember the keys of these notebooks as executed, and of the checks as passed.

    ``inputs`` holds the digests read before the build, so a file edited during the build is not recorded as built.
    """
    inputs = inputs or Inputs(root)
    state = load_state(root)
    entries = state.setdefault("notebooks", {})
    for nb in notebooks:
        entries[nb.relative_to(root).as_posix()] = notebook_key(nb, inputs)
    state["checks"] = check_key(inputs)
    save_state(state, root)
