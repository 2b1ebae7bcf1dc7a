"""A data change runs again only the notebooks that read it: each kernel records the files it read.

Behaviour on the small synthetic package (tests/fixtures/small-package/): notebooks
that read different tables, one that reads a CSV around ``load()``, and the record
that ``make book`` keeps of each (nanoimaging.data.reads, nanoimaging.site.runner).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from csv_edit import find_row, read_rows, set_cell, write_rows
from nanoimaging.data import reads
from nanoimaging.site import runner
from nanoimaging.site.inputs import Inputs, load_state, save_state
from small_package import copy_small_package

pytestmark = pytest.mark.build  # the build's record of what each notebook read; notebooks run in kernels

PACKAGE_FILES = {"data/datapackage.json", "references.bib", "review.txt"}


def _recorded(root: Path, code: str) -> reads.Record | None:
    """Run ``code`` in a fresh Python that records its reads below ``root``; what the log records."""
    log = root / "reads.log"
    start = f"from nanoimaging.data import reads; reads.start({str(log)!r}, {str(root)!r})\n"
    subprocess.run([sys.executable, "-c", start + code], cwd=root, check=True, capture_output=True, text=True)
    return reads.read_log(log)


def _in_a_process(root: Path, code: str) -> list[str] | None:
    """Run ``code`` in a fresh Python that records its reads below ``root``; the files it read."""
    found = _recorded(root, code)
    return None if found is None else sorted(Path(p).relative_to(root).as_posix() for p in found.files)


@pytest.fixture
def package(tmp_path: Path) -> Path:
    copy_small_package(tmp_path)
    return tmp_path


def test_a_table_records_the_files_it_was_built_from_and_load_its_package(package):
    code = "import nanoimaging\ndata = nanoimaging.load(data_dir='data')\nlen(data.studies)\n"
    assert _in_a_process(package, code) == sorted(
        PACKAGE_FILES | {"data/studies.csv", "data/modalities.csv", "data/families.csv"}
    )
    code = "import nanoimaging\ndata = nanoimaging.load(data_dir='data')\nlen(data.quotes)\n"
    assert _in_a_process(package, code) == sorted(PACKAGE_FILES | {"data/quotes.csv"})
    code = "import nanoimaging\nnanoimaging.load(data_dir='data')\n"
    assert _in_a_process(package, code) == sorted(PACKAGE_FILES)  # validation's own reads are not the notebook's


def test_a_part_of_a_table_is_recorded_as_that_part_not_as_the_table_s_file(package):
    from nanoimaging import load

    code = (
        "import nanoimaging\ndata = nanoimaging.load(data_dir='data')\n"
        "data.select('studies', columns=['study_id', 'finding'], modalities=['sono', 'micro'])\n"
        "data.select('studies', columns=['study_id', 'finding'], modalities=['micro', 'sono'])\n"  # the same part
    )
    found = _recorded(package, code)
    files = {Path(p).relative_to(package).as_posix() for p in found.files}
    assert files == PACKAGE_FILES | {"data/modalities.csv", "data/families.csv"}  # its order comes from them
    assert [(Path(p.file).name, p.spec) for p in found.parts] == [
        ("studies.csv", {"table": "studies", "columns": ["study_id", "finding"], "modalities": ["micro", "sono"]})
    ]
    data = load(package / "data")
    assert found.parts[0].digest == data.part_digest(found.parts[0].spec)  # handed out again: the same part
    shown = data.select("studies", columns=["study_id", "finding"], modalities=["sono", "micro"])
    assert list(shown["study_id"]) == ["s-4-micro", "s-4-micro-2", "s-3-sono", "s-7-sono"]  # the table's order


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"table": "nothing"}, "no table 'nothing'"),
        ({"table": "studies", "columns": ["study_id", "colour"]}, "no column 'colour'"),
        ({"table": "families", "modalities": ["micro"]}, "no modality_id"),
    ],
)
def test_a_part_that_cannot_be_handed_out_is_an_error_naming_what_is_missing(small, spec, message):
    with pytest.raises(ValueError, match=message):
        small.part_digest(spec)


def test_a_file_read_around_load_is_recorded_and_nothing_outside_the_root(package, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "notes.txt"
    outside.write_text("not the project's", encoding="utf-8")
    code = (
        "import csv, pandas\n"
        "pandas.read_csv('data/abbreviations.csv')\n"
        "list(csv.reader(open('data/scales.csv', encoding='utf-8')))\n"
        f"open({str(outside)!r}).read()\n"
    )
    assert _in_a_process(package, code) == ["data/abbreviations.csv", "data/scales.csv"]


def test_validating_by_hand_records_every_file_it_reads(package):
    found = _in_a_process(package, "import nanoimaging\nnanoimaging.validate('data')\n")
    assert {"data/studies.csv", "data/quotes.csv", "data/families.csv"} <= set(found)


def test_a_log_not_written_by_the_recorder_is_no_record(tmp_path):
    assert reads.read_log(tmp_path / "missing.log") is None
    (tmp_path / "other.log").write_text("/some/file\n", encoding="utf-8")
    assert reads.read_log(tmp_path / "other.log") is None


def _frames(data_dir: Path) -> tuple[dict, dict]:
    from nanoimaging import load

    data = load(data_dir)
    return {name: getattr(data, name) for name in data.sources}, data.sources


@pytest.mark.parametrize("resource", ["families", "modalities"])
def test_every_table_that_takes_a_files_order_lists_that_file(package, resource):
    """load() orders tables by families and modalities: a table that changes with their order must name them."""
    before, sources = _frames(package / "data")
    path = package / "data" / f"{resource}.csv"
    rows = read_rows(path)
    position = rows[0].index("position")
    if resource == "families":
        first, second = 1, 2
    else:  # two modalities of one family
        family = rows[0].index("family")
        first, second = next(
            (i, j) for i in range(1, len(rows)) for j in range(i + 1, len(rows)) if rows[i][family] == rows[j][family]
        )
    rows[first][position], rows[second][position] = rows[second][position], rows[first][position]
    write_rows(path, rows)
    after, _ = _frames(package / "data")
    changed = {name for name in before if not _same(before[name], after[name])}
    assert resource in changed  # the edit did change the order
    assert {name for name in changed if path not in sources[name]} == set()


def _same(a, b) -> bool:
    if not a.equals(b):
        return False
    return all(not hasattr(a[c], "cat") or list(a[c].cat.categories) == list(b[c].cat.categories) for c in a.columns)


# What make book does with the records: notebooks of a small project on the small package.

NOTEBOOKS = {
    "studies": "import nanoimaging\ndata = nanoimaging.load()\nprint(len(data.studies), 'studies')",
    "quotes": "import nanoimaging\ndata = nanoimaging.load()\nprint(len(data.quotes), 'quotes')",
    "around": "import pandas\nprint(len(pandas.read_csv('../data/abbreviations.csv')), 'abbreviations')",
}


def _add_notebooks(package: Path, codes: dict[str, str]) -> Path:
    """A notebooks/ folder in ``package`` with one notebook of one cell per name and code."""
    (package / "notebooks").mkdir()
    for name, code in codes.items():
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        nbformat.write(nb, package / "notebooks" / f"{name}.ipynb")
    return package


@pytest.fixture
def notebooks_project(package: Path) -> Path:
    return _add_notebooks(package, NOTEBOOKS)


def _stale(notebooks_project: Path) -> set[str]:
    return {p.stem for p in runner.stale_notebooks(runner.book_notebooks(notebooks_project), Inputs(notebooks_project))}


def _edit(notebooks_project: Path, resource: str, field: str, value: str, **row: str) -> None:
    path = notebooks_project / "data" / f"{resource}.csv"
    set_cell(path, find_row(path, **row), field, value)


def test_a_data_change_runs_again_only_the_notebooks_that_read_it(notebooks_project):
    notebooks = runner.book_notebooks(notebooks_project)
    assert _stale(notebooks_project) == set(NOTEBOOKS)  # never run: each counts as reading everything
    runs = runner.run_notebooks(notebooks, notebooks_project, jobs=2)
    runner.write_notebooks({nb: run.text for nb, run in runs.items()}, notebooks_project)
    runner.record(notebooks, notebooks_project, runs=runs)
    recorded = {Path(k).stem: set(v["reads"]) for k, v in load_state(notebooks_project)["notebooks"].items()}
    assert recorded["studies"] == PACKAGE_FILES | {"data/studies.csv", "data/modalities.csv", "data/families.csv"}
    assert recorded["quotes"] == PACKAGE_FILES | {"data/quotes.csv"}
    assert recorded["around"] == {"data/abbreviations.csv"}
    assert _stale(notebooks_project) == set()

    _edit(notebooks_project, "quotes", "section", "Abstract (edited)", id="q-abstract-no-single-modality")
    assert _stale(notebooks_project) == {"quotes"}
    runs = runner.run_notebooks(notebooks, notebooks_project, jobs=2)
    assert [nb.stem for nb in runs] == ["quotes"]  # only it ran
    runner.write_notebooks({nb: run.text for nb, run in runs.items()}, notebooks_project)
    runner.record(notebooks, notebooks_project, runs=runs)
    assert _stale(notebooks_project) == set()

    _edit(notebooks_project, "modalities", "name", "MIC-2", modality_id="micro")  # studies take their order from it
    assert _stale(notebooks_project) == {"studies"}
    _edit(notebooks_project, "abbreviations", "expansion", "micro imaging camera (edited)", abbreviation="MIC")
    assert _stale(notebooks_project) == {"studies", "around"}


# Notebooks handed parts of the studies: one family's rows (all columns), and the evidence (no finding).

PART_NOTEBOOKS = {
    "near-studies": "import nanoimaging\nfrom nanoimaging.figures import study_list\n"
    "print(study_list.studies_markdown(nanoimaging.load(), family='near'))",
    "far-studies": "import nanoimaging\nfrom nanoimaging.figures import study_list\n"
    "print(study_list.studies_markdown(nanoimaging.load(), family='far'))",
    "evidence": "import nanoimaging\nfrom nanoimaging.data import studies\n"
    "print(studies.study_matrix(nanoimaging.load()).to_string())",
}


@pytest.fixture
def part_project(package: Path) -> Path:
    _add_notebooks(package, PART_NOTEBOOKS)
    assert _run_stale(package) == sorted(PART_NOTEBOOKS)  # never run: all of them
    return package


def _run_stale(notebooks_project: Path) -> list[str]:
    """make book's notebook step: run the stale notebooks, write and record them; the names of those run."""
    notebooks = runner.book_notebooks(notebooks_project)
    inputs = Inputs(notebooks_project)
    runs = runner.run_notebooks(notebooks, notebooks_project, jobs=2, inputs=inputs)
    runner.write_notebooks({nb: run.text for nb, run in runs.items()}, notebooks_project)
    inputs.forget(*runs)
    runner.record(notebooks, notebooks_project, inputs, runs)
    return sorted(nb.stem for nb in runs)


def test_an_edited_finding_runs_again_only_the_chapter_that_shows_that_study(part_project):
    state = load_state(part_project)["notebooks"]
    assert "data/studies.csv" not in state["notebooks/near-studies.ipynb"]["reads"]  # a part instead
    assert [p["spec"]["modalities"] for p in state["notebooks/near-studies.ipynb"]["parts"]] == [
        ["micro", "nova", "slice"]
    ]
    assert _stale(part_project) == set()

    _edit(part_project, "studies", "finding", "Micro imaging tracked the drug as edited here", study_id="s-4-micro")
    assert _stale(part_project) == {"near-studies"}  # not the far family's, not the evidence (it shows no finding)
    assert _run_stale(part_project) == ["near-studies"]
    assert "as edited here" in (part_project / "notebooks" / "near-studies.ipynb").read_text(encoding="utf-8")
    assert _stale(part_project) == set()

    _edit(part_project, "studies", "scales", "tissue", study_id="s-3-sono")  # evidence, in the far family
    assert _stale(part_project) == {"far-studies", "evidence"}
    assert _run_stale(part_project) == ["evidence", "far-studies"]

    _edit(part_project, "studies", "modality_id", "micro", study_id="s-3-sono")  # moves to the near family
    assert _stale(part_project) == {"near-studies", "far-studies", "evidence"}


def test_an_unchanged_table_file_is_not_loaded_to_compare_its_parts(part_project):
    def refuse():
        raise AssertionError("the data was loaded although no table file changed")

    inputs = Inputs(part_project)
    parts = load_state(part_project)["notebooks"]["notebooks/near-studies.ipynb"]["parts"]
    assert runner.PartsNow(inputs, refuse)(parts) == parts
    _edit(part_project, "quotes", "section", "Abstract (edited)", id="q-abstract-no-single-modality")
    assert runner.PartsNow(Inputs(part_project), refuse)(parts) == parts
    _edit(part_project, "studies", "finding", "Another finding (edited).", study_id="s-1-body-scan")
    loaded = []
    now = runner.PartsNow(Inputs(part_project), lambda: loaded.append(1) or runner._load_data(part_project))(parts)
    assert loaded == [1] and now == parts  # loaded once, and the near family's rows are as they were


def test_a_part_that_the_data_no_longer_hands_out_makes_its_notebook_stale(part_project):
    state = load_state(part_project)
    state["notebooks"]["notebooks/evidence.ipynb"]["parts"][0]["spec"]["columns"].append("colour")
    save_state(state, part_project)
    _edit(part_project, "studies", "finding", "Edited.", study_id="s-1-body-scan")
    assert "evidence" in _stale(part_project)


def test_a_notebook_without_a_record_counts_as_reading_all_data(notebooks_project):
    notebooks = runner.book_notebooks(notebooks_project)
    runner.record(notebooks, notebooks_project)  # as if run without recording, as before records existed
    assert _stale(notebooks_project) == set()
    _edit(notebooks_project, "quotes", "section", "Abstract (edited)", id="q-abstract-no-single-modality")
    assert _stale(notebooks_project) == set(NOTEBOOKS)


def test_a_record_in_an_older_form_is_no_record(notebooks_project):
    notebooks = runner.book_notebooks(notebooks_project)
    runner.record(notebooks, notebooks_project)
    state = load_state(notebooks_project)
    state["notebooks"] = {name: entry["key"] for name, entry in state["notebooks"].items()}  # the form before
    save_state(state, notebooks_project)
    assert _stale(notebooks_project) == set(NOTEBOOKS)


def test_a_change_to_the_descriptor_runs_every_notebook_again(notebooks_project):
    notebooks = runner.book_notebooks(notebooks_project)
    state_reads = {"studies": ["data/studies.csv"], "quotes": ["data/quotes.csv"], "around": []}
    runner.record(notebooks, notebooks_project)
    state = load_state(notebooks_project)
    for name, entry in state["notebooks"].items():
        entry["reads"] = state_reads[Path(name).stem]
    save_state(state, notebooks_project)
    runner.record(notebooks, notebooks_project)  # keys again, from these reads
    assert _stale(notebooks_project) == set()
    descriptor = notebooks_project / "data" / "datapackage.json"
    descriptor.write_text(json.dumps(json.loads(descriptor.read_text(encoding="utf-8")), indent=1), encoding="utf-8")
    assert _stale(notebooks_project) == set(NOTEBOOKS)
