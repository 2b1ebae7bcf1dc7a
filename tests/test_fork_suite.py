"""The fork's own copy of the suite (tests/fork_suite.py) fails on a fork whose added row breaks one of its checks.

tests/site/test_fork.py shows it green on the fork the site tests build; this shows it red. The fork here
adds a Table 1 item that it says comes from the review: validation accepts it (a well-formed row of a
known source), the site shows it, and only the fork's copy of the fidelity tests finds it is not in the
review. The build's validation was handed on, as ``make book`` hands it, before the row was added: the
fork's suite must not take it for the validation of the new bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csv_edit import read_rows
from fork import _append
from fork_suite import passed, run_fork_suite, suite_env
from nanoimaging.data.validated import VALIDATED_ENV, read_validated, validate, write_validated
from sitekit.build import copy_project

pytestmark = pytest.mark.fork

MADE_UP = "A made-up approach that the review never printed"


def test_a_fork_whose_row_claims_the_review_fails_its_own_suite(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    handed = Path(suite_env(root)[VALIDATED_ENV])
    write_validated(validate(root / "data"), handed)  # what the fork's make book leaves before the edit
    approaches = root / "data" / "approaches.csv"
    header, *rows = read_rows(approaches)
    drug = [r for r in rows if r[header.index("modality_id")] == "ivm" and r[header.index("aspect")] == "drug"]
    assert drug, "no drug item of IVM in the data: the fault would not be where the test puts it"
    row = {"modality_id": "ivm", "aspect": "drug", "position": str(len(drug) + 1), "text": MADE_UP}
    _append(approaches, [{**row, "source": "deMaar2020", "section": "Table 1"}])
    assert validate(root / "data").ok, "validation caught the row: the fault would not need the fork's suite"
    assert read_validated(handed, root / "data") is None, "the handed validation was taken for the new bytes"

    result = run_fork_suite(root, ("tests/test_transcription.py",))
    assert not passed(result), result.stdout[-3000:]
    assert "test_every_item_is_in_the_extraction_in_cell_order" in result.stdout and MADE_UP in result.stdout
