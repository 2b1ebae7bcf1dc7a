"""Reading and editing a scratch references.bib for the refs tests, and Crossref replayed: habanero's HTTP
client answers with a recorded response (tests/fixtures/crossref/), a status or a connection error."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import httpx2

from nanoimaging import cli
from nanoimaging.data.citations import cited_keys
from nanoimaging.paths import REPO_ROOT
from nanoimaging.refs.bibtex import (
    REVIEW_KEY,
    read_references,
)
from nanoimaging.refs.check import check_references

FIXTURES = Path(__file__).parent / "fixtures" / "crossref"
REVIEW_DOI = "10.7150/thno.38625"
PARTIAL_REVIEW = """@misc{deMaar2020,
  author = {de Maar and others},
  note = {The review this site is about},
  complete = {no},
  missing = {title, journal, year, volume, pages, doi}
}"""


def replay(monkeypatch, fixture: str | None = None, *, status: int = 200, error: Exception | None = None) -> list[str]:
    """Answer habanero's request with a recorded response, a status, or a connection error."""
    urls: list[str] = []

    def get(url, *args, **kwargs):
        urls.append(url)
        request = httpx2.Request("GET", url)
        if error is not None:
            raise error
        if fixture is None:
            return httpx2.Response(status, text="Resource not found.", request=request)
        return httpx2.Response(
            status, json=json.loads((FIXTURES / fixture).read_text(encoding="utf-8")), request=request
        )

    monkeypatch.setattr(httpx2, "get", get)
    return urls


def run(*argv: str) -> int:
    return cli.main(list(argv))


def bib_text(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def entry_text(text: str, key: str) -> str:
    """The raw text of one entry, found without the code under test."""
    match = re.search(r"@\w+\{" + re.escape(key) + r",.*?\n\}", text, flags=re.S)
    assert match, key
    return match.group(0)


def with_partial_review(refs_root: Path) -> Path:
    bib = refs_root / "references.bib"
    text = bib_text(bib)
    bib.write_text(text.replace(entry_text(text, REVIEW_KEY), PARTIAL_REVIEW), encoding="utf-8")
    return bib


def line_of(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(r"@\w+\{" + re.escape(key) + ",", line):
            return number
    raise LookupError(key)


def studies_cite_keys() -> set[str]:
    with (REPO_ROOT / "data" / "studies.csv").open(encoding="utf-8", newline="") as handle:
        return {row["cite_key"] for row in csv.DictReader(handle)}


def check(refs_root: Path) -> list[str]:
    report = check_references(read_references(refs_root / "references.bib"), cited_keys(refs_root))
    return [str(p) for p in report.errors]
