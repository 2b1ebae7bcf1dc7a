"""make book: checks first, only stale notebooks run, a data change reaches the page, a failure changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from csv_edit import find_row, set_cell
from nanoimaging.paths import REPO_ROOT
from nanoimaging.site import runner
from nanoimaging.site.book import build_book
from nanoimaging.site.inputs import Inputs

pytestmark = pytest.mark.build  # each test runs make book's steps on a copy of the project


@pytest.fixture
def one_chapter_project(tmp_path: Path) -> Path:
    """A copy of the project whose book has one chapter, Table 1, with its own data."""
    for name in ("data", "notebooks", "book", "_static", "_templates"):
        shutil.copytree(REPO_ROOT / name, tmp_path / name)
    for name in ("_config.yml", "references.bib", "requirements.txt", "LICENSE", "CITATION.cff"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: notebooks/table1\nparts:\n  - caption: Modality families\n    chapters:\n"
        + "".join(f"      - file: notebooks/{f}\n" for f in ("non-invasive-clinical", "optical", "mass-spectrometry")),
        encoding="utf-8",
    )
    return tmp_path


def test_bad_data_stops_the_build_with_every_message(one_chapter_project, capsys):
    set_cell(one_chapter_project / "data" / "modalities.csv", 3, "family", "opitcal")
    notebook = one_chapter_project / "notebooks" / "table1.ipynb"
    before = notebook.read_bytes()
    result = build_book(one_chapter_project)
    assert not result.ok and "stopped at the checks" in result.message
    assert "modalities.csv:3: family: unknown value: not a family of families" in capsys.readouterr().err
    assert notebook.read_bytes() == before and not (one_chapter_project / "_build" / "html").exists()


def test_checks_are_repeated_only_when_an_input_changed(one_chapter_project, capsys):
    assert runner.run_checks(one_chapter_project) == 0
    assert "data package OK" in capsys.readouterr().out
    runner.record(runner.book_notebooks(one_chapter_project), one_chapter_project)
    assert runner.run_checks(one_chapter_project) == 0
    assert "not checked again" in capsys.readouterr().out
    set_cell(one_chapter_project / "data" / "modalities.csv", 3, "family", "opitcal")
    assert runner.run_checks(one_chapter_project) == 1


def test_changing_data_makes_stale_every_notebook_that_declares_it(one_chapter_project):
    notebooks = runner.book_notebooks(one_chapter_project)
    assert runner.stale_notebooks(notebooks, Inputs(one_chapter_project)) == notebooks  # nothing run yet
    runner.record(notebooks, one_chapter_project)  # as if all had just been executed
    assert runner.stale_notebooks(notebooks, Inputs(one_chapter_project)) == []
    set_cell(one_chapter_project / "data" / "modalities.csv", 5, "depth_label", "~ 31 cm")
    readers = [nb for nb in notebooks if "data/modalities.csv" in runner.declared_reads(nb)]
    assert 0 < len(readers) < len(notebooks)  # the data dictionary and the references' status read no table
    assert runner.stale_notebooks(notebooks, Inputs(one_chapter_project)) == readers


def test_changing_code_makes_only_that_notebook_stale(one_chapter_project):
    notebooks = runner.book_notebooks(one_chapter_project)
    runner.record(notebooks, one_chapter_project)
    target = one_chapter_project / "notebooks" / "table1.ipynb"
    target.write_text(
        target.read_text(encoding="utf-8").replace('"import nanoimaging', '"import nanoimaging ', 1), encoding="utf-8"
    )
    assert runner.stale_notebooks(notebooks, Inputs(one_chapter_project)) == [target]


def test_cleared_outputs_make_a_notebook_stale(one_chapter_project):
    notebooks = runner.book_notebooks(one_chapter_project)
    runner.record(notebooks, one_chapter_project)
    target = one_chapter_project / "notebooks" / "scales-aspects.ipynb"
    nb = nbformat.read(target, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, target)
    assert runner.stale_notebooks(notebooks, Inputs(one_chapter_project)) == [target]


def _page(one_chapter_project: Path) -> str:
    return (one_chapter_project / "_build" / "html" / "notebooks" / "table1.html").read_text(encoding="utf-8")


def test_a_changed_csv_value_reaches_the_built_page_and_a_failure_changes_nothing(one_chapter_project):
    others = [p for p in runner.book_notebooks(one_chapter_project) if p.name != "table1.ipynb"]
    runner.record(others, one_chapter_project)  # only the Table 1 chapter runs: the page this test reads
    assert build_book(one_chapter_project, strict=False).ok
    assert "~ 30 cm" in _page(one_chapter_project) and "~ 31 cm" not in _page(one_chapter_project)
    path = one_chapter_project / "data" / "modalities.csv"
    row = find_row(path, modality_id="us")
    for field, value in (("depth_label", "~ 31 cm"), ("depth_min_m", "0.31"), ("depth_max_m", "0.31")):
        set_cell(path, row, field, value)
    runner.record(others, one_chapter_project)  # which notebooks a data edit runs again is test_notebook_reads.py's
    assert build_book(one_chapter_project, strict=False).ok
    assert "~ 31 cm" in _page(one_chapter_project) and "~ 30 cm" not in _page(one_chapter_project)

    # A notebook that fails: nothing is written, the site stays as it was.
    notebook = one_chapter_project / "notebooks" / "table1.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('a broken cell')"))
    nbformat.write(nb, notebook)
    before, page = notebook.read_bytes(), _page(one_chapter_project)
    set_cell(path, row, "depth_label", "~ 32 cm")
    set_cell(path, row, "depth_min_m", "0.32")
    set_cell(path, row, "depth_max_m", "0.32")
    result = build_book(one_chapter_project, strict=False)
    assert not result.ok and "no notebook and no page was changed" in result.message
    assert notebook.read_bytes() == before and _page(one_chapter_project) == page


def test_kernels_run_over_ipc_and_print_nothing(tmp_path, capfd):
    """No 'running over TCP without encryption' warning per notebook: kernels use local sockets."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook = folder / "tiny.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")]), notebook)
    executed = nbformat.reads(runner.execute(notebook, REPO_ROOT / "data"), as_version=4)
    assert executed.cells[0].outputs[0]["text"] == "42\n"
    out, err = capfd.readouterr()
    assert out == "" and err == ""
