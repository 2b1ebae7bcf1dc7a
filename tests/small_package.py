"""The small synthetic data package of the behaviour tests (tests/fixtures/small-package/).

A module of its own, not in conftest.py: a test module that imports ``conftest`` gets
whichever conftest was imported first (tests/site has one too), so helpers live here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from nanoimaging.paths import REPO_ROOT

SMALL_PACKAGE = Path(__file__).parent / "fixtures" / "small-package"
#: The small package's modalities in Table 1 order: grouped by family (near = position 1, far = position 2),
#: then by position; nova (position 5, added) belongs to near, so it comes before body-scan (position 3).
SMALL_ORDER = ["micro", "slice", "nova", "body-scan", "sono"]


def copy_small_package(dest: Path) -> Path:
    """The small package in ``dest/data``: its CSVs, references and text, with the project's real schema.

    The schema is the project's own ``data/datapackage.json`` (so the fixture cannot drift from
    it); only where it finds references.bib and the review's text is pointed at the fixture's.
    """
    data = dest / "data"
    data.mkdir(parents=True)
    for csv_file in SMALL_PACKAGE.glob("*.csv"):
        shutil.copy(csv_file, data / csv_file.name)
    descriptor = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["references"] = "../references.bib"
    descriptor["reviewText"] = "../review.txt"
    (data / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    shutil.copy(SMALL_PACKAGE / "references.bib", dest / "references.bib")
    shutil.copy(SMALL_PACKAGE / "review.txt", dest / "review.txt")
    return data
