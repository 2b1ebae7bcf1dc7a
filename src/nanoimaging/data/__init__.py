"""The data layer: the data package validated and loaded as typed DataFrames.

``load()`` validates (schema through frictionless, then the domain rules in
:mod:`nanoimaging.data.rules`) and returns a :class:`Dataset`; nothing above
this layer reads a file of ``data/``. The names are imported on first use
(:mod:`nanoimaging.lazy`), so that a command that needs neither pandas nor
frictionless does not wait for them.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_names

if TYPE_CHECKING:  # what the names are, for readers and type checkers
    from .load import Dataset, load
    from .validate import ValidationResult, validate

__all__ = ["Dataset", "ValidationResult", "load", "validate"]

lazy_names(__name__, {"Dataset": ".load", "load": ".load", "ValidationResult": ".validate", "validate": ".validate"})
