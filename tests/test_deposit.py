"""The deposit's metadata: valid offline against their schemas, and in agreement with CITATION.cff
and data/datapackage.json (version, licence, title, the review as related work)."""

from __future__ import annotations

import json
import shutil
import socket
import zipfile
from pathlib import Path

import frictionless
import pytest
import yaml

from nanoimaging import cli
from nanoimaging.cli.exits import EXIT_OK, EXIT_PROBLEMS
from nanoimaging.paths import REPO_ROOT
from nanoimaging.site import deposit, deposit_files, release

REVIEW = "10.7150/thno.38625"


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Validation reads the schemas from disk: any connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"a test tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of what the deposit reads: CITATION.cff, data/, and what `release` edits."""
    for name in ("CITATION.cff", "CHANGELOG.md", "pyproject.toml", ".zenodo.json"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    return tmp_path


def edit_citation(root: Path, **changes) -> None:
    cff = deposit.citation(root)
    cff.update(changes)
    (root / "CITATION.cff").write_text(yaml.safe_dump(cff, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_the_records_validate_offline_against_their_schemas():
    cff, package = deposit.citation(), deposit.data_package()
    assert deposit.zenodo_problems(deposit.zenodo_metadata(cff, package)) == []
    assert deposit.datacite_problems(deposit.datacite_metadata(cff, package)) == []


@pytest.mark.parametrize(
    ("which", "change", "expected"),
    [
        ("zenodo", {"upload_type": "code"}, "upload_type"),
        ("zenodo", {"related_identifiers": [{"identifier": REVIEW, "relation": "supplements"}]}, "relation"),
        ("zenodo", {"publication_date": "25 November 2026"}, "publication_date"),
        ("zenodo", {"licence": "MIT"}, "licence"),
        ("datacite", {"publisher": "Zenodo"}, "publisher"),
        ("datacite", {"types": {"resourceTypeGeneral": "Data"}}, "types"),
        ("datacite", {"titles": []}, ""),
    ],
)
def test_a_record_its_schema_refuses_is_reported(which, change, expected):
    cff, package = deposit.citation(), deposit.data_package()
    make, check = {
        "zenodo": (deposit.zenodo_metadata, deposit.zenodo_problems),
        "datacite": (deposit.datacite_metadata, deposit.datacite_problems),
    }[which]
    problems = check({**make(cff, package), **change})
    assert problems and expected in " ".join(problems), problems


def test_the_committed_zenodo_json_is_the_one_citation_cff_gives():
    committed = json.loads((REPO_ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert committed == deposit.zenodo_metadata(deposit.citation(), deposit.data_package()), (
        ".zenodo.json disagrees with CITATION.cff: run `python -m nanoimaging deposit` and copy "
        "_build/deposit/.zenodo.json, or `make release`"
    )


def test_the_records_agree_with_citation_cff_and_the_data_package():
    cff, package = deposit.citation(), deposit.data_package()
    zenodo, datacite = deposit_files.records()
    assert zenodo["version"] == datacite["version"] == str(cff["version"]) == package["version"]
    assert zenodo["license"] == cff["license"]
    assert [r["rightsIdentifier"] for r in datacite["rightsList"]] == [lic["name"] for lic in package["licenses"]]
    assert zenodo["title"] == cff["title"] and datacite["titles"] == [{"title": package["title"]}]
    assert deposit.review_doi(cff) == REVIEW
    assert {
        "identifier": REVIEW,
        "relation": "isSupplementTo",
        "scheme": "doi",
        "resource_type": "publication-article",
    } in (zenodo["related_identifiers"])
    assert any(
        r["relatedIdentifier"] == REVIEW and r["relationType"] == "IsDerivedFrom"
        for r in datacite["relatedIdentifiers"]
    )
    assert deposit.disagreements(zenodo, datacite, cff, package) == []


@pytest.mark.parametrize(
    ("which", "change", "expected"),
    [
        ("zenodo", {"version": "9.9.9"}, ".zenodo.json version"),
        ("zenodo", {"license": "Apache-2.0"}, ".zenodo.json license"),
        ("zenodo", {"title": "Another title"}, ".zenodo.json title"),
        ("zenodo", {"related_identifiers": []}, ".zenodo.json review"),
        ("zenodo", {"creators": [{"name": "Someone Else"}]}, ".zenodo.json creators"),
        ("datacite", {"version": "9.9.9"}, "DataCite version"),
        ("datacite", {"titles": [{"title": "Another title"}]}, "DataCite title"),
        ("datacite", {"rightsList": []}, "DataCite licences"),
        ("datacite", {"relatedIdentifiers": []}, "DataCite review"),
    ],
)
def test_a_record_that_disagrees_is_reported(which, change, expected):
    cff, package = deposit.citation(), deposit.data_package()
    records = {"zenodo": deposit.zenodo_metadata(cff, package), "datacite": deposit.datacite_metadata(cff, package)}
    records[which] = {**records[which], **change}
    found = deposit.disagreements(records["zenodo"], records["datacite"], cff, package)
    assert any(line.startswith(expected) for line in found), found


def test_a_citation_file_whose_version_disagrees_with_the_data_package_stops_the_deposit(root):
    edit_citation(root, version="0.9.0")
    before = deposit_files.DEPOSIT_DIR
    with pytest.raises(deposit_files.DepositProblem, match=r"DataCite version: '0.1.0', but CITATION.cff says '0.9.0'"):
        deposit_files.write_deposit(root)
    assert not (root / before).exists(), "a refused deposit writes nothing"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"version": "0.9.0"}, "version"),
        ({"license": "Apache-2.0"}, "license"),
        ({"title": "Another title"}, "title"),
    ],
)
def test_the_committed_zenodo_json_check_fails_on_an_edited_citation_file(root, change, expected):
    edit_citation(root, **change)
    committed = json.loads((root / ".zenodo.json").read_text(encoding="utf-8"))
    fresh = deposit.zenodo_metadata(deposit.citation(root), deposit.data_package(root))
    assert committed != fresh
    datacite = deposit.datacite_metadata(deposit.citation(root), deposit.data_package(root))
    found = deposit.disagreements(committed, datacite, deposit.citation(root), deposit.data_package(root))
    assert any(line.startswith(f".zenodo.json {expected}") for line in found), found


def test_a_review_doi_missing_from_the_data_package_sources_is_reported(root):
    package = deposit.data_package(root)
    package["sources"] = [{"title": "elsewhere", "path": "https://example.org/"}]
    cff = deposit.citation(root)
    found = deposit.disagreements(
        deposit.zenodo_metadata(cff, package), deposit.datacite_metadata(cff, package), cff, package
    )
    assert any(line.startswith("datapackage.json sources") for line in found), found


def test_authors_carry_what_citation_cff_states_and_nothing_more(root):
    authors = [
        {
            "family-names": "Doe",
            "given-names": "Ann",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
            "affiliation": "A",
        },
        {"family-names": "Roe", "given-names": "Bo"},
        {"name": "A group"},
    ]
    edit_citation(root, authors=authors)
    cff, package = deposit.citation(root), deposit.data_package(root)
    assert deposit.zenodo_creators(cff) == [
        {"name": "Doe, Ann", "affiliation": "A", "orcid": "0000-0002-1825-0097"},
        {"name": "Roe, Bo"},
        {"name": "A group"},
    ]
    creators = deposit.datacite_creators(cff)
    assert creators[0]["nameIdentifiers"][0]["nameIdentifier"] == "https://orcid.org/0000-0002-1825-0097"
    assert creators[1] == {"name": "Roe, Bo", "nameType": "Personal", "familyName": "Roe", "givenName": "Bo"}
    assert creators[2] == {"name": "A group", "nameType": "Organizational"}
    assert deposit.datacite_problems(deposit.datacite_metadata(cff, package)) == []
    assert deposit.zenodo_problems(deposit.zenodo_metadata(cff, package)) == []


def test_the_deposit_holds_the_records_the_zip_and_checksums_that_verify(root, tmp_path):
    out = tmp_path / "deposit"
    written = deposit_files.write_deposit(root, out)
    package = deposit.data_package(root)
    name = f"{package['name']}-{package['version']}"
    assert [p.name for p in written] == sorted([".zenodo.json", "SHA256SUMS", "datacite.json", f"{name}.zip"])
    sums = deposit_files.read_sums((out / "SHA256SUMS").read_text(encoding="utf-8"))
    assert set(sums) == {".zenodo.json", "datacite.json", f"{name}.zip"}
    assert all(deposit_files.sha256((out / f).read_bytes()) == digest for f, digest in sums.items())
    with zipfile.ZipFile(out / f"{name}.zip") as archive:
        archive.extractall(tmp_path / "unzipped")
    folder = tmp_path / "unzipped" / name
    inner = deposit_files.read_sums((folder / "SHA256SUMS").read_text(encoding="utf-8"))
    resources = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert resources and {r["path"] for r in resources} | {"datapackage.json", "CITATION.cff"} == set(inner)
    assert all(deposit_files.sha256((folder / f).read_bytes()) == digest for f, digest in inner.items())
    assert all(r["hash"] == f"sha256:{inner[r['path']]}" for r in resources)
    assert frictionless.validate(folder / "datapackage.json").valid
    # The same release gives the same bytes.
    again = deposit_files.write_deposit(root, tmp_path / "again")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]


def test_an_edited_csv_in_the_zipped_package_fails_its_hash(root, tmp_path):
    out = tmp_path / "deposit"
    deposit_files.write_deposit(root, out)
    zipped = next(out.glob("*.zip"))
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(tmp_path / "unzipped")
    folder = next((tmp_path / "unzipped").iterdir())
    csv = folder / "modalities.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("MRI", "MRT", 1), encoding="utf-8")
    report = frictionless.validate(folder / "datapackage.json")
    assert not report.valid
    assert "hash-count" in {error.type for task in report.tasks for error in task.errors}


def test_release_writes_the_new_versions_zenodo_json(root):
    release.release("0.2.0", "2026-12-01", root=root)
    written = json.loads((root / ".zenodo.json").read_text(encoding="utf-8"))
    assert written["version"] == "0.2.0" and written["publication_date"] == "2026-12-01"
    assert written == deposit.zenodo_metadata(deposit.citation(root), deposit.data_package(root))
    deposit_files.write_deposit(root)  # the released copy agrees with itself everywhere


def test_deposit_command_writes_or_reports(tmp_path, capsys, monkeypatch):
    assert cli.main(["deposit", "--output", str(tmp_path / "out")]) == EXIT_OK
    assert "datacite.json" in capsys.readouterr().out
    monkeypatch.setattr(deposit, "datacite_metadata", lambda cff, package: {"titles": []})
    assert cli.main(["deposit", "--output", str(tmp_path / "bad")]) == EXIT_PROBLEMS
    assert "Nothing was written" in capsys.readouterr().err and not (tmp_path / "bad").exists()
