"""Which public repository the site is built from: the address of its Binder and repository buttons.

``NANOIMAGING_REPOSITORY_URL`` when set, else the clone's ``origin`` when it is on GitHub, else none
(no launch buttons; :func:`find_repository` says why).

>>> github_https("git@github.com:student/nanoimaging.git")
'https://github.com/student/nanoimaging'
>>> github_https("https://gitlab.com/student/nanoimaging.git") is None
True
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ENV = "NANOIMAGING_REPOSITORY_URL"
#: The git ref Binder opens: this variable, else the checked-out branch, else ``main``.
BRANCH_ENV = "NANOIMAGING_REPOSITORY_BRANCH"
_GITHUB = re.compile(
    r"^(?:https?://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/|git://github\.com/)"
    r"(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)


def github_https(remote: str) -> str | None:
    """``https://github.com/<owner>/<name>`` for a GitHub remote address; None for any other."""
    match = _GITHUB.match(remote.strip())
    if not match:
        return None
    return f"https://github.com/{match['owner']}/{match['name']}"


@dataclass(frozen=True)
class Repository:
    url: str | None  # https://github.com/owner/name, or None: no buttons
    origin: str  # where it came from, or why there is none (one line)
    branch: str = "main"  # the ref the buttons open


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def _branch(root: Path, environ: dict[str, str]) -> str:
    stated = environ.get(BRANCH_ENV, "").strip()
    if stated:
        return stated
    current = _git(root, "symbolic-ref", "--short", "-q", "HEAD")  # None when detached
    return current or "main"


def find_repository(root: Path, environ: dict[str, str] | None = None) -> Repository:
    """The repository the site at ``root`` is built from (see the module's docstring)."""
    environ = os.environ if environ is None else environ
    stated = environ.get(ENV, "").strip()
    if stated:
        return Repository(stated.rstrip("/"), f"from {ENV}", _branch(root, environ))
    origin = _git(root, "remote", "get-url", "origin")
    if origin is None:
        return Repository(
            None, f"the pages have no Binder buttons: {ENV} is not set and this clone has no origin remote"
        )
    url = github_https(origin)
    if url is None:
        shown = re.sub(r"//[^@/]+@", "//", origin)  # never print a token kept in the remote's address
        return Repository(
            None, f"the pages have no Binder buttons: {ENV} is not set and origin ({shown}) is not on github.com"
        )
    return Repository(url, "from git remote origin", _branch(root, environ))
