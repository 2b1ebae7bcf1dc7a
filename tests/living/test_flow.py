"""The chapter's flow figure counts what the living files hold: a replayed run screened by hand, and the empty shipped state."""

from __future__ import annotations

import csv
import json

import pytest
from living_files import ENV, RECORDER, clock, living_folder

from nanoimaging.figures.living_flow import ALL_RUNS, flow_figure, included_table
from nanoimaging.living.discover import discover
from nanoimaging.living.files import LivingFiles
from nanoimaging.living.flow import NO_SEARCH, included_by_year, last_search_text, living_summary

pytestmark = pytest.mark.block_network

#: Three decisions on the replayed run's three candidates: one of each kind.
DECISIONS = (
    "C0001,include,meets-criteria,A. Screener,2026-12-02,\n"
    "C0002,exclude,not-imaging,A. Screener,2026-12-02,\n"
    "C0003,maybe,needs-full-text,A. Screener,2026-12-02,\n"
)


@pytest.fixture
def replayed_and_screened(tmp_path) -> LivingFiles:
    """A living folder holding the recorded run, with three of its candidates screened."""
    files, bib = living_folder(tmp_path)
    with RECORDER.use_cassette("run.yaml"):
        discover(files, bib, clock=clock, environ=ENV)
    with files.screening.open("a", encoding="utf-8", newline="") as handle:
        handle.write(DECISIONS)
    return files


def _files_counts(files: LivingFiles) -> dict[str, int]:
    """The flow's counts taken straight from the files, without the package's reader."""
    runs = json.loads(files.runs.read_text(encoding="utf-8"))
    candidates = list(csv.DictReader(files.candidates.open(encoding="utf-8")))
    decisions = list(csv.DictReader(files.screening.open(encoding="utf-8")))
    counts = {
        "Records identified": sum(r["counts"]["identified"] for r in runs),
        "Duplicates removed": sum(r["counts"]["merged_within_run"] + r["counts"]["duplicates"] for r in runs),
        "New candidates": len(candidates),
        "Screened by a person": len(decisions),
        "Included": sum(d["decision"] == "include" for d in decisions),
        "Excluded": sum(d["decision"] == "exclude" for d in decisions),
        "Maybe: needs the full text": sum(d["decision"] == "maybe" for d in decisions),
        "Awaiting screening": len(candidates) - len(decisions),
    }
    for d in decisions:
        if d["decision"] == "exclude":
            label = f"Excluded: {d['reason'].replace('-', ' ')}"
            counts[label] = counts.get(label, 0) + 1
    return counts


def _figure_counts(spec: dict, run: str) -> dict[str, int]:
    values = spec["layer"][0]["data"]["values"] if "data" not in spec else spec["data"]["values"]
    return {row["label"]: row["count"] for row in values if row["run"] == run}


def test_the_flow_figure_counts_what_the_files_hold(replayed_and_screened):
    expected = _files_counts(replayed_and_screened)
    assert expected["New candidates"] == 3 and expected["Screened by a person"] == 3
    figure = flow_figure(living_summary(replayed_and_screened))
    for spec in (figure.spec, figure.narrow):
        assert _figure_counts(spec, ALL_RUNS) == expected
        assert _figure_counts(spec, "run-001") == expected  # one run: it is the total
    assert "the one run: records identified 7, duplicates removed 4, new candidates 3" in figure.alt
    assert "excluded: not imaging 1" in figure.alt


def test_the_flow_figure_follows_a_changed_decision(replayed_and_screened):
    text = replayed_and_screened.screening.read_text(encoding="utf-8").replace(
        "C0003,maybe,needs-full-text", "C0003,exclude,other"
    )
    replayed_and_screened.screening.write_text(text, encoding="utf-8")
    counts = _figure_counts(flow_figure(living_summary(replayed_and_screened)).spec, ALL_RUNS)
    assert counts == _files_counts(replayed_and_screened)
    assert counts["Excluded"] == 2 and counts["Excluded: other"] == 1 and counts["Maybe: needs the full text"] == 0


def test_the_last_search_and_the_included_works_by_year(replayed_and_screened):
    summary = living_summary(replayed_and_screened)
    # a run that finds nothing new leaves no record: the record dates the last run that did
    assert last_search_text(summary) == "the last recorded run ran on 2026-12-01 (1 run recorded)"
    assert [w["candidate_id"] for w in summary["included"]] == ["C0001"]
    assert included_by_year(summary) == {"2021": 1}
    table = included_table(summary).data
    title = summary["included"][0]["title"]
    assert len(title) > 50 and f"<td>{title}</td>" in table  # in full, where pandas' display shortens it
    assert "<th>0</th>" not in table and table.count("<th>") == 7  # the seven columns' headers, no index


def test_the_shipped_living_folder_says_no_search_has_been_run():
    summary = living_summary(LivingFiles.at())
    assert summary["runs"] == [] and summary["included"] == []
    assert last_search_text(summary) == NO_SEARCH
    figure = flow_figure(summary)
    counts = _figure_counts(figure.spec, ALL_RUNS)
    assert counts and set(counts.values()) == {0}
    assert "no search has been run yet" in figure.alt and "no search has been run yet" in str(figure.spec["title"])
    assert "params" not in json.dumps(figure.spec)  # no menu of runs when there is none
