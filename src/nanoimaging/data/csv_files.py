"""What is wrong with a CSV file as a whole, found before frictionless reads its rows.

A file that is not UTF-8, a header with another delimiter or other columns, a double quote
never closed: each is said once, at the row a spreadsheet shows, instead of as many cell errors.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> (folder / "a.csv").write_bytes("id,text\\nx,caf\\u00e9\\n".encode("cp1252"))
15
>>> print(not_utf8(folder / "a.csv", "a.csv"))
a.csv:2: this file is not UTF-8 (byte 0xe9, which Windows-1252 reads as 'é'); save it as "CSV UTF-8"
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ..paths import display_path
from ..problems import Problem


def not_utf8(file: Path, shown: str) -> Problem | None:
    """The row (line) of the first byte that is not UTF-8, saying what it is; None for a UTF-8 file.

    No cell of this data package holds a line break, so the line is the row a spreadsheet shows.
    """
    try:
        data = file.read_bytes()
    except OSError:
        return None  # a missing file is reported by frictionless
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = data[exc.start : exc.start + 1]
        try:
            windows = f", which Windows-1252 reads as {byte.decode('cp1252')!r}"
        except UnicodeDecodeError:
            windows = ""
        row = data.count(b"\n", 0, exc.start) + 1
        return Problem(
            shown, row, None, f'this file is not UTF-8 (byte 0x{byte.hex()}{windows}); save it as "CSV UTF-8"'
        )
    return None


#: Delimiters a spreadsheet or another tool may have used instead of the declared one.
_OTHER_DELIMITERS = (",", ";", "\t", "|")


def header_problem(file: Path, resource: dict[str, Any]) -> Problem | None:
    """One problem for a file whose header is not the schema's columns; None when it is.

    It names another delimiter when the header uses one (a spreadsheet in a decimal-comma locale
    writes semicolons), else the missing and unexpected columns. The file's rows are not checked further.
    """
    dialect = resource.get("dialect") or {}
    expected = dialect.get("delimiter", ",")
    quote = dialect.get("quoteChar", '"')
    names = [f.get("name") for f in resource.get("schema", {}).get("fields", [])]
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError, LookupError):
        return None  # a missing or undecodable file is reported by frictionless
    if not first:
        return None

    def cells(delimiter: str) -> list[str]:
        return next(csv.reader([first], delimiter=delimiter, quotechar=quote), [])

    declared = cells(expected)
    if declared == names:
        return None
    shown = display_path(file)
    for other in _OTHER_DELIMITERS:
        found = cells(other)
        if other != expected and (found == names or (len(found) > 1 and len(declared) == 1)):
            return Problem(
                shown,
                1,
                None,
                f"separated by {other!r}, expected {expected!r} (datapackage.json states the dialect): "
                f"save it as CSV with {expected!r} between the columns, UTF-8 encoded",
            )
    missing = [n for n in names if n not in declared]
    unexpected = [c for c in declared if c not in names]
    parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
        [f"unexpected {', '.join(unexpected)}"] if unexpected else []
    )
    if not parts:
        parts = ["the columns are in another order"]
    return Problem(
        shown,
        1,
        unexpected[0] if unexpected else (missing[0] if missing else None),
        f"header is wrong ({'; '.join(parts)}); expected the columns: {', '.join(names)}",
    )


def unclosed_quote(file: Path, shown: str) -> Problem | None:
    """The problem of a double quote opened and never closed (it swallows the following lines into one cell); None if none."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None  # reported by frictionless as a file problem
    line = 1
    for record in csv.reader(io.StringIO(text, newline="")):
        spans = sum(cell.count("\n") for cell in record)
        if spans:
            for cell in record:
                if "\n" in cell:
                    column = record.index(cell)
                    break
            first = text.splitlines()[line - 1] if line - 1 < len(text.splitlines()) else ""
            header = next(csv.reader(io.StringIO(text.splitlines()[0])), [])
            name = header[column] if column < len(header) else None
            return Problem(
                shown,
                line,
                name,
                f"a double quote opened on this row is never closed: the cell runs over {spans + 1} lines",
                first,
            )
        line += 1
    return None
