"""Links: LinkChecker against the local server, internal links and anchors only."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

#: LinkChecker settings: internal links only, anchors checked (its AnchorCheck plugin),
#: no robots.txt. LinkChecker waits 0.1 to 0.6 s between two requests to one host unless
#: the host answers with a ``LinkChecker`` header (a site owner's opt-in): the test
#: server sends it, and maxrequestspersecond then sets the pace.
LINKCHECKER_RC = """[checking]
threads=4
timeout=20
robotstxt=0
maxrequestspersecond=1000
[filtering]
checkextern=0
[AnchorCheck]
"""


#: LinkChecker's command, without its drop to user "nobody" when run as root: in a clone
#: under a private folder (root's home, a temporary directory) "nobody" cannot read the
#: virtual environment, and every page gave a PermissionError. It only reads this site,
#: served on 127.0.0.1 (every other URL is ignored).
LINKCHECKER_AS_IS = (
    "import sys; import linkcheck.command.linkchecker as cli; "
    "cli.drop_privileges = lambda: None; sys.argv[0] = 'linkchecker'; sys.exit(cli.linkchecker())"
)


def linkcheck(
    base: str, start_pages: Iterable[str], workdir: Path, recursion: int = -1, timeout: int = 300
) -> tuple[list[str], int]:
    """Run LinkChecker from ``start_pages`` (relative to ``base``); returns (problems, URLs checked).

    Every URL outside ``base`` is ignored (never fetched): only this site's links are
    checked. A broken link is LinkChecker's "invalid"; a missing anchor is its
    AnchorCheck warning; both are problems, as is any other warning. ``recursion``: how
    many links deep to follow from the start pages (-1: the whole site).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    rc = workdir / "linkcheckerrc"
    rc.write_text(LINKCHECKER_RC, encoding="utf-8")
    command = [
        sys.executable,
        "-c",
        LINKCHECKER_AS_IS,
        "--config",
        str(rc),
        "--no-status",
        "--verbose",
        "--output",
        "csv",
        "--ignore-url",
        "^(?!" + re.escape(base) + ")",
        "--recursion-level",
        str(recursion),
        *(base + p for p in start_pages),
    ]
    env = {**os.environ, "HOME": str(workdir)}  # no user configuration, no cookie file
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, cwd=workdir)
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    if not lines:
        return [f"linkchecker printed nothing (exit {result.returncode}): {result.stderr[-2000:]}"], 0
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    problems = []
    for row in rows:
        if row.get("valid") == "False":
            problems.append(f"broken: {row['urlname']} on {row['parentname']} line {row['line']}: {row['result']}")
        elif row.get("warningstring"):
            problems.append(
                f"warning: {row['urlname']} on {row['parentname']} line {row['line']}: {row['warningstring']}"
            )
    if result.returncode not in (0, 1):
        problems.append(f"linkchecker exited {result.returncode}: {result.stderr[-2000:]}")
    return problems, len(rows)
