"""The chooser as a chart that works in the page, with no kernel: the same checks as Vega expressions.

A test draws the chart for a grid of menu values and compares every line with
:func:`~nanoimaging.choose.choose`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

import altair as alt
import pandas as pd

from ..data.dataset import Dataset
from ..data.studies import evidence_rows
from ..data.units import format_metres
from ..data.vocabulary import ASPECTS, SCALE_LABELS, SCALES, SETTINGS, TEMPORAL_RESOLUTIONS
from ..figures.display import Figure, chart_data, figure
from ..figures.theme import FIT_COLOUR, INK, MISS_COLOUR, TEXT_GREY, title_lines, wrap_expr
from .checks import EPSILON
from .chooser import choose
from .facts import NOT_STATED, PROPERTIES, facts_by_modality, property_text, resolution_text
from .results import CHECKS

#: Names of the chart's parameters, each bound to an input above the chart.
PARAMS = {
    "aspect": "choose_aspect",
    "scale": "choose_scale",
    "setting": "choose_setting",
    "min_depth": "choose_min_depth",
    "max_resolution": "choose_max_resolution",
    "temporal_resolution": "choose_temporal",
    "label_free": "choose_label_free",
    "non_invasive": "choose_non_invasive",
}
#: The menu value that asks nothing ("any" for words, 0 for lengths).
ANY = "any"
#: The thresholds offered in the chart's menus, in metres (0 = no requirement).
DEPTH_OPTIONS_M = (0.0, 0.001, 0.005, 0.01, 0.1, 0.3, 1.0)
RESOLUTION_OPTIONS_M = (0.0, 1e-6, 1e-5, 1e-4, 1e-3, 5e-3, 1e-2)
#: Stands for "no depth limit" (math.inf) in the chart, where JSON has no infinity.
UNLIMITED = 1e9
#: Text size of the chart's lines and modality names (pixels).
LINE_SIZE = 12
#: Narrow layout (for phones): the width of the lines' column, their characters per line, line height (pixels).
NARROW_LINES_WIDTH, NARROW_CHARS, NARROW_LINE_HEIGHT = 230, 30, 14


def _study_counts(data: Dataset, added: bool = False) -> dict[str, dict[str, int]]:
    """modality_id -> {"aspect|scale|setting": distinct studies}, ``any`` standing for no requirement.

    With ``added``, only the studies added, not in the review, are counted. One grouping counts every
    key: each row counts under its own aspect, scale and setting and under ``any`` for each (a row
    without a scale or setting only under ``any``).
    """
    rows = evidence_rows(data)
    rows = rows[rows["added"]] if added else rows
    columns = ("aspect", "scale", "setting")
    keys = [f"{a}|{s}|{t}" for a in (ANY, *ASPECTS) for s in (ANY, *SCALES) for t in (ANY, *SETTINGS)]
    counts: dict[str, dict[str, int]] = {str(m): dict.fromkeys(keys, 0) for m in data.modalities["modality_id"]}
    own = {column: rows[column].astype(object) for column in columns}
    # the rows once for each way of putting ``any`` in place of some of their aspect, scale and setting
    copies = [
        pd.DataFrame(
            {
                "modality_id": rows["modality_id"].astype(str),
                "credit_key": rows["credit_key"],
                **{column: ANY if mask & (1 << i) else own[column] for i, column in enumerate(columns)},
            }
        )
        for mask in range(1 << len(columns))
    ]
    counted = pd.concat(copies).dropna(subset=list(columns))
    found = counted.groupby(["modality_id", *columns])["credit_key"].nunique()  # distinct credits
    for (mid, aspect, scale, setting), n in found.items():
        if mid in counts:
            counts[mid][f"{aspect}|{scale}|{setting}"] = int(n)
    return counts


def modality_facts(data: Dataset) -> pd.DataFrame:
    """One row per modality and setting: what the checks read, independent of the requirements.

    >>> from nanoimaging import load
    >>> facts = modality_facts(load())
    >>> facts.loc[facts["modality_id"] == "ivm", ["setting", "res_text"]].values.tolist()
    [['clinical', 'Subcellular'], ['preclinical', 'Subcellular']]
    """
    counts, added = _study_counts(data), _study_counts(data, added=True)
    names = data.modality_labels()
    rows = []
    for position, (mid, f) in enumerate(facts_by_modality(data).items()):
        m = f.modality
        whole = m.depth_qualifier == "whole-body"
        numeric_depth = not whole and m.depth_qualifier != "not-applicable" and not pd.isna(m.depth_max_m)
        for order, setting in enumerate(SETTINGS):
            row, value, words = f.best_resolution(setting)
            props = {p: f.properties.get((p, setting)) for p in PROPERTIES}
            rows.append(
                {
                    "modality_id": mid,
                    "modality": names[mid],
                    "position": position,
                    "setting": setting,
                    "setting_order": order,
                    "used": bool(f.scales[setting]),
                    "aspects": {a: bool(f.approaches[a]) for a in ASPECTS},
                    "scales": {s: any(str(r.scale) == s for r in f.scales[setting]) for s in SCALES},
                    "unnamed": {s: any(str(r.scale) == s for r in f.unnamed) for s in SCALES},
                    "scale_names": {s: SCALE_LABELS[s].lower() for s in SCALES},
                    "depth_kind": "whole-body" if whole else ("number" if numeric_depth else "not-applicable"),
                    "depth_m": float(m.depth_max_m) if numeric_depth else None,
                    "depth_label": str(m.depth_label),
                    "res_m": value,
                    "res_text": resolution_text(row, words),
                    "res_words": bool(words),
                    "temporal_rank": TEMPORAL_RESOLUTIONS.index(str(m.temporal_resolution)),
                    "temporal_label": str(m.temporal_resolution).capitalize(),
                    "label_free": NOT_STATED if props["label-free"] is None else str(props["label-free"].value),
                    "label_free_text": property_text(props["label-free"]),
                    "non_invasive": NOT_STATED if props["non-invasive"] is None else str(props["non-invasive"].value),
                    "non_invasive_text": property_text(props["non-invasive"]),
                    "studies": counts[mid],
                    "studies_added": {key: n for key, n in added[mid].items() if n},  # none: 0
                }
            )
    return pd.DataFrame(rows)


def _expressions() -> dict[str, str]:
    """The Vega expressions of the checks, the margin, the summary line; in the order they run."""
    p = PARAMS
    a, s, st, d, r, t, lf, ni = (
        p[k]
        for k in (
            "aspect",
            "scale",
            "setting",
            "min_depth",
            "max_resolution",
            "temporal_resolution",
            "label_free",
            "non_invasive",
        )
    )
    speeds = "[" + ", ".join(f"'{x}'" for x in TEMPORAL_RESOLUTIONS) + "]"
    failed = [  # one condition per check, in CHECKS order: true when the check fails
        f"{a} != '{ANY}' && !datum.aspects[{a}]",
        "!datum.used",
        f"{s} != '{ANY}' && !datum.scales[{s}]",
        f"{d} > 0 && !(datum.depth_kind == 'whole-body' || (datum.depth_kind == 'number' && datum.depth_m >= {d}))",
        f"{r} > 0 && !(datum.res_m != null && datum.res_m <= {r})",
        f"{t} != '{ANY}' && datum.temporal_rank < indexof({speeds}, {t})",
        f"{lf} && datum.label_free != 'yes'",
        f"{ni} && datum.non_invasive != 'yes'",
    ]
    fail_index = "".join(f"({cond}) ? {i} : " for i, cond in enumerate(failed)) + str(len(CHECKS))
    decades = "floor(log({x}) / LN10 + " + repr(EPSILON) + ")"
    res_margin = f"({r} > 0 ? {decades.format(x=f'{r} / datum.res_m')} : null)"
    depth_margin = (
        f"({d} > 0 ? (datum.depth_kind == 'whole-body' ? {UNLIMITED:g} : "
        f"{decades.format(x=f'datum.depth_m / {d}')}) : null)"
    )
    reasons = [
        f"'aspect: no ' + {a} + ' approach in Table 1'",
        "'setting: no ' + datum.setting + ' scale coded'",
        f"(datum.unnamed[{s}] ? 'scale: ' + datum.scale_names[{s}] + ' scale: no setting named'"
        f" : 'scale: no ' + datum.scale_names[{s}] + ' scale coded (' + ({st} == '{ANY}' ? 'either setting' : datum.setting) + ')')",
        "'depth: ' + datum.depth_label + (datum.depth_kind == 'not-applicable' ? ' (ex vivo sections)' : ' (too shallow)')",
        "'resolution: ' + (datum.res_m != null ? datum.res_text + ' (too coarse)' : datum.res_words"
        " ? datum.res_text + ' (a word, no number)' : 'none printed for ' + datum.setting + ' use')",
        "'temporal: ' + datum.temporal_label + ' (too slow)'",
        "'label-free: ' + datum.label_free_text",
        "'non-invasive: ' + datum.non_invasive_text",
    ]
    failure = "".join(f"datum.fail_index == {i} ? {text} : " for i, text in enumerate(reasons[:-1])) + reasons[-1]
    fit = (
        "'fits (' + (datum.fits_clinical && datum.fits_preclinical ? 'clinical, preclinical'"
        " : datum.fits_clinical ? 'clinical' : 'preclinical') + ')'"
        f" + (datum.margin == null ? '' : datum.margin >= {UNLIMITED:g} ? '; no depth limit'"
        " : '; ' + datum.margin + (datum.margin == 1 ? ' decade' : ' decades') + ' to spare')"
        " + '; ' + datum.n_studies + (datum.n_studies == 1 ? ' study' : ' studies')"
        " + (datum.n_added > 0 ? ' (' + datum.n_added + ' added, not in the review)' : '')"
    )
    return {
        "fail_index": fail_index,
        "res_margin": res_margin,
        "depth_margin": depth_margin,
        "margin": "datum.res_margin == null ? datum.depth_margin : datum.depth_margin == null ? datum.res_margin"
        " : min(datum.res_margin, datum.depth_margin)",
        "fits": f"datum.fail_index == {len(CHECKS)} ? 1 : 0",
        "margin_key": "datum.fits ? (datum.margin == null ? 0 : datum.margin) : -1",
        "fit_clinical": "datum.fits && datum.setting == 'clinical' ? 1 : 0",
        "fit_preclinical": "datum.fits && datum.setting == 'preclinical' ? 1 : 0",
        "n_studies": f"datum.studies[{a} + '|' + {s} + '|' + {st}]",
        "n_added": f"datum.studies_added[{a} + '|' + {s} + '|' + {st}] || 0",
        "studies_key": "datum.fits ? datum.n_studies : 0",
        "summary": f"datum.fits ? {fit} : {failure}",
        "status": "datum.fits ? 'fits' : 'excluded'",
    }


def _params() -> list:
    def select(key: str, options: list, labels: list[str], name: str):
        return alt.param(
            name=PARAMS[key], value=options[0], bind=alt.binding_select(options=options, labels=labels, name=name)
        )

    def metres(options: tuple[float, ...]) -> list[str]:
        return ["any"] + [format_metres(v) for v in options[1:]]

    return [
        select("aspect", [ANY, *ASPECTS], ["any", *ASPECTS], "What to image: "),
        select("scale", [ANY, *SCALES], ["any", *(SCALE_LABELS[x].lower() for x in SCALES)], "Scale: "),
        select("setting", [ANY, *SETTINGS], ["either", *SETTINGS], "Setting: "),
        select("min_depth", list(DEPTH_OPTIONS_M), metres(DEPTH_OPTIONS_M), "Imaging depth at least: "),
        select(
            "max_resolution",
            list(RESOLUTION_OPTIONS_M),
            metres(RESOLUTION_OPTIONS_M),
            "Resolution this fine or finer: ",
        ),
        select(
            "temporal_resolution",
            [ANY, *TEMPORAL_RESOLUTIONS],
            ["any", *TEMPORAL_RESOLUTIONS],
            "Temporal resolution at least: ",
        ),
        alt.param(name=PARAMS["label_free"], value=False, bind=alt.binding_checkbox(name="Label-free ")),
        alt.param(name=PARAMS["non_invasive"], value=False, bind=alt.binding_checkbox(name="Non-invasive ")),
    ]


def chooser_chart(data: Dataset) -> Figure:
    """Modalities (rows) that fit the requirements picked in menus above the chart, with no kernel.

    Vega-Lite expressions over :func:`modality_facts` apply :func:`choose`'s checks, pick each
    modality's setting and rank the fits as it does (a test compares the two); with a narrow layout.

    >>> from nanoimaging import load
    >>> chooser_chart(load()).name
    'modality-chooser'
    """
    facts = modality_facts(data)
    url_params = {param: key for key, param in PARAMS.items()}  # ?aspect=drug&scale=tissue ...
    return figure(
        _chooser_layers(facts, narrow=False),
        _chooser_alt(data),
        name="modality-chooser",
        narrow=_chooser_layers(facts, narrow=True),
        url_params=url_params,
    )


def _answers(facts: pd.DataFrame) -> alt.Chart:
    """A chart of ``facts`` whose rows are the modalities, each with its answer (``summary``) and ``rank``."""
    e = _expressions()
    chart = alt.Chart(chart_data(facts))
    chart = chart.transform_filter(f"{PARAMS['setting']} == '{ANY}' || datum.setting == {PARAMS['setting']}")
    for name in (
        "fail_index",
        "res_margin",
        "depth_margin",
        "margin",
        "fits",
        "margin_key",
        "fit_clinical",
        "fit_preclinical",
    ):
        chart = chart.transform_calculate(**{name: e[name]})
    chart = (
        chart.transform_joinaggregate(
            fits_clinical="max(fit_clinical)",
            fits_preclinical="max(fit_preclinical)",
            groupby=["modality_id"],
        )
        .transform_window(  # each modality's setting: a fit with the most to spare, else the one that got furthest
            pick="row_number()",
            groupby=["modality_id"],
            sort=[
                alt.SortField("fail_index", "descending"),
                alt.SortField("margin_key", "descending"),
                alt.SortField("setting_order", "ascending"),
            ],
        )
        .transform_filter("datum.pick == 1")
    )
    for name in ("n_studies", "n_added", "studies_key", "summary", "status"):
        chart = chart.transform_calculate(**{name: e[name]})
    return chart.transform_window(
        rank="row_number()",
        sort=[
            alt.SortField("fits", "descending"),
            alt.SortField("margin_key", "descending"),
            alt.SortField("studies_key", "descending"),
            alt.SortField("position", "ascending"),
        ],
    )


def _chooser_layers(facts: pd.DataFrame, narrow: bool) -> alt.LayerChart:
    """The chooser's marks, lines and inputs; the narrow layout wraps each line and gives rows room for it."""
    chart = _answers(facts)
    y = alt.Y(
        "modality:N",
        title=None,
        sort=alt.EncodingSortField("rank", op="min"),
        axis=alt.Axis(labelLimit=0, labelFontSize=LINE_SIZE, domain=False, ticks=False),
    )
    colour = alt.Color(
        "status:N",
        title=None,
        scale=alt.Scale(domain=["fits", "excluded"], range=[FIT_COLOUR, MISS_COLOUR]),
        legend=alt.Legend(orient="top"),
    )
    tooltip = [alt.Tooltip("modality:N", title="Modality"), alt.Tooltip("summary:N", title="Answer")]
    marks = chart.mark_point(size=140, filled=True).encode(
        y=y,
        color=colour,
        tooltip=tooltip,
        shape=alt.Shape("status:N", scale=alt.Scale(domain=["fits", "excluded"], range=["circle", "cross"])),
        x=alt.XValue(10),
    )
    text, step, title = "summary:N", 28, "Which modalities fit? Pick requirements in the menus"
    lines, wrapping = chart, {}
    if narrow:
        lines = chart.transform_calculate(summary_lines=wrap_expr("datum.summary", NARROW_CHARS))
        text, step = "summary_lines:N", NARROW_LINE_HEIGHT * _most_lines(facts) + 8
        wrapping = {"lineBreak": "\n", "lineHeight": NARROW_LINE_HEIGHT}
    lines = lines.mark_text(
        align="left", dx=24, fontSize=LINE_SIZE, **wrapping
    ).encode(  # ink / grey ink: 4.5:1 in both modes
        y=y,
        text=alt.Text(text),
        color=alt.ColorValue(TEXT_GREY, condition={"test": "datum.fits", "value": INK}),
        tooltip=tooltip,
        x=alt.XValue(0),
    )
    # the inputs are the first layer's; the layer lifts them to the top, where Vega-Lite wants them
    return alt.LayerChart(
        layer=[marks.add_params(*_params()), lines],
        width=NARROW_LINES_WIDTH if narrow else 640,
        height=alt.Step(step),
        title=title_lines(title) if narrow else title,
    )


def _most_lines(facts: pd.DataFrame) -> int:
    """How many lines of :data:`NARROW_CHARS` the longest answer any inputs can give needs (for the row height)."""
    return max(
        len(textwrap.wrap(answer, NARROW_CHARS, break_long_words=False, break_on_hyphens=False))
        for answer in _longest_answers(facts)
    )


def _longest_answers(facts: pd.DataFrame) -> Iterator[str]:
    """The longest answer of each kind the chart's expressions (:func:`_expressions`) can write for ``facts``."""
    most_studies = max(max(counts.values(), default=0) for counts in facts["studies"])
    most_added = max(max(counts.values(), default=0) for counts in facts["studies_added"])
    added = f" ({most_added} added, not in the review)" if most_added else ""
    yield f"fits (clinical, preclinical); 10 decades to spare; {most_studies} studies{added}"  # two digits: more than any menu spans
    yield f"aspect: no {max(ASPECTS, key=len)} approach in Table 1"
    yield "setting: no preclinical scale coded"
    longest = max((SCALE_LABELS[s].lower() for s in SCALES), key=len)
    yield f"scale: no {longest} scale coded (either setting)"
    yield f"scale: {longest} scale: no setting named"
    for row in facts.itertuples():
        yield f"depth: {row.depth_label} (ex vivo sections)"
        yield f"resolution: {row.res_text} (a word, no number)"
        yield f"resolution: none printed for {row.setting} use"
        yield f"temporal: {row.temporal_label} (too slow)"
        yield f"label-free: {row.label_free_text}"
        yield f"non-invasive: {row.non_invasive_text}"


def _chooser_alt(data: Dataset) -> str:
    choice = choose(data)
    ranked = "; ".join(f"{f.rank}. {f.name} ({f.summary.rpartition('; ')[2]})" for f in choice.fits)
    return (
        f"Modality chooser: one row per modality ({len(choice.fits) + len(choice.excluded)}), with a green circle"
        " when it fits the requirements picked in the menus and checkboxes above the chart (aspect, scale, setting,"
        " imaging depth, spatial and temporal resolution, label-free, non-invasive), or a grey cross and the first"
        " requirement it fails. Modalities that fit come first, ranked by decades to spare on resolution and depth,"
        f" then by studies described. As the page opens nothing is asked and all fit, ranked by studies: {ranked}."
    )
