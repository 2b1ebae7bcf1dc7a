"""make book's checks: bad data stops the build with the messages; unchanged inputs are not re-checked."""

from __future__ import annotations

import shutil
from pathlib import Path

from csv_edit import set_cell

from nanoimaging import build
from nanoimaging.paths import REPO_ROOT


def project(tmp_path: Path) -> Path:
    for name in ("data", "book", "notebooks"):
        shutil.copytree(REPO_ROOT / name, tmp_path / name)
    shutil.copy(REPO_ROOT / "references.bib", tmp_path / "references.bib")
    return tmp_path


def test_bad_data_stops_the_build_with_every_message(tmp_path, monkeypatch, capsys):
    root = project(tmp_path)
    set_cell(root / "data" / "modalities.csv", 3, "family", "opitcal")
    monkeypatch.setenv("NANOIMAGING_DATA", str(root / "data"))
    checked = root / "_build" / "checked"
    assert build.run_checks(root, checked) == 1
    err = capsys.readouterr().err
    assert "modalities.csv:3: family: not one of the allowed values" in err
    assert "make book stopped" in err
    assert not checked.exists()


def test_checks_are_repeated_only_when_an_input_changed(tmp_path, monkeypatch, capsys):
    root = project(tmp_path)
    monkeypatch.setenv("NANOIMAGING_DATA", str(root / "data"))
    checked = root / "_build" / "checked"
    assert build.run_checks(root, checked) == 0
    assert "data package OK" in capsys.readouterr().out
    build.remember_checked(root, checked)
    assert build.run_checks(root, checked) == 0
    assert "not repeated" in capsys.readouterr().out
    set_cell(root / "data" / "modalities.csv", 3, "family", "opitcal")
    assert build.run_checks(root, checked) == 1
