"""The book's chapters follow the data: one chapter per family, and no chapter names a family the data lacks.

A family of ``families.csv`` has its chapter ``notebooks/<family>.ipynb``, listed in
``_toc.yml``; :func:`new_family_chapter` writes one from a template (``nanoimaging
new-family FAMILY``). ``make book`` stops with :func:`chapter_problems`' messages
before executing anything.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import yaml

from ..data.dataset import Dataset
from ..refs.bibtex import REVIEW_KEY

#: A builder's family argument in a notebook's code: family="optical".
FAMILY_ARGUMENT = re.compile(r"""\bfamily\s*=\s*["']([^"']+)["']""")
#: The files a family chapter reads (its declaration, nanoimaging.site.runner): the tables of its blocks.
FAMILY_CHAPTER_READS = tuple(
    f"data/{name}.csv"
    for name in (
        "abbreviations",
        "approaches",
        "assessments",
        "families",
        "modalities",
        "resolution",
        "scales",
        "studies",
    )
)
#: The part of _toc.yml that lists the family chapters.
FAMILIES_PART = "Modality families"


def toc_parts(root: Path) -> list[tuple[str, list[str]]]:
    """The parts of _toc.yml in order, as (caption, chapter files); the root file first, as a part
    without a caption, and chapters listed outside any part also under an empty caption."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    parts = [("", [toc["root"]])]
    if toc.get("chapters"):
        parts.append(("", [chapter["file"] for chapter in toc["chapters"]]))
    for part in toc.get("parts", []):
        parts.append((str(part.get("caption") or ""), [chapter["file"] for chapter in part.get("chapters", [])]))
    return parts


def toc_files(root: Path) -> list[str]:
    """Every file _toc.yml lists, as written there (no suffix)."""
    return [file for _caption, files in toc_parts(root) for file in files]


def chapter_problems(root: Path, families: list[str]) -> list[str]:
    """What keeps the family chapters from matching the data's ``families``; empty when they match."""
    listed = set(toc_files(root))
    problems = []
    for family in families:
        notebook = root / "notebooks" / f"{family}.ipynb"
        if not notebook.is_file():
            problems.append(
                f"families.csv: family {family!r} has no chapter notebooks/{family}.ipynb: "
                f"run `nanoimaging new-family {family}` to write it from the template"
            )
        elif f"notebooks/{family}" not in listed:
            problems.append(
                f"_toc.yml: notebooks/{family}.ipynb (family {family!r}) is not listed: "
                f"add '- file: notebooks/{family}' under '{FAMILIES_PART}'"
            )
    for notebook in sorted((root / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = "".join(cell.get("source", ""))
            for named in FAMILY_ARGUMENT.findall(source):
                if named not in families:
                    problems.append(
                        f"notebooks/{notebook.name}: names family {named!r}, which families.csv lacks "
                        f"(it has {', '.join(families)})"
                    )
    return problems


def _markdown(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def family_notebook(family: str, data: Dataset) -> nbformat.NotebookNode:
    """A chapter for one family, like the review's three: its Table 1 block, charts, matrices and studies."""
    row = data.families[data.families["family"] == family].iloc[0]
    label, source = str(row["label"]), str(row["source"])
    origin = (
        "Its modalities are those of Table 1 of the review {cite:p}`deMaar2020`."
        if source == REVIEW_KEY
        else f"This family was added to this copy of the data; it is not in the review {{cite:p}}`{source}`."
    )
    arg = f'family="{family}"'
    cells = [
        _markdown(f"# {label}\n\n{origin} Everything on this page is computed from the data package."),
        _markdown(
            "## Overview\n\n1. This family's block of Table 1\n2. Resolution, depth and speed\n"
            "3. Scales and aspects\n4. The studies\n5. Summary"
        ),
        nbformat.v4.new_code_cell(
            "from IPython.display import HTML, Markdown\n\n"
            "import nanoimaging\nfrom nanoimaging.figures import matrices, resolution, study_list, table1\n\n"
            "data = nanoimaging.load()\n"
            'print(f"data package version {data.version}: {len(data.modalities)} modalities")'
        ),
        _markdown(
            "## This family's block of Table 1\n\nThe rows below are rebuilt from the data package; rows that "
            "are not from the review say where they come from."
        ),
        nbformat.v4.new_code_cell(f"HTML(table1.table1_html(data, {arg}))"),
        _markdown(
            "## Resolution, depth and speed\n\nEach spatial-resolution value is a mark (hollow when it is not "
            "from the review); a range is a line. Hover over a mark to see the value and its source."
        ),
        nbformat.v4.new_code_cell(f"resolution.resolution_depth(data, {arg})"),
        nbformat.v4.new_code_cell(f"resolution.resolution_speed(data, {arg})"),
        _markdown(
            "## Scales and aspects\n\nAt which scales each modality is stated to image, and the approaches "
            "listed for imaging the drug, the nanoparticle and the environment."
        ),
        nbformat.v4.new_code_cell(f"matrices.scale_matrix(data, {arg})"),
        nbformat.v4.new_code_cell(f"matrices.aspect_matrix(data, {arg})"),
        _markdown("## The studies\n\nEach study is cited; the bibliography says what is known about it."),
        nbformat.v4.new_code_cell(f"Markdown(study_list.studies_markdown(data, {arg}))"),
        _markdown(
            "## Summary\n\nEverything above was computed from the data package when this page was built. "
            "Change a row in `data/` and run `make book` to see it change.\n\n### What's next\n\n"
            "Compare this family with the others in {doc}`resolution-depth` and {doc}`scales-aspects`."
        ),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "nanoimaging": {"reads": list(FAMILY_CHAPTER_READS)},
    }
    return nb


def new_family_chapter(root: Path, family: str, data: Dataset) -> Path:
    """Write ``notebooks/<family>.ipynb`` from the template and list it in _toc.yml; returns the notebook.

    :raises ValueError: when families.csv lacks the family, or its chapter exists already.
    """
    families = [str(f) for f in data.families["family"]]
    if family not in families:
        raise ValueError(
            f"families.csv has no family {family!r}: add its row (family, label, position, colour, "
            f"source, section) first; it has {', '.join(families)}"
        )
    notebook = root / "notebooks" / f"{family}.ipynb"
    if notebook.exists():
        raise ValueError(f"{notebook.relative_to(root)} exists already; nothing was changed")
    toc_path = root / "_toc.yml"
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    part = next((p for p in toc.get("parts", []) if p.get("caption") == FAMILIES_PART), None)
    if part is None:
        raise ValueError(f"_toc.yml has no part with caption {FAMILIES_PART!r}; nothing was changed")
    part["chapters"].append({"file": f"notebooks/{family}"})
    nbformat.write(family_notebook(family, data), notebook)
    toc_path.write_text(yaml.safe_dump(toc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return notebook
