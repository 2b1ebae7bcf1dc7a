"""Europe PMC (keyless): the works citing the review, and the saved search.

Endpoints of the Articles RESTful API: ``/search`` (JSON with ``hitCount``,
``nextCursorMark`` and ``resultList.result``, paged by cursor) and
``/{source}/{id}/citations`` (JSON with ``hitCount`` and ``citationList.citation``, paged
by ``page``). Citation records carry no DOI: they are matched by title and year.
"""

from __future__ import annotations

from .fetch import Fetcher, need
from .records import Work

BASE = "https://www.ebi.ac.uk/europepmc/webservices/rest"
PAGE_SIZE = 1000
#: Europe PMC's source code for preprints.
PREPRINT_SOURCE = "PPR"


def _work(item: dict, cites: bool) -> Work:
    source, ident = item.get("source", ""), item.get("id", "")
    return Work(
        source="europepmc-citations" if cites else "europepmc-search",
        source_id=f"{source}:{ident}" if ident else "",
        doi=item.get("doi", ""),
        title=item.get("title", ""),
        year=item.get("pubYear", ""),
        authors=item.get("authorString", ""),
        journal=item.get("journalTitle") or item.get("journalAbbreviation", ""),
        preprint=source == PREPRINT_SOURCE,
        cites_review=cites,
    )


def search(fetcher: Fetcher, query: str, cites: bool = False) -> list[Work]:
    """Every hit of ``query``, following the cursor; fails if fewer arrive than ``hitCount``."""
    works: list[Work] = []
    cursor = "*"
    while True:
        params = {"query": query, "format": "json", "resultType": "lite", "pageSize": PAGE_SIZE, "cursorMark": cursor}
        data = fetcher.get_json(f"{BASE}/search", params)
        hits = int(need(fetcher, data, "hitCount"))
        page = need(fetcher, data, "resultList", "result")
        works.extend(_work(item, cites) for item in page)
        following = data.get("nextCursorMark")
        if not page or not following or following == cursor or len(works) >= hits:
            break
        cursor = following
    if len(works) != hits:
        raise fetcher.fail(f"page cut short: {len(works)} of {hits} search results arrived")
    return works


def review_id(fetcher: Fetcher, doi: str) -> tuple[str, str]:
    """Europe PMC's (source, id) of the review, looked up by its DOI."""
    data = fetcher.get_json(f"{BASE}/search", {"query": f'DOI:"{doi}"', "format": "json", "resultType": "idlist"})
    results = need(fetcher, data, "resultList", "result")
    if not results:
        raise fetcher.fail(f"has no record of the review's DOI {doi}")
    return need(fetcher, results, 0, "source"), need(fetcher, results, 0, "id")


def citations(fetcher: Fetcher, doi: str) -> list[Work]:
    """Every work Europe PMC lists as citing the work with this DOI."""
    source, ident = review_id(fetcher, doi)
    works: list[Work] = []
    page = 1
    while True:
        params = {"format": "json", "page": page, "pageSize": PAGE_SIZE}
        data = fetcher.get_json(f"{BASE}/{source}/{ident}/citations", params)
        hits = int(need(fetcher, data, "hitCount"))
        items = need(fetcher, data, "citationList", "citation")
        works.extend(_work(item, cites=True) for item in items)
        if len(works) >= hits or not items:
            break
        page += 1
    if len(works) != hits:
        raise fetcher.fail(f"page cut short: {len(works)} of {hits} citing works arrived")
    return works
