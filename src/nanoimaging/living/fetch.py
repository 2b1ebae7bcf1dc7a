"""Fetching one source's JSON with requests, and what counts as that source failing.

Every response body is kept as its SHA-256 for the run record. A timeout, a refused
connection, an HTTP error (429 with its Retry-After), a body that is not JSON, or a
page that is cut short raises :class:`SourceFailed` naming the source; the run then
writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import requests

#: Seconds to wait for a source before the run stops (a timeout fails the run).
TIMEOUT = 30
USER_AGENT = "nanoimaging-living (https://doi.org/10.7150/thno.38625 companion; mailto in query.json)"


#: Query parameters that carry a key: never written to the run record.
_SECRET = re.compile(r"\b(api_key|mailto)=[^&]*")


class SourceFailed(Exception):
    """A source could not give a whole answer; the message names the source and why."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass
class Response:
    """One raw response as the run record keeps it."""

    url: str
    sha256: str
    bytes: int

    def as_record(self) -> dict[str, Any]:
        return {"url": self.url, "sha256": self.sha256, "bytes": self.bytes}


@dataclass
class SourceLog:
    """What one source did in a run: when it was asked, what came back, how many works."""

    name: str
    when: str
    responses: list[Response] = field(default_factory=list)
    records: int = 0

    def as_record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "when": self.when,
            "records": self.records,
            "responses": [r.as_record() for r in self.responses],
        }


class Fetcher:
    """GETs JSON for one source through one requests session, logging each raw body."""

    def __init__(self, session: requests.Session, log: SourceLog, headers: dict[str, str] | None = None):
        self.session = session
        self.log = log
        self.headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}

    def fail(self, reason: str) -> SourceFailed:
        return SourceFailed(self.log.name, reason)

    def get_json(self, url: str, params: dict[str, Any] | None = None) -> Any:
        try:
            response = self.session.get(url, params=params, headers=self.headers, timeout=TIMEOUT)
        except requests.Timeout as exc:
            raise self.fail(f"timed out after {TIMEOUT} s ({url})") from exc
        except requests.RequestException as exc:
            raise self.fail(f"cannot be reached ({type(exc).__name__}: {url})") from exc
        if response.status_code == 429:
            wait = response.headers.get("Retry-After", "not given")
            raise self.fail(f"rate limited: HTTP 429, Retry-After {wait} ({response.url}); run again later")
        if response.status_code != 200:
            raise self.fail(f"HTTP {response.status_code} ({response.url})")
        body = response.content
        shown = _SECRET.sub(r"\1=REDACTED", response.url)
        self.log.responses.append(Response(shown, hashlib.sha256(body).hexdigest(), len(body)))
        try:
            return json.loads(body)
        except ValueError as exc:
            raise self.fail(f"malformed JSON ({exc}) from {response.url}") from exc


def need(fetcher: Fetcher, data: Any, *path: str | int) -> Any:
    """``data[path...]``, or SourceFailed saying which key of the answer is missing."""
    here = data
    for step in path:
        try:
            here = here[step]
        except (KeyError, IndexError, TypeError) as exc:
            shown = "/".join(str(p) for p in path)
            raise fetcher.fail(f"answer lacks {shown}: not the documented response shape") from exc
    return here
