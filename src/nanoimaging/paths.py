"""Where the project's files are, and how a path is shown in a message.

This module and :mod:`nanoimaging.problems` sit below every layer: each layer may use them.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root when the package runs from its source tree (src/nanoimaging/..).
REPO_ROOT = Path(__file__).resolve().parents[2]


def default_data_dir() -> Path:
    """The data package to use: $NANOIMAGING_DATA, else the repository's ``data/``."""
    override = os.environ.get("NANOIMAGING_DATA")
    if override:
        return Path(override)
    return REPO_ROOT / "data"


def display_path(path: str | Path) -> str:
    """The path as a student would type it: relative to the working folder when possible.

    >>> display_path(Path.cwd() / "data" / "modalities.csv")
    'data/modalities.csv'
    """
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
