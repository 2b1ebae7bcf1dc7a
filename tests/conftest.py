"""Shared fixtures: a scratch copy of the data package that a test may break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nanoimaging.paths import REPO_ROOT


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of data/ (and references.bib beside it, as datapackage.json expects)."""
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    shutil.copy(REPO_ROOT / "references.bib", tmp_path / "references.bib")
    return tmp_path / "data"
