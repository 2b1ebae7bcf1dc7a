"""A column of studies.csv is shown on the evidence map by naming it once (nanoimaging.data.studies.MAP_COLUMNS)."""

from __future__ import annotations

import json

from nanoimaging.data import studies
from nanoimaging.data.dataset import Dataset
from nanoimaging.figures.evidence_map import evidence_map


def _map_text(data: Dataset) -> str:
    return json.dumps(evidence_map(data).spec)


def test_a_column_named_in_map_columns_is_shown_with_each_study(small: Dataset, monkeypatch):
    shown = [str(v) for v in small.studies["nanoparticle"].dropna() if str(v)]
    assert shown, "the small package's studies name no nanoparticle"
    assert "; nanoparticle: " not in _map_text(small)
    monkeypatch.setattr(studies, "MAP_COLUMNS", ("nanoparticle",))
    text = _map_text(small)
    assert any(f"; nanoparticle: {value}" in text for value in shown)


def test_the_evidence_rows_carry_the_columns_the_map_shows(small: Dataset, monkeypatch):
    monkeypatch.setattr(studies, "MAP_COLUMNS", ("nanoparticle", "setting"))
    columns = list(studies.evidence_rows(small).columns)
    assert columns == [*studies.EVIDENCE_ROW_COLUMNS, "nanoparticle"]  # setting is carried once
