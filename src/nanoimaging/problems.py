"""The one shape every data problem takes: ``path:row: field: what is wrong (got X)``.

Also the errors every layer raises for them: :class:`DataValidationError` (the data
breaks its contract) and :class:`UnknownValueError` (a family, modality or other
value that the data package does not have was asked for).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_NOTHING = object()


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place of the data.

    ``row`` counts as a spreadsheet does (the header is row 1, the first data
    row is row 2); it is None for a problem with a whole file.

    >>> str(Problem("data/modalities.csv", 4, "family", "not an allowed value", "opitcal"))
    "data/modalities.csv:4: family: not an allowed value (got 'opitcal')"
    """

    path: str
    row: int | None
    field: str | None
    message: str
    got: Any = _NOTHING

    def __str__(self) -> str:
        where = self.path if self.row is None else f"{self.path}:{self.row}"
        what = self.message if self.field is None else f"{self.field}: {self.message}"
        if self.got is _NOTHING:
            return f"{where}: {what}"
        return f"{where}: {what} (got {self.got!r})"


class DataValidationError(ValueError):
    """Raised by :func:`nanoimaging.load` when the data breaks its contract.

    ``problems`` holds every problem found, not just the first.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data package:\n{lines}")


class UnknownValueError(ValueError):
    """A value the data package does not have, such as a family or modality id, was asked for; ``what``, ``value`` and ``allowed`` say which.

    >>> str(UnknownValueError("family", "opitcal", ["optical", "mass-spectrometry"]))
    "unknown family 'opitcal': the data package has optical, mass-spectrometry"
    """

    def __init__(self, what: str, value: Any, allowed: list[str]):
        self.what, self.value, self.allowed = what, value, list(allowed)
        super().__init__(f"unknown {what} {value!r}: the data package has {', '.join(map(str, self.allowed))}")
