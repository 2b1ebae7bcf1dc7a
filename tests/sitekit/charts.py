"""Charts: what the data says each chart must draw, what is wrong with a drawn chart, the specs of a built site."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sitekit.pages import html_pages


def _enum(data: Any, resource: str, field_name: str) -> list[str]:
    for res in data.descriptor["resources"]:
        if res["name"] == resource:
            for f in res["schema"]["fields"]:
                if f["name"] == field_name:
                    return list(f["constraints"]["enum"])
    raise LookupError(f"{resource}.{field_name} has no enum in datapackage.json")


def evidence_cells(data: Any, aspect: str = "all", setting: str = "all") -> set[tuple[str, str]]:
    """(modality, scale) cells with at least one study of that aspect and setting ("all": any).

    Only studies imaged with their modality count, at the scales the source states.
    """
    cells = set()
    for study in data.studies.itertuples():
        if str(study.method) != "modality" or not isinstance(study.scales, str) or not study.scales:
            continue
        if setting != "all" and str(study.setting) != setting:
            continue
        if aspect != "all" and aspect not in str(study.aspects).split(";"):
            continue
        for scale in str(study.scales).split(";"):
            cells.add((str(study.modality_id), scale))
    return cells


def stated_cells(data: Any, setting: str = "all") -> set[tuple[str, str]]:
    """(modality, scale) cells where the review states the modality images (in that setting)."""
    rows = data.scales if setting == "all" else data.scales[data.scales["setting"].astype(str) == setting]
    return {(str(r.modality_id), str(r.scale)) for r in rows.itertuples()}


#: Charts checked for drawing, text alternative and positions only, with the reason
#: their mark count has no expectation here.
GENERIC_CHARTS = {
    # nanoimaging.chooser: which modalities it draws depends on the reader's inputs
    # (tests/test_chooser.py checks the selection logic).
    "modality-chooser": "interactive: its points depend on the reader's requirements",
    # nanoimaging.figures.living_flow: its bars count the living/ files (tests/living/test_flow.py).
    "living-flow": "its counts come from living/, not the data package",
}


def expected_marks(name: str, data: Any) -> dict[str, int] | None:
    """The marks a chart named ``name`` must hold, computed from the data; None if unknown.

    resolution-depth / resolution-speed[-family], overview (the home page's): one point per
    printed resolution value;
    scale-matrix[-family]: a cell per modality and scale; aspect-matrix[-family]: a cell
    per modality and aspect; evidence-map: a circle per cell with a study (and a triangle on each
    that counts an added study), a grey cell per stated modality and scale.
    """
    families = [str(f) for f in data.families["family"]]
    base, family = name, None
    for fam in families:
        if name.endswith("-" + fam):
            base, family = name[: -len(fam) - 1], fam
    modalities = data.modalities if family is None else data.modalities[data.modalities["family"].astype(str) == family]
    ids = set(modalities["modality_id"].astype(str))
    if base in ("resolution-depth", "resolution-speed", "overview"):
        return {"symbol": int(data.resolution["modality_id"].astype(str).isin(ids).sum())}
    if base == "scale-matrix":
        return {"rect": len(ids) * len(_enum(data, "scales", "scale"))}
    if base == "aspect-matrix":
        return {"rect": len(ids) * len(_enum(data, "approaches", "aspect"))}
    if base == "evidence-map" and family is None:  # a circle per cell, and a triangle where it counts an added study
        added = dataclasses.replace(data, studies=data.studies[data.is_added(data.studies)])
        return {"symbol": len(evidence_cells(data)) + len(evidence_cells(added)), "rect": len(stated_cells(data))}
    return None


def chart_problems(chart: Mapping[str, Any], data: Any | None = None) -> list[str]:
    """What is wrong with one chart of a :data:`CHART_REPORT`: not drawn, no marks, NaN, wrong count."""
    where = f"chart {chart['index'] + 1} ({chart['name'] or 'unnamed'})"
    if chart["failed"] or not chart["drawn"] or not chart["svg"]:
        return [f"{where}: not drawn (failed={chart['failed']}, drawn={chart['drawn']}, svg={chart['svg']})"]
    problems = []
    if not any(chart["marks"].values()):
        problems.append(f"{where}: the SVG holds no marks")
    if chart["nan"]:
        problems.append(f"{where}: {chart['nan']} mark(s) at a NaN position (a field the data does not have?)")
    if not chart["label"].strip():
        problems.append(f"{where}: no aria-label (text alternative)")
    elif " ".join(chart["label"].split()) != " ".join(chart["caption"].split()):
        problems.append(f"{where}: aria-label differs from the caption")
    if chart["role"] not in ("img", "graphics-document"):
        problems.append(f"{where}: role {chart['role']!r}, expected img (vega-embed makes it graphics-document)")
    if data is not None and chart["name"]:
        expected = expected_marks(chart["name"], data)
        for kind, count in (expected or {}).items():
            if chart["marks"].get(kind, 0) != count:
                problems.append(f"{where}: {chart['marks'].get(kind, 0)} {kind} marks, the data gives {count}")
    return problems


def chart_specs(html_dir: Path) -> list[tuple[str, dict]]:
    """(page, spec) of every chart of the built site, read from its inert JSON."""
    from nanoimaging.site.page_audit import _PageScan  # the parser the audit uses

    specs = []
    for page in html_pages(html_dir):
        scan = _PageScan()
        scan.feed((html_dir / page).read_text(encoding="utf-8"))
        for raw in scan.chart_json:
            specs.append((page, json.loads(raw)))
    return specs
