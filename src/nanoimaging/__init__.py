"""nanoimaging: the data of de Maar et al. 2020 (Theranostics) as validated tables and charts.

The library comes in layers; each imports only those below it:

- :mod:`nanoimaging.refs`: references.bib and Crossref;
- :mod:`nanoimaging.data`: the data package, validated and loaded (:func:`load`);
- :mod:`nanoimaging.figures`: Table 1, charts and matrices built from a loaded dataset;
- :mod:`nanoimaging.choose`: the chooser (:func:`choose`, :func:`cover`).

Above them, :mod:`nanoimaging.site` builds the website and :mod:`nanoimaging.cli`
is the command line; no library layer imports either.
"""

from . import data, refs
from .choose import choose, cover
from .data import Dataset, ValidationResult, load
from .problems import DataValidationError, Problem, UnknownValueError

__all__ = [
    "Dataset",
    "DataValidationError",
    "Problem",
    "UnknownValueError",
    "ValidationResult",
    "choose",
    "cover",
    "data",
    "load",
    "refs",
    "validate",
]


def __getattr__(name: str):
    if name == "validate":
        from .data.validation import validate

        return validate
    if name == "__version__":  # the installed distribution's, which `make release` keeps equal to CITATION.cff
        from importlib import metadata

        try:
            version = metadata.version("nanoimaging")
        except metadata.PackageNotFoundError:  # a source tree that is not installed
            version = "unknown"
        globals()["__version__"] = version
        return version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
