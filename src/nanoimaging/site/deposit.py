"""What a data archive reads when a release is deposited: Zenodo's and DataCite's metadata.

Computed from ``CITATION.cff`` and ``data/datapackage.json``, adding nothing they do not state.
:func:`zenodo_metadata` is ``.zenodo.json`` (the software *IsSupplementTo* the review; a test keeps
the committed copy equal to CITATION.cff); :func:`datacite_metadata` is the data package's DataCite
4.5 record (it *IsDerivedFrom* the review), validated against the ``datacite`` package's schema.

>>> sorted(zenodo_metadata(citation(), data_package()))[:3]
['access_right', 'creators', 'description']
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ..paths import REPO_ROOT

#: The archive the deposit goes to: it publishes the record and mints its DOI.
PUBLISHER = "Zenodo"

#: Zenodo's deposit metadata (see zenodo-deposit.schema.json: why the project states it).
ZENODO_SCHEMA = "zenodo-deposit.schema.json"

DATACITE_SCHEMA_VERSION = "http://datacite.org/schema/kernel-4"


def citation(root: Path = REPO_ROOT) -> dict[str, Any]:
    """CITATION.cff as data."""
    return yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))


def data_package(root: Path = REPO_ROOT) -> dict[str, Any]:
    """data/datapackage.json as data."""
    return json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))


def json_text(record: dict[str, Any]) -> str:
    """A record as the files hold it: indented, UTF-8 as is, a final newline."""
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def review_doi(cff: dict[str, Any]) -> str:
    """The DOI of the review the companion is built on: CITATION.cff's preferred citation."""
    return str(cff["preferred-citation"]["doi"])


def _orcid(author: dict[str, Any]) -> str | None:
    value = author.get("orcid")
    return str(value).rstrip("/").rsplit("/", 1)[-1] if value else None


def _person_name(author: dict[str, Any]) -> str:
    """'Family, Given' for a person (with a particle before the family name), else the entity's name."""
    if "family-names" not in author:
        return str(author["name"])
    family = " ".join(str(author[k]) for k in ("name-particle", "family-names") if author.get(k))
    given = author.get("given-names")
    return f"{family}, {given}" if given else family


def zenodo_creators(cff: dict[str, Any]) -> list[dict[str, str]]:
    """CITATION.cff's authors as Zenodo creators: name, and an affiliation and ORCID where stated."""
    creators = []
    for author in cff["authors"]:
        creator = {"name": _person_name(author)}
        if author.get("affiliation"):
            creator["affiliation"] = str(author["affiliation"])
        if _orcid(author):
            creator["orcid"] = _orcid(author)
        creators.append(creator)
    return creators


def zenodo_metadata(cff: dict[str, Any], package: dict[str, Any]) -> dict[str, Any]:
    """``.zenodo.json`` for the release stated in CITATION.cff (the software record)."""
    return {
        "upload_type": "software",
        "title": str(cff["title"]),
        "version": str(cff["version"]),
        "publication_date": str(cff["date-released"]),
        "creators": zenodo_creators(cff),
        "description": str(cff.get("abstract") or package["description"]),
        "access_right": "open",
        "license": str(cff["license"]),
        "keywords": [str(k) for k in cff.get("keywords", [])],
        "related_identifiers": [
            {
                "identifier": review_doi(cff),
                "relation": "isSupplementTo",
                "scheme": "doi",
                "resource_type": "publication-article",
            }
        ],
    }


def datacite_creators(cff: dict[str, Any]) -> list[dict[str, Any]]:
    """CITATION.cff's authors as DataCite creators (Personal or Organizational), with what is stated."""
    creators = []
    for author in cff["authors"]:
        person = "family-names" in author
        creator: dict[str, Any] = {"name": _person_name(author), "nameType": "Personal" if person else "Organizational"}
        if person:
            creator["familyName"] = " ".join(str(author[k]) for k in ("name-particle", "family-names") if author.get(k))
            if author.get("given-names"):
                creator["givenName"] = str(author["given-names"])
        if _orcid(author):
            creator["nameIdentifiers"] = [
                {
                    "nameIdentifier": f"https://orcid.org/{_orcid(author)}",
                    "nameIdentifierScheme": "ORCID",
                    "schemeUri": "https://orcid.org",
                }
            ]
        if author.get("affiliation"):
            creator["affiliation"] = [{"name": str(author["affiliation"])}]
        creators.append(creator)
    return creators


def datacite_metadata(cff: dict[str, Any], package: dict[str, Any]) -> dict[str, Any]:
    """The data package as a DataCite 4.5 record: no DOI yet (the archive mints it on deposit)."""
    released = str(cff["date-released"])
    formats = sorted({str(r["mediatype"]) for r in package["resources"] if r.get("mediatype")})
    return {
        "types": {"resourceTypeGeneral": "Dataset", "resourceType": "Frictionless Data Package"},
        "creators": datacite_creators(cff),
        "titles": [{"title": str(package["title"])}],
        "publisher": {"name": PUBLISHER},
        "publicationYear": released[:4],
        "subjects": [{"subject": str(k)} for k in cff.get("keywords", [])],
        "dates": [{"date": released, "dateType": "Issued"}],
        "language": "en",
        "relatedIdentifiers": [
            {
                "relatedIdentifier": review_doi(cff),
                "relatedIdentifierType": "DOI",
                "relationType": "IsDerivedFrom",
                "resourceTypeGeneral": "JournalArticle",
            }
        ],
        "formats": ["application/json", *formats],
        "version": str(package["version"]),
        "rightsList": [
            {
                "rights": str(lic.get("title") or lic["name"]),
                "rightsUri": str(lic["path"]),
                "rightsIdentifier": str(lic["name"]),
                "rightsIdentifierScheme": "SPDX",
            }
            for lic in package["licenses"]
        ],
        "descriptions": [{"description": str(package["description"]), "descriptionType": "Abstract"}],
        "schemaVersion": DATACITE_SCHEMA_VERSION,
    }


def _messages(validator: Any, record: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(record)'}: {error.message}"
        for error in sorted(validator.iter_errors(record), key=lambda e: list(map(str, e.absolute_path)))
    ]


def zenodo_problems(record: dict[str, Any]) -> list[str]:
    """What in ``record`` the Zenodo deposit schema refuses (empty when it is valid)."""
    schema = json.loads(resources.files(__package__).joinpath(ZENODO_SCHEMA).read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return _messages(validator_class(schema, format_checker=validator_class.FORMAT_CHECKER), record)


def datacite_problems(record: dict[str, Any]) -> list[str]:
    """What in ``record`` the DataCite 4.5 JSON schema (as the ``datacite`` package ships it) refuses."""
    from datacite import schema45  # lxml and a resolver: loaded only when a record is checked

    return _messages(schema45.validator, record)


def disagreements(
    zenodo: dict[str, Any], datacite: dict[str, Any], cff: dict[str, Any], package: dict[str, Any]
) -> list[str]:
    """Where the metadata disagree with CITATION.cff or datapackage.json: version, licence, title, the review."""
    found = []

    def check(what: str, got: Any, stated: Any, where: str) -> None:
        if got != stated:
            found.append(f"{what}: {got!r}, but {where} says {stated!r}")

    check(".zenodo.json version", zenodo.get("version"), str(cff["version"]), "CITATION.cff")
    check(".zenodo.json publication_date", zenodo.get("publication_date"), str(cff["date-released"]), "CITATION.cff")
    check(".zenodo.json license", zenodo.get("license"), str(cff["license"]), "CITATION.cff")
    check(".zenodo.json title", zenodo.get("title"), str(cff["title"]), "CITATION.cff")
    check(".zenodo.json creators", zenodo.get("creators"), zenodo_creators(cff), "CITATION.cff (authors)")
    review = {"identifier": review_doi(cff), "relation": "isSupplementTo"}
    related = [{k: r.get(k) for k in review} for r in zenodo.get("related_identifiers", [])]
    check(".zenodo.json review", review in related, True, f"CITATION.cff (preferred-citation doi {review_doi(cff)})")

    check("DataCite version", datacite.get("version"), str(cff["version"]), "CITATION.cff")
    check("DataCite version", datacite.get("version"), str(package["version"]), "datapackage.json")
    check(
        "DataCite title", [t.get("title") for t in datacite.get("titles", [])], [package["title"]], "datapackage.json"
    )
    check(
        "DataCite licences",
        [r.get("rightsIdentifier") for r in datacite.get("rightsList", [])],
        [lic["name"] for lic in package["licenses"]],
        "datapackage.json",
    )
    check("DataCite creators", datacite.get("creators"), datacite_creators(cff), "CITATION.cff (authors)")
    sources = " ".join(str(s.get("path", "")) for s in package.get("sources", []))
    derived = [
        r.get("relatedIdentifier")
        for r in datacite.get("relatedIdentifiers", [])
        if r.get("relationType") == "IsDerivedFrom" and r.get("relatedIdentifierType") == "DOI"
    ]
    check(
        "DataCite review", review_doi(cff) in derived, True, f"CITATION.cff (preferred-citation doi {review_doi(cff)})"
    )
    check("datapackage.json sources", review_doi(cff) in sources, True, "CITATION.cff (the review's DOI)")
    return found
