"""The notebooks as committed: executed, small, and free of anything that varies between runs."""

from __future__ import annotations

import json
import re

import pytest

from nanoimaging.paths import REPO_ROOT
from nanoimaging.site.runner import book_notebooks

NOTEBOOKS = book_notebooks()
UNSTABLE = [
    (re.compile(r"0x[0-9a-f]{6,}"), "a memory address"),
    (re.compile(r"\b20\d\d-\d\d-\d\dT\d\d:\d\d"), "a timestamp"),
    (re.compile(r"/tmp/|/work/|/home/"), "a local path"),
]


def test_the_book_has_notebooks():
    assert len(NOTEBOOKS) >= 8


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_code_cell_is_executed_and_stored(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, "a chapter notebook runs code"
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), "run it top to bottom: make book"
    assert all(c["outputs"] for c in code[1:]), "every cell after the imports shows something"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_notebook_is_small_and_stable(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.encode()) < 1_000_000, "no JavaScript library or image bundle in outputs"
    for pattern, what in UNSTABLE:
        assert not pattern.search(text), f"{what} in the stored outputs: {pattern.search(text).group(0)!r}"
    assert "cdn.jsdelivr" not in text and "<script" not in text


def test_a_stale_notebook_failure_says_run_make_book_then_commit():
    import importlib.util

    spec = importlib.util.spec_from_file_location("root_conftest", REPO_ROOT / "conftest.py")
    root_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root_conftest)  # the project's root conftest.py

    class Report:
        def __init__(self, nodeid: str) -> None:
            self.nodeid = nodeid

    class Terminal:
        def __init__(self) -> None:
            self.lines: list[str] = []
            self.stats = {"failed": [Report("notebooks/optical.ipynb::Cell 5"), Report("tests/test_units.py::x")]}

        def section(self, title: str) -> None:
            self.lines.append(f"== {title}")

        def write_line(self, line: str) -> None:
            self.lines.append(line)

    terminal = Terminal()
    root_conftest.pytest_terminal_summary(terminal, 1, None)
    text = "\n".join(terminal.lines)
    assert "run `make book`" in text and "then commit the notebooks" in text
    assert "notebooks/optical.ipynb" in text and "test_units" not in text
