"""nanoimaging: the data of de Maar et al. 2020 (Theranostics) as validated tables and charts.

The library comes in layers; each imports only those below it:

- :mod:`nanoimaging.refs`: references.bib and Crossref;
- :mod:`nanoimaging.data`: the data package, validated and loaded (:func:`load`);
- :mod:`nanoimaging.figures`: Table 1, charts and matrices built from a loaded dataset;
- :mod:`nanoimaging.choose`: the chooser (:func:`choose`, :func:`cover`).

Above them, :mod:`nanoimaging.site` builds the website and :mod:`nanoimaging.cli`
is the command line; no library layer imports either.

The public names are imported on first use (:mod:`nanoimaging.lazy`): ``import
nanoimaging`` takes milliseconds, and ``nanoimaging.load()`` brings in pandas.
"""

import importlib
from typing import TYPE_CHECKING

from .lazy import lazy_names
from .problems import DataValidationError, Problem, UnknownValueError

if TYPE_CHECKING:  # what the names are, for readers and type checkers
    from .choose import choose, cover
    from .data import Dataset, ValidationResult, load, validate

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

#: Subpackages reachable as attributes after a bare ``import nanoimaging``, as when it imported them.
_SUBPACKAGES = {"data", "refs"}


def __getattr__(name: str):
    if name == "__version__":  # the installed distribution's, which `make release` keeps equal to CITATION.cff
        from importlib import metadata

        try:
            version = metadata.version("nanoimaging")
        except metadata.PackageNotFoundError:  # a source tree that is not installed
            version = "unknown"
        globals()["__version__"] = version
        return version
    if name in _SUBPACKAGES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


lazy_names(
    __name__,
    {
        "choose": ".choose",
        "cover": ".choose",
        "Dataset": ".data",
        "ValidationResult": ".data",
        "load": ".data",
        "validate": ".data",
    },
)
