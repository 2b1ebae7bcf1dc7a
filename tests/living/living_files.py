"""Helpers of the living tests: a living folder to run in, and recorded responses replayed with the network refused."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import vcr

from nanoimaging.living.files import LivingFiles
from nanoimaging.paths import REPO_ROOT

CASSETTES = Path(__file__).parent / "cassettes"
EXPECTED = Path(__file__).parent / "expected"
#: The recorded run's clock.
RUN_TIME = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
#: A references.bib holding one citing work (its DOI in other case than the sources give it).
BIB = """@article{synthC,
  author = {Example, Ann},
  title = {Synthetic work C: liposome retention in tumour tissue},
  journal = {Journal of Synthetic Examples},
  year = {2020},
  doi = {10.5555/Synthetic.C}
}
"""
#: Record mode none: a request the cassette does not hold fails the test instead of reaching the network.
RECORDER = vcr.VCR(record_mode="none", cassette_library_dir=str(CASSETTES), decode_compressed_response=True)


def living_folder(tmp_path: Path) -> tuple[LivingFiles, Path]:
    """A copy of the repository's living folder and a small references.bib, in tmp_path."""
    folder = tmp_path / "living"
    shutil.copytree(REPO_ROOT / "living", folder)
    bib = tmp_path / "references.bib"
    bib.write_text(BIB, encoding="utf-8")
    return LivingFiles(folder), bib


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, as bytes (hidden temporary files included)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clock():
    return RUN_TIME


ENV = {"OPENALEX_API_KEY": "test-key"}
