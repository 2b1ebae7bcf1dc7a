"""What a domain rule sees: the rows that passed the schema check, and where they came from."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ...problems import Problem
from ...refs.bibtex import REVIEW_KEY, References
from ..origins import LivingRecord, SourceTexts
from ..result import Record
from ..review_text import ReviewText


@dataclass(frozen=True)
class RuleContext:
    """What a rule sees: the rows that passed the schema, and where they came from."""

    records: dict[str, list[Record]]
    paths: dict[str, str]  # resource name -> path as shown in messages
    incomplete: frozenset[str]  # resources with rows the schema check rejected
    references: References | None = None  # references.bib, where the package names one
    review_text: ReviewText | None = None  # the review's text, where the package names it (reviewText)
    source_texts: SourceTexts | None = None  # stored texts added rows may quote, where the package names them
    living: LivingRecord | None = None  # the living search's candidates and decisions, where the package names it

    def rows(self, resource: str) -> list[Record]:
        return self.records.get(resource, [])

    def path_of(self, resource: str) -> str:
        return self.paths.get(resource, f"{resource}.csv")

    @staticmethod
    def from_review(record: Record) -> bool:
        """Whether a row comes from the review (its source is the review's key)."""
        return record.values.get("source") == REVIEW_KEY

    def complete(self, *resources: str) -> bool:
        """True when every row of these resources passed the schema (whole-table rules need it)."""
        return not any(r in self.incomplete or r not in self.records for r in resources)


Rule = Callable[[RuleContext], Iterable[Problem]]
