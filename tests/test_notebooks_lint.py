"""The notebooks are code too: `make lint` runs ruff on them, and a new family's chapter passes it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from nanoimaging.paths import REPO_ROOT
from nanoimaging.site.chapters import family_notebook

RUFF = Path(sys.executable).parent / "ruff"


def ruff_check(*paths: Path) -> subprocess.CompletedProcess:
    """``ruff check`` with the project's settings (pyproject.toml) on ``paths``."""
    command = [str(RUFF), "check", "--config", str(REPO_ROOT / "pyproject.toml"), "--no-cache", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


needs_ruff = pytest.mark.skipif(not RUFF.is_file(), reason="ruff is installed into .venv/ by make venv")


def test_make_lint_checks_the_notebooks_of_both_folders():
    recipe = re.search(r"^lint:.*\n((?:\t.*\n)+)", (REPO_ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert recipe, "no lint target in the Makefile"
    check = next((line for line in recipe.group(1).splitlines() if "ruff check" in line), "")
    assert {"notebooks", "book"} <= set(check.split()), f"ruff check does not name notebooks/ and book/: {check!r}"


@needs_ruff
def test_a_notebook_with_an_unused_import_fails_the_check(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import json\n\nprint(1)")])
    path = tmp_path / "unused.ipynb"
    nbformat.write(nb, path)
    result = ruff_check(path)
    assert result.returncode == 1 and "F401" in result.stdout, result.stdout + result.stderr


@needs_ruff
def test_a_new_familys_chapter_passes_the_check(tmp_path, small):
    family = str(small.families["family"].iloc[0])
    path = tmp_path / f"{family}.ipynb"
    nbformat.write(family_notebook(family, small), path)
    result = ruff_check(path)
    assert result.returncode == 0, result.stdout + result.stderr
