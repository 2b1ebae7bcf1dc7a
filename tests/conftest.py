"""Shared fixtures: scratch copies of the data that a test may break, and the small synthetic package.

Two kinds of tests use them:

- fidelity tests check the review's own rows against the review (``load().review_only()``,
  the transcription, the quotes): rows a fork adds never break them;
- behaviour tests run the code on ``tests/fixtures/small-package/``, a small data package
  written for them with answers worked out by hand, so they do not depend on the shipped
  data at all.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nanoimaging import Dataset, load
from nanoimaging.paths import REPO_ROOT
from small_package import copy_small_package


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of data/ (the review's text is in it) with references.bib where datapackage.json expects it."""
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    shutil.copy(REPO_ROOT / "references.bib", tmp_path / "references.bib")
    return tmp_path / "data"


@pytest.fixture
def small_dir(tmp_path: Path) -> Path:
    """A scratch copy of the small synthetic package that a test may edit (its data/ folder)."""
    return copy_small_package(tmp_path)


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The small synthetic package, loaded (shared: do not edit)."""
    return load(copy_small_package(tmp_path_factory.mktemp("small")))


@pytest.fixture(scope="session")
def review() -> Dataset:
    """The review's own rows of the shipped data: what fidelity tests check (added rows never count)."""
    return load().review_only()
