"""The package's layers are enforced (import-linter), its modules stay small, and the library stays light."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from nanoimaging.paths import REPO_ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGE = REPO_ROOT / "src" / "nanoimaging"


def _lint_imports(src: Path, config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=config.parent,
        env={"PYTHONPATH": str(src), "PATH": str(Path(sys.executable).parent)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_layers_hold():
    result = _lint_imports(REPO_ROOT / "src", REPO_ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_import_against_the_layers_is_caught(tmp_path):
    """The contract can fail: the data layer importing the site machinery breaks it."""
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "nanoimaging", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    load = src / "nanoimaging" / "data" / "dataset.py"
    load.write_text(load.read_text(encoding="utf-8") + "\nfrom ..site import book  # noqa\n", encoding="utf-8")
    result = _lint_imports(src, tmp_path / "pyproject.toml")
    assert result.returncode != 0
    assert "nanoimaging.data.dataset -> nanoimaging.site.book" in result.stdout


def test_a_library_layer_running_kernels_is_caught(tmp_path):
    """The build contract can fail: a chart module that runs notebooks (nbclient) breaks it."""
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "nanoimaging", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    table1 = src / "nanoimaging" / "figures" / "table1.py"
    table1.write_text(table1.read_text(encoding="utf-8") + "\nimport nbclient  # noqa\n", encoding="utf-8")
    result = _lint_imports(src, tmp_path / "pyproject.toml")
    assert result.returncode != 0
    assert "The library layers do not import the build BROKEN" in result.stdout
    assert "nanoimaging.figures.table1 -> nbclient" in result.stdout


def test_no_module_exceeds_400_lines():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 10, f"the package's modules were not found in {PACKAGE}"
    long = {
        p.relative_to(PACKAGE).as_posix(): n
        for p in modules
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_import_nanoimaging_and_loading_data_do_not_import_altair():
    code = "import sys, nanoimaging; nanoimaging.load(); nanoimaging.choose(nanoimaging.load()); print('altair' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_public_names_mean_the_functions_even_after_their_subpackages_are_imported():
    """`nanoimaging.choose` is the function even after a module of its subpackage was imported."""
    code = (
        "import nanoimaging; from nanoimaging.choose import vega_twin; import nanoimaging.data.dataset; "
        "from nanoimaging.data import load, validate; "
        "print(nanoimaging.choose.__module__, load.__module__, nanoimaging.load is load, validate.__module__)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == [
        "nanoimaging.choose.chooser",
        "nanoimaging.data.dataset",
        "True",
        "nanoimaging.data.validation",
    ]


def test_import_nanoimaging_does_not_import_the_validating_libraries():
    """frictionless and pint come with `validate`, when first asked for: loading handed-over data needs neither."""
    code = "import sys, nanoimaging; print(sorted(m for m in ('frictionless', 'pint', 'altair') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
