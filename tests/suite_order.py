"""In which order `make test` starts the test modules: the longest chains of work first."""

from __future__ import annotations

#: Test modules that start the run, in this order, because they hold its longest chains of work:
#: the fork's site and then the fork's own suite; then builds of other project copies, which need
#: no site, so that the second worker builds and runs kernels while the first builds the fork's
#: site instead of waiting for it; then the modules that read that site. `make test` runs
#: pytest-xdist with --dist loadscope --no-loadscope-reorder, which hands the modules to the
#: workers in collection order: started first, the long ones overlap the short ones instead of
#: leaving one worker busy alone at the end.
LONGEST_FIRST = (
    "tests/site/test_fork.py",
    "tests/test_book_build.py",
    "tests/test_declared_reads.py",
    "tests/test_book_unchanged.py",
    "tests/site/test_reader_view.py",
    "tests/site/test_reader_view_versioned.py",
    "tests/site/test_pages.py",
    "tests/site/test_page_contents.py",
    "tests/site/test_safety.py",
    "tests/site/test_links.py",
    "tests/site/test_jupyterlab.py",
)


def longest_first(nodeid: str) -> int:
    """Where a test's module starts the run: its place in :data:`LONGEST_FIRST`, after them all if absent.

    >>> longest_first("tests/site/test_fork.py::test_x"), longest_first("tests/test_units.py::test_y")
    (0, 11)
    """
    module = nodeid.split("::")[0]
    return LONGEST_FIRST.index(module) if module in LONGEST_FIRST else len(LONGEST_FIRST)
