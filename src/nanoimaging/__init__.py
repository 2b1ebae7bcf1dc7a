"""nanoimaging: the data of de Maar et al. 2020 (Theranostics) as validated tables and charts.

Data flows one way: ``data/`` -> :func:`load` (validated, typed DataFrames)
-> builders (tables, charts, matrices) -> notebooks -> the book.
"""

from importlib import metadata as _metadata

from .chooser import choose
from .cover import cover
from .load import Dataset, load
from .problems import DataValidationError, Problem
from .validate import ValidationResult, validate

__all__ = ["Dataset", "DataValidationError", "Problem", "ValidationResult", "choose", "cover", "load", "validate"]
try:  # the installed distribution's version, which `make release` keeps equal to CITATION.cff
    __version__ = _metadata.version("nanoimaging")
except _metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "unknown"
