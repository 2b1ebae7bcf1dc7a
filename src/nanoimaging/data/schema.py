"""Check the data against its Table Schemas with the frictionless library.

Frictionless decides what is wrong; this module rewrites its messages into
:class:`~nanoimaging.problems.Problem` objects that name the file, the row, the field and
what to do. Whole-file problems are found first (:mod:`~nanoimaging.data.csv_files`).
Blank rows are ignored, and the rows after them keep the numbers a spreadsheet shows.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import frictionless

from ..paths import display_path
from ..problems import Problem
from .csv_files import header_problem, not_utf8, unclosed_quote
from .result import Record

#: Errors about the shape of a row: when a row has one, its cell errors are noise.
_ROW_SHAPE_ERRORS = {"extra-cell", "missing-cell"}
#: Where frictionless says which row a duplicate key repeats.
_FIRST_ROW = re.compile(r"the same as in the row at position (\d+)")


@dataclass
class SchemaResult:
    problems: list[Problem]
    records: dict[str, list[Record]]  # resource name -> rows that passed the schema
    descriptor: dict[str, Any]
    #: the problems that say a row repeats the key of an earlier row (also in ``problems``)
    duplicates: list[Problem] = dataclasses.field(default_factory=list)
    #: resource name -> the rows whose one problem is that they repeat an earlier row's key
    doubled: dict[str, list[Record]] = dataclasses.field(default_factory=dict)


class _KeepRows(frictionless.Check):
    """A check that finds nothing: it keeps the rows validation reads, resource by resource, so that
    the records are taken from them instead of from a second reading of every file (and of the files
    its foreign keys point to), which would take as long again."""

    type = "nanoimaging-keep-rows"

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[str, list[frictionless.Row]] = {}
        self._whole: set[str] = set()  # resources whose every row validation read

    def connect(self, resource: frictionless.Resource) -> None:
        super().connect(resource)
        self._rows[resource.name] = []

    def validate_row(self, row: frictionless.Row):
        self._rows[self.resource.name].append(row)
        return ()

    def validate_end(self):
        self._whole.add(self.resource.name)  # not reached when validation stopped at its error limit
        return ()

    def rows(self, resource: frictionless.Resource, errors: list) -> list[frictionless.Row]:
        """The rows of ``resource``: those kept, when validation read them all and nothing but rows and
        header were wrong; else read again (raises as reading does)."""
        row_or_header = (frictionless.errors.RowError, frictionless.errors.HeaderError)
        if resource.name in self._whole and all(isinstance(e, row_or_header) for e in errors):
            return self._rows[resource.name]
        return resource.read_rows()


def _failed_constraint(field: dict[str, Any], cell: Any) -> str | None:
    """Which constraint of ``field`` (its Table Schema descriptor) the raw ``cell`` breaks.

    Read from the schema, not from frictionless' message text: required, enum,
    pattern, minimum, maximum, in the order a student would fix them.
    """
    constraints = field.get("constraints", {})
    text = "" if cell is None else str(cell)
    if constraints.get("required") and not text.strip():
        return "required"
    if "enum" in constraints and text not in [str(v) for v in constraints["enum"]]:
        return "enum"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], text):
        return "pattern"
    for bound, breaks in (("minimum", lambda x, b: x < b), ("maximum", lambda x, b: x > b)):
        if bound in constraints:
            try:
                if breaks(float(text), float(constraints[bound])):
                    return bound
            except ValueError:
                continue
    return None


def _explain(
    error: frictionless.errors.Error, fields: dict[str, dict], header: list[str], lookup=None
) -> tuple[str | None, str, Any]:
    """(field, message, got) for one frictionless error, in a student's terms."""
    note = getattr(error, "note", "") or ""
    field = getattr(error, "field_name", None) or None
    cell = getattr(error, "cell", None)
    kind = error.type
    if kind == "type-error":
        wanted = fields.get(field, {}).get("type", "a value of another type")
        words = {"integer": "a whole number", "number": "a number (use a dot for decimals, no unit)"}
        return field, f"expected {words.get(wanted, wanted)}", cell
    if kind == "constraint-error":
        descriptor = fields.get(field, {})
        constraints = descriptor.get("constraints", {})
        failed = _failed_constraint(descriptor, cell)
        if failed == "required":
            return field, "required value is missing", cell
        if failed == "enum":
            return field, f"not one of the allowed values: {', '.join(str(v) for v in constraints['enum'])}", cell
        if failed == "pattern":
            return field, f"does not match the pattern {constraints['pattern']}", cell
        if failed in ("minimum", "maximum"):
            return field, f"must be at {'least' if failed == 'minimum' else 'most'} {constraints[failed]}", cell
        return field, note, cell
    if kind == "extra-cell":
        # the stray comma is most likely in a free-text column: a string with no enum, pattern or key
        free = [
            name
            for name, f in fields.items()
            if name != "__primary_key__"
            and f.get("type") == "string"
            and not {"enum", "pattern"} & set(f.get("constraints", {}))
            and not name.endswith("_id")
        ]
        return (
            free[0] if free else header[-1],
            f"this row has more cells than the {len(header)} columns of the header: a stray comma? "
            "Put text that contains a comma in double quotes",
            cell,
        )
    if kind == "missing-cell":
        return field, f"this row has fewer cells than the {len(header)} columns of the header: a missing comma?", None
    if kind == "primary-key":
        key = _pk(fields)
        cells = list(getattr(error, "cells", []) or [])
        values = [cells[header.index(k)] for k in key if header.index(k) < len(cells)]
        first = _FIRST_ROW.search(note)
        earlier = f"row {first[1]}" if first else "an earlier row"
        return (
            ", ".join(key),
            f"duplicate key: {earlier} has the same {' and '.join(key)}; each row needs its own "
            "(delete this row if it is a copy)",
            ",".join(values),
        )
    if kind == "foreign-key":
        names = list(getattr(error, "field_names", []) or [])
        cells = list(getattr(error, "field_cells", []) or [])
        target = getattr(error, "reference_name", "") or "another resource"
        target_fields = list(getattr(error, "reference_field_names", []) or names)
        if names:
            known = lookup(target, target_fields) if lookup else []
            value = ", ".join(cells)
            close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
            listed = f"; it has {', '.join(known[:12])}{' ...' if len(known) > 12 else ''}" if known else ""
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            return names[0], f"unknown value: not a {', '.join(target_fields)} of {target}{listed}{hint}", value
        return None, note, None
    if kind in {"duplicate-label", "incorrect-label", "missing-label", "extra-label", "blank-label"}:
        label = getattr(error, "label", None)
        expected = ", ".join(header)
        return label, f"header is wrong ({error.title.lower()}); expected the columns: {expected}", label
    return field, error.message, cell


def _pk(fields: dict[str, dict]) -> list[str]:
    return list(fields.get("__primary_key__", []))


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def check_schema(descriptor_path: Path) -> SchemaResult:
    """Validate the data package at ``descriptor_path`` and read its rows.

    Never raises for bad data: everything wrong comes back as problems.
    """
    descriptor_path = Path(descriptor_path)
    shown = display_path(descriptor_path)
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return SchemaResult([Problem(shown, None, None, "no data package here (datapackage.json is missing)")], {}, {})
    except json.JSONDecodeError as exc:
        return SchemaResult([Problem(shown, exc.lineno, None, f"not valid JSON: {exc.msg}")], {}, {})

    try:
        package = frictionless.Package(str(descriptor_path))
    except frictionless.FrictionlessException as exc:
        return SchemaResult(
            [Problem(shown, None, None, f"not a valid data package: {exc.error.message}")], {}, descriptor
        )
    base = descriptor_path.parent
    # A file that is not UTF-8, or whose header is not the schema's columns (another CSV
    # dialect, a misspelt or missing column), is said to be so once; what frictionless would
    # find in it, or through it in the files that refer to it, would only repeat that. The
    # other files are checked in full, only not against it.
    problems: list[Problem] = []
    unreadable: set[str] = set()
    for res in descriptor.get("resources", []):
        file = base / res.get("path", "")
        wrong = not_utf8(file, display_path(file)) or header_problem(file, res)
        if wrong:
            problems.append(wrong)
            unreadable.add(res.get("name", ""))
    for resource in package.resources:
        keys_out = [fk for fk in resource.schema.foreign_keys if fk["reference"]["resource"] in unreadable]
        if keys_out:
            resource.schema.foreign_keys = [fk for fk in resource.schema.foreign_keys if fk not in keys_out]
    kept = _KeepRows()
    report = package.validate(frictionless.Checklist(checks=[kept]))
    problems[:0] = [Problem(shown, None, None, f"not a valid data package: {e.message}") for e in report.errors]
    duplicates: list[Problem] = []
    keys: dict[tuple[str, tuple[str, ...]], list[str]] = {}

    def lookup(name: str, key_fields: list[str]) -> list[str]:
        """The values a foreign key may take: the key column(s) of the resource it refers to."""
        wanted = (name, tuple(key_fields))
        if wanted not in keys:
            try:
                rows = package.get_resource(name).read_rows()
                keys[wanted] = [", ".join(str(r[f]) for f in key_fields) for r in rows if r.valid]
            except (frictionless.FrictionlessException, KeyError):
                keys[wanted] = []
        return keys[wanted]

    for task, resource in zip(report.tasks, package.resources, strict=True):
        path = display_path(base / resource.path)
        if resource.name in unreadable:
            continue
        fields = {f.name: f.to_descriptor() for f in resource.schema.fields}
        fields["__primary_key__"] = resource.schema.primary_key  # type: ignore[assignment]
        header = resource.schema.field_names
        shape_rows = {e.row_number for e in task.errors if e.type in _ROW_SHAPE_ERRORS}
        blank_rows = {e.row_number for e in task.errors if e.type == "blank-row"}
        flagged: set[tuple[int | None, str | None]] = set()
        shape_reported: set[int | None] = set()
        unclosed = unclosed_quote(base / resource.path, path)
        unclosed_at = unclosed.row if unclosed else None
        if unclosed:
            problems.append(unclosed)
        for error in task.errors:
            row = getattr(error, "row_number", None)
            if error.type in {
                "scheme-error",
                "source-error",
                "format-error",
                "encoding-error",
                "hash-count",
                "byte-count",
            }:
                problems.append(Problem(path, None, None, _file_message(error, base / resource.path)))
                continue
            if row in blank_rows:
                continue  # a spreadsheet's empty row (an empty line or commas only) holds nothing: ignored
            if row in shape_rows and error.type not in _ROW_SHAPE_ERRORS:
                continue
            if row is not None and unclosed_at is not None and row >= unclosed_at:
                continue  # after an unclosed quote the rows are garbage; the quote is the problem
            if error.type in _ROW_SHAPE_ERRORS and row in shape_reported:
                continue  # one shape message per row is enough
            if error.type in _ROW_SHAPE_ERRORS:
                shape_reported.add(row)
            name, message, got = _explain(error, fields, header, lookup)
            if error.type == "foreign-key" and (row, name) in flagged:
                continue  # already reported as a bad value of that field
            if error.type == "primary-key" and not _FIRST_ROW.search(error.note or ""):
                continue  # the key's cells are empty: each is required, and reported as missing
            if error.type in {"duplicate-label", "incorrect-label", "missing-label", "extra-label", "blank-label"}:
                row = 1
            flagged.add((row, name))
            problem = Problem(path, row, name, message) if got is None else Problem(path, row, name, message, got)
            problems.append(problem)
            if error.type == "primary-key" and _FIRST_ROW.search(error.note or ""):
                duplicates.append(problem)

    records: dict[str, list[Record]] = {}
    doubled: dict[str, list[Record]] = {}
    bad_rows = {(p.path, p.row) for p in problems}
    only_doubled = {(p.path, p.row) for p in duplicates} - {(p.path, p.row) for p in problems if p not in duplicates}
    for task, resource in zip(report.tasks, package.resources, strict=True):
        path = display_path(base / resource.path)
        if (path, None) in bad_rows or resource.name in unreadable:
            continue
        try:
            rows = kept.rows(resource, task.errors)
        except frictionless.FrictionlessException:
            continue
        records[resource.name] = [_record(r) for r in rows if r.valid and (path, r.row_number) not in bad_rows]
        again = [_record(r) for r in rows if (path, r.row_number) in only_doubled]
        if again:
            doubled[resource.name] = again
    return SchemaResult(problems, records, descriptor, duplicates, doubled)


def _record(row: frictionless.Row) -> Record:
    return Record(row.row_number, {k: _plain(v) for k, v in row.to_dict().items()})


def _file_message(error: Any, file: Path) -> str:
    note = getattr(error, "note", "") or error.message
    if not file.is_file():
        return "file is missing"
    if error.type == "encoding-error":
        return f"cannot be read as UTF-8 text: save it as UTF-8 ({note})"
    return note
