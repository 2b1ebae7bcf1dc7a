"""Walk a JSON tree (a Vega-Lite spec, a Vega scenegraph) for the tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def dicts_in(node: Any) -> Iterator[dict]:
    """Every dict in ``node``, depth first, the outer one before those inside it.

    >>> [d["a"] for d in dicts_in({"a": 1, "b": [{"a": 2}]})]
    [1, 2]
    """
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from dicts_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from dicts_in(value)
