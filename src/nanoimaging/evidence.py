"""The evidence map: which studies the review describes, per modality, scale, aspect and setting.

A study (one row of ``studies.csv``) lists the aspects and scales it imaged
(semicolon lists) and has one setting. Counting "studies at a scale" must count
each study once, however many aspects it imaged: every count here is a count of
distinct ``study_id``. Builders receive the :class:`~nanoimaging.load.Dataset`;
they never read files.

>>> from nanoimaging import load
>>> data = load()
>>> list(study_matrix(data).columns)
['patient', 'organ-tumour', 'tissue', 'cellular', 'subcellular']
>>> sorted(gaps(data)["status"].unique())
['not stated possible', 'possible, no study cited']
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .charts import chart_data
from .display import Figure, figure
from .load import Dataset
from .vocabulary import ASPECT_LABELS, ASPECTS, SCALE_LABELS, SCALES, SETTINGS

#: The ``setting`` value of rows that pool both settings (in :func:`coverage` and :func:`gaps`).
ALL = "all"
#: What a modality x scale (x setting) cell of :func:`coverage` is.
STATUSES = (
    "stated and cited",            # the review says the modality images there, and describes a study
    "cited, not stated",           # a study is described, the scale statements do not list it
    "possible, no study cited",    # the review says it can image there, describes no study: a gap
    "not stated possible",         # neither
)
#: Okabe-Ito sky blue and blue (fill and outline of the circles), grey for stated cells.
CIRCLE_FILL, CIRCLE_STROKE, STATED_FILL = "#56B4E9", "#0072B2", "#E6E6E6"
#: Largest circle area in pixels (the cells are 44 px high).
MAX_AREA = 1100
#: Names of the chart's two Vega-Lite parameters (bound to select menus).
ASPECT_PARAM, SETTING_PARAM = "aspect_choice", "setting_choice"


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
        [_modality_order(data), SCALES, ASPECTS, SETTINGS], names=keys,
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
    for key, order in zip(keys, (_modality_order(data), SCALES, ASPECTS, SETTINGS)):
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
                    ("stated and cited" if possible else "cited, not stated") if ids
                    else ("possible, no study cited" if possible else "not stated possible")
                )
                records.append({
                    "modality_id": modality_id, "modality": names[modality_id], "scale": scale,
                    "setting": setting, "n_studies": len(ids), "study_ids": ids,
                    "stated_possible": possible, "status": status,
                })
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


# --- the chart ----------------------------------------------------------------------

def _chart_rows(data: Dataset) -> pd.DataFrame:
    rows = evidence_rows(data)
    rows = rows.assign(scale_label=rows["scale"].map(SCALE_LABELS).astype(str))
    rows = rows.sort_values(["ref", "study_id"], kind="stable")
    return rows[["study_id", "modality", "scale_label", "aspect", "setting", "label"]].astype(str)


def _stated_rows(data: Dataset) -> pd.DataFrame:
    names = data.modalities.set_index("modality_id")["name"].astype(str)
    stated = data.scales
    return pd.DataFrame({
        "modality": stated["modality_id"].astype(str).map(names),
        "scale_label": stated["scale"].astype(str).map(SCALE_LABELS),
        "setting": stated["setting"].astype(str),
    })


def evidence_map(data: Dataset) -> Figure:
    """Modality (rows) x scale (columns): a circle per cell, sized by the studies the review describes.

    Two menus (Vega-Lite parameters bound to select inputs, so they work on a
    static page) filter by aspect and by setting; the counts are distinct studies
    after filtering, so a study that imaged two aspects counts once under "all".
    Grey cells are where the review states the modality can image (in the chosen
    setting); a grey cell without a circle is a gap. Tooltips list the studies.

    >>> from nanoimaging import load
    >>> fig = evidence_map(load())
    >>> fig.name
    'evidence-map'
    """
    modalities = [str(n) for n in data.modalities["name"]]
    scales = [SCALE_LABELS[s] for s in SCALES]
    largest = int(study_matrix(data).to_numpy().max()) or 1

    aspect = alt.param(
        name=ASPECT_PARAM, value=ALL,
        bind=alt.binding_select(options=[ALL, *ASPECTS], labels=["all aspects", *(ASPECT_LABELS[a].lower() for a in ASPECTS)],
                                name="What was imaged: "),
    )
    setting = alt.param(
        name=SETTING_PARAM, value=ALL,
        bind=alt.binding_select(options=[ALL, *SETTINGS], labels=["all settings", *SETTINGS], name="Setting: "),
    )
    x = alt.X("scale_label:N", title="Scale", sort=scales, scale=alt.Scale(domain=scales),
              axis=alt.Axis(orient="top", labelAngle=0, labelLimit=0))
    y = alt.Y("modality:N", title=None, sort=modalities, scale=alt.Scale(domain=modalities),
              axis=alt.Axis(labelLimit=0))

    stated = alt.Chart(chart_data(_stated_rows(data))).transform_filter(
        f"{SETTING_PARAM} == '{ALL}' || datum.setting == {SETTING_PARAM}"
    ).transform_aggregate(
        groupby=["modality", "scale_label"], statements="count()",
    ).transform_calculate(
        stated="'the review says the modality images at this scale'",
    ).mark_rect(stroke="white", strokeWidth=2, aria=False).encode(
        x=x, y=y,
        color=alt.Color("stated:N", title=None, scale=alt.Scale(range=[STATED_FILL]),
                        legend=alt.Legend(symbolType="square", symbolStrokeColor="#767676", symbolStrokeWidth=1)),
        tooltip=alt.value(None),
    )

    studies = alt.Chart(chart_data(_chart_rows(data))).transform_filter(
        f"({ASPECT_PARAM} == '{ALL}' || datum.aspect == {ASPECT_PARAM})"
        f" && ({SETTING_PARAM} == '{ALL}' || datum.setting == {SETTING_PARAM})"
    ).transform_aggregate(
        # one row per study and cell: a study with several aspects counts once
        groupby=["modality", "scale_label", "study_id", "label"], aspect_rows="count()",
    ).transform_aggregate(
        groupby=["modality", "scale_label"], n_studies="count()", cited="values(label)",
    ).transform_calculate(
        studies="join(pluck(datum.cited, 'label'), '; ')",
        summary=("datum.modality + ', ' + datum.scale_label + ' scale: ' + datum.n_studies"
                 " + (datum.n_studies == 1 ? ' study: ' : ' studies: ') + join(pluck(datum.cited, 'label'), '; ')"),
    )
    tooltip = [
        alt.Tooltip("modality:N", title="Modality"), alt.Tooltip("scale_label:N", title="Scale"),
        alt.Tooltip("n_studies:Q", title="Studies"), alt.Tooltip("studies:N", title="Cited (review ref.)"),
    ]
    circles = studies.mark_circle(fill=CIRCLE_FILL, stroke=CIRCLE_STROKE, strokeWidth=1.5, opacity=1).encode(
        x=x, y=y,
        size=alt.Size("n_studies:Q", title="Studies described",
                      scale=alt.Scale(domain=[0, largest], range=[0, MAX_AREA], zero=True),
                      legend=alt.Legend(symbolFillColor=CIRCLE_FILL, symbolStrokeColor=CIRCLE_STROKE,
                                        values=_legend_values(largest))),
        tooltip=tooltip,
        description=alt.Description("summary:N"),
    )
    counts = studies.mark_text(fontSize=12, fontWeight="bold", color="black", aria=False).encode(
        x=x, y=y, text=alt.Text("n_studies:Q"), tooltip=tooltip,
    )
    chart = alt.layer(stated, circles, counts).add_params(aspect, setting).properties(
        width=len(scales) * 96, height=len(modalities) * 44,
        title=alt.TitleParams("Studies the review describes, by modality and scale", anchor="start"),
    ).resolve_legend(color="independent", size="independent").configure_legend(
        orient="bottom", labelLimit=0,
    ).configure_view(strokeWidth=0)
    return figure(chart, evidence_alt(data), name="evidence-map")


def _legend_values(largest: int) -> list[int]:
    values = [v for v in (1, 5, 10, 20, 40) if v < largest]
    return [*values, largest]


def evidence_alt(data: Dataset) -> str:
    """The evidence map's text alternative, computed from the data: totals, densest cell, every count."""
    matrix = study_matrix(data)
    names = data.modalities.set_index("modality_id")["name"].astype(str)
    n_studies = data.studies["study_id"].nunique()
    n_works = data.studies["cite_key"].nunique()
    peak = int(matrix.to_numpy().max())
    densest = [f"{names[m]} at {SCALE_LABELS[s].lower()} scale" for m in matrix.index for s in matrix.columns
               if matrix.loc[m, s] == peak]
    table = coverage(data)
    open_cells = table[(table["setting"] == ALL) & (table["status"] == "possible, no study cited")]
    parts = [
        f"Evidence map of the {n_studies} studies ({n_works} cited works) the review describes:"
        f" {len(matrix)} modalities (rows, in Table 1 order) by {len(SCALES)} scales (columns, patient to"
        " subcellular), with a circle sized by the number of studies in each cell.",
        f"Densest: {' and '.join(densest)}, {peak} studies.",
        f"{len(open_cells)} modality-scale cells the review states possible have no study described"
        + (": " + "; ".join(f"{r.modality} {SCALE_LABELS[str(r.scale)].lower()}" for r in open_cells.itertuples()) + "."
           if len(open_cells) else "."),
    ]
    for modality_id, counts in matrix.iterrows():
        cells = [f"{SCALE_LABELS[s].lower()} {int(n)}" for s, n in counts.items() if n]
        parts.append(f"{names[modality_id]}: {', '.join(cells) if cells else 'no study'}.")
    parts.append("Menus filter the map by what was imaged (drug, nanoparticle, environment) and by setting (clinical, preclinical).")
    return " ".join(parts)


def gap_grid(data: Dataset, setting: str = "all") -> pd.DataFrame:
    """Modality (rows) by scale (columns): the gap status, empty where studies are cited.

    >>> from nanoimaging import load
    >>> gap_grid(load()).columns.tolist()      # doctest: +SKIP
    ['patient', 'organ-tumour', 'tissue', 'cellular', 'subcellular']
    """
    table = gaps(data)
    table = table[table["setting"] == setting]
    grid = pd.DataFrame("", index=list(data.modalities["name"]), columns=list(SCALES))
    for row in table.itertuples():
        grid.loc[row.modality, str(row.scale)] = row.status
    grid.index.name = "modality"
    return grid
