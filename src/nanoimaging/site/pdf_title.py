"""The PDF edition's title page, from CITATION.cff: title, version and date, and how to cite.

>>> review_citation({"preferred-citation": {"authors": [{"family-names": "Roe", "given-names": "R."}],
...     "title": "A thing", "journal": "J", "year": 2020}})
'Roe R. A thing. J 2020.'
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from ..paths import REPO_ROOT
from .release import citation_file, current


def _initials(given: str) -> str:
    return "".join(part[0] for part in given.replace(".", " ").replace("-", " ").split() if part)


def _person(author: dict[str, Any]) -> str:
    if "family-names" in author:
        return f"{author['family-names']} {_initials(str(author.get('given-names', '')))}".strip()
    return str(author.get("name", "")).strip()


def review_citation(cff: dict[str, Any]) -> str:
    """The preferred citation (the review) in the style the README uses, without its DOI.

    >>> review_citation({"preferred-citation": {"authors": [{"family-names": "de Maar", "given-names": "J. S."}],
    ...     "title": "Spatial heterogeneity", "journal": "Theranostics", "year": 2020, "volume": 10,
    ...     "issue": 4, "start": 1884, "end": 1909, "doi": "10.7150/thno.38625"}})
    'de Maar JS. Spatial heterogeneity. Theranostics 2020;10(4):1884-1909.'
    """
    ref = cff.get("preferred-citation") or {}
    if not ref:
        return ""
    authors = ", ".join(_person(a) for a in ref.get("authors", []))
    where = f"{ref.get('journal', '')} {ref.get('year', '')}".strip()
    if ref.get("volume"):
        where += f";{ref['volume']}"
        if ref.get("issue"):
            where += f"({ref['issue']})"
        if ref.get("start"):
            where += f":{ref['start']}" + (f"-{ref['end']}" if ref.get("end") else "")
    return f"{authors}. {' '.join(str(ref.get('title', '')).split())}. {where}."


def title_page_html(root: Path = REPO_ROOT) -> str:
    """The title page: title, version and date, and how to cite (all from CITATION.cff)."""
    cff = citation_file(root)
    release = current(root)
    title, _, subtitle = " ".join(str(cff.get("title", "")).split()).partition(": ")
    authors = ", ".join(_person(a) for a in cff.get("authors", []))
    software = f"{authors}. {cff.get('title', '')}. Version {release.version}, {release.date}."
    url = cff.get("url") or cff.get("repository-code")
    if url:
        software += f" {url}"
    e = html.escape
    review = review_citation(cff)
    doi = str((cff.get("preferred-citation") or {}).get("doi", ""))
    doi = f' <a href="https://doi.org/{e(doi)}">doi:{e(doi)}</a>.' if doi else ""
    return (
        '<section class="pdf-title-page">'
        f'<p class="pdf-title">{e(title)}</p>'
        + (f'<p class="pdf-subtitle">{e(subtitle[:1].upper() + subtitle[1:])}</p>' if subtitle else "")
        + f'<p class="pdf-version">Version {e(release.version)}, released {e(release.date)}</p>'
        f'<p class="pdf-authors">{e(authors)}</p>'
        '<div class="pdf-cite"><h2>How to cite</h2>'
        + (f"<p>Cite the review this companion is built on: {e(review)}{doi}</p>" if review else "")
        + f"<p>For this companion's data and code: {e(software)}</p>"
        "<p>Table 1 and the statements transcribed from the review are under CC BY 4.0, with attribution "
        "to the review; the code is under the MIT licence.</p></div></section>"
    )
