"""pytest settings for the whole project: how to fix a notebook whose stored outputs are out of date."""

from __future__ import annotations

from suite_order import longest_first  # tests/ is on pytest's pythonpath

#: What to do when nbval finds a notebook's stored outputs differ from a fresh run.
STALE_OUTPUTS_HINT = (
    "A notebook's stored outputs differ from what it gives now (nbval compares them): run `make book`, "
    "which re-executes the notebooks whose data or code changed and stores their outputs, then commit the "
    "notebooks with their new outputs."
)


def pytest_collection_modifyitems(session, config, items):
    """The longest modules first (tests/suite_order.py)."""
    items.sort(key=lambda item: longest_first(item.nodeid))  # stable: the rest keep their order


def stale_notebooks(reports) -> list[str]:
    """The notebooks among failed test reports (nbval's items are 'path.ipynb::Cell N')."""
    return sorted({r.nodeid.split("::")[0] for r in reports if ".ipynb::" in r.nodeid})


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    notebooks = stale_notebooks(terminalreporter.stats.get("failed", []))
    if notebooks:
        terminalreporter.section("notebooks out of date")
        terminalreporter.write_line(STALE_OUTPUTS_HINT)
        terminalreporter.write_line("Notebooks that differ: " + ", ".join(notebooks))
