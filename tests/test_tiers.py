"""The suite's tiers (tests/tiers.py): each test's tier comes from its fixtures and folder, and a test
of the fast tier that launches a browser, builds or runs a kernel fails instead of slowing the tier down."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from nanoimaging.paths import REPO_ROOT
from tiers import FAST, TIERS, TierError, guarded, refusal, tiers_of

VENV_BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    ("nodeid", "fixtures", "expected"),
    [
        ("tests/test_units.py::test_a", ["tmp_path", "small"], set()),
        ("tests/test_new.py::test_b", ["built_site", "tmp_path"], {"build"}),
        ("tests/test_new.py::test_c", ["playwright_driver", "browser", "built_site"], {"browser", "build"}),
        ("tests/site/test_new.py::test_d", [], {"build"}),
        ("tests/site/test_x.py::test_e[plain]", ["build_visits"], {"browser", "build"}),
        ("tests/test_x.py::test_f", ["versioned_site"], {"browser", "build"}),
        ("tests/site/test_fork.py::test_g", ["built_site"], {"build", "fork"}),
        ("notebooks/table1.ipynb::Cell 0", [], {"notebooks"}),
    ],
)
def test_a_test_s_tiers_come_from_its_fixtures_and_its_folder(nodeid, fixtures, expected):
    assert tiers_of(nodeid, fixtures) == expected


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ([".venv/bin/jupyter-book", "build", "/tmp/book"], "build"),
        (["sphinx-build", "-b", "html", "src", "out"], "build"),
        ("make -C /tmp/fork book", "build"),
        ([sys.executable, "-m", "nanoimaging", "pdf"], "build"),
        (["/usr/bin/chromium", "--headless=new"], "browser"),
        ([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"], "kernel"),
        ([sys.executable, "-m", "nanoimaging", "choose", "--help"], None),
        ([".venv/bin/nanoimaging", "screenshots", "_build/html", "/tmp/shots"], "build"),
        ([sys.executable, "-m", "pytest", "-n", "2", "notebooks", "book", "src/nanoimaging"], None),
        (["make", "validate"], None),
        (["git", "status"], None),
        (b"ruff check notebooks", None),
    ],
)
def test_commands_that_build_launch_a_browser_or_run_a_kernel_are_told_apart(command, expected):
    assert refusal(command) == expected


def test_this_fast_test_may_not_start_a_build():
    with pytest.raises(TierError, match=r"not marked build: mark it @pytest\.mark\.build"):
        subprocess.run([str(VENV_BIN / "jupyter-book"), "build", "/nonexistent"], check=False)


def test_this_fast_test_may_not_launch_a_browser():
    from playwright.sync_api._generated import BrowserType

    with pytest.raises(TierError, match="not marked browser"):
        BrowserType.launch(None)  # refused before Playwright (or a browser) is reached


def test_what_is_not_a_build_still_runs_in_the_fast_tier():
    run = subprocess.run([sys.executable, "-c", "print('ran')"], capture_output=True, text=True, check=True)
    assert run.stdout == "ran\n"


def test_a_marker_lets_its_test_do_what_its_tier_does():
    from playwright.sync_api._generated import BrowserType

    counts_as_a_build = [sys.executable, "-c", "print('built')", "jupyter-book"]
    with guarded(["build"]):
        assert subprocess.run(counts_as_a_build, capture_output=True, text=True).stdout == "built\n"
        with pytest.raises(TierError, match="not marked browser"):
            BrowserType.launch(None)
    with guarded(["browser"]), pytest.raises(TierError, match="runs a kernel"):
        subprocess.run([sys.executable, "-m", "ipykernel_launcher", "--help"], check=False)
    with pytest.raises(TierError, match="not marked build"):  # this test's own guard is back
        subprocess.run(counts_as_a_build, check=False)


def test_the_tiers_are_registered_with_strict_markers_and_make_test_fast_leaves_them_all_out():
    pytest_config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]
    options = pytest_config["ini_options"]
    assert "--strict-markers" in options["addopts"].split()
    assert {line.split(":")[0] for line in options["markers"]} == set(TIERS)
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    fast = re.search(r"^FAST_TIER := (.*)$", makefile, re.M)
    assert fast and fast.group(1) == FAST
    recipe = re.search(r"^test-fast:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe and '-m "$(FAST_TIER)"' in recipe.group(1)


def test_no_test_of_the_built_site_is_in_the_fast_tier():
    """Collected as `make test-fast` collects: nothing under tests/site/ is left (every one reads a built site)."""
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist", "-m", FAST, "tests/site"]
    collected = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert re.search(r"no tests collected \(\d+ deselected\)", collected.stdout), collected.stdout[-2000:]
