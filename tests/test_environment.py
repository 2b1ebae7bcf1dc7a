"""Binder's environment.yml and pip's requirements.txt pin the same versions."""

from __future__ import annotations

import re

import yaml
from packaging.requirements import Requirement

from nanoimaging.paths import REPO_ROOT


def pins(lines) -> dict[str, str]:
    found = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", f"not an exact pin: {line}"
        found[re.sub(r"[-_.]+", "-", requirement.name).lower()] = specifiers[0].version
    return found


def requirements_pins() -> dict[str, str]:
    return pins((REPO_ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines())


def environment() -> dict:
    return yaml.safe_load((REPO_ROOT / "environment.yml").read_text(encoding="utf-8"))


def test_environment_yml_pins_what_requirements_txt_pins():
    pip_section = next(d["pip"] for d in environment()["dependencies"] if isinstance(d, dict))
    assert pins(pip_section) == requirements_pins()
    assert "-e ." in pip_section, "Binder must install the nanoimaging package itself"


def test_environment_yml_python_matches_the_one_we_test_with():
    conda = [d for d in environment()["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in conda and "pip" in conda


def test_every_dependency_of_the_package_is_pinned():
    import tomllib

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pinned = requirements_pins()
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pinned, f"{name} is a dependency but has no pin in requirements.txt"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"the pin {name}=={pinned[name]} is outside pyproject's range {requirement.specifier}"
        )


def test_installed_versions_are_the_pinned_ones():
    """What the tests run with is what the pins say (a stale .venv/ fails here)."""
    from importlib.metadata import version

    for name, pinned in requirements_pins().items():
        assert version(name) == pinned, name


def _requirement_closure(names: set[str]) -> set[str]:
    """The pinned distributions and everything they require, as installed here."""
    from importlib.metadata import PackageNotFoundError, requires

    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in seen:
            continue
        seen.add(name)
        try:
            needed = requires(name) or []
        except PackageNotFoundError:
            continue
        for line in needed:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def test_every_notebook_import_is_provided_by_environment_yml():
    import ast
    import json
    import sys
    from importlib.metadata import packages_distributions

    from nanoimaging.site.runner import book_notebooks

    pip_section = next(d["pip"] for d in environment()["dependencies"] if isinstance(d, dict))
    provided = _requirement_closure(set(pins(pip_section)))
    distributions = packages_distributions()
    imported: set[str] = set()
    for path in book_notebooks():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.Import):
                    imported |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    imported.add(node.module.split(".")[0])
    assert {"nanoimaging", "IPython"} <= imported
    for module in sorted(imported - set(sys.stdlib_module_names) - {"nanoimaging"}):  # nanoimaging: "-e ."
        owners = {re.sub(r"[-_.]+", "-", d).lower() for d in distributions.get(module, [])}
        assert owners & provided, f"notebooks import {module!r}, which no pinned package of environment.yml provides"
