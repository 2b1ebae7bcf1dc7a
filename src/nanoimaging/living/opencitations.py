"""OpenCitations (keyless): the works citing the review, from the Index API v2, titled from Meta.

``/index/v2/citations/doi:{doi}`` answers a JSON list of citations whose ``citing`` field holds
the citing work's identifiers (``omid:br/… doi:… pmid:…``) and ``creation`` its publication
date. Titles come from ``/meta/v1/metadata/doi:A__doi:B`` (a JSON list with ``id``, ``title``,
``author``, ``pub_date``, ``venue``, ``type``), asked in batches.
"""

from __future__ import annotations

from .fetch import Fetcher, need
from .records import Work

INDEX = "https://api.opencitations.net/index/v2"
META = "https://api.opencitations.net/meta/v1"
#: DOIs asked of Meta in one request.
BATCH = 25


def _dois(identifiers: str) -> list[str]:
    return [part[4:] for part in identifiers.split() if part.lower().startswith("doi:")]


def citations(fetcher: Fetcher, doi: str) -> list[Work]:
    """Every work OpenCitations lists as citing ``doi``, with Meta's title, authors and venue."""
    rows = fetcher.get_json(f"{INDEX}/citations/doi:{doi}")
    if not isinstance(rows, list):
        raise fetcher.fail("answer is not a JSON list: not the documented response shape")
    works: dict[str, Work] = {}
    for row in rows:
        citing = _dois(need(fetcher, row, "citing"))
        if not citing:
            continue
        oci = need(fetcher, row, "oci")
        works.setdefault(
            citing[0].lower(),
            Work("opencitations", f"oci:{oci}", doi=citing[0], year=str(row.get("creation", ""))[:4]),
        )
    wanted = list(works)
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        found = fetcher.get_json(f"{META}/metadata/" + "__".join(f"doi:{d}" for d in batch))
        if not isinstance(found, list):
            raise fetcher.fail("Meta's answer is not a JSON list: not the documented response shape")
        for record in found:
            for each in _dois(need(fetcher, record, "id")):
                work = works.get(each.lower())
                if work is not None:
                    work.title = record.get("title", "")
                    work.authors = record.get("author", "")
                    work.journal = record.get("venue", "").split(" [")[0]
                    work.year = str(record.get("pub_date", "") or work.year)[:4]
                    work.preprint = work.preprint or record.get("type", "") == "posted content"
    return list(works.values())
