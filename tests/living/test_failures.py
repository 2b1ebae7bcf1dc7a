"""A source that fails (timeout, 429, malformed JSON, a short page) changes no file and exits 3 naming it."""

from __future__ import annotations

import pytest
import requests
from living_files import RECORDER, living_folder, snapshot

from nanoimaging.cli import main

#: pytest-recording refuses every connection; only cassettes answer.
pytestmark = pytest.mark.block_network

NOW = ["--now", "2026-12-01T06:00:00Z"]


def _discover(files, bib, capsys):
    code = main(["living", "discover", "--folder", str(files.folder), "--bib", str(bib), *NOW])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("cassette", "source", "said"),
    [
        ("rate_limited.yaml", "opencitations", "HTTP 429, Retry-After 3600"),
        ("malformed.yaml", "europepmc-citations", "malformed JSON"),
        ("short_page.yaml", "europepmc-citations", "page cut short: 1 of 3"),
    ],
)
def test_a_failing_source_changes_nothing_and_exits_3(tmp_path, capsys, monkeypatch, cassette, source, said):
    monkeypatch.setenv("OPENALEX_API_KEY", "test-key")
    files, bib = living_folder(tmp_path)
    before = snapshot(tmp_path)
    with RECORDER.use_cassette(cassette):
        code, err = _discover(files, bib, capsys)
    assert code == 3
    assert f"source {source} failed" in err and said in err and "nothing was changed" in err
    assert snapshot(tmp_path) == before


def test_a_timeout_changes_nothing_and_exits_3(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OPENALEX_API_KEY", "test-key")
    real_send = requests.Session.send

    def send(self, request, **kwargs):
        if "api.openalex.org" in request.url:
            raise requests.ReadTimeout("read timed out")
        return real_send(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", send)
    files, bib = living_folder(tmp_path)
    before = snapshot(tmp_path)
    with RECORDER.use_cassette("run.yaml"):
        code, err = _discover(files, bib, capsys)
    assert code == 3 and "source openalex failed: timed out" in err
    assert snapshot(tmp_path) == before


def test_the_whole_run_through_the_command_line_writes_both_files(tmp_path, capsys, monkeypatch):
    """The control of the failure tests: the same command on whole answers writes and exits 0."""
    monkeypatch.setenv("OPENALEX_API_KEY", "test-key")
    files, bib = living_folder(tmp_path)
    before = snapshot(tmp_path)
    with RECORDER.use_cassette("run.yaml"):
        code = main(["living", "discover", "--folder", str(files.folder), "--bib", str(bib), *NOW])
    assert code == 0 and "run-001" in capsys.readouterr().out
    after = snapshot(tmp_path)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"living/candidates.csv", "living/runs.json"}
