"""One work as a source reports it, and the keys that say two reports are the same work.

Deduplication follows the screening tools' order: the DOI first (case-insensitive), then
the normalised title with the year. A preprint and its published version match by title
when their years differ by at most one (a preprint is often posted the year before).

>>> normal_title("Imaging  the <i>Tumour</i>: a Review!")
'imaging the tumour a review'
>>> normal_doi("https://doi.org/10.7150/THNO.38625")
'10.7150/thno.38625'
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

#: DOI prefixes of preprint servers: bioRxiv and medRxiv, Research Square, Preprints.org,
#: SSRN, arXiv (DataCite), ChemRxiv. A work with such a DOI is treated as a preprint.
PREPRINT_DOI_PREFIXES = ("10.1101/", "10.21203/", "10.20944/", "10.2139/ssrn", "10.48550/", "10.26434/chemrxiv")

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normal_doi(text: str | None) -> str:
    """A DOI without its resolver prefix, lower-cased (DOIs are case-insensitive); '' for none."""
    if not text:
        return ""
    return _DOI_PREFIX.sub("", text.strip()).lower()


def normal_title(text: str | None) -> str:
    """A title reduced to lower-case ASCII words: markup, accents and punctuation removed."""
    if not text:
        return ""
    plain = _TAG.sub(" ", html.unescape(text))
    folded = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(_NOT_WORD.sub(" ", folded).split())


@dataclass
class Work:
    """A work one source reported: what the candidates file needs of it."""

    source: str
    source_id: str
    doi: str = ""
    title: str = ""
    year: str = ""
    authors: str = ""
    journal: str = ""
    preprint: bool = False
    cites_review: bool = True

    def __post_init__(self) -> None:
        self.doi = normal_doi(self.doi)
        self.year = str(self.year or "").strip()[:4]
        if self.doi.startswith(PREPRINT_DOI_PREFIXES):
            self.preprint = True

    @property
    def title_key(self) -> str:
        return normal_title(self.title)


@dataclass
class Merged:
    """Reports of one work from one run, merged: the published version's DOI leads."""

    works: list[Work] = field(default_factory=list)

    def _first(self, name: str, prefer_published: bool = True) -> str:
        ordered = sorted(self.works, key=lambda w: w.preprint) if prefer_published else self.works
        return next((getattr(w, name) for w in ordered if getattr(w, name)), "")

    @property
    def doi(self) -> str:
        return self._first("doi")

    @property
    def other_dois(self) -> list[str]:
        return sorted({w.doi for w in self.works if w.doi and w.doi != self.doi})

    @property
    def title(self) -> str:
        return self._first("title")

    @property
    def year(self) -> str:
        return self._first("year")

    @property
    def authors(self) -> str:
        return self._first("authors")

    @property
    def journal(self) -> str:
        return self._first("journal")

    @property
    def sources(self) -> list[str]:
        return sorted({w.source for w in self.works})

    @property
    def source_ids(self) -> list[str]:
        return sorted({w.source_id for w in self.works if w.source_id})

    @property
    def cites_review(self) -> bool:
        return any(w.cites_review for w in self.works)

    @property
    def has_preprint(self) -> bool:
        return any(w.preprint for w in self.works)


def same_by_title(title_a: str, year_a: str, preprint_a: bool, title_b: str, year_b: str, preprint_b: bool) -> bool:
    """Whether two reports are one work by normalised title and year (the preprint rule widens the year by one).

    >>> same_by_title("a study", "2021", True, "a study", "2022", False)
    True
    >>> same_by_title("a study", "2021", False, "a study", "2022", False)
    False
    """
    if not title_a or title_a != title_b:
        return False
    if year_a == year_b:
        return True
    if preprint_a != preprint_b and year_a.isdigit() and year_b.isdigit():
        return abs(int(year_a) - int(year_b)) <= 1
    return False
