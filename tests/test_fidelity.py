"""Fidelity of the book's prose and of the data's quotes to the review (data/review/de-maar-2020-theranostics.txt).

- every quote of the review in the data occurs in its text, verbatim after whitespace is
  collapsed, starting on the line the row gives;
- every {review:q-id} role of the prose names a quote of data/quotes.csv, and every quote is used;
- a sentence that reports what the review says ("the review argues that ...") carries a role;
- numbered works cited in a family chapter are studies of that family's modalities (of the
  modality a section is about, under a heading naming one); elsewhere, studies of the data.
Only rows whose source is the review are checked: rows a fork adds never break these tests.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import pytest

from nanoimaging.data.review_text import ReviewText, normalise
from nanoimaging.paths import REPO_ROOT
from nanoimaging.refs.bibtex import REVIEW_KEY, read_references
from nanoimaging.site.sphinx_review import CLAIM_ROLE

TEXT_PATH = REPO_ROOT / "data" / "review" / "de-maar-2020-theranostics.txt"
TEXT = ReviewText.from_file(TEXT_PATH)
#: Any role of the review domain, or the bare {review} role (an error): its name and its text.
ROLE = re.compile(r"\{review(?::([^}]*))?\}`([^`]*)`")
CITE = re.compile(r"\{cite:[pt]\}`([^`]+)`")
#: "the review argues that ...", "the review calls ...: " — a report of the review's content.
REPORT = re.compile(
    r"\b(?:the review|de maar and colleagues|the authors)\b(?:'s text)?\s+(?:also\s+)?"
    r"(?:says|states|argues|suggests|concludes|observes|notes|reports|claims|finds|shows)\s+(?:that\b|:)",
    re.I,
)
QUOTED = {"scales": "evidence", "studies": "evidence", "properties": "evidence", "quotes": "quote"}
PROSE = [
    *sorted((REPO_ROOT / "book").glob("*.md")),
    *sorted((REPO_ROOT / "notebooks").glob("*.ipynb")),
    *sorted((REPO_ROOT / "book").glob("*.ipynb")),
]


def markdown_of(path: Path) -> list[str]:
    """The Markdown of a chapter: a .md file whole, or each Markdown cell of a notebook."""
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("resource", sorted(QUOTED))
def test_every_quote_of_the_review_is_verbatim_and_starts_on_its_line(review, resource):
    column, problems = QUOTED[resource], []
    for row in getattr(review, resource).itertuples():
        if resource == "properties" and row.section == "Table 1":
            continue  # a Table 1 item as transcribed: checked against assessments.csv by validation
        text = getattr(row, column)
        if text is None or text != text:  # no words given
            problems.append(f"{resource} {row.Index}: no words of the review")
            continue
        lines = TEXT.start_lines(text)
        if int(row.line) not in lines:
            problems.append(
                f"{resource} {row.Index}: {normalise(text)[:60]!r} starts on {lines or 'no line'}, not {row.line}"
            )
    assert problems == []


#: SHA-256 of the extraction as the project received it: a quote checked against an edited text proves nothing.
EXTRACTION_SHA256 = "ed45978d0901e3f72fc76727e67105545869dd7e8dfaf976881db87c05427df3"


def test_the_review_text_is_the_unedited_extraction():
    assert hashlib.sha256(TEXT_PATH.read_bytes()).hexdigest() == EXTRACTION_SHA256, "the review's text was edited"


def test_every_claim_role_names_a_quote_and_every_quote_is_used(review):
    ids = set(review.quotes["id"].astype(str))
    used, unknown = set(), []
    for path in PROSE:
        for markdown in markdown_of(path):
            for match in ROLE.finditer(markdown):
                if not CLAIM_ROLE.fullmatch(match.group(0)) or match.group(1) not in ids:
                    unknown.append(f"{path.name}: {match.group(0)[:80]!r}")
                else:
                    used.add(match.group(1))
    assert unknown == []
    assert sorted(ids - used) == [], "quotes no sentence uses: remove them from data/quotes.csv"


def test_sentences_reporting_the_review_carry_their_quote():
    bare = []
    for path in PROSE:
        for markdown in markdown_of(path):
            outside = ROLE.sub("", markdown)
            for sentence in re.split(r"(?<=[.!?])\s+", outside):
                if REPORT.search(sentence) and not sentence.lower().startswith("our reading"):
                    bare.append(f"{path.name}: {sentence.strip()[:120]}")
    assert bare == []


def _family_modalities(review) -> dict[str, set[str]]:
    return {
        str(f): set(review.modalities.loc[review.modalities["family"] == f, "modality_id"].astype(str))
        for f in review.families["family"]
    }


def _named_modality(heading: str, review) -> str | None:
    """The modality a heading is about, when it names exactly one (by its printed name or a part of it)."""
    words = set(re.findall(r"[a-z0-9]+", heading.lower()))
    named = set()
    for m in review.modalities.itertuples():
        tokens = {t for t in re.findall(r"[a-z0-9]+", str(m.name).lower()) if len(t) >= 2}
        if tokens & words:
            named.add(str(m.modality_id))
    return named.pop() if len(named) == 1 else None


def test_works_cited_in_a_chapter_are_studies_of_what_it_is_about(review):
    """Works the review numbers (refnum in references.bib); a fork's own sources are not checked here.

    A work is about a modality when its study is filed under it: imaged with it, or (scintigraphy
    under PET/SPECT, say) described in its section with another method, as the chapter then says.
    """
    numbered = {key for key, ref in read_references(REPO_ROOT / "references.bib").entries.items() if ref.refnum}
    by_key: dict[str, set[str]] = {}
    for row in review.studies.itertuples():
        by_key.setdefault(str(row.cite_key), set()).add(str(row.modality_id))
    every_study = set(review.studies["cite_key"].astype(str))
    families = _family_modalities(review)
    problems = []
    for path in PROSE:
        family = path.stem if path.stem in families else None
        heading = ""
        for markdown in markdown_of(path):
            for line in markdown.splitlines():
                if line.startswith("#"):
                    heading = line
                for group in CITE.findall(line):
                    for key in (k.strip() for k in group.split(",")):
                        if key == REVIEW_KEY or key not in numbered:
                            continue
                        if key not in every_study:
                            problems.append(f"{path.name}: cites {key}, which is no study of studies.csv")
                        elif family is not None:
                            modality = _named_modality(heading, review)
                            allowed = {modality} if modality in families[family] else families[family]
                            if not by_key.get(key, set()) & allowed:
                                problems.append(
                                    f"{path.name} ({heading.strip('# ')}): cites {key}, filed under "
                                    f"{sorted(by_key.get(key, set()))}, not {sorted(allowed)}"
                                )
    assert problems == []


# --- properties.csv: the review's rows against Table 1 and the text -------------------------------

#: The guide's MPI example as a fork writes it into properties.csv: its own source, no line.
FORK_PROPERTY = {"modality_id": "mpi", "property": "label-free", "setting": "preclinical", "value": "no"}


def review_rows(name: str, data_dir: Path = REPO_ROOT / "data") -> list[dict[str, str]]:
    """The review's rows of a CSV of ``data_dir``: the rows a fork adds are never checked here."""
    with (data_dir / name).open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r.get("source", REVIEW_KEY) == REVIEW_KEY]


def table1_property_problems(data_dir: Path = REPO_ROOT / "data") -> list[str]:
    """Each Table 1 statement repeats its assessments row, and that item starts on its line of the extraction."""
    fixture = (REPO_ROOT / "tests" / "fixtures" / "table1-extraction.txt").read_text(encoding="utf-8").splitlines()
    first = 276  # the fixture holds lines 276-698 of the extraction, after its comment lines
    lines = [line for line in fixture if not line.startswith("#")]
    assessments = {
        (r["modality_id"], r["kind"], r["position"]): r["text"] for r in review_rows("assessments.csv", data_dir)
    }
    table1 = [r for r in review_rows("properties.csv", data_dir) if r["section"] == "Table 1"]
    problems = [] if len(table1) == 24 else [f"{len(table1)} Table 1 rows, not 24"]  # 29 rows, 5 quoting the text
    for row in table1:
        start = int(row["line"]) - first
        printed = " ".join(" ".join(lines[start : start + 4]).split())
        if (
            row["evidence"] != assessments.get((row["modality_id"], row["assessment_kind"], row["assessment_position"]))
            or row["evidence"].split()[0] not in lines[start]
            or " ".join(row["evidence"].split()[:3]) not in printed
        ):
            problems.append(str(row))
    return problems


def text_property_problems(data_dir: Path = REPO_ROOT / "data") -> list[str]:
    """Each statement of properties.csv stands at its line of the review's text (Table 1's included)."""
    text = TEXT_PATH.read_text(encoding="utf-8").splitlines()
    problems = []
    for row in review_rows("properties.csv", data_dir):
        start = int(row["line"]) - 1
        window = " ".join(" ".join(text[start : start + 6]).split())
        if row["evidence"] not in window or row["evidence"].split()[0] not in text[start]:
            problems.append(str(row))
    return problems


def test_table1_rows_of_properties_quote_their_assessment_and_line():
    assert table1_property_problems() == []


def test_text_rows_of_properties_are_at_their_line_of_the_review():
    assert text_property_problems() == []


def test_the_properties_checks_read_only_the_review_s_rows(data_dir):
    """A fork that adds MPI's properties (its own source, no line) keeps both checks green."""
    path = data_dir / "properties.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    added = {**FORK_PROPERTY, "basis": "modality", "source": "yourkey2024", "evidence": "Needs a tracer"}
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([added.get(name, "") for name in header])
    assert table1_property_problems(data_dir) == [] and text_property_problems(data_dir) == []


def test_the_properties_checks_fail_on_a_wrong_row_of_the_review(data_dir):
    """Fault test: a review row moved off its line fails both checks; a Table 1 row dropped fails the count."""
    path = data_dir / "properties.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    def write(kept: list[dict[str, str]]) -> None:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(kept)

    table1 = [i for i, r in enumerate(rows) if r["section"] == "Table 1"]
    assert table1
    moved = [dict(r) for r in rows]
    moved[table1[0]]["line"] = str(int(moved[table1[0]]["line"]) + 40)
    write(moved)
    assert table1_property_problems(data_dir) and text_property_problems(data_dir)
    write([r for i, r in enumerate(rows) if i != table1[0]])
    assert table1_property_problems(data_dir) == ["23 Table 1 rows, not 24"]
