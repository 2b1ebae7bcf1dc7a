"""What a validation gives: its problems and the rows it read, as plain data (no frictionless or pint needed to read it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..problems import Problem


@dataclass(frozen=True)
class Record:
    """One data row: its row number (header = 1) and its typed values."""

    row: int
    values: dict[str, Any]


@dataclass
class ValidationResult:
    """Everything a validation run found, plus the rows it read (for :func:`nanoimaging.load`)."""

    data_dir: Path
    problems: list[Problem]
    records: dict[str, list[Record]]
    descriptor: dict[str, Any]

    @property
    def ok(self) -> bool:
        return not self.problems
