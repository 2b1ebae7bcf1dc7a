"""Fixtures of the references.bib tests: a scratch project root, and no request ever reaching Crossref."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest


@pytest.fixture
def refs_root(data_dir: Path) -> Path:
    """A scratch project root: data/ and references.bib (copies), no book yet."""
    return data_dir.parent


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any request that a test did not replay fails the test instead of reaching Crossref."""

    def refuse(url, *args, **kwargs):
        raise AssertionError(f"a test tried to reach the network: {url}")

    monkeypatch.setattr(httpx2, "get", refuse)
