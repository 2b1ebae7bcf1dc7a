"""The fork's own copy of the suite: which tests a fork's data and notebooks can turn red, and how they run there.

tests/site/test_fork.py runs :data:`FORK_SUITE` in the fork's project copy after its ``make book``,
with the copy's own package and data (tests/fork.py ``fork_env``) and with the validation that
``make book`` wrote for those very bytes (nanoimaging.site.runner ``validated_env``): the command-line
tests' processes and the notebooks' kernels read it instead of validating the same data again. A
process that reads other bytes (a broken scratch copy, an edited CSV) validates them in full, since the
handed result is keyed on the digest of what it validated (nanoimaging.data.validated).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fork import fork_env
from nanoimaging.site.runner import validated_env

#: What the fork's suite runs: the tests whose inputs include the data, references.bib or the notebooks.
FORK_SUITE = (
    "tests/test_transcription.py",
    "tests/test_package.py",
    "tests/test_fidelity.py",
    "tests/test_chooser.py",
    "tests/test_chooser_reports.py",
    "tests/test_choose_inputs.py",
    "tests/test_chooser_data.py",
    "tests/test_cover.py",
    "tests/test_evidence.py",
    "tests/test_written_packages.py",
    "tests/test_bad_input.py",
    "tests/test_bad_input_cells.py",
    "tests/test_cli.py",
    "notebooks",
    "book",
    "src/nanoimaging",
)


def suite_env(root: Path) -> dict[str, str]:
    """The environment of the fork's suite: the copy's package and data, and the validation its build handed on.

    Without the variables of the xdist worker it runs in: the fork's suite is a session of its own.
    """
    env = {name: value for name, value in fork_env(root).items() if not name.startswith("PYTEST_XDIST_")}
    return {**env, **validated_env(root)}


def run_fork_suite(
    root: Path, paths: tuple[str, ...] = FORK_SUITE, workers: int = 0, timeout: int = 1200
) -> subprocess.CompletedProcess:
    """pytest on ``paths`` in the project copy at ``root``: in one process by default, since it runs inside a
    worker of `make test`, whose other worker keeps the second core busy (two more workers here only added
    contention and a second start, collection and session fixtures: about 15 s of CPU); on ``workers`` workers
    otherwise (a module's tests, and a notebook's cells, stay together on one)."""
    spread = ["-n", str(workers), "--dist", "loadscope", "--no-loadscope-reorder"] if workers else ["-n", "0"]
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *spread, *paths],
        cwd=root,
        env=suite_env(root),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def passed(result: subprocess.CompletedProcess) -> bool:
    """Whether the run exited 0 with some tests passed and none failed (its last line says so)."""
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    return result.returncode == 0 and " passed" in last and "failed" not in last and "error" not in last
