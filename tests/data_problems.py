"""What validate() says about an edited copy of a data package, for the bad-input tests: its one problem,
and where a problem must point (``file:row: field:``)."""

from __future__ import annotations

from pathlib import Path

from nanoimaging import validate
from nanoimaging.paths import display_path


def only_problem(data_dir: Path) -> str:
    """The one problem validate() finds in ``data_dir`` (fails, listing them, when there are more or none)."""
    problems = validate(data_dir).problems
    assert len(problems) == 1, "\n".join(map(str, problems))
    return str(problems[0])


def where(data_dir: Path, file: str, row: int | None = None, field: str | None = None) -> str:
    """How a problem names its place: the file, then ``:row`` and ``: field:`` when it has them."""
    path = display_path(data_dir / file)
    place = path if row is None else f"{path}:{row}"
    return place if field is None else f"{place}: {field}:"
