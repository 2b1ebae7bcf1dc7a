"""Replaying a recorded discover run: practice for the guide's month, with the network refused.

A cassette (vcrpy's YAML record of HTTP answers, as in ``tests/living/cassettes/``) answers every
request of the run; a request it does not hold fails instead of reaching the network. The
recorded OpenAlex answers are matched without their ``api_key`` parameter, so no real key is
needed or sent. A replayed run writes made-up candidates: the command line asks for the folder
to write to by name (``--folder``), and the guide says to discard it afterwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

#: The key a replayed run passes for OpenAlex, so that OpenAlex is asked (and answered from the cassette).
REPLAY_KEY = "replayed-no-key"


def _query_without_key(r1, r2) -> bool:
    def strip(request):
        return [pair for pair in request.query if pair[0] != "api_key"]

    return strip(r1) == strip(r2)


@contextlib.contextmanager
def replaying(cassette: str | Path) -> Iterator[None]:
    """Inside this block, HTTP requests are answered from ``cassette`` only (record mode ``none``)."""
    try:
        import vcr
    except ImportError as exc:  # vcrpy comes with the test requirements (requirements.txt)
        raise RuntimeError("replaying a recorded run needs vcrpy: install requirements.txt (make venv)") from exc
    path = Path(cassette)
    if not path.is_file():
        raise FileNotFoundError(f"no recorded run at {path}")
    recorder = vcr.VCR(
        record_mode="none",
        decode_compressed_response=True,
        match_on=("method", "scheme", "host", "port", "path", "query_without_key"),
    )
    recorder.register_matcher("query_without_key", _query_without_key)
    with recorder.use_cassette(str(path)):
        yield
