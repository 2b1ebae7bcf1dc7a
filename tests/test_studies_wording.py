"""The chooser's and the evidence map's sentences that count studies: the review's words for the review, added studies named in a copy that adds some.

The pages' prose takes these words from MyST substitutions computed from the data
(:func:`nanoimaging.site.sphinx_review.substitutions`); here the notebooks' Markdown is rendered
with them as the build renders it, for the review's data and for the small package, which adds a study.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from nanoimaging import Dataset
from nanoimaging.paths import REPO_ROOT
from nanoimaging.site.sphinx_review import substitutions

SUBSTITUTION = re.compile(r"\{\{\s*(\w+)\s*\}\}")
#: The sentences, as the review's own pages read them, that count the studies described.
REVIEW_WORDS = {
    "evidence-map.ipynb": (
        "# Evidence map: the studies the review describes\n",
        "sized by the number of studies the review describes there with that scale stated",
        "Our reading of the map: most of the studies the review describes are preclinical",
        "beside it are the studies the review describes without naming a scale",
    ),
    "chooser.ipynb": (
        "Ties are broken by the number of studies the review describes for that modality, aspect, scale and setting",
        "Counting only what the review's studies have shown, no modality covers every cell on its own.",
    ),
    **dict.fromkeys(
        ("mass-spectrometry.ipynb", "non-invasive-clinical.ipynb", "optical.ipynb"),
        ("Each study is cited by its number in the review; the bibliography says what is known about it.",),
    ),
}
#: What a copy that adds one study says instead, at least once per sentence above.
ADDED_WORDS = ("studies described (1 added, not in the review)", "the added ones by their key")


def rendered(notebook: str, data: Dataset) -> str:
    """The notebook's Markdown with every substitution replaced as the build replaces it for ``data``."""
    said = substitutions(data)
    cells = nbformat.read(REPO_ROOT / "notebooks" / notebook, as_version=4).cells
    text = "\n\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
    return SUBSTITUTION.sub(lambda match: said[match.group(1)], text)


@pytest.mark.parametrize("notebook", sorted(REVIEW_WORDS))
def test_the_review_s_pages_read_as_the_review_s(notebook, review: Dataset):
    text = rendered(notebook, review)
    for sentence in REVIEW_WORDS[notebook]:
        assert sentence in text


@pytest.mark.parametrize("notebook", sorted(REVIEW_WORDS))
def test_a_copy_that_adds_a_study_names_it_where_the_studies_are_counted(notebook, small: Dataset):
    assert data_adds_a_study(small)
    text = rendered(notebook, small)
    for sentence in REVIEW_WORDS[notebook]:
        assert sentence not in text
    assert sum(text.count(words) for words in ADDED_WORDS) == len(REVIEW_WORDS[notebook])


def data_adds_a_study(data: Dataset) -> bool:
    return bool(data.is_added(data.studies).sum() == 1)
