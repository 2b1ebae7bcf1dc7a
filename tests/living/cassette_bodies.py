"""The recorded responses the living tests replay, written as vcrpy cassettes (``python tests/living/cassette_bodies.py``).

The works are synthetic (titles say so; DOIs use Crossref's example prefix 10.5555), and so
are the identifiers of the review at Europe PMC (MED 99999999) and OpenAlex (W0000000001).
The shapes are the sources' own, from their documentation and recorded examples:

- OpenCitations Index v2 ``/citations/doi:…``: a JSON list of ``oci, citing, cited, creation,
  timespan, journal_sc, author_sc``, ``citing`` holding ``omid:br/… doi:… pmid:…`` (the API's
  specification, index_v2.hf in the opencitations/api repository, its ``#output_json``).
- OpenCitations Meta v1 ``/metadata/doi:A__doi:B``: a JSON list of ``id, title, author,
  pub_date, page, issue, volume, venue, type, publisher, editor`` (meta_v1.hf, same repository).
- Europe PMC ``/search`` (``version, hitCount, nextCursorMark, request, resultList.result``)
  and ``/{source}/{id}/citations`` (``version, hitCount, request, citationList.citation`` with
  ``id, source, citationType, title, authorString, journalAbbreviation, pubYear, volume, issue,
  pageInfo, citedByCount``): the Articles RESTful API as the europepmc R client's documentation
  (epmc_citations, epmc_search) and client test fixtures describe it; preprints have source PPR.
- OpenAlex ``/works/doi:…`` (a work object) and ``/works?filter=cites:…`` (``meta`` with
  ``count, db_response_time_ms, page, per_page, next_cursor, groups_count``; ``results``;
  ``group_by``), work objects with ``id, doi, title, display_name, publication_year, type,
  authorships, primary_location.source.display_name``: OpenAlex's API documentation.

No title claims anything about the review: a replay into the real project makes every work a
candidate (work C is a duplicate only of the tests' own references.bib, ``living_files.BIB``).
When a body changes, ``tests/living/expected/`` is recorded again with the project's replay:
``nanoimaging living discover --replay tests/living/cassettes/run.yaml --folder DIR/living --bib
DIR/references.bib --now 2026-12-01T06:00:00Z``, ``DIR`` holding a copy of ``living/`` and
``living_files.BIB``; then its ``candidates.csv`` and ``runs.json`` are copied there.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

HERE = Path(__file__).parent / "cassettes"
REVIEW = "10.7150/thno.38625"
EPMC = "https://www.ebi.ac.uk/europepmc/webservices/rest"
A_TITLE = "Synthetic work A: mapping nanoparticle distribution in tumours by multiscale imaging"
B_TITLE = "Synthetic work B: drug release imaged across tumour regions"
D_TITLE = "Synthetic work D: spatial heterogeneity of liposome uptake"


def oc_citations() -> list:
    def row(oci, citing, date):
        return {
            "oci": oci,
            "citing": citing,
            "cited": f"omid:br/0610000000 doi:{REVIEW} pmid:99999999",
            "creation": date,
            "timespan": "P1Y2M3D",
            "journal_sc": "no",
            "author_sc": "no",
        }

    return [
        row("0610000001-0610000000", "omid:br/0610000001 doi:10.5555/synthetic.a pmid:90000001", "2021-04-10"),
        row("0610000003-0610000000", "omid:br/0610000003 doi:10.5555/synthetic.c", "2020-11-02"),
    ]


def oc_meta() -> list:
    def rec(doi, title, date):
        return {
            "id": f"doi:{doi} omid:br/0610000001",
            "title": title,
            "author": "Example, Ann [orcid:0000-0000-0000-0000]; Sample, Bo",
            "pub_date": date,
            "page": "1-10",
            "issue": "1",
            "volume": "1",
            "venue": "Journal Of Synthetic Examples [issn:0000-0000]",
            "type": "journal article",
            "publisher": "Example Publisher [crossref:0]",
            "editor": "",
        }

    return [
        rec("10.5555/synthetic.a", A_TITLE, "2021-04-10"),
        rec("10.5555/synthetic.c", "Synthetic work C: liposome retention in tumour tissue", "2020-11"),
    ]


def epmc_review() -> dict:
    return {
        "version": "6.9",
        "hitCount": 1,
        "request": {"queryString": f'DOI:"{REVIEW}"', "resultType": "idlist", "cursorMark": "*", "pageSize": 25},
        "resultList": {"result": [{"id": "99999999", "source": "MED", "pmid": "99999999", "doi": REVIEW}]},
    }


def epmc_citations(hits: int = 1, items: list | None = None) -> dict:
    item = {
        "id": "90000001",
        "source": "MED",
        "citationType": "research-article; journal article",
        "title": A_TITLE + ".",
        "authorString": "Example A, Sample B",
        "journalAbbreviation": "J Synth Ex",
        "pubYear": 2021,
        "volume": "1",
        "issue": "1",
        "pageInfo": "1-10",
        "citedByCount": 0,
    }
    return {
        "version": "6.9",
        "hitCount": hits,
        "request": {"id": "99999999", "source": "MED", "offSet": 0, "pageSize": 1000, "page": 1},
        "citationList": {"citation": [item] if items is None else items},
    }


def epmc_search(query: str) -> dict:
    def hit(ident, source, doi, title, year):
        return {
            "id": ident,
            "source": source,
            "doi": doi,
            "title": title,
            "authorString": "Example A, Sample B.",
            "journalTitle": "Journal of Synthetic Examples" if source != "PPR" else "",
            "pubYear": year,
            "pubType": "preprint" if source == "PPR" else "research-article",
            "isOpenAccess": "Y",
            "firstPublicationDate": f"{year}-02-01",
        }

    return {
        "version": "6.9",
        "hitCount": 2,
        "nextCursorMark": "AoIIP4AAACgyOTk5OTk5OQ==",
        "request": {"queryString": query, "resultType": "lite", "cursorMark": "*", "pageSize": 1000, "sort": ""},
        "resultList": {
            "result": [
                hit("PPR900001", "PPR", "10.1101/2021.01.01.900001", B_TITLE, "2021"),
                hit("90000004", "MED", "10.5555/synthetic.d", D_TITLE, "2023"),
            ]
        },
    }


def openalex_work(ident: str, doi: str, title: str, year: int, kind: str = "article") -> dict:
    return {
        "id": f"https://openalex.org/{ident}",
        "doi": f"https://doi.org/{doi}",
        "title": title,
        "display_name": title,
        "publication_year": year,
        "publication_date": f"{year}-03-01",
        "type": kind,
        "authorships": [
            {"author_position": "first", "author": {"id": "https://openalex.org/A0", "display_name": "Ann Example"}}
        ],
        "primary_location": {
            "is_oa": True,
            "source": {"id": "https://openalex.org/S0", "display_name": "Journal of Synthetic Examples"},
        },
        "cited_by_count": 0,
    }


def openalex_page(results: list, count: int, cursor: str | None) -> dict:
    meta = {
        "count": count,
        "db_response_time_ms": 12,
        "page": None,
        "per_page": 200,
        "next_cursor": cursor,
        "groups_count": None,
    }
    return {"meta": meta, "results": results, "group_by": []}


def interaction(uri: str, body, status: int = 200, headers: dict | None = None) -> dict:
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return {
        "request": {"body": None, "headers": {}, "method": "GET", "uri": uri},
        "response": {
            "body": {"string": text},
            "headers": {"Content-Type": ["application/json;charset=UTF-8"], **(headers or {})},
            "status": {"code": status, "message": {200: "OK", 429: "Too Many Requests"}[status]},
        },
    }


def run_interactions(query: str, **replace) -> list[dict]:
    from urllib.parse import urlencode

    search = urlencode({"query": query, "format": "json", "resultType": "lite", "pageSize": 1000, "cursorMark": "*"})
    review = urlencode({"query": f'DOI:"{REVIEW}"', "format": "json", "resultType": "idlist"})
    first = urlencode({"filter": "cites:W0000000001", "per-page": 200, "cursor": "*", "api_key": "test-key"})
    second = urlencode(
        {"filter": "cites:W0000000001", "per-page": 200, "cursor": "IlsxNjEwMDAwMDAwXSI=", "api_key": "test-key"}
    )
    parts = {
        "oc": interaction(f"https://api.opencitations.net/index/v2/citations/doi:{REVIEW}", oc_citations()),
        "meta": interaction(
            "https://api.opencitations.net/meta/v1/metadata/doi:10.5555/synthetic.a__doi:10.5555/synthetic.c", oc_meta()
        ),
        "review": interaction(f"{EPMC}/search?{review}", epmc_review()),
        "citations": interaction(f"{EPMC}/MED/99999999/citations?format=json&page=1&pageSize=1000", epmc_citations()),
        "oa_review": interaction(
            f"https://api.openalex.org/works/doi:{REVIEW}?api_key=test-key",
            openalex_work("W0000000001", REVIEW, "Synthetic stand-in for the review", 2020, "review"),
        ),
        "oa_page1": interaction(
            f"https://api.openalex.org/works?{first}",
            openalex_page(
                [
                    openalex_work("W0000000011", "10.5555/SYNTHETIC.A", A_TITLE, 2021),
                    openalex_work("W0000000012", "10.5555/synthetic.b", B_TITLE, 2022),
                ],
                2,
                "IlsxNjEwMDAwMDAwXSI=",
            ),
        ),
        "oa_page2": interaction(f"https://api.openalex.org/works?{second}", openalex_page([], 2, None)),
        "search": interaction(f"{EPMC}/search?{search}", epmc_search(query)),
    }
    parts.update(replace)
    return [value for value in parts.values() if value is not None]


def write(name: str, interactions: list[dict], note: str) -> None:
    text = yaml.safe_dump({"interactions": interactions, "version": 1}, sort_keys=False, allow_unicode=True, width=100)
    header = f"# {note}\n# Synthetic works in the sources' real response shapes: see tests/living/cassette_bodies.py.\n"
    (HERE / name).write_text(header + text, encoding="utf-8")


def main() -> None:
    query = json.loads((Path(__file__).parents[2] / "living" / "query.json").read_text(encoding="utf-8"))[
        "europepmc_search"
    ]
    write("run.yaml", run_interactions(query), "One whole run: every source answers.")
    write(
        "rate_limited.yaml",
        run_interactions(
            query,
            oc=interaction(
                f"https://api.opencitations.net/index/v2/citations/doi:{REVIEW}", "", 429, {"Retry-After": ["3600"]}
            ),
        ),
        "OpenCitations answers HTTP 429 with Retry-After.",
    )
    cut = json.dumps(epmc_citations())[:120]
    write(
        "malformed.yaml",
        run_interactions(
            query, citations=interaction(f"{EPMC}/MED/99999999/citations?format=json&page=1&pageSize=1000", cut)
        ),
        "Europe PMC's citations body ends mid-JSON.",
    )
    write(
        "short_page.yaml",
        run_interactions(
            query,
            citations=interaction(
                f"{EPMC}/MED/99999999/citations?format=json&page=1&pageSize=1000", epmc_citations(hits=3)
            ),
            page2=interaction(
                f"{EPMC}/MED/99999999/citations?format=json&page=2&pageSize=1000", epmc_citations(hits=3, items=[])
            ),
        ),
        "Europe PMC says 3 works cite the review but its pages hold 1.",
    )


if __name__ == "__main__":
    main()
