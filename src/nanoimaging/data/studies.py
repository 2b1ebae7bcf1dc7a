"""The studies the review describes, as frames: per study x scale x aspect, counts, coverage, gaps.

Only rows whose ``method`` is ``modality`` count as evidence for their modality. Every count
counts papers (distinct ``cite_key``), not rows, and papers the source credits jointly
(``credit`` is ``joint``) count once together, as one credit. Used by the evidence map and the chooser.

>>> from nanoimaging import load
>>> data = load()
>>> list(study_matrix(data).columns)
['patient', 'organism', 'organ-tumour', 'tissue', 'cellular', 'subcellular']
>>> sorted(gaps(data)["status"].unique())
['not stated possible', 'possible, no described study states this scale']
"""

from __future__ import annotations

import pandas as pd

from ..refs.bibtex import REVIEW_KEY
from .dataset import Dataset
from .vocabulary import ASPECTS, NOT_NAMED, SCALES, SETTINGS

#: The ``setting`` value of rows that pool both settings (in :func:`coverage` and :func:`gaps`).
ALL = "all"
#: A gap: a scale statement lists the cell, and no described study states that scale there. A
#: study whose source states no scale is in no cell (:func:`unscaled_studies` lists them).
GAP = "possible, no described study states this scale"
#: What a modality x scale (x setting) cell of :func:`coverage` is.
STATUSES = (
    "stated and cited",  # a scale statement lists the cell, and a described study states that scale
    "cited, not stated",  # a study states the scale, the scale statements do not list it
    GAP,
    "not stated possible",  # neither
)


def _categorical(values, order) -> pd.Categorical:
    return pd.Categorical(values, categories=list(order), ordered=True)


def _modality_order(data: Dataset) -> list[str]:
    return list(data.modalities["modality_id"])


def _text(value) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


def study_label(study) -> str:
    """``[64] scintigraphy, patients``: reference number (or the added work's key), technique, subject.

    The technique stands in for the modality where the row names one, and the subject
    for the setting; a row whose setting the source does not state says so.
    """
    what = _text(study.technique) or _text(study.modality)
    who = _text(study.subject) or _text(study.setting) or "setting not stated"
    cite = f"[{study.ref}]" if _text(study.ref) else f"[added: {study.cite_key}]"
    if _text(getattr(study, "credit", None)) == "joint":
        cite = f"[{', '.join(str(n) for n in joint_refs(study))}] jointly"
    return f"{cite} {what}, {who}"


#: What an added study whose finding no stored text backs says on the pages.
NOT_CHECKED_NOTE = "not checked against a stored text"


def added_note(study, origins: dict[str, str]) -> str:
    """What a page says beside an added study: not in the review, where it came from, whether it was checked.

    '' for a study of the review. ``origins`` maps a references.bib key to where the living
    search found the work (:meth:`~nanoimaging.data.dataset.Dataset.added_origins`).

    >>> from types import SimpleNamespace
    >>> added_note(SimpleNamespace(source="x2021", checked="not-checked"), {"x2021": "found by living search run-001"})
    'not in the review, found by living search run-001; not checked against a stored text'
    """
    source = _text(study.source)
    if source == REVIEW_KEY:
        return ""
    note = "not in the review" + (f", {origins[source]}" if source in origins else "")
    if _text(getattr(study, "checked", None)) == "not-checked":
        note += f"; {NOT_CHECKED_NOTE}"
    return note


def joint_refs(study) -> list[int]:
    """The reference numbers a jointly credited study shares its credit with, its own included, in order."""
    partners = [int(n) for n in _text(study.cited_with).split(";") if n]
    return sorted({int(study.ref), *partners})


def credit_key(study) -> str:
    """What one credit is: the paper (``cite_key``), or for joint credit the group of papers cited together."""
    if _text(getattr(study, "credit", None)) == "joint":
        return "joint:" + "+".join(str(n) for n in joint_refs(study))
    return str(study.cite_key)


#: Columns of studies.csv that the evidence map shows with each study, after its label
#: (``[59] high-resolution SPECT, mice; nanoparticle: ...``), an empty value left out.
#: Showing another column of studies.csv on the map is its name here, and nothing else.
MAP_COLUMNS: tuple[str, ...] = ()


#: The columns of an evidence row (:func:`evidence_rows`), before those of :data:`MAP_COLUMNS`.
EVIDENCE_ROW_COLUMNS = (
    "study_id",
    "ref",
    "cite_key",
    "credit_key",
    "source",
    "added",
    "modality_id",
    "modality",
    "scale",
    "aspect",
    "setting",
    "label",
)


def shown_on_map(study) -> str:
    """What the evidence map adds to a study's label: each of :data:`MAP_COLUMNS` that has a value."""
    return "".join(f"; {column}: {value}" for column in MAP_COLUMNS if (value := _text(getattr(study, column))))


def evidence_rows(data: Dataset) -> pd.DataFrame:
    """One row per study x scale x aspect it imaged (the semicolon lists exploded), for the studies that count.

    Columns: ``study_id``, ``ref``, ``cite_key``, ``credit_key`` (what counts once, :func:`credit_key`),
    ``source``, ``added``, ``modality_id``, ``modality``, ``scale`` and ``setting`` (missing where not
    stated), ``aspect``, ``label`` (``[64] scintigraphy, patients``, plus :func:`added_note` for an
    added study), then :data:`MAP_COLUMNS`. Count ``credit_key`` distinctly: a paper can give several rows.
    """
    names = pd.Series(data.modality_labels())
    studies = data.studies[data.studies["method"].astype(str) == "modality"].copy()
    studies["modality"] = studies["modality_id"].astype(str).map(names)
    studies["added"] = data.is_added(studies).to_numpy()
    origins = data.added_origins() if bool(studies["added"].any()) else {}
    labels, credits = [], []
    for s in studies.itertuples():
        note = added_note(s, origins)
        labels.append(study_label(s) + (f" ({note})" if note else ""))
        credits.append(credit_key(s))
    studies["label"], studies["credit_key"] = labels, credits
    studies["scale"] = studies["scales"].fillna("").astype(str).str.split(";")
    studies["aspect"] = studies["aspects"].astype(str).str.split(";")
    # only the columns kept are exploded (exploding copies every column once per list item)
    rows = studies[list(dict.fromkeys([*EVIDENCE_ROW_COLUMNS, *MAP_COLUMNS]))].explode("scale").explode("aspect")
    rows = rows.assign(
        modality_id=_categorical(rows["modality_id"].astype(str), _modality_order(data)),
        scale=_categorical(rows["scale"], SCALES),
        aspect=_categorical(rows["aspect"], ASPECTS),
        setting=_categorical(rows["setting"].astype(object).where(rows["setting"].notna(), None), SETTINGS),
    )
    return rows.sort_values(["modality_id", "scale", "aspect", "setting", "ref", "study_id"], ignore_index=True)


def evidence_counts(data: Dataset) -> pd.DataFrame:
    """One row per modality x scale x aspect x setting (every combination, zeros included).

    Columns: the four keys (ordered categoricals: Table 1, patient to subcellular,
    drug/nanoparticle/environment, clinical/preclinical), ``n_studies`` (papers),
    ``study_ids`` and ``refs`` (lists, by reference number; an added paper has none).

    >>> from nanoimaging import load
    >>> counts = evidence_counts(load())
    >>> list(counts.columns)
    ['modality_id', 'scale', 'aspect', 'setting', 'n_studies', 'study_ids', 'refs']
    """
    keys = ["modality_id", "scale", "aspect", "setting"]
    rows = evidence_rows(data)
    grid = pd.MultiIndex.from_product(
        [_modality_order(data), SCALES, ASPECTS, SETTINGS],
        names=keys,
    ).to_frame(index=False)
    cells: dict[tuple, pd.DataFrame] = {
        tuple(str(k) for k in key): group.drop_duplicates("study_id").sort_values(["ref", "study_id"])
        for key, group in rows.groupby(keys, observed=True)
    }
    empty = rows.iloc[0:0]
    found = [cells.get(tuple(cell), empty) for cell in grid.itertuples(index=False)]
    grid["n_studies"] = [c["credit_key"].nunique() for c in found]
    grid["study_ids"] = [list(c["study_id"].astype(str)) for c in found]
    grid["refs"] = [sorted({int(r) for r in c["ref"].dropna()}) for c in found]
    for key, order in zip(keys, (_modality_order(data), SCALES, ASPECTS, SETTINGS), strict=True):
        grid[key] = _categorical(grid[key], order)
    return grid


def study_matrix(data: Dataset, *, aspect: str | None = None, setting: str | None = None) -> pd.DataFrame:
    """Modality (rows, Table 1 order) x scale (columns, patient to subcellular): papers described.

    Counts distinct papers over every aspect and setting, or only those of
    ``aspect`` / ``setting`` when given.

    >>> from nanoimaging import load
    >>> int(study_matrix(load(), setting="clinical").loc["ivm"].sum())   # intravital microscopy is preclinical
    0
    """
    rows = evidence_rows(data)
    for column, value, allowed in (("aspect", aspect, ASPECTS), ("setting", setting, SETTINGS)):
        if value is None:
            continue
        if value not in allowed:
            raise ValueError(f"{column} must be one of {', '.join(allowed)} (or None for all), got {value!r}")
        rows = rows[rows[column] == value]
    table = rows.groupby(["modality_id", "scale"], observed=False)["credit_key"].nunique().unstack("scale")
    table = table.reindex(index=_modality_order(data), columns=list(SCALES), fill_value=0).astype(int)
    table.index.name, table.columns.name = "modality_id", "scale"
    return table


def coverage(data: Dataset) -> pd.DataFrame:
    """One row per modality x scale x setting (``clinical``, ``preclinical`` and ``all``).

    Columns: ``modality_id``, ``modality`` (printed name), ``scale``, ``setting``,
    ``n_studies`` (distinct papers, all aspects), ``study_ids``,
    ``stated_possible`` (the scales resource says the modality images at that
    scale in that setting; for ``all``, in either or in one it does not name) and ``status``, one of
    :data:`STATUSES`.
    """
    rows = evidence_rows(data).sort_values(["ref", "study_id"])
    # (modality, scale) -> its rows; not dict(groupby): a GroupBy has .keys, so dict() would take it for a mapping
    cells = {key: here for key, here in rows.groupby(["modality_id", "scale"], observed=True, sort=False)}  # noqa: C416
    stated = {(str(r.modality_id), str(r.scale), str(r.setting)) for r in data.scales.itertuples()}
    names = data.modality_labels()
    records = []
    for modality_id in _modality_order(data):
        for scale in SCALES:
            here = cells.get((modality_id, scale), rows.iloc[0:0])
            for setting in (*SETTINGS, ALL):
                chosen = here if setting == ALL else here[here["setting"] == setting]
                ids = list(dict.fromkeys(chosen["study_id"].astype(str)))
                settings = (*SETTINGS, NOT_NAMED) if setting == ALL else (setting,)
                possible = any((modality_id, scale, s) in stated for s in settings)
                status = (
                    ("stated and cited" if possible else "cited, not stated")
                    if ids
                    else (GAP if possible else "not stated possible")
                )
                records.append(
                    {
                        "modality_id": modality_id,
                        "modality": names[modality_id],
                        "scale": scale,
                        "setting": setting,
                        "n_studies": chosen["credit_key"].nunique(),
                        "study_ids": ids,
                        "stated_possible": possible,
                        "status": status,
                    }
                )
    frame = pd.DataFrame(records)
    frame["modality_id"] = _categorical(frame["modality_id"], _modality_order(data))
    frame["scale"] = _categorical(frame["scale"], SCALES)
    frame["setting"] = _categorical(frame["setting"], (*SETTINGS, ALL))
    frame["status"] = _categorical(frame["status"], STATUSES)
    return frame


def gaps(data: Dataset) -> pd.DataFrame:
    """Modality x scale cells where no described study states the scale, per setting and for ``all``.

    Long format, one row per gap: ``modality_id``, ``modality``, ``scale``,
    ``setting`` (``clinical``, ``preclinical``, or ``all`` = no study in either
    setting), ``stated_possible`` and ``status``: :data:`GAP` (a scale statement
    says the modality can image at that scale, in that setting, yet no described
    study states that scale there; a study that states no scale is in no cell) or
    ``not stated possible``.

    >>> from nanoimaging import load
    >>> g = gaps(load())
    >>> list(g.columns)
    ['modality_id', 'modality', 'scale', 'setting', 'stated_possible', 'status']
    """
    table = coverage(data)
    table = table[table["n_studies"] == 0]
    return table.drop(columns=["n_studies", "study_ids"]).reset_index(drop=True)


def unscaled_studies(data: Dataset) -> pd.DataFrame:
    """The papers that count as evidence but whose source states no scale: they are in no cell.

    One row per modality and paper: ``modality_id``, ``modality``, ``cite_key``, ``ref``,
    ``added`` and ``label`` (``[112] CT, patients``), in Table 1 order, then by reference.
    Shown beside the gaps: a gap (:data:`GAP`) is where no study *states* the scale, and
    one of these studies may have imaged there.

    >>> from nanoimaging import load
    >>> list(unscaled_studies(load()).columns)
    ['modality_id', 'modality', 'cite_key', 'ref', 'added', 'label']
    """
    rows = evidence_rows(data)
    rows = rows[rows["scale"].isna()].drop_duplicates(["modality_id", "credit_key"])
    columns = ["modality_id", "modality", "cite_key", "ref", "added", "label"]
    return rows.sort_values(["modality_id", "ref", "study_id"])[columns].reset_index(drop=True)
