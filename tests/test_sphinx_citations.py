"""The citation style's plugins (nanoimaging.site.sphinx_citations), as pybtex finds them."""

from __future__ import annotations

from importlib.metadata import entry_points

import pybtex.plugin
import pytest

from nanoimaging.site import sphinx_citations


def _searched(**wanted):
    """In place of the search of the installed packages' entry points: fails the test."""
    pytest.fail(f"pybtex searched the entry points for {wanted}")


def test_the_plain_text_backend_is_the_one_its_entry_point_names():
    named = [ep.load() for ep in entry_points(group="pybtex.backends", name="plaintext")]
    sphinx_citations.register()
    assert named and pybtex.plugin.find_plugin("pybtex.backends", "plaintext") is named[0]


def test_every_plugin_the_book_asks_for_by_name_is_found_without_a_search(monkeypatch):
    sphinx_citations.register()  # once per build, before any citation is resolved
    monkeypatch.setattr(pybtex.plugin, "entry_points", _searched)
    find = pybtex.plugin.find_plugin
    assert find("pybtex.backends", "plaintext") is sphinx_citations.PlainTextBackend
    assert find("pybtex.style.formatting", "reviewnumbers") is sphinx_citations.ReviewNumbersStyle
    assert find("pybtex.style.labels", "reviewnumbers") is sphinx_citations.ReviewNumberLabels
    assert find("pybtex.style.sorting", "reviewnumbers") is sphinx_citations.ReviewOrder


def test_the_check_above_fails_when_pybtex_must_search(monkeypatch):
    monkeypatch.setattr(pybtex.plugin, "entry_points", _searched)
    with pytest.raises(pytest.fail.Exception, match="searched the entry points"):
        pybtex.plugin.find_plugin("pybtex.backends", "html")
