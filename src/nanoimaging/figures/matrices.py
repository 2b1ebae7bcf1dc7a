"""Scale and aspect matrices: which modality images what, and at which scale.

The frames are plain pandas (for tables and tests); the charts are heatmaps
with the review's words in the tooltips.

>>> from nanoimaging import load
>>> list(scale_matrix_frame(load()).columns)
['patient', 'organism', 'organ-tumour', 'tissue', 'cellular', 'subcellular']
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..data.dataset import Dataset
from ..data.vocabulary import ASPECT_LABELS, ASPECTS, NOT_NAMED, SCALE_LABELS, SCALES
from ..refs.bibtex import REVIEW_KEY
from .display import Figure, chart_data, figure
from .theme import (
    CELL_TEXT_SIZE,
    COVERAGE,
    PAPER,
    REVIEW_SOURCE,
    narrow_top_labels,
    source_text,
    stacked_legends,
    title_lines,
)

#: Whom a scale statement is about; a cell stated only for the modality's group is drawn lighter, code with a *.
STATED_FOR = {"modality": "this modality", "mixed": "this modality, * its group only", "group": "its group only (*)"}
GROUP_OPACITY = 0.45
#: The "Stated for" legend's symbols: a mid grey, at least 3:1 against the light and the dark page.
STATED_FOR_GREY = "#767676"
#: Width of a matrix's grid (pixels, labels not included): wide layouts, then narrow ones.
SCALE_GRID_WIDTH, ASPECT_GRID_WIDTH = 430, 330
NARROW_GRID_WIDTH = 240
#: Narrow layouts write a column's label on lines of at most this many characters.
NARROW_LABEL_CHARS = 8


#: Name of a layer drawn only under another layer's marks (its Vega marks get the class
#: ``underlay_marks``): readers and checks count the marks above it, not these.
UNDERLAY = "underlay"


def _statement(row) -> str:
    basis = "stated for the group" if row.basis == "group" else "stated for this modality"
    where = f"{row.section}, line {row.line}" if source_text(row.source) == REVIEW_SOURCE else source_text(row.source)
    setting = "no setting named" if row.setting == NOT_NAMED else row.setting
    words = getattr(row, "setting_words", None)
    named = f"; setting: \u201c{words}\u201d (line {row.setting_line})" if isinstance(words, str) and words else ""
    return f"{setting} ({basis}): \u201c{row.evidence}\u201d ({where}){named}"


#: The letter each setting of a scale statement has in a cell's code; "?" where the source names no setting.
SETTING_CODES = {"clinical": "C", "preclinical": "P", NOT_NAMED: "?"}


def _coverage(settings: set[str]) -> str:
    """What a cell says: the settings named (a statement naming none counts only where no other is)."""
    named = settings & {"clinical", "preclinical"}
    if named == {"clinical", "preclinical"}:
        return "clinical and preclinical"
    if named:
        return f"{named.pop()} only"
    return "no setting named" if settings else "not stated"


def scale_coverage(data: Dataset, family: str | None = None) -> pd.DataFrame:
    """One row per modality and scale: the settings stated, for whom (the modality or its group), and where.

    ``stated_for`` is ``this modality`` when every statement names the modality itself,
    ``its group only (*)`` when every statement is about its whole group, mixed when
    both, and empty when nothing is stated; in ``code`` (C, P, C+P; ? for a statement that
    names no setting) a setting stated only for the group has a *.
    """
    statements = data.scales
    names = data.modality_labels()
    rows = []
    for m in data.modalities_of(family).itertuples():
        for scale in SCALES:
            said = statements[(statements["modality_id"] == m.modality_id) & (statements["scale"] == scale)]
            settings = set(said["setting"].astype(str))
            coverage = _coverage(settings)
            evidence = " | ".join(_statement(r) for r in said.itertuples())
            bases = set(said["basis"].astype(str))
            stated_for = "" if not bases else STATED_FOR["mixed" if len(bases) > 1 else bases.pop()]
            code = "+".join(
                letter + ("*" if set(said.loc[said["setting"] == setting, "basis"].astype(str)) == {"group"} else "")
                for setting, letter in SETTING_CODES.items()
                if setting in settings
            )
            rows.append(
                {
                    "modality_id": m.modality_id,
                    "modality": names[str(m.modality_id)],
                    "scale": scale,
                    "scale_label": SCALE_LABELS[scale],
                    "coverage": coverage,
                    "stated_for": stated_for,
                    "code": code,
                    "evidence": evidence or "No row of scales.csv codes a use at this scale.",
                    "added_statement": bool(len(said)) and bool(data.is_added(said).any()),
                    "added_modality": str(m.source) != REVIEW_KEY,
                }
            )
    return pd.DataFrame(rows)


def scale_matrix_frame(data: Dataset, family: str | None = None) -> pd.DataFrame:
    """Modality (rows, Table 1 order) by scale (columns, patient to subcellular): the settings stated."""
    coverage = scale_coverage(data, family)
    table = coverage.pivot(index="modality_id", columns="scale", values="coverage")
    return table.loc[list(dict.fromkeys(coverage["modality_id"])), list(SCALES)]


def aspect_items(data: Dataset, family: str | None = None) -> pd.DataFrame:
    """One row per modality and aspect: how many approaches Table 1 lists, and their texts."""
    names = data.modality_labels()
    rows = []
    for m in data.modalities_of(family).itertuples():
        for aspect in ASPECTS:
            cell = data.approaches[
                (data.approaches["modality_id"] == m.modality_id) & (data.approaches["aspect"] == aspect)
            ]
            texts = list(cell.sort_values("position")["text"])
            rows.append(
                {
                    "modality_id": m.modality_id,
                    "modality": names[str(m.modality_id)],
                    "aspect": aspect,
                    "aspect_label": ASPECT_LABELS[aspect],
                    "n_approaches": len(texts),
                    "approaches": " \u2022 ".join(texts),
                }
            )
    return pd.DataFrame(rows)


def aspect_matrix_frame(data: Dataset, family: str | None = None) -> pd.DataFrame:
    """Modality by aspect (drug, nanoparticle, environment): the number of approaches Table 1 lists."""
    items = aspect_items(data, family)
    table = items.pivot(index="modality_id", columns="aspect", values="n_approaches")
    return table.loc[list(dict.fromkeys(items["modality_id"])), list(ASPECTS)]


def _name(base: str, family: str | None) -> str:
    return base if family is None else f"{base}-{family}"


def _grid(frame: pd.DataFrame, column: str, title: str, labels: list[str], narrow: bool) -> alt.Chart:
    """A matrix's grid: a row per modality (in the order of ``frame``), a column per label of ``column``,
    the column labels above it; in the narrow layout on lines short enough for narrow columns.

    Its data is ``frame``'s, given to the layer it is drawn in (:func:`_finish`)."""
    if narrow:
        axis = alt.Axis(orient="top", **narrow_top_labels(labels, NARROW_LABEL_CHARS, NARROW_GRID_WIDTH / len(labels)))
    else:
        axis = alt.Axis(orient="top", labelAngle=0)
    return alt.Chart().encode(
        x=alt.X(f"{column}:N", title=title, sort=labels, axis=axis),
        y=alt.Y("modality:N", title=None, sort=list(dict.fromkeys(frame["modality"]))),
    )


def _finish(layers: list[alt.Chart], frame: pd.DataFrame, title: str, grid_width: int, narrow: bool):
    """A matrix: its ``layers`` (of :func:`_grid`) drawn from ``frame``, sized and titled; the narrow layout has
    a narrower grid, a wrapped title and stacked legends."""
    chart = alt.LayerChart(
        layer=layers,
        data=chart_data(frame),
        width=NARROW_GRID_WIDTH if narrow else grid_width,
        height=alt.Step(30),
        title=title_lines(title) if narrow else title,
    )
    return stacked_legends(chart) if narrow else chart


def scale_matrix(data: Dataset, family: str | None = None) -> Figure:
    """Heatmap of modality by scale, coloured by the settings the review states, evidence in tooltips; with a narrow layout."""
    coverage = scale_coverage(data, family)
    return figure(
        _scale_chart(coverage, narrow=False),
        _scale_alt(coverage),
        name=_name("scale-matrix", family),
        narrow=_scale_chart(coverage, narrow=True),
    )


def _scale_chart(coverage: pd.DataFrame, narrow: bool):
    """The scale matrix of ``coverage``, in its wide or narrow layout."""
    base = _grid(coverage, "scale_label", "Scale", [SCALE_LABELS[s] for s in SCALES], narrow)
    cells = base.mark_rect(stroke=PAPER, strokeWidth=2).encode(
        color=alt.Color(
            "coverage:N", title="Stated use", scale=alt.Scale(domain=list(COVERAGE), range=list(COVERAGE.values()))
        ),
        opacity=alt.Opacity(
            "stated_for:O",
            title="Stated for",
            sort=["", *STATED_FOR.values()],
            # ordinal: a nominal opacity compiles to a point scale, which would read the range as 1..1
            scale=alt.Scale(type="ordinal", domain=["", *STATED_FOR.values()], range=[1, 1, 1, GROUP_OPACITY]),
            # symbols in a grey no "Stated use" has (a colour of that legend would read as that use),
            # the same on the light and the dark page (ink would turn as light as "not stated")
            legend=alt.Legend(values=list(STATED_FOR.values()), symbolType="square", symbolFillColor=STATED_FOR_GREY),
        ),
        tooltip=[
            alt.Tooltip("modality:N", title="Modality"),
            alt.Tooltip("scale_label:N", title="Scale"),
            alt.Tooltip("coverage:N", title="Stated use"),
            alt.Tooltip("stated_for:N", title="Stated for"),
            alt.Tooltip("evidence:N", title="Where it is stated"),
        ],
    )
    codes = base.mark_text(fontSize=CELL_TEXT_SIZE, fontWeight="bold").encode(
        text=alt.Text("code:N"),
        # White on the full dark blue, black elsewhere (lighter group-only cells included): above 4.5:1.
        color=alt.ColorValue(
            "black",
            condition={
                "test": f"datum.coverage == 'clinical only' && datum.stated_for != '{STATED_FOR['group']}'",
                "value": "white",
            },
        ),
    )
    # Lighter (group-only) cells are drawn with opacity over a white cell of their own, so
    # that they and their black text look the same on the light and the dark page. The
    # layer's name marks it as decoration (UNDERLAY): not a cell of its own.
    underlay = base.mark_rect(color="white", aria=False).properties(name=UNDERLAY)
    added = coverage["added_statement"].any() or coverage["added_modality"].any()
    title = "Scales at which the review says each modality images" + (" (or a row added to this copy)" if added else "")
    return _finish([underlay, cells, codes], coverage, title, SCALE_GRID_WIDTH, narrow)


def aspect_matrix(data: Dataset, family: str | None = None) -> Figure:
    """Heatmap of modality by aspect, shaded by the number of approaches, their texts in tooltips; with a narrow layout."""
    items = aspect_items(data, family)
    return figure(
        _aspect_chart(items, narrow=False),
        _aspect_alt(items),
        name=_name("aspect-matrix", family),
        narrow=_aspect_chart(items, narrow=True),
    )


def _aspect_chart(items: pd.DataFrame, narrow: bool):
    """The aspect matrix of ``items``, in its wide or narrow layout."""
    base = _grid(items, "aspect_label", "What is imaged", [ASPECT_LABELS[a] for a in ASPECTS], narrow)
    cells = base.mark_rect(stroke=PAPER, strokeWidth=2).encode(
        color=alt.Color(
            "n_approaches:O", title="Approaches listed in Table 1", scale=alt.Scale(scheme="blues", domain=[1, 2, 3])
        ),
        tooltip=[
            alt.Tooltip("modality:N", title="Modality"),
            alt.Tooltip("aspect_label:N", title="Aspect"),
            alt.Tooltip("approaches:N", title="Approaches (as printed)"),
        ],
    )
    counts = base.mark_text(fontSize=CELL_TEXT_SIZE, fontWeight="bold").encode(
        text=alt.Text("n_approaches:Q"),
        color=alt.ColorValue("black", condition={"test": "datum.n_approaches >= 3", "value": "white"}),
    )
    return _finish([cells, counts], items, "What each modality can image (Table 1)", ASPECT_GRID_WIDTH, narrow)


def _scale_alt(coverage: pd.DataFrame) -> str:
    n = coverage["modality"].nunique()
    parts = [f"Grid of {_modalities(n)} by {len(SCALES)} scales (patient to subcellular)."]
    for name, group in coverage.groupby("modality", sort=False):
        stated = [f"{r.scale_label.lower()} ({r.code})" for r in group.itertuples() if r.code]
        parts.append(f"{name}: {', '.join(stated) if stated else 'no scale coded in the data'}.")
    whose = (
        "the review's text or a row added to this copy" if coverage["added_statement"].any() else "the review's text"
    )
    unnamed = (
        "; ? = the scale is stated without a setting named"
        if coverage["code"].str.contains("?", regex=False).any()
        else ""
    )
    parts.append(
        f"C = clinical, P = preclinical, as coded from {whose}{unnamed}; * = stated only for the modality's group."
    )
    return " ".join(parts)


def _modalities(n: int) -> str:
    """``1 modality``, ``9 modalities``."""
    return f"{n} modalit{'y' if n == 1 else 'ies'}"


def _aspect_alt(items: pd.DataFrame) -> str:
    parts = [
        f"Grid of {_modalities(items['modality'].nunique())} by the three aspects (drug, nanoparticle, environment); each cell gives the number of approaches Table 1 lists."
    ]
    for name, group in items.groupby("modality", sort=False):
        parts.append(f"{name}: " + ", ".join(f"{r.aspect} {r.n_approaches}" for r in group.itertuples()) + ".")
    return " ".join(parts)
