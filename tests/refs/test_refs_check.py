"""references.bib: `refs check`, on the project itself and on a scratch copy with each problem, reported
with the entry's line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from bib_edit import (
    REVIEW_DOI,
    bib_text,
    check,
    entry_text,
    line_of,
    run,
    studies_cite_keys,
)
from csv_edit import find_row, set_cell
from nanoimaging.cli.exits import EXIT_PROBLEMS
from nanoimaging.data.citations import cited_keys
from nanoimaging.paths import REPO_ROOT, display_path
from nanoimaging.refs.bibtex import (
    REVIEW_KEY,
    read_references,
)
from nanoimaging.refs.check import book_citations

# --- refs check on the real project ----------------------------------------------------


def test_refs_check_passes_on_the_project():
    done = subprocess.run(
        [sys.executable, "-m", "nanoimaging", "refs", "check"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^references\.bib: \d+ entries, each cited; valid; ", done.stdout, flags=re.MULTILINE), (
        done.stdout
    )


def test_cited_keys_holds_the_review_the_data_and_the_book():
    keys = cited_keys()
    assert keys[REVIEW_KEY][0] == display_path(REPO_ROOT / "data" / "datapackage.json")
    assert studies_cite_keys() <= set(keys)
    for key in studies_cite_keys():
        assert all(re.fullmatch(r".*studies\.csv:\d+", place) for place in keys[key] if "studies" in place)
    assert set(book_citations()) <= set(keys)


def test_the_data_s_citations_are_the_validated_rows_and_a_problem_elsewhere_still_lets_them_be_read(
    small_dir, tmp_path, monkeypatch
):
    """Data that passed: its rows, read back from the store (no second schema check). Data with a
    problem in another file: the schema check's rows of studies.csv, as before."""
    from csv_edit import set_cell
    from nanoimaging.data import citations
    from nanoimaging.kept import CACHE_ENV

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    checked: list[Path] = []
    real = citations.check_schema
    monkeypatch.setattr(citations, "check_schema", lambda path: checked.append(path) or real(path))
    passed = citations.data_citations(small_dir)
    assert passed and checked == []
    set_cell(small_dir / "modalities.csv", 2, "temporal_resolution", "not a speed")
    assert citations.data_citations(small_dir) == passed and checked == [small_dir / "datapackage.json"]


def test_every_entry_is_cited_and_the_review_is_complete():
    refs = read_references(REPO_ROOT / "references.bib")
    assert set(refs.entries) <= set(cited_keys())
    assert refs.entries[REVIEW_KEY].complete and refs.entries[REVIEW_KEY].fields["doi"] == REVIEW_DOI


# --- refs check: each problem, with the bib line --------------------------------------


def test_clean_copy_has_no_problem(refs_root):
    assert check(refs_root) == []


def test_incomplete_entries_are_counted_not_errors_and_listed_on_request(refs_root, capsys):
    assert run("refs", "check", "--root", str(refs_root)) == 0
    out = capsys.readouterr().out.strip().splitlines()
    said = out[0].split("references.bib: ", 1)[-1]  # the path holds this test's name
    assert len(out) == 1 and "OK" not in said and "incomplete" not in said.split(" (--list")[0], out
    assert re.search(
        r": \d+ entries, each cited; valid; \d+ cited entries lack bibliographic fields \(most often ", out[0]
    )
    assert out[0].endswith("(--list-incomplete names them and what each lacks)"), out
    assert run("refs", "check", "--root", str(refs_root), "--list-incomplete") == 0
    out = capsys.readouterr().out
    bib = refs_root / "references.bib"
    assert f"{display_path(bib)}:{line_of(bib, 'ref59')}: ref59 [59] lacks title, journal, year" in out


def test_duplicate_key(refs_root):
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    bib.write_text(text + "\n" + entry_text(text, "ref64") + "\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    assert check(refs_root) == [
        f"{display_path(bib)}:{line}: key: duplicate entry key: each entry needs its own key (got 'ref64')"
    ]


def test_keys_differing_only_in_case(refs_root):
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    copy = entry_text(text, "ref64").replace("{ref64,", "{REF64,").replace("refnum = {64}", "refnum = {9064}")
    bib.write_text(text + "\n" + copy + "\n", encoding="utf-8")
    problems = check(refs_root)
    assert any("REF64" in p and "same key as entry ref64 except for case" in p for p in problems), problems


def test_duplicate_and_malformed_doi(refs_root):
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    text = text.replace(
        entry_text(text, "ref63"),
        entry_text(text, "ref63").replace("complete = {no}", f"doi = {{{REVIEW_DOI}}},\n  complete = {{no}}"),
    )
    text = text.replace(
        entry_text(text, "ref64"),
        entry_text(text, "ref64").replace("complete = {no}", "doi = {https://doi.org/10.1000/abc},\n  complete = {no}"),
    )
    bib.write_text(text, encoding="utf-8")
    shown = display_path(bib)
    problems = check(refs_root)
    assert f"{shown}:{line_of(bib, 'ref63')}: doi: same DOI as entry deMaar2020 (got '{REVIEW_DOI}')" in problems
    assert (
        f"{shown}:{line_of(bib, 'ref64')}: doi: malformed DOI: expected 10.<registrant>/<suffix>, "
        "without https://doi.org/ (got 'https://doi.org/10.1000/abc')"
    ) in problems


def test_complete_entry_without_a_required_field(refs_root):
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    entry = entry_text(text, REVIEW_KEY)
    bib.write_text(text.replace(entry, re.sub(r"\n  journal = \{[^}]*\},", "", entry)), encoding="utf-8")
    assert check(refs_root) == [
        f"{display_path(bib)}:{line_of(bib, REVIEW_KEY)}: journal: required for a complete @article entry (deMaar2020) (got '')"
    ]


def test_missing_list_naming_a_present_field(refs_root):
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    bib.write_text(
        text.replace(
            entry_text(text, "ref64"), entry_text(text, "ref64").replace("missing = {title,", "missing = {year, title,")
        ),
        encoding="utf-8",
    )
    (problem,) = check(refs_root)
    assert problem.startswith(f"{display_path(bib)}:{line_of(bib, 'ref64')}: missing: lists year, which the entry has")


def test_entry_nothing_cites(refs_root):
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    extra = "@misc{orphan2001,\n  title = {A work nobody cites},\n  year = {2001},\n  complete = {no}\n}\n"
    bib.write_text(text + "\n" + extra, encoding="utf-8")
    assert check(refs_root) == [
        f"{display_path(bib)}:{line_of(bib, 'orphan2001')}: key: nothing in the book or the data cites this entry: cite it or remove it (got 'orphan2001')"
    ]


def test_data_citing_a_missing_key(refs_root):
    studies = refs_root / "data" / "studies.csv"
    row = find_row(studies, cite_key="ref64")
    set_cell(studies, row, "cite_key", "Lopez1984")
    problems = check(refs_root)
    shown = display_path(studies)
    assert (
        f"{shown}:{row}: cites 'Lopez1984', which is not an entry of {display_path(refs_root / 'references.bib')}"
        in problems
    )
    assert any("ref64" in p and "nothing in the book or the data cites" in p for p in problems)


def test_book_citations_markdown_and_notebooks(refs_root):
    (refs_root / "book").mkdir()
    (refs_root / "book" / "intro.md").write_text(
        "# Intro\n\nAs {cite:p}`deMaar2020, ref64` show.\n\n```md\n{cite}`shownNotCited`\n```\n\nSee {cite}`nowhere2020`.\n",
        encoding="utf-8",
    )
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "source": ["x = '{cite}`inCode`'\n"],
                "outputs": [],
                "execution_count": None,
            },
            {"cell_type": "markdown", "metadata": {}, "source": ["## Part\n", "\n", "Shown in {footcite:t}`ref69`.\n"]},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (refs_root / "notebooks").mkdir()
    path = refs_root / "notebooks" / "part.ipynb"
    path.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")
    found = book_citations(refs_root)
    intro = display_path(refs_root / "book" / "intro.md")
    assert found["deMaar2020"] == [f"{intro}:3"] and found["ref64"] == [f"{intro}:3"]
    assert found["nowhere2020"] == [f"{intro}:9"]
    notebook_line = next(n for n, line in enumerate(path.read_text().splitlines(), 1) if "footcite" in line)
    assert found["ref69"] == [f"{display_path(path)}:{notebook_line}"]
    assert "shownNotCited" not in found and "inCode" not in found
    assert (
        f"{intro}:9: cites 'nowhere2020', which is not an entry of {display_path(refs_root / 'references.bib')}"
        in check(refs_root)
    )


def test_check_cli_exit_status_and_messages(refs_root, capsys):
    bib = refs_root / "references.bib"
    bib.write_text(bib_text(bib) + "\n@misc{orphan2001,\n  title = {T},\n  complete = {maybe}\n}\n", encoding="utf-8")
    assert run("refs", "check", "--root", str(refs_root)) == EXIT_PROBLEMS
    err = capsys.readouterr().err
    line = line_of(bib, "orphan2001")
    assert f"{display_path(bib)}:{line}: complete: must be yes or no" in err
    assert "2 problem(s) in" in err and "nothing was changed" in err


def test_check_cli_when_studies_cannot_be_read(refs_root, capsys):
    studies = refs_root / "data" / "studies.csv"
    set_cell(studies, 2, "setting", "clinic")
    assert run("refs", "check", "--root", str(refs_root)) == EXIT_PROBLEMS
    err = capsys.readouterr().err
    assert f"{display_path(studies)}:2: setting:" in err and "the data cannot be read" in err


def test_check_cli_on_a_missing_file_says_so_once(refs_root, capsys):
    assert run("refs", "check", "--root", str(refs_root), "--bib", str(refs_root / "missing.bib")) == EXIT_PROBLEMS
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == f"{display_path(refs_root / 'missing.bib')}: file is missing" and len(err) == 2
