"""How the numbers of studies relate: rows, references, papers that count, and what the cells add up to.

The evidence map's page says these beside its numbers, so a reader can see why the rows of
``studies.csv``, the papers the map counts and the sum of its cells differ.

>>> from nanoimaging import load
>>> how_counted(load()).startswith("studies.csv has ")
True
"""

from __future__ import annotations

from .dataset import Dataset
from .studies import evidence_rows, study_matrix, unscaled_studies


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def how_counted(data: Dataset) -> str:
    """The counts of the studies, from the rows to the cells, each step said in words."""
    studies = data.studies
    added = data.is_added(studies)
    rows = evidence_rows(data)
    papers = studies["cite_key"].astype(str)
    counted = set(rows["cite_key"].astype(str))
    others = studies[~papers.isin(counted)].drop_duplicates("cite_key")
    methods = others["method"].astype(str).str.replace("-", " ").value_counts()
    joint = rows[rows["credit_key"] != rows["cite_key"]]
    cells = int(study_matrix(data).to_numpy().sum())
    unscaled = unscaled_studies(data)
    parts = [
        f"studies.csv has {_n(len(studies), 'row')} about {_n(papers.nunique(), 'paper')}"
        + (f", {int(added.sum())} of the rows added, not in the review" if added.any() else "")
        + "; a paper described for two modalities, or for two findings, has a row for each.",
        f"{_n(len(counted), 'paper')} count as evidence for the modality they are filed under"
        + (
            f"; {len(others)} other {'paper was' if len(others) == 1 else 'papers were'} described with a"
            " method outside Table 1, or with none named ("
            + ", ".join(f"{method} {n}" for method, n in methods.items())
            + ")"
            if len(others)
            else ""
        )
        + ".",
        f"The map's cells add up to {cells}: a paper is counted in each cell of a modality and a scale it"
        " states, so one at two scales counts twice, and one whose scale is not stated counts in none"
        f" ({_n(unscaled['cite_key'].nunique(), 'paper')})"
        + (
            f"; papers the review credits jointly, without saying which used which, count once together"
            f" ({', '.join(sorted(set(joint['label'].str.split(']').str[0] + ']')))})"
            if len(joint)
            else ""
        )
        + ".",
    ]
    return " ".join(parts)
