"""pytest settings for the whole project: the tiers of the suite, the order of its modules, and how to fix
a notebook whose stored outputs are out of date."""

from __future__ import annotations

import pytest

from suite_order import longest_first  # tests/ is on pytest's pythonpath
from tiers import guarded, tiers_of

#: What to do when nbval finds a notebook's stored outputs differ from a fresh run.
STALE_OUTPUTS_HINT = (
    "A notebook's stored outputs differ from what it gives now (nbval compares them): run `make book`, "
    "which re-executes the notebooks whose data or code changed and stores their outputs, then commit the "
    "notebooks with their new outputs."
)


@pytest.hookimpl(tryfirst=True)  # before -m selects by marker
def pytest_collection_modifyitems(session, config, items):
    """Each test's tiers as markers (tests/tiers.py); the longest modules first (tests/suite_order.py)."""
    for item in items:
        for tier in sorted(tiers_of(item.nodeid, getattr(item, "fixturenames", ()))):
            item.add_marker(tier)
    items.sort(key=lambda item: longest_first(item.nodeid))  # stable: the rest keep their order


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """A test (its fixtures included) may launch a browser or build only if its tier says so."""
    with guarded(mark.name for mark in item.iter_markers()):
        yield


def stale_notebooks(reports) -> list[str]:
    """The notebooks among failed test reports (nbval's items are 'path.ipynb::Cell N')."""
    return sorted({r.nodeid.split("::")[0] for r in reports if ".ipynb::" in r.nodeid})


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    notebooks = stale_notebooks(terminalreporter.stats.get("failed", []))
    if notebooks:
        terminalreporter.section("notebooks out of date")
        terminalreporter.write_line(STALE_OUTPUTS_HINT)
        terminalreporter.write_line("Notebooks that differ: " + ", ".join(notebooks))
