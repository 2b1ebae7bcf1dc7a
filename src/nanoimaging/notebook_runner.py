"""Execute the book's notebooks in place when what they depend on has changed.

Jupyter Book's own cache (jupyter-cache) keys a notebook on its code cells
only, so a notebook that reads a changed CSV would not be re-run. Here the
key is a hash of the notebook file as its last run here wrote it (code, text
and outputs) and of everything its outputs depend on: the data package,
references.bib, the nanoimaging sources and the pins. When the
key changes the notebook is executed and its outputs are written back into
the .ipynb (they are part of the product: GitHub, Binder and nbval read them),
then the book is built with execution off.

>>> stale = stale_notebooks(NOTEBOOKS)   # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .paths import REPO_ROOT

NOTEBOOKS = REPO_ROOT / "notebooks"
BOOK_CHAPTERS = REPO_ROOT / "book"
STATE_FILE = REPO_ROOT / "_build" / ".notebook-inputs.json"
#: Everything besides its own code that a notebook's outputs depend on.
DEPENDENCIES = ("data", "references.bib", "src/nanoimaging", "requirements.txt")


def _files(root: Path) -> list[Path]:
    found = []
    for name in DEPENDENCIES:
        path = root / name
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif path.exists():
            found.append(path)
    return found


def dependencies_hash(root: Path = REPO_ROOT) -> str:
    """One hash of the data, references, package sources and pins."""
    digest = hashlib.sha256()
    for path in _files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def file_hash(notebook: Path) -> str:
    """Hash of the whole notebook file: its code, its text and its stored outputs.

    The outputs are part of the key on purpose: a notebook whose outputs were
    cleared or edited by hand no longer matches what its last run produced.
    """
    return hashlib.sha256(notebook.read_bytes()).hexdigest()


def input_key(notebook: Path, dependencies: str) -> str:
    return hashlib.sha256(f"{file_hash(notebook)}:{dependencies}".encode()).hexdigest()


def _load_state(state_file: Path) -> dict[str, str]:
    try:
        return json.loads(state_file.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def book_notebooks(root: Path = REPO_ROOT) -> list[Path]:
    """Every executable chapter: the .ipynb files of notebooks/ and book/."""
    return sorted(
        p for folder in (root / "notebooks", root / "book") for p in folder.glob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def stale_notebooks(notebooks: list[Path], state_file: Path = STATE_FILE, root: Path = REPO_ROOT) -> list[Path]:
    """The notebooks whose inputs differ from those of their last execution here."""
    state = _load_state(state_file)
    dependencies = dependencies_hash(root)
    return [nb for nb in notebooks if state.get(str(nb.relative_to(root))) != input_key(nb, dependencies)]


def execute(notebook: Path, timeout: int = 600, attempts: int = 3) -> bool:
    """Run a notebook top to bottom in a fresh kernel and write it back; True if its file changed.

    A kernel that dies while starting (two kernels picking the same free port at
    once, "Address already in use") is started again, up to ``attempts`` times;
    an error in a cell is raised at once.
    """
    before = notebook.read_text(encoding="utf-8")
    for attempt in range(1, attempts + 1):
        nb = nbformat.reads(before, as_version=4)
        client = NotebookClient(
            nb, timeout=timeout, kernel_name="python3", record_timing=False,
            resources={"metadata": {"path": str(notebook.parent)}},
        )
        try:
            client.execute()
            break
        except RuntimeError as exc:  # nbclient: "Kernel died before replying to kernel_info"
            if "Kernel died" not in str(exc) or attempt == attempts:
                raise
    after = nbformat.writes(nb) + "\n"
    if after != before:
        notebook.write_text(after, encoding="utf-8")
        return True
    return False


def run(notebooks: list[Path], *, force: bool = False, jobs: int = 2,
        state_file: Path = STATE_FILE, root: Path = REPO_ROOT) -> list[Path]:
    """Execute the stale notebooks (all of them with ``force``), ``jobs`` at a time."""
    todo = list(notebooks) if force else stale_notebooks(notebooks, state_file, root)
    if todo:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for notebook, changed in zip(todo, pool.map(execute, todo)):
                print(f"executed {notebook.relative_to(root)}{' (outputs changed)' if changed else ''}")
    record(notebooks, state_file, root)
    return todo


def record(notebooks: list[Path], state_file: Path = STATE_FILE, root: Path = REPO_ROOT) -> None:
    """Remember the current inputs of these notebooks as executed."""
    dependencies = dependencies_hash(root)
    state = _load_state(state_file)
    state.update({str(nb.relative_to(root)): input_key(nb, dependencies) for nb in notebooks})
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nanoimaging.notebook_runner", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter notebook")
    parser.add_argument("--force", action="store_true", help="execute even if nothing changed")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    args = parser.parse_args(argv)
    notebooks = [p.resolve() for p in args.notebooks] or book_notebooks()
    start = time.perf_counter()
    done = run(notebooks, force=args.force, jobs=args.jobs)
    print(f"{len(done)} of {len(notebooks)} notebook(s) executed in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
