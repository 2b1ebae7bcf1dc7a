"""The living tests run with the network blocked (pytest-recording) and replay cassettes (vcrpy, record mode none)."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/living/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.block_network)
