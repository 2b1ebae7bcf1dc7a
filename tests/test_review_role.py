"""The {review:q-id} role on a page: the claim with its quote, and clear errors for a wrong id or the bare role.

A small Sphinx project (MyST, the review extension, the project's data) is built in a temporary folder.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sphinx.application import Sphinx

from nanoimaging import load
from nanoimaging.paths import REPO_ROOT
from nanoimaging.site.sphinx_review import CLAIM_ROLE


def _build(tmp_path: Path, markdown: str) -> tuple[str, str]:
    """Build one MyST page; returns its HTML and Sphinx's warnings."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "data").symlink_to(REPO_ROOT / "data")
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "nanoimaging.site.sphinx_review"]\nexclude_patterns = ["data"]\n',
        encoding="utf-8",
    )
    (src / "index.md").write_text(f"# Page\n\n{markdown}\n", encoding="utf-8")
    warnings = io.StringIO()
    app = Sphinx(
        str(src),
        str(src),
        str(tmp_path / "html"),
        str(tmp_path / "doctrees"),
        "html",
        status=None,
        warning=warnings,
        freshenv=True,
    )
    app.build()
    return (tmp_path / "html" / "index.html").read_text(encoding="utf-8"), warnings.getvalue()


@pytest.fixture(scope="module")
def quote():
    return load().quotes.iloc[0]


def test_a_claim_shows_its_quote(tmp_path, quote):
    html, warnings = _build(tmp_path, f"{{review:{quote['id']}}}`A claim of the book`, and more.")
    assert warnings == ""
    assert '<span class="review-claim">A claim of the <span class="review-tail">book<span' in html
    assert '<button type="button" class="review-mark"' in html
    assert " ".join(str(quote["quote"]).split())[:40] in " ".join(html.split())
    assert CLAIM_ROLE.fullmatch(f"{{review:{quote['id']}}}`A claim`")


def test_an_unknown_quote_id_is_an_error_naming_it(tmp_path):
    html, warnings = _build(tmp_path, "{review:q-no-such-quote}`A claim`")
    assert "{review:q-no-such-quote}: no quote 'q-no-such-quote' in data/quotes.csv" in warnings
    assert "review-claim" not in html


def test_the_bare_role_says_how_to_write_the_claim(tmp_path, quote):
    html, warnings = _build(tmp_path, f"{{review}}`A  claim <{quote['id']}>`")
    assert f"write {{review:{quote['id']}}}`A claim`" in warnings
    assert "review-claim" not in html
