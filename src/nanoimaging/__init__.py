"""nanoimaging: the data of de Maar et al. 2020 (Theranostics) as validated tables and charts.

The library comes in layers; each imports only those below it:

- :mod:`nanoimaging.refs`: references.bib and Crossref;
- :mod:`nanoimaging.data`: the data package, validated and loaded (:func:`load`);
- :mod:`nanoimaging.figures`: Table 1, charts and matrices built from a loaded dataset;
- :mod:`nanoimaging.choose`: the chooser (:func:`choose`, :func:`cover`).

Above them, :mod:`nanoimaging.site` builds the website and :mod:`nanoimaging.cli`
is the command line; no library layer imports either.
"""

from importlib import metadata as _metadata

from .choose import choose, cover
from .data import Dataset, ValidationResult, load, validate
from .problems import DataValidationError, Problem, UnknownValueError

__all__ = [
    "Dataset",
    "DataValidationError",
    "Problem",
    "UnknownValueError",
    "ValidationResult",
    "choose",
    "cover",
    "load",
    "validate",
]
try:  # the installed distribution's version, which `make release` keeps equal to CITATION.cff
    __version__ = _metadata.version("nanoimaging")
except _metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "unknown"
