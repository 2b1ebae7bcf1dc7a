"""Accessibility in the browser: axe-core's WCAG rules on a page, and how the test server offers axe."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from nanoimaging.paths import REPO_ROOT
from nanoimaging.site.screenshots import TRANSITIONS_DONE

#: axe-core, copied from the npm package pinned in package.json (npm run vendor-test).
#: A test tool: injected into the page under test, never part of the site.
AXE_JS = REPO_ROOT / "tests" / "site" / "vendor" / "axe.min.js"

#: Where the test server offers axe-core (a script from the site's own origin, so that a
#: page under a Content-Security-Policy without inline scripts can still load it).
AXE_URL_PATH = "/__tests__/axe.min.js"


#: The rules axe runs: every WCAG 2.0 and 2.1 rule of levels A and AA, and axe's best practices.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")


def run_axe(page: Any, url: str | None = None, tags: Iterable[str] = AXE_TAGS, rules: Iterable[str] = ()) -> list[dict]:
    """axe-core's violations on the page once its colour fades are over, for the rules tagged ``tags`` (or,
    given ``rules``, for those rules only).

    axe is added from ``url`` (see :data:`AXE_URL_PATH`), else inline from :data:`AXE_JS`, unless the page
    has it already. The theme fades a button's colours in as the page loads and when the mode switches: a
    contrast judged mid-fade is neither mode's, so axe runs once the transitions are done.
    """
    page.evaluate(TRANSITIONS_DONE)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        if url:
            page.add_script_tag(url=url)
        else:
            page.add_script_tag(path=str(AXE_JS))
    rules = list(rules)
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": list(tags)}
    options = {"runOnly": run_only, "resultTypes": ["violations"]}
    result = page.evaluate(f"axe.run(document, {json.dumps(options)})")
    return result["violations"]


def serious_violations(violations: Iterable[Mapping[str, Any]]) -> list[str]:
    """Serious and critical axe violations, one line per element. No rule is turned off."""
    found = []
    for v in violations:
        if v.get("impact") not in ("serious", "critical"):
            continue
        for node in v["nodes"]:
            html = node.get("html", "")
            found.append(f"{v['impact']} {v['id']}: {v['help']} at {node.get('target')}: {html[:160]}")
    return found


def site_files(html: Path | None = None) -> dict[str, tuple[bytes, str]]:
    """What the test server adds to a built site: axe-core (a test tool, never part of the site)."""
    return {AXE_URL_PATH: (AXE_JS.read_bytes(), "text/javascript")}
