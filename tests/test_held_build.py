"""make book starts Jupyter Book while the notebooks run: it sets itself up, then waits to be told to build.

Behaviour on a one-page book whose only extension is the gate (nanoimaging.site.sphinx_gate,
nanoimaging.site.book.held_build).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from nanoimaging.site.book import NOT_HELD, held_build, jupyter_book
from nanoimaging.site.sphinx_gate import STOPPED, WAITING

pytestmark = pytest.mark.build  # each test runs Jupyter Book on a one-page book


@pytest.fixture
def tiny_book(tmp_path: Path) -> Path:
    (tmp_path / "_config.yml").write_text(
        "title: Tiny\nexecute:\n  execute_notebooks: 'off'\nsphinx:\n  extra_extensions:\n"
        "    - nanoimaging.site.sphinx_gate\n",
        encoding="utf-8",
    )
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (tmp_path / "intro.md").write_text("# Tiny\n\nWritten before the build started.\n", encoding="utf-8")
    return tmp_path


def _wait_until_held(held, timeout: float = 120) -> None:
    """Until the build says it waits at the gate (its output is appended to, never moved)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        held.output.seek(0)
        if WAITING in held.output.read():
            return
        assert held.process.poll() is None, "the build ended before it reached the gate"
        time.sleep(0.05)
    raise AssertionError(f"the build did not reach the gate in {timeout} s")


def _page(book: Path) -> Path:
    return book / "_build" / "stage" / "_build" / "html" / "intro.html"


def test_a_held_build_reads_the_sources_as_they_are_when_told_to_build(tiny_book):
    with held_build(tiny_book, tiny_book / "_build" / "stage") as held:
        _wait_until_held(held)
        assert not _page(tiny_book).exists()
        (tiny_book / "intro.md").write_text("# Tiny\n\nWritten while the build waited.\n", encoding="utf-8")
        result = held.build()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Written while the build waited." in _page(tiny_book).read_text(encoding="utf-8")


def test_a_held_build_that_is_stopped_or_left_builds_nothing(tiny_book):
    with held_build(tiny_book, tiny_book / "_build" / "stage") as held:
        _wait_until_held(held)
        held.stop()
    assert held.process.returncode == STOPPED and not _page(tiny_book).exists()
    with held_build(tiny_book, tiny_book / "_build" / "stage") as held:
        pass  # left without a word, as when a notebook fails
    assert held.process.returncode == STOPPED and not _page(tiny_book).exists()


def test_without_the_gate_variable_the_extension_does_nothing(tiny_book):
    result = jupyter_book(tiny_book, tiny_book / "_build" / "stage")  # as jupyter-book build by hand
    assert result.returncode == 0 and WAITING not in result.stdout
    assert _page(tiny_book).exists()


def test_a_build_that_fails_while_it_sets_itself_up_reports_why_when_told_to_build(tiny_book):
    config = tiny_book / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "    - no_such_extension_here\n", encoding="utf-8")
    with held_build(tiny_book, tiny_book / "_build" / "stage") as held:
        held.process.wait(timeout=120)  # it ends before the gate: nothing will read what make book sends
        result = held.build()
    assert result.returncode not in (0, STOPPED) and "no_such_extension_here" in result.stdout + result.stderr
    assert not _page(tiny_book).exists()


def test_a_build_whose_config_lacks_the_gate_is_run_again_after_the_notebooks(tiny_book):
    """A fork's _config.yml from before the gate: the build does not wait, so it is built again."""
    config = tiny_book / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("nanoimaging.site.sphinx_gate", "sphinx.ext.mathjax"))
    with held_build(tiny_book, tiny_book / "_build" / "stage") as held:
        held.process.wait(timeout=120)  # it built at once, from the sources as they were then
        (tiny_book / "intro.md").write_text("# Tiny\n\nWritten after that build.\n", encoding="utf-8")
        result = held.build()
    assert result.returncode == 0 and NOT_HELD in result.stdout
    assert "Written after that build." in _page(tiny_book).read_text(encoding="utf-8")
