"""Validation remembered by content: data that passed once is not validated again, byte for byte.

Validating the package (frictionless, then the domain rules) takes about a second in
a fresh process, and ``make book`` starts many: the checks, a kernel per notebook,
Sphinx. Each calls :func:`validated`, which keys a passing result on

- the bytes of every file validation reads: ``datapackage.json``, each resource's
  CSV file, the references, the review's text, the stored source texts and the living
  folder's files it points to, each with its name;
- the code that validates: every file of the installed ``nanoimaging`` package and
  the version of frictionless and of Python.

The first process to validate stores the result under that key; the others read it
back instead of validating again. Change one byte of any of those files, or of the
package, and the key changes: the data is validated afresh. Only data that passed is
stored, so every problem is always found by a full validation. The newest
:data:`KEPT` results are kept.

The results are kept by :mod:`nanoimaging.kept`, in ``$NANOIMAGING_CACHE_DIR/validated``, by
default ``~/.cache/nanoimaging/validated``. An empty ``NANOIMAGING_CACHE_DIR`` turns the store
off; a store that cannot be written, or an entry that cannot be read, just means validating.

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
from importlib import metadata
from pathlib import Path

from .. import kept
from ..kept import CACHE_ENV
from ..paths import default_data_dir
from .result import ValidationResult

__all__ = ["CACHE_ENV", "KEPT", "cache_dir", "code_digest", "data_key", "validated"]

#: The store's folder in the cache (:mod:`nanoimaging.kept`).
KIND = "validated"
#: How many results are kept (the newest); each is about 150 KB for the review's data.
KEPT = 24
_PACKAGE = Path(__file__).resolve().parents[1]


def cache_dir() -> Path | None:
    """Where passing results are kept: ``$NANOIMAGING_CACHE_DIR/validated`` (empty: nowhere), else the user's cache."""
    return kept.cache_dir(KIND)


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
        names += _origin_files(data_dir, descriptor)
        digest = hashlib.sha256(code_digest().encode() + b"\0datapackage.json\0" + descriptor_bytes)
        for name in names:
            digest.update(b"\0" + str(name).encode() + b"\0" + (data_dir / name).read_bytes())
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    return digest.hexdigest()


def _origin_files(data_dir: Path, descriptor: dict) -> list[str]:
    """The stored source texts and the living folder's files that validation reads (those that exist)."""
    from .origins import LivingRecord, SourceTexts

    found: list[Path] = []
    if isinstance(descriptor.get("sourceTexts"), str):
        found += SourceTexts.read(data_dir / descriptor["sourceTexts"]).files()
    if isinstance(descriptor.get("living"), str):
        found += LivingRecord(data_dir / descriptor["living"]).files
    return [
        str(p.relative_to(data_dir)) if p.is_relative_to(data_dir) else os.path.relpath(p, data_dir)
        for p in found
        if p.is_file()
    ]


def validate(data_dir: Path) -> ValidationResult:
    """The full validation (:func:`nanoimaging.data.validate.validate`), imported only when needed.

    It imports frictionless and pint; a result read back from the store needs neither.
    """
    from .validate import validate as full_validation

    return full_validation(data_dir)


def validated(data_dir: str | Path | None = None) -> ValidationResult:
    """:func:`~nanoimaging.data.validate.validate`, or the stored result of the same bytes that passed."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    folder = cache_dir()
    key = data_key(data_dir) if folder is not None else None
    if key is None:
        return validate(data_dir)
    stored = kept.read(KIND, key, ".pickle")
    if stored is not None:
        try:
            records, descriptor = pickle.loads(stored)
            return ValidationResult(data_dir, [], records, descriptor)
        except Exception:  # an entry that cannot be read: validate
            pass
    result = validate(data_dir)
    if result.ok:
        kept.write(KIND, key, ".pickle", pickle.dumps((result.records, result.descriptor)), KEPT)
    return result
