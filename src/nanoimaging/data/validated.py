"""Validation handed from one process to those it starts: ``make book`` validates once, each kernel loads.

:func:`write_validated` writes a result for the processes named by ``NANOIMAGING_VALIDATED``;
:func:`validated` reads it back when the data's bytes are unchanged, and validates otherwise.

>>> validated().ok
True
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

from ..paths import default_data_dir
from .result import ValidationResult

#: Names the file a process that validated the data wrote (:func:`write_validated`).
VALIDATED_ENV = "NANOIMAGING_VALIDATED"


def data_key(data_dir: Path) -> str | None:
    """The digest of every file validation reads in ``data_dir``, with its name; None where one cannot be read."""
    try:
        descriptor_bytes = (data_dir / "datapackage.json").read_bytes()
        descriptor = json.loads(descriptor_bytes)
        names = [r.get("path", f"{r.get('name')}.csv") for r in descriptor.get("resources", [])]
        names += [descriptor[p] for p in ("references", "reviewText") if isinstance(descriptor.get(p), str)]
        names += _origin_files(data_dir, descriptor)
        digest = hashlib.sha256(b"datapackage.json\0" + descriptor_bytes)
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
    """The full validation (:func:`nanoimaging.data.validation.validate`, which imports frictionless and pint)."""
    from .validation import validate as full_validation

    return full_validation(data_dir)


def _pickled(result: ValidationResult, key: str | None) -> bytes:
    """A passing ``result`` as :func:`write_validated` stores it: with the digest of the bytes it validated."""
    return pickle.dumps((key, result.records, result.descriptor))


def _matching(stored: bytes, data_dir: Path, key: str | None) -> ValidationResult | None:
    """The result :func:`_pickled` stored, if it is of the bytes whose digest is ``key``; else None."""
    try:
        stored_key, records, descriptor = pickle.loads(stored)
    except Exception:  # not written by write_validated
        return None
    if key is None or stored_key != key:
        return None
    return ValidationResult(data_dir, [], records, descriptor)


def write_validated(result: ValidationResult, path: Path) -> None:
    """Write a passing ``result`` to ``path``, keyed on the bytes it validated, for :func:`read_validated`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_pickled(result, data_key(result.data_dir)))


def read_validated(path: Path, data_dir: Path, key: str | None = None) -> ValidationResult | None:
    """The result :func:`write_validated` wrote to ``path``, if it is of the bytes now in ``data_dir`` (whose
    digest, :func:`data_key`, is ``key`` when the caller has it); else None."""
    try:
        stored = path.read_bytes()
    except OSError:  # no file
        return None
    return _matching(stored, data_dir, key if key is not None else data_key(data_dir))


#: Passing validations made in this process, by the digest of the bytes they read (pickled, so that
#: each caller gets objects of its own).
_PASSED: dict[str, bytes] = {}


def validated(data_dir: str | Path | None = None) -> ValidationResult:
    """The result handed over in ``NANOIMAGING_VALIDATED`` for these very bytes, else one this process made
    of the same bytes, else a full validation."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    key = data_key(data_dir)  # read once, whichever result is taken
    named = os.environ.get(VALIDATED_ENV)
    found = read_validated(Path(named), data_dir, key) if named else None
    if found is None and key in _PASSED:
        found = _matching(_PASSED[key], data_dir, key)
    if found is not None:
        return found
    result = validate(data_dir)
    if key is not None and result.ok:
        _PASSED[key] = _pickled(result, key)
    return result
