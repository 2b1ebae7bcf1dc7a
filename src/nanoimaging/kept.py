"""Results kept by content in the user's cache: made once, read back by every process that asks again.

A caller keys a result on everything it depends on (the chart conversions of
:func:`nanoimaging.figures.display.to_svg`). Each kind has a private folder, keeping its newest
entries, in ``$NANOIMAGING_CACHE_DIR`` (default: the user's cache folder platformdirs names,
``~/.cache/nanoimaging`` on Linux); an empty ``NANOIMAGING_CACHE_DIR`` turns keeping off. An
unwritable folder or unreadable entry only means the result is made again.

>>> import os, tempfile
>>> os.environ[CACHE_ENV] = tempfile.mkdtemp()
>>> read("svg", "abc", ".svg") is None
True
>>> write("svg", "abc", ".svg", b"<svg/>", keep=4)
>>> read("svg", "abc", ".svg")
b'<svg/>'
>>> del os.environ[CACHE_ENV]
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

CACHE_ENV = "NANOIMAGING_CACHE_DIR"


def cache_dir(kind: str) -> Path | None:
    """Where results of ``kind`` are kept: in ``$NANOIMAGING_CACHE_DIR`` (empty: nowhere), else the user's cache."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) / kind if chosen else None
    return Path(platformdirs.user_cache_dir("nanoimaging", appauthor=False)) / kind


def read(kind: str, key: str, suffix: str) -> bytes | None:
    """The kept entry ``key`` of ``kind``; None when keeping is off, there is none, or the folder is not private."""
    folder = cache_dir(kind)
    if folder is None or not _private(folder):
        return None
    try:
        return (folder / f"{key}{suffix}").read_bytes()
    except OSError:
        return None


def write(kind: str, key: str, suffix: str, payload: bytes, keep: int) -> None:
    """Keep ``payload`` as entry ``key`` of ``kind``, whole or not at all; then only the ``keep`` newest entries."""
    folder = cache_dir(kind)
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temporary, folder / f"{key}{suffix}")  # another process may be reading it meanwhile
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return
    _prune(folder, suffix, keep)


def _private(folder: Path) -> bool:
    """Whether ``folder`` is this user's and no one else may write in it (else its entries are not read)."""
    try:
        status = folder.stat()
    except OSError:
        return False
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def _prune(folder: Path, suffix: str, keep: int) -> None:
    """Keep the ``keep`` newest entries: a student editing the data all term leaves no heap behind."""
    try:
        entries = sorted(folder.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:  # another process pruned the same entry first
        return
