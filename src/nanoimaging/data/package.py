"""The data package as one download: a zip of ``data/`` with ``references.bib`` and the licence.

>>> data_zip_name("0.1.0")
'nanoimaging-data-0.1.0.zip'
"""

from __future__ import annotations

import zipfile
from pathlib import Path

#: Fixed timestamp for the zip's members, so the same data gives the same bytes.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def data_zip_name(version: str) -> str:
    """The file name of the zipped data package of ``version``."""
    return f"nanoimaging-data-{version}.zip"


def write_data_zip(root: Path, version: str, destination: Path) -> Path:
    """Zip ``root/data/`` (the review's text in ``data/review/`` too), ``references.bib`` (which datapackage.json
    points to) and the licence into ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    target = destination / data_zip_name(version)
    members = sorted(p for p in (root / "data").rglob("*") if p.is_file()) + [root / "references.bib", root / "LICENSE"]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in members:
            info = zipfile.ZipInfo(str(path.relative_to(root)), date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return target
