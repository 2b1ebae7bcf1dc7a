"""Multimodal coverage: the smallest combinations of modalities that image every cell asked for.

A cell is a (scale, aspect) pair, e.g. (tissue, drug). A modality covers a cell in a setting when
``scales`` codes that scale in that setting for it, ``approaches`` lists an approach for that
aspect, with ``require_study=True`` a study of ``studies`` imaged that aspect at that scale in
that setting, and it meets the other requirements there as :func:`nanoimaging.choose` reads them.
With no ``setting``, a cell is covered when it is covered in either setting.

:func:`cover` is an exact set cover: all the smallest combinations, ranked by the studies behind
them, then Table 1 order.

>>> from nanoimaging import load
>>> result = cover(load(), scales=["organ-tumour", "tissue"], aspects=["environment"], setting="clinical")
>>> ("PET / SPECT", "MSI") in [c.names for c in result.combinations]
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations as subsets
from typing import Any

import pandas as pd

from ..data.dataset import Dataset
from ..data.studies import evidence_rows
from ..data.vocabulary import ASPECTS, SCALE_LABELS, SCALES, SETTINGS, scales_in
from .checks import evaluate
from .facts import Evidence, evidence, facts_by_modality, plain, scale_evidence, text_of
from .requirements import ChooserError, Requirements, one_of, requirements
from .results import Exclusion, Study, joint_credit

Cell = tuple[str, str]  # (scale, aspect)


def cell_label(cell: Cell) -> str:
    """``tissue × drug``."""
    return f"{SCALE_LABELS[cell[0]].lower()} \u00d7 {cell[1]}"


@dataclass(frozen=True)
class CellCover:
    """How one modality covers one cell: in which settings, and the rows that say so."""

    cell: Cell
    settings: tuple[str, ...]
    evidence: tuple[Evidence, ...]  # the scales row(s) and the approaches rows
    studies: tuple[Study, ...]  # studies of this modality at this cell (in those settings)
    group_only: bool = False  # every scales row behind it is stated only for the modality's whole group

    def to_dict(self) -> dict[str, Any]:
        return {
            "scale": self.cell[0],
            "aspect": self.cell[1],
            "settings": list(self.settings),
            "group_only": self.group_only,
            "evidence": [e.to_dict() for e in self.evidence],
            "studies": [s.to_dict() for s in self.studies],
        }


@dataclass(frozen=True)
class Member:
    """One modality of a combination: every cell it covers, and those no other member covers."""

    modality_id: str
    name: str
    covers: tuple[CellCover, ...]
    only: tuple[Cell, ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(c.cell for c in self.covers)

    def to_dict(self) -> dict[str, Any]:
        return {
            "modality_id": self.modality_id,
            "name": self.name,
            "covers": [c.to_dict() for c in self.covers],
            "only": [list(c) for c in self.only],
        }


@dataclass(frozen=True)
class Combination:
    """A smallest set of modalities that together cover every cell."""

    members: tuple[Member, ...]
    n_studies: int  # distinct studies behind the members' cells

    @property
    def modality_ids(self) -> tuple[str, ...]:
        return tuple(m.modality_id for m in self.members)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.members)

    def to_dict(self) -> dict[str, Any]:
        return {
            "modalities": list(self.modality_ids),
            "n_studies": self.n_studies,
            "members": [m.to_dict() for m in self.members],
        }


@dataclass(frozen=True)
class Cover:
    """What :func:`cover` returns."""

    cells: tuple[Cell, ...]
    setting: str | None
    require_study: bool
    requirements: Requirements
    covered_by: dict[Cell, tuple[str, ...]]  # cell -> modality ids that cover it (Table 1 order)
    combinations: tuple[Combination, ...]  # all smallest covers, ranked
    uncoverable: tuple[Cell, ...]  # cells no modality covers (then there is no combination)
    excluded: tuple[Exclusion, ...]  # modalities ruled out by the other requirements in every setting
    _names: dict[str, str]

    @property
    def size(self) -> int | None:
        """Modalities in the smallest combinations (None when a cell cannot be covered)."""
        return len(self.combinations[0].members) if self.combinations else None

    def missing(self, modality_ids: Iterable[str]) -> tuple[Cell, ...]:
        """The cells that a given set of modalities leaves uncovered (empty: it is a cover, maybe not smallest).

        >>> from nanoimaging import load
        >>> cover(load(), scales=["patient"], aspects=["drug"], setting="clinical").missing(["ct"])
        ()
        """
        chosen = set(modality_ids)
        unknown = chosen - set(self._names)
        if unknown:
            raise ChooserError(
                "modality_ids", f"has unknown ids {sorted(unknown)}: expected some of {', '.join(self._names)}"
            )
        return tuple(c for c in self.cells if not chosen & set(self.covered_by[c]))

    def table(self) -> pd.DataFrame:
        """Cell (rows) by modality (columns): True where the modality covers the cell."""
        frame = pd.DataFrame(
            [[mid in self.covered_by[c] for mid in self._names] for c in self.cells],
            index=[cell_label(c) for c in self.cells],
            columns=list(self._names.values()),
        )
        frame.index.name = "cell"
        return frame

    def to_frame(self) -> pd.DataFrame:
        """One row per combination and member: the cells it covers and those only it covers."""
        rows = []
        for number, combo in enumerate(self.combinations, start=1):
            for member in combo.members:
                rows.append(
                    {
                        "combination": number,
                        "modalities": " + ".join(combo.names),
                        "n_studies": combo.n_studies,
                        "member": member.name,
                        "covers": "; ".join(cell_label(c) for c in member.cells),
                        "only_it_covers": "; ".join(cell_label(c) for c in member.only),
                    }
                )
        return pd.DataFrame(
            rows, columns=["combination", "modalities", "n_studies", "member", "covers", "only_it_covers"]
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "cells": [list(c) for c in self.cells],
            "setting": self.setting,
            "require_study": self.require_study,
            "requirements": self.requirements.to_dict(),
            "size": self.size,
            "covered_by": [{"scale": c[0], "aspect": c[1], "modalities": list(m)} for c, m in self.covered_by.items()],
            "uncoverable": [list(c) for c in self.uncoverable],
            "excluded": [e.to_dict() for e in self.excluded],
            "combinations": [c.to_dict() for c in self.combinations],
        }

    def __str__(self) -> str:
        return format_cover(self)


def _items(name: str, values: Sequence[str] | str | None, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if values is None:
        return allowed
    if isinstance(values, str):
        values = [values]
    items = tuple(dict.fromkeys(one_of(name, v, allowed) for v in values))
    if not items:
        raise ChooserError(name, f"must list at least one of {', '.join(allowed)} (or leave it out for all)")
    return tuple(v for v in allowed if v in items)  # the review's order


def cover(
    data: Dataset,
    scales: Sequence[str] | str | None = None,
    aspects: Sequence[str] | str | None = None,
    setting: str | None = None,
    *,
    require_study: bool = False,
    min_depth: float | str | None = None,
    max_resolution: float | str | None = None,
    label_free: bool | None = None,
    non_invasive: bool | None = None,
    temporal_resolution: str | None = None,
) -> Cover:
    """The smallest combinations of modalities that cover every (scale, aspect) cell asked for.

    :param scales: scales to cover (default: every scale of the setting: ``patient`` is clinical and
        ``organism`` preclinical), e.g. ``["organ-tumour", "tissue", "cellular"]``.
    :param aspects: aspects to cover (default: all three).
    :param setting: ``clinical`` or ``preclinical``; None accepts either, cell by cell.
    :param require_study: also need a study of ``studies`` for each modality and cell.
    :param min_depth, max_resolution, label_free, non_invasive, temporal_resolution: as in
        :func:`nanoimaging.choose`; every member must meet them in the setting it covers a cell in.
    :raises ChooserError: for an unknown scale, aspect or setting, or a bad requirement.

    >>> from nanoimaging import load
    >>> cover(load(), scales=["tissue", "cellular"], aspects=["drug"], label_free=True).combinations[0].names
    ('MSI',)
    """
    if not isinstance(require_study, bool):
        raise ChooserError("require_study", f"must be True or False, got {require_study!r}")
    req = requirements(
        setting=setting,
        min_depth=min_depth,
        max_resolution=max_resolution,
        label_free=label_free,
        non_invasive=non_invasive,
        temporal_resolution=temporal_resolution,
    )
    asked = scales_in(req.setting) if scales is None else _items("scales", scales, SCALES)
    cells = tuple((s, a) for s in asked for a in _items("aspects", aspects, ASPECTS))
    settings = (req.setting,) if req.setting else SETTINGS
    facts = facts_by_modality(data)
    names = data.modality_labels()
    studies = _by_cell(evidence_rows(data))

    coverage: dict[str, dict[Cell, CellCover]] = {}
    excluded: list[Exclusion] = []
    for mid, f in facts.items():
        outcomes = [evaluate(f, s, req) for s in settings]
        eligible = [o.setting for o in outcomes if o.failure is None]
        if not eligible:
            worst = max(outcomes, key=lambda o: o.fail_index)
            excluded.append(Exclusion(mid, names[mid], worst.failure.check, worst.failure, worst.summary))
            continue
        coverage[mid] = {}
        for cell in cells:
            found = _cell_cover(f, cell, eligible, studies, require_study)
            if found is not None:
                coverage[mid][cell] = found

    covered_by = {c: tuple(mid for mid in coverage if c in coverage[mid]) for c in cells}
    uncoverable = tuple(c for c in cells if not covered_by[c])
    found_combos: list[Combination] = []
    if not uncoverable:
        candidates = [mid for mid in coverage if coverage[mid]]
        for size in range(1, len(candidates) + 1):
            for combo in subsets(candidates, size):
                if all(any(c in coverage[mid] for mid in combo) for c in cells):
                    found_combos.append(_combination(combo, coverage, names))
            if found_combos:
                break
        order = {mid: i for i, mid in enumerate(facts)}
        found_combos.sort(key=lambda c: (-c.n_studies, [order[m] for m in c.modality_ids]))
    return Cover(
        cells, req.setting, require_study, req, covered_by, tuple(found_combos), uncoverable, tuple(excluded), names
    )


def _by_cell(studies: pd.DataFrame) -> dict[tuple[str, str, str, str], pd.DataFrame]:
    """The rows of :func:`evidence_rows` by (modality_id, scale, aspect, setting); rows with no setting are in none."""
    keys = ["modality_id", "scale", "aspect", "setting"]
    return {tuple(map(str, key)): rows for key, rows in studies.groupby(keys, observed=True, sort=False)}


def _cell_cover(
    f, cell: Cell, settings: list[str], studies: dict[tuple[str, str, str, str], pd.DataFrame], require_study: bool
) -> CellCover | None:
    scale, aspect = cell
    approaches = f.approaches[aspect]
    if not approaches:
        return None
    mid = str(f.modality.modality_id)
    good, cited, backing, bases = [], [], [], set()
    for setting in settings:
        row = next((r for r in f.scales[setting] if str(r.scale) == scale), None)
        if row is None:
            continue
        here = studies.get((mid, scale, aspect, setting))
        described = (
            ()
            if here is None
            else tuple(here.sort_values(["ref", "study_id"]).drop_duplicates("credit_key").itertuples())
        )
        if require_study and not described:
            continue
        good.append(setting)
        bases.add(str(row.basis))
        cited += scale_evidence(row)
        backing += [
            Study(str(s.study_id), plain(s.ref), str(s.cite_key), text_of(s.setting), str(s.label), joint_credit(s))
            for s in described
        ]
    if not good:
        return None
    cited += [evidence("approaches", r, ("modality_id", "aspect", "position"), r.text) for r in approaches]
    return CellCover(cell, tuple(good), tuple(cited), tuple(backing), bases == {"group"})


def _combination(
    combo: tuple[str, ...], coverage: dict[str, dict[Cell, CellCover]], names: dict[str, str]
) -> Combination:
    members = []
    for mid in combo:
        others = set().union(*(coverage[o].keys() for o in combo if o != mid))
        mine = coverage[mid]
        members.append(Member(mid, names[mid], tuple(mine.values()), tuple(c for c in mine if c not in others)))
    ids = {s.counted_as for mid in combo for cc in coverage[mid].values() for s in cc.studies}  # papers
    return Combination(tuple(members), len(ids))


def format_cover(result: Cover) -> str:
    """The report ``nanoimaging cover`` prints."""
    where = result.setting or "either setting"
    rule = (
        "a row of scales.csv codes the scale in the setting and a row of approaches.csv lists an approach for the aspect"
        + (", and a study of studies.csv imaged that aspect at that scale" if result.require_study else "")
    )
    lines = [
        f"Cells to cover ({len(result.cells)}), {where}: {'; '.join(cell_label(c) for c in result.cells)}.",
        f"A modality covers a cell when {rule}.",
        f"Other requirements: {replace(result.requirements, setting=None).describe()}.",
    ]
    for ex in result.excluded:
        lines.append(f"  ruled out: {ex.name}: {ex.summary}")
    if result.uncoverable:
        lines.append(
            "No combination covers everything: no modality covers "
            + "; ".join(cell_label(c) for c in result.uncoverable)
            + "."
        )
        return "\n".join(lines)
    lines += [
        "",
        f"Smallest combinations: {result.size} modalit{'y' if result.size == 1 else 'ies'}, "
        f"{len(result.combinations)} combination{'' if len(result.combinations) == 1 else 's'} "
        "(ranked by studies described in the settings covered; a study whose setting is not stated counts in none):",
    ]
    for number, combo in enumerate(result.combinations, start=1):
        lines.append(
            f"{number:>2}. {' + '.join(combo.names)} ({combo.n_studies} stud{'y' if combo.n_studies == 1 else 'ies'})"
        )
        for member in combo.members:
            only = (
                f"; only it: {'; '.join(cell_label(c) for c in member.only)}"
                if member.only and len(combo.members) > 1
                else ""
            )
            cells = "; ".join(cell_label(c.cell) + ("*" if c.group_only else "") for c in member.covers)
            lines.append(f"      {member.name}: {cells}{only}")
    if any(c.group_only for combo in result.combinations for m in combo.members for c in m.covers):
        lines.append("* coded from a statement about the modality's whole group, not about the modality itself.")
    return "\n".join(lines)
