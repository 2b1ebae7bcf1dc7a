"""Validation remembered by content: data that passed once is not validated again, byte for byte.

Validating the package (frictionless, then the domain rules) takes about a second in
a fresh process, and ``make book`` starts many: the checks, a kernel per notebook,
Sphinx. Each calls :func:`validated`, which keys a passing result on

- the bytes of every file validation reads: ``datapackage.json``, each resource's
  CSV file, the references and the review's text it points to, each with its name;
- the code that validates: every file of the installed ``nanoimaging`` package and
  the version of frictionless and of Python.

The first process to validate stores the result under that key; the others read it
back instead of validating again. Change one byte of any of those files, or of the
package, and the key changes: the data is validated afresh. Only data that passed is
stored, so every problem is always found by a full validation. The newest
:data:`KEPT` results are kept.

The results live in ``$NANOIMAGING_CACHE_DIR``, by default ``~/.cache/nanoimaging``
(``$XDG_CACHE_HOME/nanoimaging``), in a folder only its owner can read. An empty
``NANOIMAGING_CACHE_DIR`` turns the store off; a store that cannot be written, or an
entry that cannot be read, just means validating.

>>> validated().ok
True
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from ..paths import default_data_dir
from .validate import ValidationResult, validate

CACHE_ENV = "NANOIMAGING_CACHE_DIR"
#: How many results are kept (the newest); each is about 150 KB for the review's data.
KEPT = 24
_PACKAGE = Path(__file__).resolve().parents[1]


def cache_dir() -> Path | None:
    """Where passing results are kept: ``$NANOIMAGING_CACHE_DIR`` (empty: nowhere), else the user's cache."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) / "validated" if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nanoimaging" / "validated"


@functools.cache
def code_digest() -> str:
    """The validating code: every file of the package (not its bytecode), frictionless' and Python's versions."""
    digest = hashlib.sha256()
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(f"frictionless {metadata.version('frictionless')}; python {sys.version}".encode())
    return digest.hexdigest()


def data_key(data_dir: Path) -> str | None:
    """The key of the data package in ``data_dir`` and of the code, or None where a file cannot be read.

    None sends the caller to a full validation, which says what is wrong.
    """
    try:
        descriptor_bytes = (data_dir / "datapackage.json").read_bytes()
        descriptor = json.loads(descriptor_bytes)
        names = [r.get("path", f"{r.get('name')}.csv") for r in descriptor.get("resources", [])]
        names += [descriptor[p] for p in ("references", "reviewText") if isinstance(descriptor.get(p), str)]
        digest = hashlib.sha256(code_digest().encode() + b"\0datapackage.json\0" + descriptor_bytes)
        for name in names:
            digest.update(b"\0" + str(name).encode() + b"\0" + (data_dir / name).read_bytes())
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    return digest.hexdigest()


def validated(data_dir: str | Path | None = None) -> ValidationResult:
    """:func:`~nanoimaging.data.validate.validate`, or the stored result of the same bytes that passed."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    folder = cache_dir()
    key = data_key(data_dir) if folder is not None else None
    if key is None:
        return validate(data_dir)
    entry = folder / f"{key}.pickle"
    if _private(folder):
        try:
            records, descriptor = pickle.loads(entry.read_bytes())
            return ValidationResult(data_dir, [], records, descriptor)
        except Exception:  # no entry yet, or one that cannot be read: validate
            pass
    result = validate(data_dir)
    if result.ok:
        _store(entry, pickle.dumps((result.records, result.descriptor)))
    return result


def _private(folder: Path) -> bool:
    """Whether ``folder`` is this user's and no one else may write in it (else its entries are not read)."""
    try:
        status = folder.stat()
    except OSError:
        return False
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def _store(entry: Path, payload: bytes) -> None:
    """Write ``entry`` whole or not at all (another process may be reading or writing it)."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temporary, entry)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return
    _prune(entry.parent)


def _prune(folder: Path) -> None:
    """Keep the :data:`KEPT` newest results: a student editing the data all term leaves no heap behind."""
    try:
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:  # another process pruned the same entry first
        return
