"""The screening file: checked with file:row:field errors, counted by status, exchanged with ASReview's CSV."""

from __future__ import annotations

import shutil

import pytest
from living_files import EXPECTED, living_folder, snapshot

from nanoimaging.cli import main

#: pytest-recording refuses every connection; only cassettes answer.
pytestmark = pytest.mark.block_network

HEADER = "candidate_id,decision,reason,who,when,note\n"


def _screened(tmp_path, rows: str):
    files, _ = living_folder(tmp_path)
    shutil.copy(EXPECTED / "candidates.csv", files.candidates)
    shutil.copy(EXPECTED / "runs.json", files.runs)
    files.screening.write_text(HEADER + rows, encoding="utf-8")
    return files


def test_status_counts_every_run(tmp_path, capsys):
    files = _screened(
        tmp_path,
        "C0001,include,meets-criteria,A. Person,2026-12-02,\n"
        "C0002,exclude,not-imaging,A. Person,2026-12-02,\n"
        "C0003,maybe,needs-full-text,A. Person,2026-12-02,\n",
    )
    assert main(["living", "status", "--folder", str(files.folder)]) == 0
    out = capsys.readouterr().out
    assert "run-001 (2026-12-01T06:00:00Z): identified 7, duplicates 4, candidates 3, screened 3" in out
    assert "included 1, maybe 1, excluded 1 (not-imaging 1)" in out


def test_a_bad_decision_value_is_named_by_file_row_and_field(tmp_path, capsys, monkeypatch):
    _screened(
        tmp_path,
        "C0001,include,meets-criteria,A. Person,2026-12-02,\nC0002,inclde,meets-criteria,A. Person,2026-12-02,\n",
    )
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    assert main(["living", "status", "--folder", "living"]) == 1
    err = capsys.readouterr().err
    assert "living/screening.csv:3: decision: must be one of include, exclude, maybe (got 'inclde')" in err
    assert "nothing was changed" in err
    assert snapshot(tmp_path) == before


def test_a_reason_outside_the_list_an_unknown_candidate_and_a_bad_day_are_each_named(tmp_path, capsys, monkeypatch):
    _screened(tmp_path, "C0001,exclude,boring,,2026-13-02,\nC0099,maybe,needs-full-text,B,2026-12-02,\n")
    monkeypatch.chdir(tmp_path)
    assert main(["living", "status", "--folder", "living"]) == 1
    err = capsys.readouterr().err
    for wanted in (
        "living/screening.csv:2: reason: 'exclude' needs one of",
        "living/screening.csv:2: who: name the person who decided",
        "living/screening.csv:2: when: must be a day as YYYY-MM-DD (got '2026-13-02')",
        "living/screening.csv:3: candidate_id: not a candidate in candidates.csv (got 'C0099')",
    ):
        assert wanted in err


def test_asreview_export_then_import_adds_only_new_decisions(tmp_path, capsys):
    files = _screened(tmp_path, "C0001,include,meets-criteria,A. Person,2026-12-02,\n")
    out = tmp_path / "asreview.csv"
    assert main(["living", "export-asreview", str(out), "--folder", str(files.folder)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "record_id,title,abstract,authors,doi,url,included"
    assert lines[1].startswith("C0001,") and lines[1].endswith(",1") and lines[2].endswith(",")
    assert '"Example, Ann; Sample, Bo"' in lines[1] and "orcid" not in out.read_text(encoding="utf-8")  # names only
    assert "orcid:" in files.candidates.read_text(encoding="utf-8")  # candidates.csv keeps what the sources said
    # A person screens C0002 out in ASReview; C0003 stays unscreened.
    out.write_text("\n".join([*lines[:2], lines[2] + "0", lines[3]]) + "\n", encoding="utf-8")
    args = ["living", "import-asreview", str(out), "--who", "B. Person", "--when", "2026-12-03"]
    assert main([*args, "--folder", str(files.folder)]) == 0
    assert files.screening.read_text(encoding="utf-8") == (
        HEADER
        + "C0001,include,meets-criteria,A. Person,2026-12-02,\n"
        + "C0002,exclude,not-relevant,B. Person,2026-12-03,screened in ASReview\n"
    )


def test_an_asreview_label_that_contradicts_a_decision_changes_nothing(tmp_path, capsys):
    files = _screened(tmp_path, "C0001,include,meets-criteria,A. Person,2026-12-02,\n")
    sheet = tmp_path / "asreview.csv"
    sheet.write_text("record_id,title,included\nC0001,Synthetic work A,0\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code = main(["living", "import-asreview", str(sheet), "--who", "B", "--folder", str(files.folder)])
    assert code == 1
    assert "contradicts the recorded decision 'include'" in capsys.readouterr().err
    assert snapshot(tmp_path) == before
