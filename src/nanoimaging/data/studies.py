"""The studies the review describes, as frames: per study x scale x aspect, counts, coverage, gaps.

A study (one row of ``studies.csv``) lists the aspects and scales it imaged
(semicolon lists) and has one setting. Counting "studies at a scale" must count
each study once, however many aspects it imaged: every count here is a count of
distinct ``study_id``. These frames are plain pandas, used by the evidence map
(:mod:`nanoimaging.figures.evidence_map`) and by the chooser alike.

>>> from nanoimaging import load
>>> data = load()
>>> list(study_matrix(data).columns)
['patient', 'organ-tumour', 'tissue', 'cellular', 'subcellular']
>>> sorted(gaps(data)["status"].unique())
['not stated possible', 'possible, no study cited']
"""

from __future__ import annotations

import pandas as pd

from .load import Dataset
from .vocabulary import ASPECTS, SCALES, SETTINGS

#: The ``setting`` value of rows that pool both settings (in :func:`coverage` and :func:`gaps`).
ALL = "all"
#: What a modality x scale (x setting) cell of :func:`coverage` is.
STATUSES = (
    "stated and cited",  # the review says the modality images there, and describes a study
    "cited, not stated",  # a study is described, the scale statements do not list it
    "possible, no study cited",  # the review says it can image there, describes no study: a gap
    "not stated possible",  # neither
)


def _categorical(values, order) -> pd.Categorical:
    return pd.Categorical(values, categories=list(order), ordered=True)


def _modality_order(data: Dataset) -> list[str]:
    return list(data.modalities["modality_id"])


def _label(study) -> str:
    """``[64] scintigraphy, patients``: reference number, technique (else modality), subject (else setting)."""
    what = study.technique if isinstance(study.technique, str) and study.technique else study.modality
    who = study.subject if isinstance(study.subject, str) and study.subject else str(study.setting)
    return f"[{study.ref}] {what}, {who}"


def evidence_rows(data: Dataset) -> pd.DataFrame:
    """One row per study x scale x aspect it imaged (the semicolon lists exploded).

    Columns: ``study_id``, ``ref``, ``cite_key``, ``modality_id``, ``modality``
    (the printed name), ``scale``, ``aspect``, ``setting`` (ordered categoricals in
    the review's order) and ``label`` (``[64] scintigraphy, patients``). A study
    with two aspects at one scale gives two rows: count ``study_id`` distinctly.
    """
    names = data.modalities.set_index("modality_id")["name"].astype(str)
    studies = data.studies.copy()
    studies["modality"] = studies["modality_id"].astype(str).map(names)
    studies["label"] = [_label(s) for s in studies.itertuples()]
    studies["scale"] = studies["scales"].astype(str).str.split(";")
    studies["aspect"] = studies["aspects"].astype(str).str.split(";")
    rows = studies.explode("scale").explode("aspect")
    rows = rows[["study_id", "ref", "cite_key", "modality_id", "modality", "scale", "aspect", "setting", "label"]]
    rows = rows.assign(
        modality_id=_categorical(rows["modality_id"].astype(str), _modality_order(data)),
        scale=_categorical(rows["scale"], SCALES),
        aspect=_categorical(rows["aspect"], ASPECTS),
        setting=_categorical(rows["setting"].astype(str), SETTINGS),
    )
    return rows.sort_values(["modality_id", "scale", "aspect", "setting", "ref", "study_id"], ignore_index=True)


def evidence_counts(data: Dataset) -> pd.DataFrame:
    """One row per modality x scale x aspect x setting (every combination, zeros included).

    Columns: the four keys (ordered categoricals: Table 1, patient to subcellular,
    drug/nanoparticle/environment, clinical/preclinical), ``n_studies``,
    ``study_ids`` and ``refs`` (lists, by reference number).

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
    grid["n_studies"] = [len(c) for c in found]
    grid["study_ids"] = [list(c["study_id"].astype(str)) for c in found]
    grid["refs"] = [[int(r) for r in c["ref"]] for c in found]
    for key, order in zip(keys, (_modality_order(data), SCALES, ASPECTS, SETTINGS), strict=True):
        grid[key] = _categorical(grid[key], order)
    return grid


def study_matrix(data: Dataset, *, aspect: str | None = None, setting: str | None = None) -> pd.DataFrame:
    """Modality (rows, Table 1 order) x scale (columns, patient to subcellular): studies described.

    Counts distinct studies over every aspect and setting, or only those of
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
    table = rows.groupby(["modality_id", "scale"], observed=False)["study_id"].nunique().unstack("scale")
    table = table.reindex(index=_modality_order(data), columns=list(SCALES), fill_value=0).astype(int)
    table.index.name, table.columns.name = "modality_id", "scale"
    return table


def coverage(data: Dataset) -> pd.DataFrame:
    """One row per modality x scale x setting (``clinical``, ``preclinical`` and ``all``).

    Columns: ``modality_id``, ``modality`` (printed name), ``scale``, ``setting``,
    ``n_studies`` (distinct studies, all aspects), ``study_ids``,
    ``stated_possible`` (the scales resource says the modality images at that
    scale in that setting; for ``all``, in either) and ``status``, one of
    :data:`STATUSES`.
    """
    rows = evidence_rows(data)
    stated = {(str(r.modality_id), str(r.scale), str(r.setting)) for r in data.scales.itertuples()}
    names = data.modalities.set_index("modality_id")["name"].astype(str)
    records = []
    for modality_id in _modality_order(data):
        for scale in SCALES:
            here = rows[(rows["modality_id"] == modality_id) & (rows["scale"] == scale)]
            for setting in (*SETTINGS, ALL):
                chosen = here if setting == ALL else here[here["setting"] == setting]
                ids = list(dict.fromkeys(chosen.sort_values(["ref", "study_id"])["study_id"].astype(str)))
                settings = SETTINGS if setting == ALL else (setting,)
                possible = any((modality_id, scale, s) in stated for s in settings)
                status = (
                    ("stated and cited" if possible else "cited, not stated")
                    if ids
                    else ("possible, no study cited" if possible else "not stated possible")
                )
                records.append(
                    {
                        "modality_id": modality_id,
                        "modality": names[modality_id],
                        "scale": scale,
                        "setting": setting,
                        "n_studies": len(ids),
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
    """Modality x scale cells where the review describes no study, per setting and for ``all``.

    Long format, one row per gap: ``modality_id``, ``modality``, ``scale``,
    ``setting`` (``clinical``, ``preclinical``, or ``all`` = no study in either
    setting), ``stated_possible`` and ``status``: ``possible, no study cited``
    (the review says the modality can image at that scale, in that setting, yet
    describes no study there) or ``not stated possible``.

    >>> from nanoimaging import load
    >>> g = gaps(load())
    >>> list(g.columns)
    ['modality_id', 'modality', 'scale', 'setting', 'stated_possible', 'status']
    """
    table = coverage(data)
    table = table[table["n_studies"] == 0]
    return table.drop(columns=["n_studies", "study_ids"]).reset_index(drop=True)
