"""living discover on recorded responses: merging, deduplication, the run record, and an unchanged re-run."""

from __future__ import annotations

import json

import pytest
from living_files import ENV, EXPECTED, RECORDER, clock, living_folder, snapshot

from nanoimaging.living.discover import discover
from nanoimaging.living.files import read_rows

#: pytest-recording refuses every connection; only cassettes answer.
pytestmark = pytest.mark.block_network


def _run(tmp_path):
    files, bib = living_folder(tmp_path)
    with RECORDER.use_cassette("run.yaml"):
        outcome = discover(files, bib, clock=clock, environ=ENV)
    return files, outcome


def test_the_same_work_from_three_sources_is_one_candidate(tmp_path):
    files, outcome = _run(tmp_path)
    rows = read_rows(files.candidates)
    assert rows, "the run found no candidate"
    a = [r for r in rows if r["title"].startswith("Synthetic work A")]
    assert len(a) == 1
    assert a[0]["sources"] == "europepmc-citations;openalex;opencitations"
    assert a[0]["source_ids"] == "MED:90000001;W0000000011;oci:0610000001-0610000000"


def test_a_doi_in_other_case_is_the_same_doi(tmp_path):
    files, _ = _run(tmp_path)
    a = next(r for r in read_rows(files.candidates) if r["title"].startswith("Synthetic work A"))
    # OpenAlex gave 10.5555/SYNTHETIC.A, OpenCitations 10.5555/synthetic.a: one candidate, one DOI.
    assert a["doi"] == "10.5555/synthetic.a" and a["other_dois"] == ""


def test_a_preprint_and_its_published_version_are_one_candidate_linked(tmp_path):
    files, _ = _run(tmp_path)
    b = [r for r in read_rows(files.candidates) if r["title"].startswith("Synthetic work B")]
    assert len(b) == 1
    assert b[0]["doi"] == "10.5555/synthetic.b"
    assert b[0]["other_dois"] == "10.1101/2021.01.01.900001"
    assert b[0]["preprint"] == "yes" and b[0]["year"] == "2022"


def test_a_work_in_references_bib_is_not_a_candidate(tmp_path):
    files, outcome = _run(tmp_path)
    assert not [r for r in read_rows(files.candidates) if "synthetic.c" in r["doi"]]
    assert outcome.record["duplicates"] == [
        {
            "matches": "references.bib:synthC",
            "by": "doi",
            "doi": "10.5555/synthetic.c",
            "title": "Synthetic work C: liposome retention in tumour tissue",
        }
    ]


def test_the_saved_query_adds_works_that_do_not_cite_the_review(tmp_path):
    files, _ = _run(tmp_path)
    d = [r for r in read_rows(files.candidates) if r["title"].startswith("Synthetic work D")]
    assert len(d) == 1 and d[0]["cites_review"] == "no" and d[0]["sources"] == "europepmc-search"


def test_a_rerun_that_finds_nothing_new_changes_no_byte(tmp_path):
    files, first = _run(tmp_path)
    assert first.written
    before = snapshot(files.folder)
    with RECORDER.use_cassette("run.yaml"):
        again = discover(files, tmp_path / "references.bib", clock=clock, environ=ENV)
    assert not again.written and again.record["counts"]["new"] == 0
    assert snapshot(files.folder) == before


def test_a_recorded_run_replays_to_the_same_files_byte_for_byte(tmp_path):
    files, _ = _run(tmp_path)
    assert files.candidates.read_bytes() == (EXPECTED / "candidates.csv").read_bytes()
    assert files.runs.read_bytes() == (EXPECTED / "runs.json").read_bytes()


def test_the_run_record_says_each_source_when_how_many_and_checksums(tmp_path):
    files, _ = _run(tmp_path)
    (record,) = json.loads(files.runs.read_text(encoding="utf-8"))
    names = [s["name"] for s in record["sources"]]
    assert names == ["opencitations", "europepmc-citations", "openalex", "europepmc-search"]
    for source in record["sources"]:
        assert source["when"] == "2026-12-01T06:00:00Z" and source["records"] > 0
        assert source["responses"] and all(len(r["sha256"]) == 64 for r in source["responses"])
        assert all("test-key" not in r["url"] for r in source["responses"])
    assert record["counts"] == {"identified": 7, "merged_within_run": 3, "duplicates": 1, "new": 3}


def test_without_a_key_openalex_is_skipped_and_said_so(tmp_path):
    files, bib = living_folder(tmp_path)
    with RECORDER.use_cassette("run.yaml") as cassette:
        outcome = discover(files, bib, clock=clock, environ={})
    assert outcome.record["skipped"][0]["name"] == "openalex"
    assert "openalex" not in [s["name"] for s in outcome.record["sources"]]
    # Five answers played (OpenCitations twice, Europe PMC three times); OpenAlex's three were not asked for.
    assert cassette.play_count == 5 and len(cassette) == 8


def test_the_network_is_refused_outside_a_cassette():
    """The recorder's guard: a request no cassette answers never leaves the machine."""
    import pytest
    import requests

    with pytest.raises(RuntimeError, match="Network is disabled"):
        requests.get(
            "http://192.0.2.1/", timeout=5
        )  # an address (no name to resolve): the guard, not DNS, must stop it
