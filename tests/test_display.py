"""Tests of nanoimaging.display: the chart outputs stored in the notebooks."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import altair as alt
import pandas as pd
import pytest

from nanoimaging.figures.display import MIME_TYPE, Figure, chart_spec, figure, to_svg

ALT = "Bar chart of the depth each modality reaches."


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"modality": ["PET", "MRI", "OCT"], "depth_m": [1.0, 0.5, 0.002]})


def _bars() -> alt.Chart:
    return alt.Chart(_frame()).mark_bar().encode(x="depth_m:Q", y="modality:N")


def _interactive() -> alt.HConcatChart:
    """A chart with auto-named parameters and views (param_N, view_N)."""
    select = alt.selection_point(fields=["modality"])
    bars = _bars().encode(opacity=alt.condition(select, alt.value(1), alt.value(0.3))).add_params(select)
    points = alt.Chart(_frame()).mark_point().encode(x="depth_m:Q", y="depth_m:Q").interactive()
    return bars | points


def test_bundle_shape():
    fig = figure(_bars(), ALT, name="depth-bars")
    data, metadata = fig._repr_mimebundle_()
    assert set(data) == {MIME_TYPE, "text/plain"}
    assert MIME_TYPE == "application/vnd.vegalite.v5+json"
    assert data["text/plain"] == "Chart: " + ALT
    assert metadata == {MIME_TYPE: {"alt": ALT, "name": "depth-bars"}}
    spec = data[MIME_TYPE]
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5.")
    assert spec["description"] == ALT
    assert spec["mark"] == {"type": "bar"}
    # Inline data, plain JSON types.
    assert json.loads(json.dumps(spec)) == spec
    [rows] = spec["datasets"].values()
    assert rows[0] == {"modality": "PET", "depth_m": 1.0}


def test_accepts_a_spec_dict():
    spec = _bars().to_dict()
    fig = figure(spec, ALT, name="from-dict")
    assert isinstance(fig, Figure)
    assert fig.spec["mark"] == {"type": "bar"}
    assert "description" not in spec  # the caller's dict is not modified


@pytest.mark.parametrize("alt_text", ["", "   ", "\n\t"])
def test_alt_text_is_required(alt_text):
    with pytest.raises(ValueError, match="alt must be a sentence"):
        figure(_bars(), alt_text, name="no-alt")


def test_alt_text_must_be_a_string():
    with pytest.raises(TypeError):
        figure(_bars(), None, name="no-alt")  # type: ignore[arg-type]


def test_alt_text_whitespace_is_collapsed():
    fig = figure(_bars(), "  Depth\n of   each modality. ", name="ws")
    assert fig.alt == "Depth of each modality."


@pytest.mark.parametrize("name", ["", "Depth", "depth bars", "depth--bars", "-depth", "depth_bars", None])
def test_name_must_be_a_slug(name):
    with pytest.raises(ValueError, match="slug"):
        figure(_bars(), ALT, name=name)  # type: ignore[arg-type]


def test_name_is_keyword_only():
    with pytest.raises(TypeError):
        figure(_bars(), ALT, "depth-bars")  # type: ignore[misc]


def test_rejects_other_vega_lite_versions():
    spec = _bars().to_dict()
    spec["$schema"] = "https://vega.github.io/schema/vega-lite/v6.1.0.json"
    with pytest.raises(ValueError, match="v5"):
        figure(spec, ALT, name="v6")
    with pytest.raises(TypeError):
        figure(42, ALT, name="number")


def test_auto_names_are_renumbered_from_one():
    # Altair's counters keep growing within a process (a re-run cell) ...
    for _ in range(7):
        alt.selection_point()
    first = figure(_interactive(), ALT, name="a").spec
    second = figure(_interactive(), ALT, name="a").spec
    # ... but the stored spec does not change.
    assert first == second
    assert [p["name"] for p in first["params"]] == ["param_1", "param_2"]
    assert [v["name"] for v in first["hconcat"]] == ["view_1", "view_2"]
    assert first["params"][0]["views"] == ["view_1"]
    assert first["hconcat"][0]["encoding"]["opacity"]["condition"]["param"] == "param_1"


def test_data_values_are_not_renamed():
    frame = pd.DataFrame({"label": ["param_9", "view_3"], "value": [1, 2]})
    chart = alt.Chart(frame).mark_point().encode(x="value:Q", y="label:N").interactive()
    spec = chart_spec(chart)
    [rows] = spec["datasets"].values()
    assert [row["label"] for row in rows] == ["param_9", "view_3"]
    assert spec["params"][0]["name"] == "param_1"


_CHILD = textwrap.dedent(
    """
    import json, sys
    import altair as alt, pandas as pd
    from nanoimaging.figures.display import figure
    for _ in range(int(sys.argv[1])):
        alt.selection_interval()
    frame = pd.DataFrame({"modality": ["PET", "MRI", "OCT"], "depth_m": [1.0, 0.5, 0.002],
                          "when": pd.to_datetime(["2020-01-01", "2020-02-01", "2020-03-01"])})
    select = alt.selection_point(fields=["modality"])
    bars = alt.Chart(frame).mark_bar().encode(
        x="depth_m:Q", y="modality:N", tooltip=["when:T"],
        opacity=alt.condition(select, alt.value(1), alt.value(0.3))).add_params(select)
    points = alt.Chart(frame).mark_point().encode(x="when:T", y="depth_m:Q").interactive()
    data, metadata = figure(bars | points, "Depth by modality.", name="depth")._repr_mimebundle_()
    # nbformat writes outputs this way (sort_keys, indent=1).
    sys.stdout.write(json.dumps({"data": data, "metadata": metadata}, sort_keys=True, indent=1,
                                ensure_ascii=False))
    """
)


def test_outputs_identical_across_fresh_processes():
    outputs = [
        subprocess.run([sys.executable, "-c", _CHILD, str(bump)], check=True, capture_output=True, text=True).stdout
        for bump in (0, 5)
    ]
    assert outputs[0] == outputs[1]
    assert '"param_1"' in outputs[0] and '"view_2"' in outputs[0]


def test_to_svg_draws_marks():
    svg = to_svg(_bars())
    assert svg.startswith("<svg")
    assert svg.count('class="mark-rect') == 1  # one mark group ...
    assert svg.count("<path") >= 3  # ... of three bars
    assert to_svg(_bars()) == svg
    assert to_svg(figure(_bars(), ALT, name="x")).startswith("<svg")


def test_to_svg_refuses_network_data():
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.20.1.json",
        "data": {"url": "http://127.0.0.1:9/data.csv"},  # loopback: nothing leaves
        "mark": "point",
    }
    with pytest.raises(Exception, match="(?i)allowed|url"):
        to_svg(spec)


@pytest.fixture
def conversions(tmp_path, monkeypatch) -> list[str]:
    """A store of its own (nanoimaging.kept), and the conversions vl-convert is asked for from now on."""
    import vl_convert

    from nanoimaging import kept

    monkeypatch.setenv(kept.CACHE_ENV, str(tmp_path / "cache"))
    asked: list[str] = []
    for name in ("vegalite_to_svg", "vegalite_to_vega"):
        real = getattr(vl_convert, name)

        def counting(*args, _real=real, _name=name, **kwargs):
            asked.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(vl_convert, name, counting)
    return asked


def test_a_chart_drawn_once_is_read_back_and_a_changed_one_drawn_anew(conversions, tmp_path):
    from nanoimaging.figures.display import to_vega

    spec = chart_spec(_bars())
    svg, vega = to_svg(spec), to_vega(spec)
    assert conversions == ["vegalite_to_svg", "vegalite_to_vega"]
    assert len(list((tmp_path / "cache" / "svg").glob("*.txt"))) == 1
    assert to_svg(spec) == svg and to_vega(spec) == vega
    assert len(conversions) == 2  # both read back
    wider = {**spec, "width": 321}
    assert to_svg(wider) != svg and 'width="3' in to_svg(wider)
    assert conversions[2:] == ["vegalite_to_svg"]


def test_an_empty_cache_setting_converts_every_time(conversions, monkeypatch):
    from nanoimaging import kept

    monkeypatch.setenv(kept.CACHE_ENV, "")
    spec = chart_spec(_bars())
    assert to_svg(spec) == to_svg(spec)
    assert conversions == ["vegalite_to_svg", "vegalite_to_svg"]


def test_a_conversion_that_fails_is_not_kept(conversions, tmp_path):
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.20.1.json",
        "data": {"url": "http://127.0.0.1:9/x.csv"},
    }
    for _ in range(2):
        with pytest.raises(Exception, match="(?i)allowed|url"):
            to_svg({**spec, "mark": "point"})
    assert conversions == ["vegalite_to_svg", "vegalite_to_svg"]
    assert not list((tmp_path / "cache" / "svg").glob("*.txt"))


def _with_menu(options: list[str]) -> alt.Chart:
    menu = alt.param(name="pick", value=options[0], bind=alt.binding_select(options=options, name="Pick: "))
    return _bars().add_params(menu)


def test_narrow_layout_travels_beside_the_spec():
    fig = figure(_with_menu(["a", "b"]), "Bars.", name="bars", narrow=_with_menu(["a", "b"]).properties(width=200))
    _data, meta = fig._repr_mimebundle_()
    assert meta["application/vnd.vegalite.v5+json"]["narrow"]["width"] == 200
    assert fig.narrow["description"] == "Bars."


def test_narrow_layout_must_have_the_same_inputs():
    with pytest.raises(ValueError, match=r"narrow layout's inputs must be the wide one's; these differ: \['pick'\]"):
        figure(_with_menu(["a", "b"]), "Bars.", name="bars", narrow=_with_menu(["a", "c"]))
    with pytest.raises(ValueError, match="these differ"):
        figure(_with_menu(["a", "b"]), "Bars.", name="bars", narrow=_bars())
