"""The run starts with its longest modules (suite_order.py, applied by conftest.py); `make test` keeps that order."""

from __future__ import annotations

import re

from nanoimaging.paths import REPO_ROOT
from suite_order import LONGEST_FIRST, longest_first


def test_every_module_started_first_exists():
    """A renamed module would silently fall back to its place in collection order."""
    missing = [name for name in LONGEST_FIRST if not (REPO_ROOT / name).is_file()]
    assert missing == []


def test_make_test_keeps_the_order_of_conftest():
    """xdist's loadscope reorders modules by their number of tests unless told not to."""
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", (REPO_ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert recipe and "--dist loadscope" in recipe.group(1) and "--no-loadscope-reorder" in recipe.group(1)


def test_the_listed_modules_come_first_in_their_order_and_the_rest_keep_theirs():
    ids = [
        "tests/test_units.py::a",
        "tests/site/test_pages.py::b",
        "tests/test_cli.py::c",
        "tests/site/test_fork.py::d",
    ]
    assert sorted(ids, key=longest_first) == [
        "tests/site/test_fork.py::d",
        "tests/site/test_pages.py::b",
        "tests/test_units.py::a",
        "tests/test_cli.py::c",
    ]
