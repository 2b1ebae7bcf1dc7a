"""Validate the data package: the schema through frictionless, then the domain rules.

>>> result = validate()
>>> result.ok, len(result.problems)
(True, 0)
"""

from __future__ import annotations

from pathlib import Path

from ..paths import default_data_dir, display_path
from ..problems import Problem
from ..refs.bibtex import read_references
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
    rejected = {p.path for p in schema.problems}
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
    context = RuleContext(
        records=schema.records,
        paths=paths,
        incomplete=frozenset(name for name, path in paths.items() if path in rejected),
        references=references,
        review_text=review_text,
    )
    for rule in RULES:
        problems.extend(rule(context))
    return ValidationResult(data_dir, _in_file_order(problems), schema.records, schema.descriptor)


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.path, p.row or 0))  # stable: a row's problems keep their order
