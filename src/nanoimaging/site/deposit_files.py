"""The files of a deposit, written by ``nanoimaging deposit`` into ``_build/deposit/``.

::

    _build/deposit/
      .zenodo.json                          the software record (also at the repository root)
      datacite.json                         the data package's DataCite 4.5 record
      nanomedicine-imaging-modalities-<version>.zip
      SHA256SUMS                            of the three files above (``sha256sum -c SHA256SUMS``)

The zip holds ``<name>-<version>/``: the CSV files, ``datapackage.json`` with each resource's
``hash`` and ``bytes``, ``CITATION.cff`` and a ``SHA256SUMS``; its bytes depend only on the release.
Every record is validated first; a problem writes nothing.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from ..paths import REPO_ROOT
from . import deposit

#: Where ``nanoimaging deposit`` writes, relative to the project root.
DEPOSIT_DIR = Path("_build") / "deposit"

ZENODO_FILE = ".zenodo.json"
DATACITE_FILE = "datacite.json"
SUMS_FILE = "SHA256SUMS"


class DepositProblem(ValueError):
    """Metadata that its schema refuses, or that disagrees with CITATION.cff or datapackage.json."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sums_text(files: dict[str, bytes]) -> str:
    """``sha256sum``'s format: one ``<hex>  <name>`` line a file, sorted by name."""
    return "".join(f"{sha256(files[name])}  {name}\n" for name in sorted(files))


def read_sums(text: str) -> dict[str, str]:
    """A SHA256SUMS file as {name: hex}."""
    return {name: digest for digest, name in (line.split("  ", 1) for line in text.splitlines() if line.strip())}


def package_files(root: Path = REPO_ROOT) -> dict[str, bytes]:
    """The data package's files by name: its CSVs, and datapackage.json with their hash and size."""
    package = deposit.data_package(root)
    files: dict[str, bytes] = {}
    for resource in package["resources"]:
        data = (root / "data" / resource["path"]).read_bytes()
        files[resource["path"]] = data
        resource["hash"] = f"sha256:{sha256(data)}"
        resource["bytes"] = len(data)
    files["datapackage.json"] = deposit.json_text(package).encode("utf-8")
    files["CITATION.cff"] = (root / "CITATION.cff").read_bytes()
    return files


def write_zip(path: Path, folder: str, files: dict[str, bytes], date: str) -> None:
    """``files`` under ``folder/`` in a zip at ``path``, sorted, every entry dated ``date`` (YYYY-MM-DD)."""
    stamp = (int(date[:4]), int(date[5:7]), int(date[8:10]), 0, 0, 0)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])


def records(root: Path = REPO_ROOT) -> tuple[dict[str, Any], dict[str, Any]]:
    """(.zenodo.json, datacite.json) for the project at ``root``; :class:`DepositProblem` when one is wrong."""
    cff, package = deposit.citation(root), deposit.data_package(root)
    zenodo, datacite = deposit.zenodo_metadata(cff, package), deposit.datacite_metadata(cff, package)
    problems = [f".zenodo.json: {p}" for p in deposit.zenodo_problems(zenodo)]
    problems += [f"datacite.json: {p}" for p in deposit.datacite_problems(datacite)]
    problems += deposit.disagreements(zenodo, datacite, cff, package)
    if problems:
        raise DepositProblem("the deposit metadata are not right:\n  " + "\n  ".join(problems))
    return zenodo, datacite


def write_zenodo_json(root: Path = REPO_ROOT) -> Path:
    """Write ``.zenodo.json`` at the project root (Zenodo's GitHub integration reads it there)."""
    zenodo, _datacite = records(root)
    target = root / ZENODO_FILE
    target.write_text(deposit.json_text(zenodo), encoding="utf-8")
    return target


def write_deposit(root: Path = REPO_ROOT, out: Path | None = None) -> list[Path]:
    """Write the deposit's files into ``out`` (default ``root/_build/deposit``); the paths written.

    All or nothing: the files are made in a scratch folder and moved when all are made.
    """
    out = out or root / DEPOSIT_DIR
    zenodo, datacite = records(root)
    package = deposit.data_package(root)
    folder = f"{package['name']}-{package['version']}"
    inner = package_files(root)
    inner[SUMS_FILE] = sums_text(inner).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="nanoimaging-deposit-") as scratch:
        made = Path(scratch)
        (made / ZENODO_FILE).write_text(deposit.json_text(zenodo), encoding="utf-8")
        (made / DATACITE_FILE).write_text(deposit.json_text(datacite), encoding="utf-8")
        write_zip(made / f"{folder}.zip", folder, inner, str(deposit.citation(root)["date-released"]))
        outer = {p.name: p.read_bytes() for p in made.iterdir()}
        (made / SUMS_FILE).write_text(sums_text(outer), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        for path in made.iterdir():
            shutil.copyfile(path, out / path.name)
    return sorted(out.iterdir())
