"""OpenAlex (with an API key only): the works citing the review.

The review is looked up as ``/works/doi:{doi}`` (a work object whose ``id`` is its OpenAlex
URL); its citing works are ``/works?filter=cites:W…``, paged by cursor: each page is
``{"meta": {"count", "next_cursor", ...}, "results": [work, ...]}``.
"""

from __future__ import annotations

from .fetch import Fetcher, need
from .records import Work

BASE = "https://api.openalex.org"
PER_PAGE = 200
#: OpenAlex work types that are preprints.
PREPRINT_TYPES = {"preprint", "posted-content"}


def _work(item: dict) -> Work:
    location = item.get("primary_location") or {}
    source = location.get("source") or {}
    authors = "; ".join(
        (a.get("author") or {}).get("display_name", "") for a in item.get("authorships") or [] if a.get("author")
    )
    return Work(
        source="openalex",
        source_id=str(item.get("id", "")).rsplit("/", 1)[-1],
        doi=item.get("doi") or "",
        title=item.get("title") or item.get("display_name") or "",
        year=str(item.get("publication_year") or ""),
        authors=authors,
        journal=source.get("display_name") or "",
        preprint=item.get("type") in PREPRINT_TYPES,
    )


def citations(fetcher: Fetcher, doi: str, api_key: str) -> list[Work]:
    """Every work OpenAlex lists as citing ``doi``; fails if fewer arrive than ``meta.count``."""
    review = fetcher.get_json(f"{BASE}/works/doi:{doi}", {"api_key": api_key})
    ident = str(need(fetcher, review, "id")).rsplit("/", 1)[-1]
    works: list[Work] = []
    cursor = "*"
    while cursor:
        params = {"filter": f"cites:{ident}", "per-page": PER_PAGE, "cursor": cursor, "api_key": api_key}
        data = fetcher.get_json(f"{BASE}/works", params)
        count = int(need(fetcher, data, "meta", "count"))
        page = need(fetcher, data, "results")
        works.extend(_work(item) for item in page)
        cursor = data["meta"].get("next_cursor") if page else None
    if len(works) != count:
        raise fetcher.fail(f"page cut short: {len(works)} of {count} citing works arrived")
    return works
