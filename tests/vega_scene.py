"""A chart as Vega draws it: the scenegraph vl-convert computes for a Vega-Lite spec, with its inputs
(params) set to given values. Tests read what the reader would see from it, not only the spec's shape."""

from __future__ import annotations

import copy

import vl_convert

from nanoimaging.figures.display import _vl_version


def scene(spec: dict, values: dict | None = None) -> dict:
    """The scenegraph of ``spec`` with each param named in ``values`` set to its value (``spec`` is left as is)."""
    spec = copy.deepcopy(spec)
    for param in spec.get("params", []):
        if values and param["name"] in values:
            param["value"] = values[param["name"]]
    return vl_convert.vegalite_to_scenegraph(spec, vl_version=_vl_version(spec))
