"""The choose layer: which modalities fit a set of requirements, and which combinations cover several.

- :func:`choose` puts every modality through eight checks, one function each
  (:mod:`~nanoimaging.choose.checks`), and ranks those that fit;
- :func:`cover` finds the smallest combinations of modalities that cover
  every (scale, aspect) cell asked for;
- :mod:`~nanoimaging.choose.vega_twin` draws the same checks as an in-page chart.
"""

from .chooser import choose
from .cover import cover
from .requirements import ChooserError, Requirements

__all__ = ["ChooserError", "Requirements", "choose", "cover"]
