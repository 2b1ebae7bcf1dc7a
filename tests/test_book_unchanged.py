"""make book with nothing changed does nothing; a change to any input of the site, alone, is noticed.

The cheap part checks the site's key: each kind of input changed alone changes it
(so the build is not skipped), and what is not an input does not. The real builds
then show that the changes reach the pages, several edits in one rebuild.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from csv_edit import find_row, set_cell
from nanoimaging.paths import REPO_ROOT
from nanoimaging.site import runner
from nanoimaging.site.book import build_book
from nanoimaging.site.inputs import (
    HTML,
    NOT_SITE_ENVIRONMENT,
    SITE_ENVIRONMENT,
    SITE_INPUTS,
    Inputs,
    package_pointers,
    record_site,
    site_environment,
    site_is_current,
    site_key,
)

#: What the project holds besides the site's inputs, and why the pages do not depend on it.
NOT_SITE_INPUTS = {
    ".ci": "the CI script runs make test",
    ".github": "workflows and templates of the repository",
    ".gitignore": "git's list",
    ".zenodo.json": "deposit metadata, written from CITATION.cff by make release; no page reads it",
    "README.md": "excluded from the book (_config.yml); no page includes it",
    "bench": "timing scripts",
    "docs": "the README's screenshots; no page of the book shows them",
    "conftest.py": "pytest's",
    "tests": "the tests; the build reads none of them",
    "src": "only src/nanoimaging is read (an input); the rest is packaging metadata written by pip",
}

#: One file of each kind of input, changed alone in turn.
ONE_OF_EACH = {
    "data": "data/studies.csv",
    "data package descriptor": "data/datapackage.json",
    "notebook": "notebooks/table1.ipynb",
    "notebook in book/": "book/data-dictionary.ipynb",
    "chapter": "book/intro.md",
    "config": "_config.yml",
    "table of contents": "_toc.yml",
    "package": "src/nanoimaging/figures/table1.py",
    "Sphinx extension": "src/nanoimaging/site/sphinx_review.py",
    "references": "references.bib",
    "static file": "_static/charts.css",
    "vendored script": "_static/vendor/vega.min.js",
    "template": "_templates/navbar-logo.html",
    "pins: Python": "requirements.txt",
    "pins: package": "pyproject.toml",
    "pins: Binder": "environment.yml",
    "pins: npm": "package.json",
    "pins: npm lock": "package-lock.json",
    "version and date": "CITATION.cff",
    "changelog (included)": "CHANGELOG.md",
    "licence (zipped)": "LICENSE",
    "the review's text (validation)": "data/review/de-maar-2020-theranostics.txt",
    "Makefile": "Makefile",
}


@pytest.fixture
def inputs_copy(tmp_path: Path) -> Path:
    """A copy of every input of the site (about 3 MB), where the key is computed."""
    for name in (*SITE_INPUTS, *package_pointers(REPO_ROOT)):
        source, target = REPO_ROOT / name, tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    return tmp_path


@pytest.fixture
def clean_environment(monkeypatch):
    for name in list(os.environ):
        if name.startswith("NANOIMAGING_") or name in SITE_ENVIRONMENT:
            monkeypatch.delenv(name)


def _key(root: Path, strict: bool = True) -> str:
    return site_key(Inputs(root), strict=strict)


@pytest.mark.parametrize("kind", ONE_OF_EACH)
def test_each_kind_of_input_changed_alone_changes_the_key(inputs_copy, clean_environment, kind):
    before = _key(inputs_copy)
    path = inputs_copy / ONE_OF_EACH[kind]
    assert path.is_file(), f"{ONE_OF_EACH[kind]} is not in the copy of the inputs"
    path.write_bytes(path.read_bytes() + b"\n")
    assert _key(inputs_copy) != before


def test_a_file_added_or_removed_changes_the_key(inputs_copy, clean_environment):
    before = _key(inputs_copy)
    (inputs_copy / "_static" / "extra.css").write_text("p {}\n", encoding="utf-8")
    added = _key(inputs_copy)
    (inputs_copy / "_static" / "extra.css").unlink()
    (inputs_copy / "_static" / "quotes.css").unlink()
    assert len({before, added, _key(inputs_copy)}) == 3


@pytest.mark.parametrize(
    "name, value",
    [
        ("NANOIMAGING_VERSIONED", "1"),
        ("NANOIMAGING_REPOSITORY_URL", "https://github.com/example/fork"),
        ("NANOIMAGING_DATA", "/elsewhere/data"),
        ("SOURCE_DATE_EPOCH", "1700000000"),
    ],
)
def test_an_environment_variable_that_changes_the_pages_changes_the_key(
    inputs_copy, clean_environment, monkeypatch, name, value
):
    before = _key(inputs_copy)
    monkeypatch.setenv(name, value)
    assert _key(inputs_copy) != before


def test_what_is_not_an_input_leaves_the_key_alone(inputs_copy, clean_environment, monkeypatch):
    before = _key(inputs_copy)
    (inputs_copy / "README.md").write_text("# edited\n", encoding="utf-8")
    (inputs_copy / "tests").mkdir()
    (inputs_copy / "tests" / "test_new.py").write_text("def test(): pass\n", encoding="utf-8")
    (inputs_copy / "_build" / "html").mkdir(parents=True)
    (inputs_copy / "_build" / "html" / "index.html").write_text("<p>", encoding="utf-8")
    (inputs_copy / "notebooks" / ".ipynb_checkpoints").mkdir()
    (inputs_copy / "notebooks" / ".ipynb_checkpoints" / "table1-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("HOME", "/somewhere/else")
    assert _key(inputs_copy) == before
    assert _key(inputs_copy, strict=False) != before  # a lenient build is not the strict one


def test_every_top_level_entry_is_an_input_or_said_not_to_be():
    """A new file at the root of the project must be classified: read by the build, or not."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    top = {path.split("/")[0] for path in tracked}
    inputs = {name.split("/")[0] for name in (*SITE_INPUTS, *package_pointers(REPO_ROOT))}
    assert top - inputs - set(NOT_SITE_INPUTS) == set()


def _environment_names(path: Path) -> set[str]:
    """The names read with os.environ.get(X), os.environ[X], os.getenv(X) or X in os.environ."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }

    def is_environ(node: ast.AST) -> bool:
        # os.environ, or a mapping named environ that a function takes in its place
        return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
            isinstance(node, ast.Name) and node.id == "environ"
        )

    found = set()
    for node in ast.walk(tree):
        argument = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            if (node.func.attr == "get" and is_environ(node.func.value)) or node.func.attr == "getenv":
                argument = node.args[0]
        elif isinstance(node, ast.Subscript) and is_environ(node.value):
            argument = node.slice
        elif isinstance(node, ast.Compare) and any(is_environ(c) for c in node.comparators):
            argument = node.left
        if argument is None:
            continue
        if isinstance(argument, ast.Constant):
            found.add(argument.value)
        elif isinstance(argument, ast.Name) and argument.id in constants:
            found.add(constants[argument.id])
        else:
            raise AssertionError(f"{path}:{node.lineno}: cannot tell which environment variable is read")
    return found


def test_every_environment_variable_the_package_reads_is_part_of_the_key():
    names = set().union(*(_environment_names(p) for p in (REPO_ROOT / "src" / "nanoimaging").rglob("*.py")))
    assert {"NANOIMAGING_VERSIONED", "NANOIMAGING_REPOSITORY_URL", "NANOIMAGING_DATA"} <= names
    in_key = {n for n in names if n.startswith("NANOIMAGING_") or n in SITE_ENVIRONMENT} - set(NOT_SITE_ENVIRONMENT)
    assert names - in_key == set(NOT_SITE_ENVIRONMENT)  # the rest is declared to change no page


def test_where_results_are_kept_or_handed_over_is_not_part_of_the_key(monkeypatch):
    monkeypatch.setenv("NANOIMAGING_CACHE_DIR", "/somewhere/else")
    monkeypatch.setenv("XDG_CACHE_HOME", "/another/place")
    monkeypatch.setenv("NANOIMAGING_VALIDATED", "/a/build/validated.pickle")
    assert not set(NOT_SITE_ENVIRONMENT) & set(site_environment())


def test_the_site_is_current_only_while_html_is_what_the_build_left(inputs_copy, clean_environment):
    key = _key(inputs_copy)
    assert not site_is_current(Inputs(inputs_copy), key)  # never built
    page = inputs_copy / HTML / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>built</p>", encoding="utf-8")
    (inputs_copy / HTML / "other.html").write_text("<p>other</p>", encoding="utf-8")
    record_site(inputs_copy, key)
    assert site_is_current(Inputs(inputs_copy), key)
    assert not site_is_current(Inputs(inputs_copy), _key(inputs_copy, strict=False))
    page.write_text("<p>edited by hand</p>", encoding="utf-8")
    assert not site_is_current(Inputs(inputs_copy), key)
    page.write_text("<p>built</p>", encoding="utf-8")
    (inputs_copy / HTML / "other.html").unlink()
    assert not site_is_current(Inputs(inputs_copy), key)


# The real builds: a small book (the introduction, Table 1 and the family chapters the checks require).


@pytest.fixture
def small_book_project(tmp_path: Path) -> Path:
    for name in ("data", "notebooks", "book", "_static", "_templates"):
        shutil.copytree(REPO_ROOT / name, tmp_path / name)
    for name in ("_config.yml", "references.bib", "requirements.txt", "LICENSE", "CITATION.cff", "CHANGELOG.md"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nparts:\n  - caption: The comparison\n    chapters:\n"
        "      - file: notebooks/table1\n  - caption: Modality families\n    chapters:\n"
        + "".join(f"      - file: notebooks/{f}\n" for f in ("non-invasive-clinical", "optical", "mass-spectrometry")),
        encoding="utf-8",
    )
    return tmp_path


def _read(small_book_project: Path, page: str) -> str:
    return (small_book_project / HTML / page).read_text(encoding="utf-8")


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.build
def test_nothing_changed_means_nothing_done_and_each_change_reaches_its_page(
    small_book_project, clean_environment, monkeypatch
):
    runner.record(
        runner.book_notebooks(small_book_project), small_book_project
    )  # the stored outputs are current: no kernel needed
    first = build_book(small_book_project, strict=False, quiet=True)
    assert first.ok and "0 of" in first.message, first.message

    # Nothing changed: nothing is done, and the pages stay as they are (not even rewritten).
    page = small_book_project / HTML / "notebooks" / "table1.html"
    written = page.stat().st_mtime_ns
    again = build_book(small_book_project, strict=False, quiet=True)
    assert again.ok and again.message.startswith("nothing changed"), again.message
    assert page.stat().st_mtime_ns == written

    # _build/html no longer what the build left: built again (from Sphinx's state; no notebook runs).
    page.unlink()
    repaired = build_book(small_book_project, strict=False, quiet=True)
    assert repaired.ok and "0 of" in repaired.message and page.is_file()

    # One rebuild, one change of each kind, each seen on its page.
    _replace_in(small_book_project / "book" / "intro.md", "## What this site adds", "## What this companion adds")
    _replace_in(
        small_book_project / "_config.yml", 'title: "Imaging nanomedicine across scales"', 'title: "A renamed book"'
    )
    _replace_in(small_book_project / "CITATION.cff", 'date-released: "', 'date-released: "1999-01-02" # was "')
    (small_book_project / "_static" / "charts.css").write_text(
        (small_book_project / "_static" / "charts.css").read_text(encoding="utf-8") + "\n/* edited-static */\n",
        encoding="utf-8",
    )
    _replace_in(small_book_project / "_templates" / "navbar-logo.html", "<nav ", "<!-- edited-template --><nav ")
    notebook = small_book_project / "notebooks" / "table1.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("An edited notebook ends here."))
    nbformat.write(nb, notebook)
    monkeypatch.setenv("NANOIMAGING_REPOSITORY_URL", "https://github.com/example/fork")
    changed = build_book(small_book_project, strict=False, quiet=True)
    assert changed.ok and "1 of" in changed.message, changed.message  # only the edited notebook ran
    intro, table1 = _read(small_book_project, "book/intro.html"), _read(small_book_project, "notebooks/table1.html")
    assert "What this companion adds" in intro and "What this site adds" not in intro
    assert "A renamed book" in table1
    assert "of 1999-01-02" in table1
    assert "edited-static" in _read(small_book_project, "_static/charts.css")
    assert "edited-template" in intro and "edited-template" in table1
    assert "An edited notebook ends here." in table1
    assert "https://github.com/example/fork" in table1
    assert build_book(small_book_project, strict=False, quiet=True).message.startswith("nothing changed")

    # A static file edited alone: Sphinx has no page to write, and still copies it.
    tables = small_book_project / "_static" / "tables.css"
    tables.write_text(tables.read_text(encoding="utf-8") + "\n/* edited-alone */\n", encoding="utf-8")
    alone = build_book(small_book_project, strict=False, quiet=True)
    assert alone.ok and "0 of" in alone.message, alone.message
    assert "edited-alone" in _read(small_book_project, "_static/tables.css")


def _intro_only(tmp_path: Path) -> Path:
    """A book of the introduction alone, with the data and what validation reads; returns its page's path."""
    from nanoimaging.site.book import STAGE

    for name in ("data", "_static", "_templates"):
        shutil.copytree(REPO_ROOT / name, tmp_path / name)
    for name in ("_config.yml", "references.bib", "CITATION.cff", "LICENSE"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    for name in package_pointers(REPO_ROOT):  # the review's text and the living folder, which load() reads
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        if (REPO_ROOT / name).is_dir():
            shutil.copytree(REPO_ROOT / name, tmp_path / name, dirs_exist_ok=True)
        else:
            shutil.copy(REPO_ROOT / name, tmp_path / name)
    (tmp_path / "book").mkdir()
    shutil.copy(REPO_ROOT / "book" / "intro.md", tmp_path / "book")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n", encoding="utf-8")
    return tmp_path / STAGE / "_build" / "html" / "book" / "intro.html"


@pytest.mark.build
def test_an_incremental_build_reads_again_the_page_whose_quote_changed(tmp_path):
    """Sphinx keeps its state in the staging folder and re-reads only what changed: a quote's page too."""
    from nanoimaging.site.book import STAGE, jupyter_book

    page = _intro_only(tmp_path)
    assert jupyter_book(tmp_path, tmp_path / STAGE, strict=False).returncode == 0
    assert "de Maar et al. 2020: Abstract, line 7" in page.read_text(encoding="utf-8")
    quotes = tmp_path / "data" / "quotes.csv"
    _replace_in(quotes, "q-abstract-all-scales,deMaar2020,Abstract,", "q-abstract-all-scales,deMaar2020,Summary,")
    again = jupyter_book(tmp_path, tmp_path / STAGE, strict=False)
    assert again.returncode == 0 and "0 added, 1 changed, 0 removed" in again.stdout, again.stdout[-3000:]
    assert "de Maar et al. 2020: Summary, line 7" in page.read_text(encoding="utf-8")


@pytest.mark.build
def test_the_home_page_chart_is_drawn_again_only_when_a_file_it_was_drawn_from_changes(tmp_path):
    """The overview (resolution against depth) reads no study: a study's edit leaves the page unread; a resolution's redraws it."""
    from nanoimaging.site.book import STAGE, jupyter_book

    page = _intro_only(tmp_path)
    assert jupyter_book(tmp_path, tmp_path / STAGE, strict=False).returncode == 0
    set_cell(tmp_path / "data" / "studies.csv", 2, "finding", "A finding edited for the test.")
    again = jupyter_book(tmp_path, tmp_path / STAGE, strict=False)
    assert again.returncode == 0 and "0 added, 0 changed, 0 removed" in again.stdout, again.stdout[-3000:]
    # Table 1's clinical PET resolution, "~4 mm", changed: its label and its numbers alike.
    resolution = tmp_path / "data" / "resolution.csv"
    row = find_row(resolution, label="~4 mm")
    assert "~5 mm" not in page.read_text(encoding="utf-8")
    for field, value in (("label", "~5 mm"), ("min_m", "0.005"), ("max_m", "0.005")):
        set_cell(resolution, row, field, value)
    redrawn = jupyter_book(tmp_path, tmp_path / STAGE, strict=False)
    assert redrawn.returncode == 0 and "0 added, 1 changed, 0 removed" in redrawn.stdout, redrawn.stdout[-3000:]
    assert "~5 mm" in page.read_text(encoding="utf-8")
