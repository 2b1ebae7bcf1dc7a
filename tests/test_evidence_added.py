"""The evidence map marks the cells that count a study added to this copy, and the review's own map has no such mark."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd

import nanoimaging
from nanoimaging.figures.evidence_map import ADDED_LEGEND, evidence_map


def _with_added_ivm_study(data):
    """The data with one IVM study copied as a study from an added work (source not the review)."""
    studies = data.studies
    row = studies[studies["modality_id"].astype(str) == "ivm"].iloc[[0]].copy()
    row = row.assign(study_id="s-added-ivm", source="student2026ivm", cite_key="student2026ivm", ref=pd.NA)
    return dataclasses.replace(data, studies=pd.concat([studies, row.astype(studies.dtypes)], ignore_index=True))


def _marks(spec: dict) -> list[dict]:
    return [layer for layer in spec["layer"] if "added_mark" in json.dumps(layer.get("transform", []))]


def test_a_cell_with_an_added_study_has_a_mark_a_legend_line_and_a_count_in_its_tooltip():
    figure = evidence_map(_with_added_ivm_study(nanoimaging.load()))
    for spec in (figure.spec, figure.narrow):
        (mark,) = _marks(spec)
        assert mark["transform"][-2] == {"filter": "datum.n_added > 0"}
        assert ADDED_LEGEND in json.dumps(mark)
        tooltips = [t["title"] for t in mark["encoding"]["tooltip"]]
        assert "Added, not in the review" in tooltips
        assert spec["resolve"]["scale"]["color"] == "independent"


def test_the_reviews_own_map_has_no_added_mark():
    figure = evidence_map(nanoimaging.load())
    assert _marks(figure.spec) == [] and ADDED_LEGEND not in json.dumps(figure.spec)
