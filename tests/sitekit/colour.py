"""Colour: the colour scales of a chart spec, and pairs of colours too close under a colour-vision deficiency."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from json_tree import dicts_in

#: Colour-vision deficiencies simulated (Machado, Oliveira & Fernandes 2009, severity 1).
DEFICIENCIES = ("protan", "deutan", "tritan")
#: Smallest CIEDE2000 difference between two colours of one scale, after simulation.
MIN_DELTA_E_2000 = 10.0


def palette_problems(colours: Mapping[str, str], what: str, minimum: float = MIN_DELTA_E_2000) -> list[str]:
    """Pairs of ``colours`` closer than ``minimum`` (CIEDE2000) as seen with each deficiency, or as is."""
    from coloraide import Color

    problems = []
    for deficiency in (None, *DEFICIENCIES):
        seen = {}
        for name, value in colours.items():
            colour = Color(value)
            if deficiency:
                colour = colour.filter(deficiency, method="machado")
            seen[name] = colour.convert("srgb").clip()
        for (a, ca), (b, cb) in itertools.combinations(seen.items(), 2):
            distance = ca.delta_e(cb, method="2000")
            if distance < minimum:
                problems.append(
                    f"{what}: {a} ({colours[a]}) and {b} ({colours[b]}) differ by "
                    f"dE2000 {distance:.1f} < {minimum} ({deficiency or 'normal vision'})"
                )
    return problems


def spec_colour_scales(spec: Any) -> list[tuple[str, dict[str, str]]]:
    """Every colour scale with an explicit range, in a Vega-Lite spec (colour/fill/stroke encodings)
    or a compiled Vega spec (``scales`` whose range is a list of colours): (title, {domain value: colour})."""
    found = []

    def add(title: Any, scale: dict) -> None:
        colours = scale.get("range")
        if isinstance(colours, list) and len(colours) > 1 and all(isinstance(c, str) for c in colours):
            domain = scale.get("domain")
            domain = domain if isinstance(domain, list) else [str(i) for i in range(len(colours))]
            found.append((str(title), dict(zip(map(str, domain), colours, strict=False))))

    for node in dicts_in(spec):
        for channel in ("color", "fill", "stroke"):
            enc = node.get(channel)
            if isinstance(enc, dict) and isinstance(enc.get("scale"), dict):
                add(enc.get("title") or enc.get("field"), enc["scale"])
        for scale in node.get("scales", []) if isinstance(node.get("scales"), list) else []:
            if isinstance(scale, dict) and str(scale.get("name", "")) in ("color", "fill", "stroke"):
                add(scale["name"], scale)
    return found
