"""The data package as a whole: its descriptor, the vocabularies, and load()."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from nanoimaging import load, validate
from nanoimaging.data import vocabulary
from nanoimaging.paths import REPO_ROOT
from review_rows import enum

DESCRIPTOR = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def test_shipped_data_is_valid():
    result = validate()
    assert result.ok, "\n".join(map(str, result.problems))


def test_frictionless_itself_accepts_the_package():
    """The package is a standard Data Package, not only valid for our own validator."""
    frictionless = Path(sys.executable).parent / "frictionless"  # the library's own command
    run = subprocess.run(
        [str(frictionless), "validate", str(REPO_ROOT / "data" / "datapackage.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_descriptor_carries_version_licences_and_source():
    assert DESCRIPTOR["version"] == "0.1.0"
    assert {licence["name"] for licence in DESCRIPTOR["licenses"]} == {"CC-BY-4.0", "MIT"}
    assert "10.7150/thno.38625" in DESCRIPTOR["sources"][0]["path"]
    for resource in DESCRIPTOR["resources"]:
        assert resource["schema"]["primaryKey"], resource["name"]


@pytest.mark.parametrize(
    ("resource", "field", "words"),
    [
        ("scales", "scale", vocabulary.SCALES),
        ("modalities", "temporal_resolution", vocabulary.TEMPORAL_RESOLUTIONS),
        ("approaches", "aspect", vocabulary.ASPECTS),
        ("scales", "setting", vocabulary.STATEMENT_SETTINGS),
        ("resolution", "setting", vocabulary.SETTINGS),
        ("studies", "setting", vocabulary.SETTINGS),
        ("assessments", "kind", vocabulary.KINDS),
    ],
)
def test_code_vocabularies_equal_the_schema_enums(resource, field, words):
    assert tuple(enum(resource, field)) == tuple(words)


def test_load_returns_typed_tables_in_the_review_order():
    """Fidelity: the review's rows come in the review's order (rows a fork adds are left out)."""
    data = load().review_only()
    assert data.version == DESCRIPTOR["version"]
    assert list(data.modalities["modality_id"]) == [
        "pet-spect",
        "mri",
        "ct",
        "us",
        "bli-fli",
        "fdot-fmt",
        "ivm",
        "optoacoustic",
        "msi",
    ]
    assert data.scales["scale"].cat.ordered
    assert list(data.scales["scale"].cat.categories) == list(vocabulary.SCALES)
    assert data.modalities["temporal_resolution"].cat.categories.tolist() == ["slow", "medium", "fast"]
    assert data.modalities["depth_max_m"].dtype == "float64"
    assert data.resolution["position"].dtype == "Int64"
    # No magic numbers: whole body and not applicable have no depth at all.
    no_depth = data.modalities[data.modalities["depth_qualifier"].isin(["whole-body", "not-applicable"])]
    assert no_depth[["depth_min_m", "depth_max_m"]].isna().all().all()
    assert len(no_depth) == 4


def test_every_modality_has_scale_statements_and_studies():
    data = load().review_only()
    assert set(data.scales["modality_id"]) == set(data.modalities["modality_id"])
    assert len(data.studies) >= 60


def test_load_accepts_a_data_folder_argument(data_dir):
    assert len(load(data_dir).modalities) == len(load().modalities)
    assert isinstance(load(str(data_dir)).approaches, pd.DataFrame)


def files_named(descriptor: dict, data_dir: Path) -> list[Path]:
    """Every local file a data package descriptor names (resources, references, the review's text), resolved."""
    names = [r["path"] for r in descriptor.get("resources", []) if isinstance(r.get("path"), str)]
    names += [descriptor[key] for key in ("references", "reviewText") if isinstance(descriptor.get(key), str)]
    return [(data_dir / name).resolve() for name in names if "://" not in name]


def outside_the_shipped_files(paths: list[Path], root: Path) -> list[str]:
    """The paths that lie in the tests (or outside the project): the shipped data must not depend on them."""
    tests = (root / "tests").resolve()
    return [str(p) for p in paths if p.is_relative_to(tests) or not p.is_relative_to(root.resolve())]


def test_no_file_the_data_package_names_is_in_the_tests():
    named = files_named(DESCRIPTOR, REPO_ROOT / "data")
    assert len(named) > len(DESCRIPTOR["resources"]), "the references and the review's text are named"
    assert all(p.is_file() for p in named), [str(p) for p in named if not p.is_file()]
    assert outside_the_shipped_files(named, REPO_ROOT) == []


def test_a_review_text_among_the_test_fixtures_is_found():
    """Fault test: the descriptor as it was, naming the review's text in tests/fixtures/."""
    descriptor = {**DESCRIPTOR, "reviewText": "../tests/fixtures/de-maar-2020-theranostics.txt"}
    found = outside_the_shipped_files(files_named(descriptor, REPO_ROOT / "data"), REPO_ROOT)
    assert found == [str((REPO_ROOT / "tests" / "fixtures" / "de-maar-2020-theranostics.txt").resolve())]
