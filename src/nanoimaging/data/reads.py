"""Which files of the project a process read: what a notebook's outputs depend on.

``make book`` runs each notebook in a kernel of its own and names a log in
``NANOIMAGING_READS`` (and the project root in ``NANOIMAGING_READS_ROOT``); the
kernel calls :func:`start_from_environment` before the first cell. From then on
two ways in are recorded, one absolute path a line:

- every file below the project root that the process opens: an audit hook sees
  each ``open`` (pandas, the csv module, ``Path.read_text``, frictionless ...), so
  a CSV read around :func:`~nanoimaging.load` is recorded too;
- the tables a :class:`~nanoimaging.data.load.Dataset` hands out. :func:`load`
  reads the whole package to validate it, but what a notebook shows depends only
  on the tables it uses, and on the files each was built from (the studies table
  takes its modality order from modalities.csv and families.csv). While ``load()``
  runs, its own opens are not recorded (:func:`loading`); it records
  ``datapackage.json`` and the files that points to, and each table records its
  files when it is used;
- the parts of a table that :meth:`~nanoimaging.data.load.Dataset.select` hands
  out (some columns, the rows of some modalities) instead of the table's file: a
  part is recorded as what was asked for and a digest of what was handed out
  (:func:`note_part`), so a notebook that showed one family's studies depends on
  those rows only, and one that never showed a study's finding does not depend on
  the findings. The files the part takes its order from are recorded as files.

Not seen: files opened by a process the notebook starts, or by native code that
bypasses Python's ``open`` (pyarrow's own file system, for one). The package's own
modules and the interpreter's files are left out: every notebook depends on them.

>>> recording()
False
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOG_ENV = "NANOIMAGING_READS"
ROOT_ENV = "NANOIMAGING_READS_ROOT"
#: The log's first line: a log without it was not written by this module.
HEADER = "# files read (nanoimaging.data.reads)"
#: A log line that records a part of a table (then its JSON), not a whole file.
PART = "part "

_lock = threading.RLock()  # re-entered: writing the log is itself an open
_local = threading.local()  # .depth: how many load() calls this thread is inside
_state: dict = {}  # log, roots, ignored, seen: set by start()
_collectors: list[set[Path]] = []  # open collecting() blocks, innermost last
_hooked = False


def recording() -> bool:
    """Whether this process records what it reads."""
    return bool(_state)


def start(log: str | Path, root: str | Path) -> None:
    """Record, in ``log``, the files below ``root`` that this process reads from now on."""
    global _hooked
    root_text = os.path.abspath(root)
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ignored = {package, os.path.realpath(package), sys.prefix, sys.base_prefix, sys.exec_prefix}
    with _lock:
        _state.update(
            log=os.path.abspath(log),
            roots=tuple({root_text + os.sep, os.path.realpath(root_text) + os.sep}),
            ignored=tuple(p + os.sep for p in ignored),
            seen=set(),
        )
        with open(_state["log"], "w", encoding="utf-8") as handle:
            handle.write(HEADER + "\n")
    if not _hooked:
        sys.addaudithook(_audit)  # cannot be removed; stop() makes it do nothing
        _hooked = True


def start_from_environment() -> bool:
    """:func:`start` with the log and root named in the environment, if they are; whether it started."""
    log, root = os.environ.get(LOG_ENV), os.environ.get(ROOT_ENV)
    if not (log and root):
        return False
    start(log, root)
    return True


def stop() -> None:
    """Record nothing more."""
    with _lock:
        _state.clear()


def note(paths: Iterable[str | Path]) -> None:
    """Record these files as read (those below the root; each once), and gather them into each :func:`collecting`."""
    if not (_state or _collectors):
        return
    for path in paths:
        absolute = os.path.abspath(path)
        _collect(absolute)
        _note(absolute)


def _collect(path: str) -> None:
    """Gather ``path`` into each open :func:`collecting` block."""
    with _lock:
        for found in _collectors:
            found.add(Path(path))


@dataclass(frozen=True)
class Part:
    """A part of a table that a process was handed: which part (``spec``), a digest of it, and the table's file.

    ``spec`` is what :meth:`~nanoimaging.data.load.Dataset.select` was asked for
    (``table``, ``columns``, ``modalities``); handing out the same part of the same
    data gives the same ``digest``, so a part whose digest is unchanged shows the same.
    """

    file: str
    spec: dict[str, Any]
    digest: str

    def to_json(self) -> str:
        return json.dumps({"file": self.file, "spec": self.spec, "digest": self.digest}, sort_keys=True)


@dataclass(frozen=True)
class Record:
    """What a log records: the whole files read, and the parts of tables handed out (each once, in order)."""

    files: list[str]
    parts: list[Part]


def frame_digest(frame) -> str:
    """A digest of a DataFrame's columns, values and row order, and the category order of its categoricals.

    >>> import pandas as pd
    >>> a = pd.DataFrame({"x": ["1", None]}, dtype="string")
    >>> frame_digest(a) == frame_digest(a.copy()), frame_digest(a) == frame_digest(a.fillna(""))
    (True, False)
    """
    combined = hashlib.sha256(frame.to_csv(index=False, na_rep="\0NA", lineterminator="\n").encode())
    for column in frame.columns:
        if hasattr(frame[column], "cat"):
            combined.update(json.dumps([column, [str(c) for c in frame[column].cat.categories]]).encode())
    return combined.hexdigest()


def note_part(file: str | Path, spec: dict[str, Any], digest: str) -> None:
    """Record that this part of the table in ``file`` was handed out (its ``file`` into each :func:`collecting`).

    A :func:`collecting` block gathers files only: for it the part counts as the whole file.
    """
    if not (_state or _collectors):
        return
    absolute = os.path.abspath(file)
    _collect(absolute)
    with _lock:
        if _state and _below_root(absolute):
            _log(PART + Part(absolute, spec, digest).to_json())


def _below_root(path: str) -> bool:
    return path.startswith(_state["roots"]) and not path.startswith(_state["ignored"])


def _log(line: str) -> None:
    """Append ``line`` to the log the first time it comes (the caller holds the lock)."""
    if line in _state["seen"]:
        return
    _state["seen"].add(line)
    with open(_state["log"], "a", encoding="utf-8") as handle:  # this open is the log: not recorded
        handle.write(line + "\n")


@contextlib.contextmanager
def collecting() -> Iterator[set[Path]]:
    """Within: the files :func:`note` is given (what the tables used were built from) are gathered in the set yielded.

    In this process, with or without a log: a Sphinx directive that draws from the data
    learns which files its page depends on.

    >>> with collecting() as found:
    ...     note(["data/studies.csv"])
    >>> sorted(p.name for p in found)
    ['studies.csv']
    """
    found: set[Path] = set()
    with _lock:
        _collectors.append(found)
    try:
        yield found
    finally:
        with _lock:
            _collectors.remove(found)


def _note(path: str) -> None:
    with _lock:
        if _state and path != _state["log"] and _below_root(path):
            _log(path)


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """Within: this thread's opens are load()'s own, recorded through the tables instead."""
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        yield
    finally:
        _local.depth -= 1


def _audit(event: str, args: tuple) -> None:
    if event != "open" or not _state or getattr(_local, "depth", 0):
        return
    path = args[0]
    if isinstance(path, int) or path is None:  # a file descriptor: the file was opened before
        return
    try:
        text = os.fsdecode(path)
    except TypeError:
        return
    _note(os.path.abspath(text))


def read_log(log: str | Path) -> Record | None:
    """The files and parts a log records, in the order first read; None when there is no log written by :func:`start`."""
    try:
        lines = Path(log).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None
    if not lines or lines[0] != HEADER:
        return None
    files = [line for line in lines[1:] if line and not line.startswith(PART)]
    parts = []
    for line in dict.fromkeys(line for line in lines[1:] if line.startswith(PART)):
        entry = json.loads(line[len(PART) :])
        parts.append(Part(entry["file"], entry["spec"], entry["digest"]))
    return Record(list(dict.fromkeys(files)), parts)
