"""A fixture name means one thing: no two fixtures of the suite share a name (one would shadow the other)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from nanoimaging.paths import REPO_ROOT


def fixture_names(source: str) -> list[tuple[str, int]]:
    """The fixtures a module defines (``@pytest.fixture``, with or without arguments or ``name=``), with their lines."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            if ast.unparse(call.func if call else decorator) not in ("pytest.fixture", "fixture"):
                continue
            named = [k.value.value for k in (call.keywords if call else []) if k.arg == "name"]
            found.append((named[0] if named else node.name, node.lineno))
    return found


def shared_names(modules: dict[str, str]) -> dict[str, list[str]]:
    """Fixture names defined more than once among ``modules`` (path: source), with where."""
    places = defaultdict(list)
    for path, source in modules.items():
        for name, line in fixture_names(source):
            places[name].append(f"{path}:{line}")
    return {name: where for name, where in places.items() if len(where) > 1}


def suite_modules() -> dict[str, str]:
    paths = [*sorted((REPO_ROOT / "tests").rglob("*.py")), REPO_ROOT / "conftest.py"]
    return {str(Path(p).relative_to(REPO_ROOT)): p.read_text(encoding="utf-8") for p in paths}


def test_no_two_fixtures_share_a_name():
    modules = suite_modules()
    defined = [name for source in modules.values() for name, _ in fixture_names(source)]
    assert len(defined) > 20, "the suite's fixtures were not found"
    assert shared_names(modules) == {}


def test_a_module_fixture_that_shadows_a_session_fixture_is_found():
    """Fault test: tests/test_evidence.py once had its own `small`, hiding the one of tests/conftest.py."""
    conftest = "import pytest\n\n@pytest.fixture(scope='session')\ndef small():\n    return 1\n"
    module = "import pytest\n\n@pytest.fixture\ndef small(data_dir):\n    return data_dir\n"
    renamed = "from pytest import fixture\n\n@fixture(name='small')\ndef _small():\n    return 2\n"
    assert shared_names({"conftest.py": conftest, "test_evidence.py": module}) == {
        "small": ["conftest.py:4", "test_evidence.py:4"]
    }
    assert shared_names({"conftest.py": conftest, "test_other.py": renamed}) == {
        "small": ["conftest.py:4", "test_other.py:4"]
    }
