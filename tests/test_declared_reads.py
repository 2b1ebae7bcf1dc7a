"""Each chapter declares the files it reads (nanoimaging.site.runner): run in a kernel, it reads nothing else."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from declared_reads import table_files, undeclared
from nanoimaging import load
from nanoimaging.data.dataset import TABLES, Dataset
from nanoimaging.paths import REPO_ROOT
from nanoimaging.site.chapters import FAMILY_CHAPTER_READS
from nanoimaging.site.runner import book_notebooks, declared_reads
from nanoimaging.site.sphinx_data_chart import CHARTS

CHAPTERS = book_notebooks(REPO_ROOT)


def test_the_chapters_are_found_and_each_declares_what_it_reads():
    assert len(CHAPTERS) >= 8, f"the chapters were not found under {REPO_ROOT}"
    assert [p.name for p in CHAPTERS if declared_reads(p) is None] == []


def test_the_family_chapters_declare_what_the_template_declares():
    chapters = [REPO_ROOT / "notebooks" / f"{family}.ipynb" for family in load().families["family"]]
    assert chapters and all(p.is_file() for p in chapters)
    assert {declared_reads(p) for p in chapters} == {FAMILY_CHAPTER_READS}


@pytest.mark.build  # runs the notebook in a kernel
@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.name)
def test_a_chapter_reads_only_what_it_declares(notebook, tmp_path):
    assert undeclared(notebook, REPO_ROOT, tmp_path) == set()


def _chapter(tmp_path: Path, reads: list[str], code: str) -> Path:
    notebook = tmp_path / "notebooks" / "made-up.ipynb"
    notebook.parent.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["nanoimaging"] = {"reads": reads}
    nbformat.write(nb, notebook)
    return notebook


@pytest.mark.build
def test_a_table_used_but_not_declared_is_found(tmp_path):
    code = "import nanoimaging\ndata = nanoimaging.load()\nlen(data.families), len(data.studies)"
    notebook = _chapter(tmp_path, ["data/families.csv"], code)
    assert undeclared(notebook, REPO_ROOT, tmp_path / "scratch") == {"data/studies.csv", "data/modalities.csv"}


@pytest.mark.build
def test_a_file_opened_but_not_declared_is_found(tmp_path):
    code = "import os\nopen(os.path.join(os.environ['NANOIMAGING_DATA'], 'quotes.csv')).read()[:10]"
    notebook = _chapter(tmp_path, [], code)
    assert undeclared(notebook, REPO_ROOT, tmp_path / "scratch") == {"data/quotes.csv"}


def _tables_used(monkeypatch: pytest.MonkeyPatch, draw) -> set[str]:
    """The tables of the review's data that ``draw(data)`` touches, in this process."""
    data, used = load(), set()
    real = Dataset.__getattribute__

    def noting(self, name):
        if name in TABLES:
            used.add(name)
        return real(self, name)

    monkeypatch.setattr(Dataset, "__getattribute__", noting)
    draw(data)
    return used


def test_a_chart_in_a_markdown_page_declares_every_file_it_is_drawn_from(monkeypatch):
    assert CHARTS, "no data-chart found"
    for name, (draw, files) in CHARTS.items():
        used = table_files(REPO_ROOT, _tables_used(monkeypatch, draw))
        assert used and used <= {f"data/{f}" for f in files}, name


def test_a_chart_using_an_undeclared_table_is_found(monkeypatch):
    used = table_files(REPO_ROOT, _tables_used(monkeypatch, lambda data: len(data.studies)))
    assert used - {f"data/{f}" for f in CHARTS["overview"][1]} == {"data/studies.csv"}
