"""Checks of the Content-Security-Policy a built page carries in its own ``<meta http-equiv>``.

Independent of the code that writes the policy (nanoimaging.site.csp): the page is read
with sitekit.html's scanner and each inline script, handler and style is hashed here.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from sitekit.html import EXECUTABLE_TYPES, scan_html

_META = re.compile(r'<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*/?>', re.I)
#: What may load a page's code, style or data, besides its own hashes: the site itself.
ALLOWED_SOURCES = {"'self'", "'none'", "'unsafe-hashes'"}
#: Directives that may also take data: URLs (images drawn from CSS).
DATA_URLS = {"img-src"}
#: Elements that load or run something: the policy must stand before the first of them.
_ACTIVE = re.compile(r"<(script|style|link|img|iframe|object|embed)\b", re.I)


def sha256_source(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def page_policy(text: str) -> dict[str, list[str]]:
    """The directives of the page's one meta policy; {} when it has none."""
    found = _META.findall(text)
    if len(found) != 1:
        return {}
    directives = {}
    for part in found[0].split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def policy_problems(name: str, text: str) -> list[str]:
    """What is wrong with the page's policy: missing, late, too loose, or lacking a hash its inline code needs."""
    matches = list(_META.finditer(text))
    if len(matches) != 1:
        return [f"{name}: {len(matches)} Content-Security-Policy meta elements (one is needed)"]
    problems = []
    head_end = text.lower().find("</head>")
    active = _ACTIVE.search(text)
    if head_end != -1 and matches[0].start() > head_end:
        problems.append(f"{name}: the policy is outside <head> (the browser ignores it there)")
    if active and active.start() < matches[0].start():
        problems.append(f"{name}: <{active.group(1)}> comes before the policy, which does not cover it")
    policy = page_policy(text)
    if policy.get("default-src") not in (["'self'"], ["'none'"]):
        problems.append(f"{name}: default-src is {policy.get('default-src')}, not 'self' or 'none'")
    for directive, sources in policy.items():
        for source in sources:
            ok = source in ALLOWED_SOURCES or source.startswith("'sha256-")
            ok = ok or (source == "data:" and directive in DATA_URLS)
            if not ok:
                problems.append(f"{name}: {directive} allows {source}")
    scan = scan_html(text)
    scripts = [code for attrs, code in scan.inline_scripts if attrs.get("type", "").lower() in EXECUTABLE_TYPES]
    scripts += [code for _tag, _attr, code in scan.handlers]
    for kind, codes, directive in (("script", scripts, "script-src"), ("style", scan.styles, "style-src")):
        allowed = set(policy.get(directive, policy.get("default-src", [])))
        for code in codes:
            if sha256_source(code) not in allowed:
                problems.append(f"{name}: inline {kind} not allowed by {directive}: {code.strip()[:80]!r}")
    return problems


def site_policy_problems(html: Path, pages: list[str]) -> list[str]:
    """:func:`policy_problems` of each of ``pages`` (paths relative to ``html``)."""
    problems = []
    for page in pages:
        problems += policy_problems(page, (html / page).read_text(encoding="utf-8"))
    return problems
