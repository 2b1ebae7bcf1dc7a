"""Where the project's files are, for a checkout installed in editable mode."""

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
