"""Table 1 as the reader sees it, compared with the data package."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sitekit.pages import norm

#: Table 1 on the page: column headers and, per <tbody>, its family and rows' cell texts.
READ_TABLE1 = """() => {
  const table = document.querySelector('table.table1');
  if (!table) return null;
  return {
    headers: [...table.querySelectorAll('thead th')].map(th => th.innerText),
    bodies: [...table.querySelectorAll('tbody')].map(tb => ({
      family: tb.dataset.family || '',
      rows: [...tb.querySelectorAll('tr[data-modality]')].map(tr => ({
        id: tr.dataset.modality, cells: [...tr.children].map(c => c.innerText)})),
    })),
  };
}"""

#: Table 1 column -> what the data puts there.
TABLE1_COLUMNS = {
    "Modality": "name",
    "Drug": "drug",
    "Nanoparticle": "nanoparticle",
    "Environment": "environment",
    "Spatial resolution": "resolution",
    "Tempor": "temporal",
    "Imaging depth": "depth",
    "Strengths": "strength",
    "Limitations": "limitation",
}


def table1_cell_texts(data: Any, modality: Any) -> dict[str, list[str]]:
    """What the data package has for each Table 1 cell of one modality (a row of ``data.modalities``),
    keyed as in :data:`TABLE1_COLUMNS`: every text the table must show in that cell."""
    mid = str(modality.modality_id)
    expected: dict[str, list[str]] = {
        "name": [modality.name],
        "temporal": [str(modality.temporal_resolution).capitalize()],
        "depth": [modality.depth_label],
        "resolution": list(data.resolution[data.resolution["modality_id"].astype(str) == mid]["label"]),
    }
    for r in data.approaches[data.approaches["modality_id"].astype(str) == mid].itertuples():
        expected.setdefault(str(r.aspect), []).append(r.text)
    for r in data.assessments[data.assessments["modality_id"].astype(str) == mid].itertuples():
        expected.setdefault(str(r.kind), []).append(r.text)
    return expected


def table1_problems(table: Mapping[str, Any] | None, data: Any, family: str | None = None) -> list[str]:
    """Differences between Table 1 as shown (:data:`READ_TABLE1`) and the data package.

    Rows grouped in one <tbody data-family> per family, in the data's order; a row per
    modality; and every text the data has for a cell present in that cell.
    """
    if not table:
        return ["no table.table1 on the page"]
    problems = []
    families = data.families.sort_values("position")["family"].astype(str).tolist()
    if family is not None:
        families = [family]
    shown = [b["family"] for b in table["bodies"]]
    if shown != families:
        problems.append(f"families shown {shown}, the data has {families}")
    columns = {}
    for i, header in enumerate(table["headers"]):
        for prefix, key in TABLE1_COLUMNS.items():
            if norm(header).startswith(prefix):
                columns[key] = i
    missing = set(TABLE1_COLUMNS.values()) - set(columns)
    if missing:
        return problems + [f"columns missing: {sorted(missing)} (headers {table['headers']})"]
    rows = {row["id"]: (body["family"], row["cells"]) for body in table["bodies"] for row in body["rows"]}
    modalities = data.modalities if family is None else data.modalities[data.modalities["family"].astype(str) == family]
    if len(rows) != len(modalities):
        problems.append(f"{len(rows)} modality rows shown, the data has {len(modalities)}")
    for m in modalities.itertuples():
        mid = str(m.modality_id)
        if mid not in rows:
            problems.append(f"{mid}: no row")
            continue
        fam, cells = rows[mid]
        if fam != str(m.family):
            problems.append(f"{mid}: in the {fam!r} block, the data says {m.family!r}")
        for key, texts in table1_cell_texts(data, m).items():
            cell = norm(cells[columns[key]]) if columns[key] < len(cells) else ""
            for text in texts:
                if norm(text) not in cell:
                    problems.append(f"{mid}: {key} cell lacks {text!r} (shows {cell[:80]!r})")
    return problems
