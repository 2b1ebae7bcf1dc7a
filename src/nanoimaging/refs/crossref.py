"""Crossref: fetch a DOI's metadata (with habanero) and turn it into BibTeX fields.

Only :func:`fetch_work` touches the network; :func:`bibtex_fields` is a pure
mapping from Crossref's ``message`` (the JSON of ``/works/{doi}``) to the
fields references.bib uses, so tests can feed it recorded responses.

>>> message = {"type": "journal-article", "DOI": "10.1000/x", "title": ["A <i>in vivo</i> study"],
...            "container-title": ["J"], "issued": {"date-parts": [[2001, 5]]}, "page": "1-9",
...            "author": [{"family": "Doe", "given": "J."}]}
>>> bibtex_fields(message)
('article', {'author': 'Doe, J.', 'title': 'A \\\\textit{in vivo} study', 'journal': 'J', 'year': '2001', 'pages': '1--9', 'doi': '10.1000/x'})
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

#: Crossref work type -> BibTeX entry type (anything else becomes @misc).
ENTRY_TYPES = {
    "journal-article": "article",
    "proceedings-article": "inproceedings",
    "book-chapter": "incollection",
    "book-section": "incollection",
    "book-part": "incollection",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
}
#: Entry types whose container (``container-title``) is a ``booktitle``, and which name the publisher.
_BOOKTITLE_TYPES = {"inproceedings", "incollection"}
_PUBLISHER_TYPES = {"inproceedings", "incollection", "book"}
#: HTML/JATS markup Crossref puts in titles -> LaTeX commands.
_MARKUP = {
    "i": r"\textit{",
    "em": r"\textit{",
    "jats:italic": r"\textit{",
    "b": r"\textbf{",
    "strong": r"\textbf{",
    "jats:bold": r"\textbf{",
    "sub": r"\textsubscript{",
    "jats:sub": r"\textsubscript{",
    "sup": r"\textsuperscript{",
    "jats:sup": r"\textsuperscript{",
}
_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)[^>]*?(/?)>")
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
}
_SPECIAL = re.compile("|".join(re.escape(c) for c in _LATEX_SPECIAL))

USER_AGENT = "nanoimaging (references.bib enrich; https://doi.org/10.7150/thno.38625)"


class CrossrefUnavailable(RuntimeError):
    """Crossref could not be reached or gave no usable answer (no network, timeout, server error)."""


class DoiNotFound(LookupError):
    """Crossref answered, and has no record of the DOI."""


def fetch_work(doi: str, *, timeout: float = 20) -> dict[str, Any]:
    """The Crossref record (``message``) of ``doi``, fetched with habanero.

    :raises DoiNotFound: Crossref has no such DOI (HTTP 404).
    :raises CrossrefUnavailable: no connection, a timeout, another HTTP error,
        or an answer that is not a Crossref work.
    """
    import httpx2  # habanero's HTTP client: its errors are what a failed request raises
    from habanero import Crossref
    from habanero.exceptions import RequestError

    client = Crossref(ua_string=USER_AGENT, timeout=timeout)
    try:
        answer = client.works(ids=doi)
    except httpx2.HTTPStatusError as exc:
        status = exc.response.status_code
        if status == 404:
            raise DoiNotFound(f"Crossref has no record of DOI {doi}") from exc
        raise CrossrefUnavailable(f"Crossref answered HTTP {status}") from exc
    except RequestError as exc:
        raise CrossrefUnavailable(f"Crossref answered {exc}") from exc
    except (httpx2.HTTPError, OSError) as exc:
        raise CrossrefUnavailable(_reason(exc)) from exc
    message = answer.get("message") if isinstance(answer, Mapping) else None
    if not isinstance(message, Mapping) or answer.get("message-type", "work") != "work":
        raise CrossrefUnavailable(f"unexpected answer from Crossref for {doi} (expected a work record)")
    return dict(message)


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def bibtex_fields(message: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """Map a Crossref work to a BibTeX entry type and fields.

    Fields: author ("Surname, Given and ..."; an organisation in braces), title
    (with subtitle; HTML markup as LaTeX), journal or booktitle, publisher (books,
    chapters, proceedings), year, volume, number, pages (ranges with ``--``;
    an article number when there are no pages) and doi. Fields Crossref does
    not give are left out, never guessed.
    """
    entry_type = ENTRY_TYPES.get(str(message.get("type", "")), "misc")
    fields: dict[str, str] = {}
    authors = [_person(p) for p in message.get("author", []) or []]
    authors = [a for a in authors if a]
    if authors:
        fields["author"] = " and ".join(authors)
    title = _first(message.get("title"))
    subtitle = _first(message.get("subtitle"))
    if subtitle and subtitle.casefold() not in (title or "").casefold():
        title = f"{title}: {subtitle}" if title else subtitle
    if title:
        fields["title"] = title_text(title)
    container = _first(message.get("container-title"))
    if container:
        fields[
            "booktitle" if entry_type in _BOOKTITLE_TYPES else "journal" if entry_type == "article" else "howpublished"
        ] = _latex(container)
    if entry_type in _PUBLISHER_TYPES and message.get("publisher"):
        fields["publisher"] = _latex(str(message["publisher"]))
    year = _year(message)
    if year:
        fields["year"] = year
    for source, target in (("volume", "volume"), ("issue", "number")):
        if message.get(source):
            fields[target] = _latex(str(message[source]).strip())
    pages = str(message.get("page") or message.get("article-number") or "").strip()
    if pages:
        fields["pages"] = re.sub(r"\s*[-\u2010-\u2015]+\s*", "--", pages)
    if message.get("DOI"):
        fields["doi"] = str(message["DOI"]).strip()
    return entry_type, fields


def _first(value: Any) -> str | None:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _person(person: Mapping[str, Any]) -> str:
    if person.get("family"):
        family = _latex(" ".join(str(person["family"]).split()))
        given = _latex(" ".join(str(person.get("given", "")).split()))
        suffix = _latex(" ".join(str(person.get("suffix", "")).split()))
        parts = [family] + ([suffix] if suffix else []) + ([given] if given else [])
        return ", ".join(parts)
    if person.get("name"):  # an organisation: braces keep BibTeX from splitting it into names
        return "{" + _latex(" ".join(str(person["name"]).split())) + "}"
    return ""


def _year(message: Mapping[str, Any]) -> str | None:
    for key in ("issued", "published-print", "published-online", "published"):
        parts = (message.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            return str(parts[0][0])
    return None


#: A run of letters and digits within a word of a title.
_WORD = re.compile(r"[^\W_]+")


def latex_text(text: str) -> str:
    """Text from a bibliographic source (HTML entities and tags allowed) as BibTeX-safe LaTeX.

    >>> latex_text("Drug & <i>nano</i>particle: 50% more")
    'Drug \\\\& \\\\textit{nano}particle: 50\\\\% more'
    """
    return _latex(text)


def title_text(text: str) -> str:
    """A title as BibTeX-safe LaTeX whose capitals the bibliography keeps: each word with a capital in braces.

    The bibliography's style sets titles in sentence case, lowering every letter it is not told to
    keep; a capital that opens the title needs no braces. Words holding LaTeX commands are left as
    they are.

    >>> title_text("MALDI imaging of Drug A in MRI-guided <i>in vivo</i> studies")
    '{MALDI} imaging of {Drug} {A} in {MRI}-guided \\\\textit{in vivo} studies'
    """
    words = _latex(text).split(" ")
    return " ".join(
        word if "\\" in word or "{" in word or "}" in word else _WORD.sub(_protect_at(i == 0), word)
        for i, word in enumerate(words)
    )


def _protect_at(first_word: bool):
    def protect(match: re.Match) -> str:
        word = match.group(0)
        tested = word[1:] if first_word and match.start() == 0 else word
        return "{" + word + "}" if any(c.isupper() for c in tested) else word

    return protect


def _latex(text: str) -> str:
    """Crossref text (HTML entities and tags) as BibTeX-safe LaTeX with balanced braces."""
    out: list[str] = []
    open_tags: list[str] = []
    position = 0
    for match in _TAG.finditer(text):
        out.append(_escape(text[position : match.start()]))
        position = match.end()
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name not in _MARKUP or self_closing:
            continue
        if not closing:
            out.append(_MARKUP[name])
            open_tags.append(name)
        elif name in open_tags:
            while open_tags:
                out.append("}")
                if open_tags.pop() == name:
                    break
    out.append(_escape(text[position:]))
    out.append("}" * len(open_tags))
    return " ".join("".join(out).split())


def _escape(text: str) -> str:
    return _SPECIAL.sub(lambda m: _LATEX_SPECIAL[m.group(0)], html.unescape(text))
