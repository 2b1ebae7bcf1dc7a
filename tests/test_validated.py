"""Validation handed over (nanoimaging.data.validated): read back only for the very bytes that were validated.

Behaviour tests on the small synthetic package, each with a hand-over file of its own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from csv_edit import set_cell
from nanoimaging import load
from nanoimaging.data import validated as store


@pytest.fixture
def handed(small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A passing validation of ``small_dir`` written to a file that NANOIMAGING_VALIDATED names."""
    path = tmp_path / "_build" / "validated.pickle"
    store.write_validated(store.validate(small_dir), path)
    monkeypatch.setenv(store.VALIDATED_ENV, str(path))
    return path


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The full validations run from now on (through the real function), none of them kept from before."""
    seen: list[Path] = []
    real = store.validate
    monkeypatch.setattr(store, "_PASSED", {})

    def counting(data_dir):
        seen.append(Path(data_dir))
        return real(data_dir)

    monkeypatch.setattr(store, "validate", counting)
    return seen


def test_a_handed_validation_is_not_repeated_and_loads_the_same(small_dir, handed, calls, monkeypatch):
    second = load(small_dir)
    assert calls == []
    monkeypatch.delenv(store.VALIDATED_ENV)
    first = load(small_dir)
    assert calls == [small_dir]  # without the variable: validated
    for table in ("modalities", "studies", "resolution", "scales"):
        assert getattr(second, table).equals(getattr(first, table))
    assert second.descriptor == first.descriptor and second.data_dir == small_dir


def _edit_text(path: Path, old: bytes, new: bytes) -> None:
    text = path.read_bytes()
    assert old in text, (path, old)
    path.write_bytes(text.replace(old, new, 1))


#: One byte more in each kind of file validation reads, the data staying valid.
EDITS = {
    "modalities.csv": lambda d: set_cell(d / "modalities.csv", 2, "full_name", "micro-imaging camera"),
    "studies.csv": lambda d: _edit_text(d / "studies.csv", b"Body scanning followed", b"Body scanning tracked"),
    "datapackage.json": lambda d: _edit_text(d / "datapackage.json", b"{", b"{ "),
    "references.bib": lambda d: _edit_text(d.parent / "references.bib", b"@", b"\n@"),
    "review.txt": lambda d: (d.parent / "review.txt").write_bytes((d.parent / "review.txt").read_bytes() + b"\n"),
}


@pytest.mark.parametrize("name", EDITS)
def test_one_changed_byte_in_any_file_validation_reads_validates_again(small_dir, handed, calls, name):
    EDITS[name](small_dir)
    load(small_dir)
    assert calls == [small_dir]


@pytest.mark.parametrize("content", [b"", b"not a pickle"])
def test_a_missing_or_unreadable_file_means_validating_once_per_process(small_dir, handed, calls, content):
    handed.write_bytes(content)
    load(small_dir)
    handed.unlink()
    load(small_dir)  # the same bytes: this process's own passing validation is used again
    assert calls == [small_dir]


def test_a_validation_that_failed_is_never_kept(small_dir, calls, monkeypatch):
    monkeypatch.delenv(store.VALIDATED_ENV, raising=False)
    set_cell(small_dir / "modalities.csv", 2, "position", "not a number")
    for _ in range(2):
        assert not store.validated(small_dir).ok
    assert calls == [small_dir, small_dir]


def test_a_handed_validation_needs_neither_frictionless_nor_pint(small_dir, handed):
    """A kernel handed the build's validation does not import the validating libraries."""
    code = (
        "import sys, nanoimaging; nanoimaging.load(sys.argv[1]); "
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'frictionless', 'pint'}))"
    )
    read_back = subprocess.run([sys.executable, "-c", code, str(small_dir)], capture_output=True, text=True)
    assert read_back.returncode == 0, read_back.stderr
    assert read_back.stdout.strip() == "[]"
    set_cell(small_dir / "modalities.csv", 2, "full_name", "a name never validated")
    validating = subprocess.run([sys.executable, "-c", code, str(small_dir)], capture_output=True, text=True)
    assert validating.stdout.strip() == "['frictionless', 'pint']"  # the check above can fail
