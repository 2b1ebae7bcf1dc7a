"""nanoimaging: the data of de Maar et al. 2020 (Theranostics) as validated tables and charts.

Data flows one way: ``data/`` -> :func:`load` (validated, typed DataFrames)
-> builders (tables, charts, matrices) -> notebooks -> the book.
"""

from .load import Dataset, load
from .problems import DataValidationError, Problem
from .validate import ValidationResult, validate

__all__ = ["Dataset", "DataValidationError", "Problem", "ValidationResult", "load", "validate"]
__version__ = "0.1.0"
