"""The data package described for search engines: schema.org ``Dataset`` JSON-LD.

Everything comes from ``datapackage.json`` (name, description, version, licences,
resources) and from the review's own entry in ``references.bib`` (the citation);
nothing is typed twice. Where each file can be downloaded is the caller's to say
(the site knows its download URLs; :func:`dataset_jsonld` takes them as a mapping).

>>> package = {"name": "p", "title": "P", "description": "D", "version": "1.0.0",
...            "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
...            "resources": [{"name": "a", "path": "a.csv", "description": "A"}]}
>>> ld = dataset_jsonld(package, {"a.csv": "_downloads/1/a.csv"}, zip_url="_static/data/p.zip")
>>> ld["@type"], ld["version"], [d["contentUrl"] for d in ld["distribution"]]
('Dataset', '1.0.0', ['_downloads/1/a.csv', '_static/data/p.zip'])
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..refs.bibtex import REVIEW_KEY, Reference, read_references

CSV = "text/csv"
ZIP = "application/zip"


def review_citation(review: Reference) -> dict[str, Any]:
    """The review as a schema.org ``ScholarlyArticle``, from its BibTeX entry (only the fields it has)."""
    fields = review.fields
    article: dict[str, Any] = {"@type": "ScholarlyArticle"}
    if fields.get("title"):
        article["name"] = fields["title"]
    if fields.get("author"):
        article["author"] = [
            {"@type": "Person", "name": name.strip()} for name in fields["author"].split(" and ") if name.strip()
        ]
    if fields.get("journal"):
        article["isPartOf"] = {"@type": "Periodical", "name": fields["journal"]}
    if fields.get("year"):
        article["datePublished"] = fields["year"]
    if fields.get("doi"):
        article["identifier"] = f"https://doi.org/{fields['doi']}"
        article["url"] = f"https://doi.org/{fields['doi']}"
    return article


def dataset_jsonld(
    package: Mapping[str, Any],
    download_urls: Mapping[str, str],
    *,
    zip_url: str | None = None,
    review: Reference | None = None,
) -> dict[str, Any]:
    """schema.org ``Dataset`` for ``package`` (a parsed datapackage.json).

    :param download_urls: resource path (``studies.csv``) -> the URL it is served at.
        A resource without a URL is left out of ``distribution``.
    :param zip_url: where the zip of the whole package is served, if it is.
    :param review: the review's BibTeX entry, cited as the dataset's source.
    """
    ld: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": package.get("title") or package["name"],
        "alternateName": package["name"],
        "description": package.get("description", ""),
        "version": package.get("version", ""),
        "license": [licence["path"] for licence in package.get("licenses", []) if licence.get("path")],
        "isAccessibleForFree": True,
    }
    creators = [c.get("title") for c in package.get("contributors", []) if c.get("title")]
    if creators:
        ld["creator"] = [{"@type": "Organization", "name": name} for name in creators]
    if review is not None:
        ld["citation"] = review_citation(review)
        ld["isBasedOn"] = ld["citation"].get("identifier", "")
    distribution = []
    for resource in package.get("resources", []):
        url = download_urls.get(resource["path"])
        if url is None:
            continue
        distribution.append(
            {
                "@type": "DataDownload",
                "name": resource["path"],
                "description": resource.get("description") or resource.get("title") or resource["name"],
                "encodingFormat": resource.get("mediatype", CSV),
                "contentUrl": url,
            }
        )
    if zip_url:
        distribution.append(
            {
                "@type": "DataDownload",
                "name": zip_url.rsplit("/", 1)[-1],
                "description": "The whole data package: every file above, datapackage.json and references.bib",
                "encodingFormat": ZIP,
                "contentUrl": zip_url,
            }
        )
    ld["distribution"] = distribution
    return ld


def package_jsonld(data_dir: Path, download_urls: Mapping[str, str], zip_url: str | None = None) -> dict[str, Any]:
    """:func:`dataset_jsonld` of ``data_dir/datapackage.json``, citing the review from its references file."""
    package = json.loads((Path(data_dir) / "datapackage.json").read_text(encoding="utf-8"))
    review = None
    if package.get("references"):
        references = read_references(Path(data_dir) / package["references"])
        review = references.entries.get(REVIEW_KEY)
    return dataset_jsonld(package, download_urls, zip_url=zip_url, review=review)
