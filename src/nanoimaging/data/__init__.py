"""The data layer: the data package validated and loaded as typed DataFrames.

``load()`` validates (schema through frictionless, then the domain rules in
:mod:`nanoimaging.data.rules`) and returns a :class:`Dataset`; nothing above
this layer reads a file of ``data/``. ``validate`` is imported on first use.
"""

from .dataset import Dataset, load
from .result import ValidationResult

__all__ = ["Dataset", "ValidationResult", "load", "validate"]


def __getattr__(name: str):
    if name == "validate":
        from .validation import validate

        return validate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
