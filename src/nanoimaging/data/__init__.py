"""The data layer: the data package validated and loaded as typed DataFrames.

``load()`` validates (schema through frictionless, then the domain rules in
:mod:`nanoimaging.data.rules`) and returns a :class:`Dataset`; nothing above
this layer reads a file of ``data/``.
"""

from .load import Dataset, load
from .validate import ValidationResult, validate

__all__ = ["Dataset", "ValidationResult", "load", "validate"]
