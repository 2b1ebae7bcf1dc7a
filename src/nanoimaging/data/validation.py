"""Validate the data package: the schema through frictionless, then the domain rules.

Problems are listed file by file, row by row, with reused keys first (they often cause what
follows); problems that only follow from a repeated row are not reported.

>>> result = validate()
>>> result.ok, len(result.problems)
(True, 0)
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..paths import default_data_dir, display_path
from ..problems import Problem
from ..refs.bibtex import read_references
from .origins import LivingRecord, SourceTexts
from .result import ValidationResult
from .review_text import ReviewText
from .rules import RULES, RuleContext
from .schema import check_schema


def validate(data_dir: str | Path | None = None) -> ValidationResult:
    """Check ``data_dir`` (default: the project's ``data/``) and report every problem found.

    Reads only; never writes a file.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    schema = check_schema(data_dir / "datapackage.json")
    paths = {
        r.get("name"): display_path(data_dir / r.get("path", f"{r.get('name')}.csv"))
        for r in schema.descriptor.get("resources", [])
    }
    rejected = {p.path for p in schema.problems if p not in schema.duplicates}  # a repeated row leaves the first
    references = None
    problems = list(schema.problems)
    if schema.descriptor.get("references"):
        references = read_references(data_dir / schema.descriptor["references"])
        problems.extend(references.problems)
    review_text = None
    if schema.descriptor.get("reviewText"):
        text_path = data_dir / schema.descriptor["reviewText"]
        if text_path.is_file():
            review_text = ReviewText.from_file(text_path)
        else:
            problems.append(
                Problem(
                    display_path(data_dir / "datapackage.json"),
                    None,
                    "reviewText",
                    f"the review's text is missing: {display_path(text_path)}",
                )
            )
    source_texts = living = None
    if isinstance(schema.descriptor.get("sourceTexts"), str):
        source_texts = SourceTexts.read(data_dir / schema.descriptor["sourceTexts"])
        paths["sourceTexts"] = display_path(source_texts.manifest)
    if isinstance(schema.descriptor.get("living"), str):
        living = LivingRecord.read(data_dir / schema.descriptor["living"])
    context = RuleContext(
        records=schema.records,
        paths=paths,
        source_texts=source_texts,
        living=living,
        incomplete=frozenset(name for name, path in paths.items() if path in rejected),
        references=references,
        review_text=review_text,
    )
    found = _run_rules(context)
    if schema.doubled:
        # The rules again with the repeated rows in: what they say only without those rows
        # follows from the repetition (a family whose one modality is the repeated row, ...).
        both = {
            name: sorted(rows + schema.doubled.get(name, []), key=lambda r: r.row)
            for name, rows in schema.records.items()
        }
        also = set(_run_rules(replace(context, records=both)))
        found = [p for p in found if p in also]
    problems.extend(found)
    return ValidationResult(
        data_dir, _in_file_order(problems, first=schema.duplicates), schema.records, schema.descriptor
    )


def _run_rules(context: RuleContext) -> list[Problem]:
    return [problem for rule in RULES for problem in rule(context)]


def _in_file_order(problems: list[Problem], first: list[Problem]) -> list[Problem]:
    """Each problem once, ``first`` before the others, then by file and row (a row's problems keep their order)."""
    unique = list(dict.fromkeys(problems))
    leading = set(first)
    return sorted(unique, key=lambda p: (p not in leading, p.path, p.row or 0))
