"""A data change runs again only the notebooks that declare the file it changed (nanoimaging.site.runner).

Behaviour on the small synthetic package (tests/fixtures/small-package/) with notebooks
that declare different tables, one that declares nothing, and the keys ``make book``
keeps of each.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from csv_edit import find_row, set_cell
from nanoimaging.site import runner
from nanoimaging.site.inputs import Inputs
from small_package import copy_small_package

#: Each notebook's code and the files it declares (None: no declaration).
NOTEBOOKS = {
    "studies": (
        "import nanoimaging\ndata = nanoimaging.load()\nprint(len(data.studies), 'studies')",
        ["data/studies.csv", "data/modalities.csv", "data/families.csv"],
    ),
    "quotes": ("import nanoimaging\ndata = nanoimaging.load()\nprint(len(data.quotes), 'quotes')", ["data/quotes.csv"]),
    "undeclared": ("import nanoimaging\nprint(len(nanoimaging.load().abbreviations))", None),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The small package with a notebooks/ folder of :data:`NOTEBOOKS`."""
    copy_small_package(tmp_path)
    (tmp_path / "notebooks").mkdir()
    for name, (code, reads) in NOTEBOOKS.items():
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        if reads is not None:
            nb.metadata["nanoimaging"] = {"reads": reads}
        nbformat.write(nb, tmp_path / "notebooks" / f"{name}.ipynb")
    return tmp_path


def _stale(project: Path) -> set[str]:
    return {p.stem for p in runner.stale_notebooks(runner.book_notebooks(project), Inputs(project))}


def _edit(project: Path, resource: str, field: str, value: str, **row: str) -> None:
    path = project / "data" / f"{resource}.csv"
    set_cell(path, find_row(path, **row), field, value)


def _recorded(project: Path) -> Path:
    runner.record(runner.book_notebooks(project), project)  # as if every notebook had just run
    assert _stale(project) == set()
    return project


def test_a_notebook_never_run_here_is_stale(project):
    assert _stale(project) == set(NOTEBOOKS)


def test_the_declaration_is_read_from_the_notebook_s_metadata(project):
    assert runner.declared_reads(project / "notebooks" / "quotes.ipynb") == ("data/quotes.csv",)
    assert runner.declared_reads(project / "notebooks" / "undeclared.ipynb") is None


def test_a_data_change_makes_stale_only_the_notebooks_that_declare_it(project):
    _recorded(project)
    _edit(project, "quotes", "section", "Abstract (edited)", id="q-abstract-no-single-modality")
    assert _stale(project) == {"quotes", "undeclared"}  # a notebook that declares nothing reads all of data/
    _recorded(project)
    _edit(project, "modalities", "name", "MIC-2", modality_id="micro")
    assert _stale(project) == {"studies", "undeclared"}


@pytest.mark.parametrize("shared", ["data/datapackage.json", "references.bib", "requirements.txt"])
def test_a_change_to_what_every_notebook_reads_makes_every_one_stale(project, shared):
    (project / "requirements.txt").write_text("pandas==2.2.3\n", encoding="utf-8")
    _recorded(project)
    path = project / shared
    if path.suffix == ".json":
        path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=3), encoding="utf-8")
    else:
        path.write_text(path.read_text(encoding="utf-8") + "\n% edited\n", encoding="utf-8")
    assert _stale(project) == set(NOTEBOOKS)


def test_a_change_to_the_package_makes_every_notebook_stale(project):
    package = project / "src" / "nanoimaging"
    package.mkdir(parents=True)
    (package / "figures.py").write_text("WIDTH = 1\n", encoding="utf-8")
    _recorded(project)
    (package / "figures.py").write_text("WIDTH = 2\n", encoding="utf-8")
    assert _stale(project) == set(NOTEBOOKS)


def test_a_notebook_s_own_edit_or_a_new_declaration_makes_only_it_stale(project):
    _recorded(project)
    path = project / "notebooks" / "studies.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.metadata["nanoimaging"]["reads"].append("data/scales.csv")
    nbformat.write(nb, path)
    assert _stale(project) == {"studies"}
    _recorded(project)
    _edit(project, "scales", "evidence", "edited", modality_id="micro")
    assert _stale(project) == {"studies", "undeclared"}


@pytest.mark.build  # the notebooks run in kernels
def test_run_notebooks_runs_only_the_stale_ones(project):
    notebooks = runner.book_notebooks(project)
    runner.record(notebooks, project)
    _edit(project, "quotes", "section", "Abstract (edited)", id="q-abstract-no-single-modality")
    runs = runner.run_notebooks(notebooks, project, jobs=2)
    assert sorted(nb.stem for nb in runs) == ["quotes", "undeclared"]
    assert (
        "quotes" in nbformat.reads(runs[project / "notebooks" / "quotes.ipynb"], as_version=4).cells[0].outputs[0].text
    )


def test_a_change_to_a_folder_datapackage_json_points_to_makes_every_notebook_stale(project):
    """The living search's records show with an added study: every notebook depends on them."""
    descriptor = project / "data" / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    descriptor.write_text(json.dumps({**package, "living": "../living"}, indent=1), encoding="utf-8")
    (project / "living").mkdir()
    (project / "living" / "screening.csv").write_text("candidate,decision\nC0001,include\n", encoding="utf-8")
    _recorded(project)
    (project / "living" / "screening.csv").write_text("candidate,decision\nC0001,exclude\n", encoding="utf-8")
    assert _stale(project) == set(NOTEBOOKS)
