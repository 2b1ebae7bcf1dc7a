"""Load the validated data package as typed pandas DataFrames.

>>> data = load()
>>> "PET / SPECT" in set(data.modalities["name"])
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..problems import DataValidationError, UnknownValueError
from ..refs.bibtex import REVIEW_KEY
from .validated import validated
from .vocabulary import ASPECTS, KINDS, SCALES, STATEMENT_SETTINGS, TEMPORAL_RESOLUTIONS

_TYPES = {"integer": "Int64", "number": "float64", "string": "string", "boolean": "boolean"}
#: The tables of a :class:`Dataset`, one per resource of the data package.
TABLES = (
    "families",
    "modalities",
    "resolution",
    "approaches",
    "assessments",
    "scales",
    "studies",
    "abbreviations",
    "properties",
    "quotes",
)


@dataclass(frozen=True)
class Dataset:
    """The data package's tables, one DataFrame each, validated and typed."""

    families: pd.DataFrame
    modalities: pd.DataFrame
    resolution: pd.DataFrame
    approaches: pd.DataFrame
    assessments: pd.DataFrame
    scales: pd.DataFrame
    studies: pd.DataFrame
    abbreviations: pd.DataFrame
    properties: pd.DataFrame  # label-free / non-invasive statements (read by nanoimaging.choose)
    quotes: pd.DataFrame  # the review's words behind the book's sentences (the {review} role)
    descriptor: dict[str, Any] = field(repr=False)
    data_dir: Path = field(repr=False)

    @property
    def version(self) -> str:
        """The data package's version (``datapackage.json``)."""
        return self.descriptor["version"]

    def modalities_of(self, family: str | None = None) -> pd.DataFrame:
        """The modalities of ``family`` (all of them for None), in Table 1 order.

        :raises UnknownValueError: for a family the data does not have, naming those it has.
        """
        if family is None:
            return self.modalities
        known = [str(f) for f in self.families["family"]]
        if family not in known:
            raise UnknownValueError("family", family, known)
        return self.modalities[self.modalities["family"] == family]

    def check_modality(self, modality_id: str | None) -> None:
        """Raise :class:`UnknownValueError` unless ``modality_id`` is None or a modality of the data."""
        known = [str(m) for m in self.modalities["modality_id"]]
        if modality_id is not None and modality_id not in known:
            raise UnknownValueError("modality", modality_id, known)

    def is_added(self, frame: pd.DataFrame) -> pd.Series:
        """For each row of ``frame`` (one of this dataset's tables): True when it is not from the review."""
        return frame["source"].astype(str) != REVIEW_KEY

    def added_origins(self) -> dict[str, str]:
        """references.bib key -> where its work came from (:meth:`~nanoimaging.data.origins.Origin.describe`),
        for the works the living search found; read from the living folder ``datapackage.json`` names.
        """
        from ..refs.bibtex import read_references
        from .origins import LivingRecord, candidate_keys

        names = self.descriptor.get("references"), self.descriptor.get("living")
        if not all(isinstance(name, str) for name in names):
            return {}
        found = candidate_keys(read_references(self.data_dir / names[0]))
        if not found:
            return {}
        record = LivingRecord.read(self.data_dir / names[1])
        return {key: record.origins[c].describe() for key, c in found.items() if c in record.origins}

    def modality_labels(self) -> dict[str, str]:
        """modality_id -> the name the pages show: as printed, with "(added)" for a modality not in the review."""
        added = self.is_added(self.modalities)
        return {
            str(m): f"{n} (added)" if a else str(n)
            for m, n, a in zip(self.modalities["modality_id"], self.modalities["name"], added, strict=True)
        }

    def review_only(self) -> Dataset:
        """The same dataset with only the review's rows: what the review itself says."""
        frames = {
            name: getattr(self, name)[~self.is_added(getattr(self, name))].reset_index(drop=True) for name in TABLES
        }
        return replace(self, **frames)


def _frame(records, schema: dict[str, Any]) -> pd.DataFrame:
    columns = [f["name"] for f in schema["fields"]]
    frame = pd.DataFrame([r.values for r in records], columns=columns)
    for f in schema["fields"]:
        frame[f["name"]] = frame[f["name"]].astype(_TYPES.get(f["type"], "object"))
    return frame


def _ordered(frame: pd.DataFrame, column: str, order) -> None:
    if column in frame:
        frame[column] = pd.Categorical(frame[column], categories=list(order), ordered=True)


def load(data_dir: str | Path | None = None) -> Dataset:
    """Validate the data package and return its tables.

    Raises :class:`~nanoimaging.problems.DataValidationError` listing every problem when the data
    breaks its contract. Categorical columns keep the review's order: families and modalities as in
    Table 1, scales from patient to subcellular, temporal resolution slow to fast.
    """
    result = validated(data_dir)
    if not result.ok:
        raise DataValidationError(result.problems)
    schemas = {r["name"]: r["schema"] for r in result.descriptor["resources"]}
    frames = {name: _frame(result.records.get(name, []), schema) for name, schema in schemas.items()}

    families = frames["families"].sort_values("position", ignore_index=True)
    family_order = list(families["family"])
    # Table 1 groups its rows by family: a modality added to a family sits in that family's block
    modalities = frames["modalities"].assign(_family=lambda f: f["family"].map(family_order.index))
    modalities = modalities.sort_values(["_family", "position"], ignore_index=True).drop(columns="_family")
    frames["modalities"] = modalities
    modality_order = list(modalities["modality_id"])
    for frame in frames.values():
        _ordered(frame, "family", family_order)
        _ordered(frame, "modality_id", modality_order)
        _ordered(frame, "scale", SCALES)
        _ordered(frame, "temporal_resolution", TEMPORAL_RESOLUTIONS)
        _ordered(frame, "aspect", ASPECTS)
        _ordered(frame, "kind", KINDS)
        _ordered(frame, "setting", STATEMENT_SETTINGS)
    sort_keys = {
        "modalities": ["family", "position"],
        "families": ["position"],
        "resolution": ["modality_id", "position"],
        "approaches": ["modality_id", "aspect", "position"],
        "assessments": ["modality_id", "kind", "position"],
        "scales": ["modality_id", "scale", "setting"],
        "studies": ["modality_id", "ref", "study_id"],
        "properties": ["modality_id", "property", "setting"],
        "quotes": ["id"],
    }
    for name, keys in sort_keys.items():
        frames[name] = frames[name].sort_values(keys, ignore_index=True)
    return Dataset(
        **{name: frames[name] for name in schemas},
        descriptor=result.descriptor,
        data_dir=result.data_dir,
    )
