"""The flow of the living search, PRISMA-style: how many works each stage of every run kept.

Draws the plain data of :func:`nanoimaging.living.flow.living_summary` (it is handed that data:
the figures layer does not read the living folder). One bar per stage, from the records the
sources gave to those awaiting screening, with the exclusions by reason under "Excluded"; a
menu shows all runs summed or one run.

>>> summary = {"runs": [], "last_search": None, "included": [], "total": [
...     {"stage": "identified", "label": "Records identified", "count": 0}]}
>>> flow_figure(summary).name
'living-flow'
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
from IPython.display import HTML

from .display import Figure, figure
from .theme import CIRCLE_FILL, CIRCLE_STROKE, title_lines

#: The menu's parameter, and its value for every run summed.
RUN_PARAM, ALL_RUNS = "run_choice", "all"
#: Width of the bars' area in pixels: wide layout, narrow layout (for phones; the labels take about 170 px).
BAR_WIDTH, NARROW_BAR_WIDTH = 360, 130
#: Height of one stage's row in pixels.
ROW_HEIGHT = 26
TITLE = "The living search: works at each stage"


def flow_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The chart's data: every stage of the total (``run`` is :data:`ALL_RUNS`) and of each run, with its order."""
    rows = [{"run": ALL_RUNS, "order": i, **stage} for i, stage in enumerate(summary["total"])]
    for run in summary["runs"]:
        counts = {stage["stage"]: stage["count"] for stage in run["stages"]}
        # every stage of the total, 0 where this run has none (an exclusion reason only other runs gave)
        rows += [
            {"run": run["run_id"], "order": i, **stage, "count": counts.get(stage["stage"], 0)}
            for i, stage in enumerate(summary["total"])
        ]
    return rows


def _run_label(run: dict[str, Any]) -> str:
    return f"{run['run_id']} ({run['started'][:10]})"


def _flow_chart(summary: dict[str, Any], narrow: bool) -> alt.Chart:
    rows = flow_rows(summary)
    largest = max((row["count"] for row in rows), default=0)
    chart = alt.Chart(alt.Data(values=rows))
    if summary["runs"]:
        choice = alt.param(
            name=RUN_PARAM,
            value=ALL_RUNS,
            bind=alt.binding_select(
                options=[ALL_RUNS, *(r["run_id"] for r in summary["runs"])],
                labels=["all runs", *(_run_label(r) for r in summary["runs"])],
                name="Run: ",
            ),
        )
        chart = chart.add_params(choice).transform_filter(f"datum.run == {RUN_PARAM}")
    else:
        chart = chart.transform_filter(f"datum.run == '{ALL_RUNS}'")
    stages = [stage["label"] for stage in summary["total"]]  # every run's stages are among the total's
    y = alt.Y("label:N", title=None, sort=stages, scale=alt.Scale(domain=stages), axis=alt.Axis(labelLimit=0))
    x = alt.X(
        "count:Q",
        title="Works",
        scale=alt.Scale(domain=[0, max(largest, 1)], nice=False),
        # whole works only: every count up to 10 ticked, beyond that Vega's ticks at whole steps
        axis=alt.Axis(
            tickMinStep=1, format="d", **({"values": list(range(max(largest, 1) + 1))} if largest <= 10 else {})
        ),
    )
    tooltip = [alt.Tooltip("label:N", title="Stage"), alt.Tooltip("count:Q", title="Works")]
    bars = chart.mark_bar(fill=CIRCLE_FILL, stroke=CIRCLE_STROKE, strokeWidth=1).encode(
        y=y, x=x, tooltip=tooltip, description=alt.Description("summary:N")
    )
    bars = bars.transform_calculate(summary="datum.label + ': ' + datum.count")
    counts = chart.mark_text(align="left", baseline="middle", dx=4, aria=False).encode(
        y=y, x=x, text=alt.Text("count:Q"), tooltip=tooltip
    )
    n_stages = len(summary["total"])
    title = TITLE if summary["runs"] else f"{TITLE}: no search has been run yet"
    return alt.layer(bars, counts).properties(
        width=NARROW_BAR_WIDTH if narrow else BAR_WIDTH,
        height=n_stages * ROW_HEIGHT,
        title=title_lines(title, 34) if narrow else title,
    )


def _counts_text(stages: list[dict[str, Any]]) -> str:
    return ", ".join(f"{s['label'].lower()} {s['count']}" for s in stages)


def _runs_text(n: int) -> str:
    return "the one run" if n == 1 else f"all {n} runs together"


def flow_alt(summary: dict[str, Any]) -> str:
    """The figure's text alternative: every stage's count, for all runs and for each run."""
    if not summary["runs"]:
        return "Flow of the living search: no search has been run yet, so every stage counts 0 works."
    parts = [
        f"Flow of the living search, a bar per stage: {_runs_text(len(summary['runs']))}: "
        f"{_counts_text(summary['total'])}."
    ]
    parts += [f"{_run_label(r)}: {_counts_text(r['stages'])}." for r in summary["runs"]]
    parts.append("A menu shows one run at a time.")
    return " ".join(parts)


def flow_figure(summary: dict[str, Any]) -> Figure:
    """The PRISMA-style flow of the living search, with a narrow layout for phones."""
    return figure(
        _flow_chart(summary, narrow=False),
        flow_alt(summary),
        name="living-flow",
        narrow=_flow_chart(summary, narrow=True),
    )


def flow_frame(summary: dict[str, Any]) -> pd.DataFrame:
    """The flow as a table: a row per stage, a column for all runs and one per run (0 where a run has no such row)."""
    columns = {"all runs": {s["label"]: s["count"] for s in summary["total"]}}
    for run in summary["runs"]:
        columns[_run_label(run)] = {s["label"]: s["count"] for s in run["stages"]}
    frame = pd.DataFrame(columns, index=[s["label"] for s in summary["total"]]).fillna(0).astype(int)
    frame.index.name = "stage"
    return frame


def included_frame(summary: dict[str, Any]) -> pd.DataFrame:
    """The included works, by year of publication: year, candidate, title, DOI, the run that found it, who screened it."""
    columns = ["year", "candidate_id", "title", "doi", "run_id", "who", "when"]
    return pd.DataFrame([{c: w[c] for c in columns} for w in summary["included"]], columns=columns)


def included_table(summary: dict[str, Any]) -> HTML:
    """The included works as the chapter shows them: every title in full (it wraps), and no index column."""
    return HTML(included_frame(summary).to_html(index=False))
