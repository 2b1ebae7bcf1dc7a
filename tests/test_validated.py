"""Validation remembered by content (nanoimaging.data.validated): skipped only for bytes that passed.

Behaviour tests on the small synthetic package, each with a store of its own.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from csv_edit import set_cell
from nanoimaging import load
from nanoimaging.data import validated as store
from nanoimaging.problems import DataValidationError


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(store.CACHE_ENV, str(folder))
    return folder / "validated"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The full validations run from now on (through the real function)."""
    seen: list[Path] = []
    real = store.validate

    def counting(data_dir):
        seen.append(Path(data_dir))
        return real(data_dir)

    monkeypatch.setattr(store, "validate", counting)
    return seen


def test_data_that_passed_is_not_validated_again_and_loads_the_same(small_dir, cache, calls):
    first = load(small_dir)
    assert len(calls) == 1 and len(list(cache.glob("*.pickle"))) == 1
    second = load(small_dir)
    assert len(calls) == 1  # read back from the store
    for table in ("modalities", "studies", "resolution", "scales"):
        assert getattr(second, table).equals(getattr(first, table))
    assert second.descriptor == first.descriptor and second.data_dir == small_dir


def test_the_stored_result_is_the_one_validation_gives(small_dir, cache):
    fresh = store.validate(small_dir)
    kept = store.validated(small_dir)  # stored
    again = store.validated(small_dir)  # read back
    assert again.records == fresh.records == kept.records and again.descriptor == fresh.descriptor


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
def test_one_changed_byte_in_any_file_validation_reads_validates_again(small_dir, cache, calls, name):
    load(small_dir)
    EDITS[name](small_dir)
    load(small_dir)
    assert len(calls) == 2


def test_a_change_to_the_package_validates_again(small_dir, cache, calls, monkeypatch):
    load(small_dir)
    monkeypatch.setattr(store, "code_digest", lambda: "another version of the package")
    load(small_dir)
    assert len(calls) == 2


def test_data_with_a_problem_is_never_stored_and_always_reported(small_dir, cache, calls):
    set_cell(small_dir / "modalities.csv", 2, "family", "opitcal")
    for _ in range(2):
        with pytest.raises(DataValidationError, match="modalities.csv:2: family"):
            load(small_dir)
    assert len(calls) == 2 and not list(cache.glob("*.pickle"))


def test_an_unreadable_entry_means_validating(small_dir, cache, calls):
    load(small_dir)
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert load(small_dir).modalities is not None
    assert len(calls) == 2 and pickle.loads(entry.read_bytes())  # written again, whole


def test_a_folder_others_may_write_in_is_not_read(small_dir, cache, calls):
    load(small_dir)
    os.chmod(cache, 0o777)
    load(small_dir)
    assert len(calls) == 2


def test_an_empty_setting_turns_the_store_off(small_dir, tmp_path, monkeypatch, calls):
    monkeypatch.setenv(store.CACHE_ENV, "")
    load(small_dir)
    load(small_dir)
    assert len(calls) == 2


def test_a_store_that_cannot_be_written_means_validating_each_time(small_dir, tmp_path, monkeypatch, calls):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(store.CACHE_ENV, str(blocked))
    load(small_dir)
    load(small_dir)
    assert len(calls) == 2


def test_only_the_newest_results_are_kept(small_dir, cache, monkeypatch):
    monkeypatch.setattr(store, "KEPT", 2)
    keys = []
    for n in range(4):
        set_cell(small_dir / "modalities.csv", 2, "full_name", f"micro imaging camera {n}")
        load(small_dir)
        keys.append(store.data_key(small_dir))
    assert sorted(p.stem for p in cache.glob("*.pickle")) == sorted(keys[-2:])


def test_data_read_back_from_the_store_needs_neither_frictionless_nor_pint(small_dir, cache):
    """A kernel that loads data validated before does not import the validating libraries (0.2 s)."""
    load(small_dir)  # validated, and stored
    code = (
        "import sys, nanoimaging; nanoimaging.load(sys.argv[1]); "
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'frictionless', 'pint'}))"
    )
    env = {**os.environ, store.CACHE_ENV: str(cache.parent)}
    read_back = subprocess.run([sys.executable, "-c", code, str(small_dir)], env=env, capture_output=True, text=True)
    assert read_back.returncode == 0, read_back.stderr
    assert read_back.stdout.strip() == "[]"
    set_cell(small_dir / "modalities.csv", 2, "full_name", "a name never validated")
    validating = subprocess.run([sys.executable, "-c", code, str(small_dir)], env=env, capture_output=True, text=True)
    assert validating.stdout.strip() == "['frictionless', 'pint']"  # the check above can fail
