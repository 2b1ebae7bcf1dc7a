"""No stale notebook: a change to the data re-executes, and the page shows the new value."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from csv_edit import find_row, set_cell

from nanoimaging import notebook_runner
from nanoimaging.paths import REPO_ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A one-chapter copy of the book (Table 1) with its own data."""
    for name in ("data", "notebooks", "book", "_static"):
        shutil.copytree(REPO_ROOT / name, tmp_path / name)
    for name in ("_config.yml", "references.bib", "requirements.txt", "LICENSE", "CITATION.cff"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: notebooks/table1\n", encoding="utf-8")
    return tmp_path


def test_changing_data_makes_every_notebook_stale(project):
    notebooks = notebook_runner.book_notebooks(project)
    state = project / "_build" / "state.json"
    assert notebook_runner.stale_notebooks(notebooks, state, project) == notebooks  # nothing run yet
    notebook_runner.record(notebooks, state, project)  # as if all had just been executed
    assert notebook_runner.stale_notebooks(notebooks, state, project) == []
    set_cell(project / "data" / "modalities.csv", 5, "depth_label", "~ 31 cm")
    assert notebook_runner.stale_notebooks(notebooks, state, project) == notebooks


def test_changing_code_makes_only_that_notebook_stale(project):
    notebooks = notebook_runner.book_notebooks(project)
    state = project / "_build" / "state.json"
    notebook_runner.record(notebooks, state, project)
    target = project / "notebooks" / "table1.ipynb"
    target.write_text(target.read_text(encoding="utf-8").replace("HTML(table1.table1_html(data))", "HTML(table1.table1_html(data)) "), encoding="utf-8")
    assert notebook_runner.stale_notebooks(notebooks, state, project) == [target]


def build(project: Path) -> str:
    env = {**os.environ, "NANOIMAGING_DATA": str(project / "data")}
    subprocess.run(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from nanoimaging import notebook_runner as r; "
         "root = Path(sys.argv[1]); r.run([root / 'notebooks' / 'table1.ipynb'], "
         "state_file=root / '_build' / 'state.json', root=root)", str(project)],
        check=True, env=env, capture_output=True,
    )
    assert (project / "_build" / "state.json").exists()
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    # Warnings are not errors here: this one-chapter book links to chapters it leaves out.
    result = subprocess.run([str(jupyter_book), "build", str(project)], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return (project / "_build" / "html" / "notebooks" / "table1.html").read_text(encoding="utf-8")


def test_a_changed_csv_value_reaches_the_built_page(project):
    page = build(project)
    assert "~ 30 cm" in page and "~ 31 cm" not in page
    path = project / "data" / "modalities.csv"
    row = find_row(path, modality_id="us")
    set_cell(path, row, "depth_label", "~ 31 cm")
    set_cell(path, row, "depth_min_m", "0.31")
    set_cell(path, row, "depth_max_m", "0.31")
    page = build(project)
    assert "~ 31 cm" in page and "~ 30 cm" not in page


def test_cleared_outputs_make_a_notebook_stale(project):
    notebooks = notebook_runner.book_notebooks(project)
    state = project / "_build" / "state.json"
    notebook_runner.record(notebooks, state, project)
    target = project / "notebooks" / "scales-aspects.ipynb"
    nb = __import__("nbformat").read(target, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    __import__("nbformat").write(nb, target)
    assert notebook_runner.stale_notebooks(notebooks, state, project) == [target]
