"""Display Altair charts as stable, accessible, offline notebook outputs.

A notebook cell ends with ``figure(chart, alt=..., name=...)``: the result shows as the
Vega-Lite v5 mime type (JupyterLab draws it offline; the book with
:mod:`nanoimaging.site.sphinx_charts`) plus a ``text/plain`` text alternative. :func:`chart_spec`
renumbers Altair's per-process parameter and view names, so stored outputs are the same on every run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "MIME_TYPE",
    "Figure",
    "chart_data",
    "chart_spec",
    "figure",
    "to_svg",
    "to_vega",
]

#: The mime type Altair 5 emits and JupyterLab 4 renders without a network.
MIME_TYPE = "application/vnd.vegalite.v5+json"

#: Prefix of the ``text/plain`` representation.
TEXT_PREFIX = "Chart: "

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_AUTO_NAME = re.compile(r"\b(param|view)_(\d+)\b")
_SCHEMA = re.compile(r"/vega-lite/v(\d+)\.(\d+)(?:\.\d+)?\.json$")
# Subtrees holding data, not names: a data value that happens to read "param_1"
# must not be renumbered.
_DATA_KEYS = frozenset({"datasets", "values"})


class Figure:
    """A chart with its text alternative, displayed as a Vega-Lite mime bundle.

    Build one with :func:`figure`; the attributes are read-only by convention.
    """

    __slots__ = ("spec", "alt", "name", "narrow", "url_params")

    def __init__(
        self,
        spec: dict[str, Any],
        alt: str,
        name: str,
        narrow: dict[str, Any] | None = None,
        url_params: dict[str, str] | None = None,
    ) -> None:
        self.spec = spec
        self.alt = alt
        self.name = name
        self.narrow = narrow  # the same chart laid out for narrow screens, or None
        self.url_params = url_params or {}  # parameter name -> its key in the page's URL

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {MIME_TYPE: self.spec, "text/plain": TEXT_PREFIX + self.alt}
        meta: dict[str, Any] = {"alt": self.alt, "name": self.name}
        if self.narrow is not None:
            meta["narrow"] = self.narrow
        if self.url_params:
            meta["url_params"] = dict(self.url_params)
        return data, {MIME_TYPE: meta}

    def __repr__(self) -> str:
        return f"<Figure {self.name!r}: {self.alt}>"

    def to_svg(self) -> str:
        """Return the chart as a static SVG document (see :func:`to_svg`)."""
        return to_svg(self.spec)


def chart_data(frame: Any) -> Any:
    """The rows of a DataFrame as inline Vega-Lite data (``alt.Data``), missing values as null (not NaN, which is not JSON).

    >>> import pandas as pd
    >>> chart_data(pd.DataFrame({"a": [1.0, None]})).values
    [{'a': 1.0}, {'a': None}]
    """
    import altair as alt

    return alt.Data(values=json.loads(frame.to_json(orient="records", double_precision=15)))


def _check_alt(alt: Any) -> str:
    if not isinstance(alt, str):
        raise TypeError(f"alt must be a str describing what the chart shows, got {type(alt).__name__}")
    text = " ".join(alt.split())
    if not text:
        raise ValueError(
            "alt must be a sentence describing what the chart shows "
            "(e.g. 'Bar chart of the depth reached by each modality'), got an empty string"
        )
    return text


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or not _SLUG.match(name):
        raise ValueError(
            "name must be a slug of lower-case letters, digits and single hyphens "
            f"(e.g. 'resolution-vs-depth'), got {name!r}"
        )
    return name


def _walk_strings(node: Any, visit, key: str | None = None) -> Any:
    """Return a copy of ``node`` with ``visit`` applied to every string outside data."""
    if key in _DATA_KEYS:
        return node
    if isinstance(node, dict):
        return {k: _walk_strings(v, visit, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_walk_strings(v, visit, key) for v in node]
    if isinstance(node, str):
        return visit(node)
    return node


def _normalise_names(spec: dict[str, Any]) -> dict[str, Any]:
    """Renumber Altair's counter-based names (``param_N``, ``view_N``) from 1."""
    mapping: dict[str, str] = {}
    counts = {"param": 0, "view": 0}

    def collect(text: str) -> str:
        for match in _AUTO_NAME.finditer(text):
            old = match.group(0)
            if old not in mapping:
                kind = match.group(1)
                counts[kind] += 1
                mapping[old] = f"{kind}_{counts[kind]}"
        return text

    _walk_strings(spec, collect)
    if all(old == new for old, new in mapping.items()):
        return spec
    return _walk_strings(spec, lambda text: _AUTO_NAME.sub(lambda m: mapping[m.group(0)], text))


def chart_spec(chart: Any) -> dict[str, Any]:
    """Return the Vega-Lite v5 spec of ``chart`` as plain, stable JSON data.

    ``chart`` is an Altair chart (anything with ``to_dict()``) or a spec dict.
    Keys are sorted and auto-numbered parameter/view names renumbered, so the
    result is the same in every fresh or re-used kernel.

    >>> import altair as alt, pandas as pd
    >>> spec = chart_spec(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x"))
    >>> spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5")
    True
    """
    if isinstance(chart, Mapping):
        spec = dict(chart)
    elif hasattr(chart, "to_dict"):
        spec = chart.to_dict()
    else:
        raise TypeError(f"expected an Altair chart or a Vega-Lite spec dict, got {type(chart).__name__}")
    schema = spec.get("$schema", "")
    match = _SCHEMA.search(schema)
    if not match or match.group(1) != "5":
        raise ValueError(f"expected a Vega-Lite v5 spec (Altair 5), got $schema {schema!r}")
    # A JSON round trip gives plain types (no tuples, numpy scalars or NaN) and
    # a fixed key order.
    spec = json.loads(json.dumps(spec, sort_keys=True, allow_nan=False))
    return _normalise_names(spec)


def figure(
    chart: Any, alt: str, *, name: str, narrow: Any = None, url_params: Mapping[str, str] | None = None
) -> Figure:
    """Wrap ``chart`` for display with a text alternative and a stable name.

    :param chart: an Altair 5 chart, or a Vega-Lite v5 spec dict.
    :param narrow: the same chart laid out for narrow screens, shown by the book where ``chart``
        would shrink its text. Its inputs (parameters bound to menus or checkboxes) must be
        ``chart``'s, with the same values and choices.
    :param url_params: parameter name -> key in the page's URL, where the book keeps that input's value.
    :param alt: a sentence saying what the chart shows: its accessible label, its caption in the
        book, its ``text/plain`` output and the spec's ``description``.
    :param name: a stable slug identifying the chart (``resolution-vs-depth``).
    :raises ValueError: if ``alt`` is empty, ``name`` is not a slug, or ``narrow``'s inputs differ.

    >>> import altair as alt, pandas as pd
    >>> chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x")
    >>> fig = figure(chart, "Two points on a line.", name="two-points")
    >>> fig._repr_mimebundle_()[0]["text/plain"]
    'Chart: Two points on a line.'
    """
    alt = _check_alt(alt)
    name = _check_name(name)
    spec = chart_spec(chart)
    spec["description"] = alt
    narrow_spec = None
    if narrow is not None:
        narrow_spec = chart_spec(narrow)
        narrow_spec["description"] = alt
        _check_same_inputs(spec, narrow_spec)
    params = {p.get("name") for p in spec.get("params", []) if isinstance(p, dict)}
    unknown = sorted(set(url_params or {}) - params)
    if unknown:
        raise ValueError(f"url_params names parameters the chart does not have: {unknown} (it has {sorted(params)})")
    return Figure(spec, alt, name, narrow_spec, dict(url_params or {}))


def _inputs(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters of ``spec`` bound to an input (menu, checkbox): name -> (value, binding)."""
    return {
        p["name"]: (p.get("value"), p["bind"])
        for p in spec.get("params", [])
        if isinstance(p, dict) and "name" in p and isinstance(p.get("bind"), dict)
    }


def _check_same_inputs(spec: Mapping[str, Any], narrow: Mapping[str, Any]) -> None:
    """Refuse a narrow layout whose inputs differ from the wide one's: the page carries their values across."""
    wide_inputs, narrow_inputs = _inputs(spec), _inputs(narrow)
    if wide_inputs != narrow_inputs:
        differ = sorted(n for n in set(wide_inputs) | set(narrow_inputs) if wide_inputs.get(n) != narrow_inputs.get(n))
        raise ValueError(f"the narrow layout's inputs must be the wide one's; these differ: {differ}")


def _vl_version(spec: Mapping[str, Any]) -> str:
    """The Vega-Lite version vl-convert should use for ``spec``.

    The spec's own minor version when vl-convert bundles it, else the newest
    bundled 5.x not newer than it (Vega-Lite 5 minors read older specs).
    """
    import vl_convert

    match = _SCHEMA.search(str(spec.get("$schema", "")))
    if not match or match.group(1) != "5":
        raise ValueError(f"expected a Vega-Lite v5 spec, got $schema {spec.get('$schema')!r}")
    wanted = (5, int(match.group(2)))
    available = []
    for version in vl_convert.get_vegalite_versions():
        major, minor = (int(part) for part in version.lstrip("v").split(".")[:2])
        if major == 5:
            available.append((major, minor))
    older = [v for v in available if v <= wanted]
    if not older:
        raise RuntimeError(
            f"vl-convert bundles no Vega-Lite 5 version <= 5.{wanted[1]} (it has {vl_convert.get_vegalite_versions()})"
        )
    major, minor = max(older)
    return f"{major}.{minor}"


#: How many compiled specs and drawn SVGs are kept, each (:mod:`nanoimaging.kept`): the project's
#: charts number about 40 (their narrow layouts included); an edit of the data makes new ones.
KEPT_CONVERSIONS = 256


def _converted(kind: str, spec: Mapping[str, Any], convert: Callable[[dict[str, Any], str], str]) -> str:
    """``convert(spec, vl_version)`` (vl-convert), or its result kept from an earlier call with the same key.

    The key is the spec and the versions of vl-convert and of Vega-Lite it converts with.
    """
    import hashlib
    from importlib import metadata

    from .. import kept

    vl_version = _vl_version(spec)
    key = hashlib.sha256(
        f"{kind}\0vl-convert {metadata.version('vl-convert-python')}\0vega-lite {vl_version}\0".encode()
        + json.dumps(spec, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    stored = kept.read(kind, key, ".txt")
    if stored is not None:
        return stored.decode("utf-8")
    text = convert(dict(spec), vl_version)
    kept.write(kind, key, ".txt", text.encode("utf-8"), KEPT_CONVERSIONS)
    return text


def to_vega(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Compile a Vega-Lite v5 spec to Vega (vl-convert), so that pages need no Vega-Lite compiler."""
    import vl_convert

    def compile_(spec: dict[str, Any], vl_version: str) -> str:
        return json.dumps(vl_convert.vegalite_to_vega(spec, vl_version=vl_version))

    return json.loads(_converted("vega", spec, compile_))


def to_svg(chart_or_spec: Any) -> str:
    """Render a chart (Altair chart, :class:`Figure` or v5 spec dict) to SVG text, with no network.

    Uses the Vega-Lite version the spec declares; a spec drawn before is read back from the
    user's cache (:mod:`nanoimaging.kept`).
    """
    import vl_convert

    if isinstance(chart_or_spec, Figure):
        spec = chart_or_spec.spec
    else:
        spec = chart_spec(chart_or_spec)

    def draw(spec: dict[str, Any], vl_version: str) -> str:
        return vl_convert.vegalite_to_svg(spec, vl_version=vl_version, allowed_base_urls=[])

    return _converted("svg", spec, draw)
