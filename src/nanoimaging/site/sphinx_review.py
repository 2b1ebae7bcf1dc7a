"""Sphinx extension: claims of the book the reader can check against the review, and counts from the data.

The role ``{review:quote-id}`claim``` shows the claim followed by a button that reveals the
review's words from ``data/quotes.csv``; an unknown quote id is an error. The id is in the role's
name so that jupyterlab-myst, which does not know the role, shows the claim alone. The bare
``{review}`` role is an error. The substitutions ``{{ modalities_count }}`` and
``{{ families_count }}`` give counts in words.

>>> number_word(9), number_word(21)
('nine', '21')
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.domains import Domain

from ..data.dataset import TABLES, Dataset, load

#: A quote id of data/quotes.csv, as a claim's role names it.
QUOTE_ID = r"q-[a-z0-9]+(?:-[a-z0-9]+)*"
#: A claim as the prose writes it: ``{review:q-some-id}`the claim```.
CLAIM_ROLE = re.compile(rf"\{{review:(?P<id>{QUOTE_ID})\}}`(?P<claim>[^`]+)`")
#: The text of a bare ``{review}`` role written the old way, ``claim <q-some-id>``, to say how to rewrite it.
_OLD_TEXT = re.compile(rf"^(?P<claim>.+?)\s*<(?P<id>{QUOTE_ID})>$", re.S)
_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


def number_word(n: int) -> str:
    """A count as the prose writes it: a word up to twelve, digits above."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def substitutions(data: Dataset) -> dict[str, str]:
    """The counts the prose may use, computed from the data: the review's rows, and what a fork adds.

    ``modalities_count`` and ``families_count`` count the review's rows only (its Table 1), so
    a fork's rows are never credited to the review; ``added_note`` says what this copy adds.
    """
    review = data.review_only()
    return {
        "modalities_count": number_word(len(review.modalities)),
        "families_count": number_word(len(review.families)),
        "added_note": added_note(data),
        **studies_wording(data),
    }


def studies_wording(data: Dataset) -> dict[str, str]:
    """How the prose names the studies it counts: the review's, or, in a copy that adds some, all described.

    ``studies_described`` ("studies the review describes") and ``review_studies`` ("the review's
    studies") read as the review's own pages always did; where ``studies.csv`` has added rows they
    say how many of the studies counted are added, not in the review. ``studies_cited`` says how
    the family chapters cite their studies.
    """
    n = int(data.is_added(data.studies).sum())
    if not n:
        return {
            "studies_described": "studies the review describes",
            "review_studies": "the review's studies",
            "studies_cited": "Each study is cited by its number in the review",
        }
    described = f"studies described ({n} added, not in the review)"
    return {
        "studies_described": described,
        "review_studies": f"the {described}",
        "studies_cited": "The review's studies are cited by their number in the review, the added ones by their key",
    }


def added_note(data: Dataset) -> str:
    """One sentence: what this copy adds to the review's data, or that it adds nothing."""

    def added(frame):
        return frame[data.is_added(frame)]

    modalities, families = added(data.modalities), added(data.families)
    n_rows = sum(len(added(getattr(data, name))) for name in TABLES)
    if not n_rows:
        return "Every row of the data package has the review as its source: this copy adds nothing."
    parts = []
    for frame, one, many, column in (
        (modalities, "modality", "modalities", "name"),
        (families, "family", "families", "label"),
    ):
        if len(frame):
            names = ", ".join(str(v) for v in frame[column])
            parts.append(f"{number_word(len(frame))} {one if len(frame) == 1 else many} ({names})")
    others = n_rows - len(modalities) - len(families)
    if others:
        parts.append(f"{number_word(others)} other row{'' if others == 1 else 's'}")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" and {parts[-1]}"
    return f"This copy adds {listed} to the review's data, each marked as added, not in the review, wherever it shows."


#: The accessible name of the button after each claim; its quote is the button's description.
MARK_LABEL = "The review's words"
#: The static files the pages with a claim, and the search page, load.
JS_FILE = "quotes.js"
#: Attribute set on the docutils node of each claim (found again per page).
NODE_FLAG = "review_claim"
#: The version of the markup stored in the doctrees: a new one makes Sphinx read every page again.
ENV_VERSION = 4


def quote_html(claim: str, quote: dict[str, Any], anchor: str) -> str:
    """The claim as prose, then a button that shows its quote, with a tooltip that describes the button.

    The claim's last word and the button do not break apart; the quote is anchored to the button (``--{anchor}``).
    """
    where = escape(f"{quote['section']}, line {quote['line']}" if quote.get("line") else str(quote["section"]))
    head, _, last = claim.rpartition(" ")
    lead = escape(head + " ") if head else ""
    return (
        f'<span class="review-claim">{lead}<span class="review-tail">{escape(last)}<span class="review-ref">'
        f'<button type="button" class="review-mark" aria-label="{escape(MARK_LABEL)}" '
        f'aria-describedby="{anchor}" style="anchor-name: --{anchor}">\u201d</button>'
        f'<span class="review-quote" role="tooltip" id="{anchor}" style="position-anchor: --{anchor}">'
        f'<span class="review-quote-text">\u201c{escape(str(quote["quote"]))}\u201d</span> '
        f'<span class="review-quote-where">de Maar et al. 2020: {where}</span></span></span></span></span>'
    )


def bare_review_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{review}`...```, without a quote id in the name: an error saying how to write the claim."""
    old = _OLD_TEXT.match(text.strip())
    hint = f"{{review:{old['id']}}}`{' '.join(old['claim'].split())}`" if old else "{review:q-some-id}`the claim`"
    message = inliner.reporter.error(
        f"a claim names its quote in the role: write {hint} (got {rawtext!r})", line=lineno
    )
    return [inliner.problematic(rawtext, rawtext, message)], [message]


def claim_role(quote_id: str):
    """The role ``{review:<quote_id>}``: the claim, with the review's words behind it."""

    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        env = inliner.document.settings.env
        # The page shows a quote of quotes.csv: an incremental build reads the page again when that file changes.
        env.note_dependency(str(Path(env.srcdir) / "data" / "quotes.csv"))
        quote = getattr(env.app, "nanoimaging_quotes", {}).get(quote_id)
        claim = " ".join(text.split())
        if quote is None or not claim:
            problem = (
                f"no quote {quote_id!r} in data/quotes.csv (add it there, verbatim)"
                if claim
                else "the role needs the claim as its text"
            )
            message = inliner.reporter.error(f"{{review:{quote_id}}}: {problem}", line=lineno)
            return [inliner.problematic(rawtext, rawtext, message)], [message]
        counter = env.temp_data.setdefault("review_claims", 0) + 1
        env.temp_data["review_claims"] = counter
        anchor = f"rq-{env.docname.replace('/', '-')}-{counter}"
        html = nodes.raw("", quote_html(claim, quote, anchor), format="html")
        html[NODE_FLAG] = True
        return [_only_html(html, claim)], []

    return role


class ReviewDomain(Domain):
    """The ``review`` domain: each role name is a quote id, ``{review:q-some-id}``."""

    name = "review"
    label = "Claims checked against the review"

    def role(self, name: str):
        return claim_role(name)

    def merge_domaindata(self, docnames: list[str], otherdata: dict[str, Any]) -> None:
        pass  # the domain keeps no data: parallel reads have nothing to merge


def _only_html(html: nodes.raw, claim: str) -> nodes.Node:
    """The raw HTML for HTML builders; the bare claim for the others (LaTeX, text)."""
    from sphinx.addnodes import only

    both = nodes.inline()
    html_only = only(expr="html")
    html_only += html
    other = only(expr="not html")
    other += nodes.Text(claim)
    both += [html_only, other]
    return both


def _load(app: Any, config: Any) -> None:
    root = Path(app.srcdir)
    if not (root / "data" / "datapackage.json").is_file():
        return
    data = load(root / "data")
    app.nanoimaging_quotes = {str(r.id): r._asdict() for r in data.quotes.itertuples()}
    merged = dict(getattr(config, "myst_substitutions", {}) or {})
    merged.update(substitutions(data))
    config.myst_substitutions = merged


def _entry_name(entry: Any) -> str:
    return entry[0] if isinstance(entry, (tuple, list)) else str(entry)


def _drop_global_script(app: Any, config: Any) -> None:
    """Jupyter Book adds every ``*.js`` under ``_static`` to every page; :func:`_add_page_script` adds ours where needed."""
    config.html_js_files = [e for e in config.html_js_files if _entry_name(e) != JS_FILE]


def page_has_claim(doctree: Any) -> bool:
    """Whether a resolved doctree holds a claim of a ``{review:...}`` role."""
    return doctree is not None and any(node.get(NODE_FLAG) for node in doctree.findall(nodes.raw))


def _add_page_script(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    # The search page shows snippets of the pages with claims: the script keeps their quotes out.
    if templatename == "search.html" or page_has_claim(doctree):
        app.add_js_file(JS_FILE, loading_method="defer")


def setup(app: Any) -> dict[str, Any]:
    app.add_domain(ReviewDomain)
    app.add_role("review", bare_review_role)
    app.connect("config-inited", _load)
    app.connect("config-inited", _drop_global_script)
    app.connect("html-page-context", _add_page_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": ENV_VERSION}
