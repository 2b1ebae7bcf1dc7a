"""What a chapter notebook reads when it runs, to compare with what it declares (nanoimaging.site.runner).

:func:`files_read` executes a copy of a notebook with a first cell that records, in the
kernel only, every table of a loaded :class:`~nanoimaging.data.dataset.Dataset` that the
notebook touches (an attribute read) and every file of the project it opens outside
``load()`` (its code and the virtual environment aside), and a last cell that prints the record. A table stands for its CSV file and
for the files whose order it takes (families.csv for a table with a family, modalities.csv
and families.csv for one with a modality): :func:`table_files`.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from nanoimaging.site.inputs import package_pointers
from nanoimaging.site.runner import ALL_DATA, NOTEBOOK_INPUTS, declared_reads, execute

#: Run first in the kernel: record tables touched and project files opened (not while loading).
RECORDER = """
import json as _json, os as _os, sys as _sys
from nanoimaging.data import dataset as _dataset
_seen = {"tables": set(), "files": set(), "loading": False}
_root = _os.path.realpath(%(root)r)
_skip = tuple(_os.path.realpath(p) + _os.sep for p in (_sys.prefix, _os.path.join(_root, "src")))
_get = _dataset.Dataset.__getattribute__
def _noting(self, name, _get=_get):
    if name in _dataset.TABLES:
        _seen["tables"].add(name)
    return _get(self, name)
_dataset.Dataset.__getattribute__ = _noting
_validated = _dataset.validated
def _loading(*args, **kwargs):
    _seen["loading"] = True
    try:
        return _validated(*args, **kwargs)
    finally:
        _seen["loading"] = False
_dataset.validated = _loading
def _opened(event, args):
    if event == "open" and not _seen["loading"] and isinstance(args[0], (str, _os.PathLike)):
        path = _os.path.realpath(_os.fspath(args[0]))
        if path.startswith(_root + _os.sep) and not path.startswith(_skip) and _os.path.isfile(path):
            _seen["files"].add(_os.path.relpath(path, _root))
_sys.addaudithook(_opened)
"""
#: Run last: print what was recorded, as one JSON line.
REPORT = 'print(_json.dumps({"tables": sorted(_seen["tables"]), "files": sorted(_seen["files"])}))'


def table_files(root: Path, tables: set[str]) -> set[str]:
    """The files of the project (relative to ``root``) that the content and order of these tables come from."""
    descriptor = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    needed = set(tables)
    for name in tables:
        fields = {f["name"] for f in resources[name]["schema"]["fields"]}
        if "family" in fields or name == "modalities":
            needed.add("families")
        if "modality_id" in fields:
            needed |= {"modalities", "families"}
    return {f"data/{resources[n].get('path', n + '.csv')}" for n in needed}


def files_read(notebook: Path, root: Path, scratch: Path) -> set[str]:
    """Every project file the notebook's outputs come from, as it runs in a kernel (relative to ``root``)."""
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(RECORDER % {"root": str(root)}))
    nb.cells.append(nbformat.v4.new_code_cell(REPORT))
    copy = scratch / notebook.parent.name / notebook.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, copy)
    ran = nbformat.reads(execute(copy, root / "data"), as_version=4)
    record = json.loads(ran.cells[-1].outputs[0]["text"])
    return table_files(root, set(record["tables"])) | set(record["files"])


def undeclared(notebook: Path, root: Path, scratch: Path) -> set[str]:
    """The files the notebook reads but neither declares nor shares with every notebook.

    Every notebook reads :data:`NOTEBOOK_INPUTS` and what datapackage.json points to (the living folder).
    """
    declared = declared_reads(notebook)
    covered = (*NOTEBOOK_INPUTS, *package_pointers(root), *(ALL_DATA if declared is None else declared))
    return {f for f in files_read(notebook, root, scratch) if not any(f == c or f.startswith(c + "/") for c in covered)}
