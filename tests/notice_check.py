"""Checks of the notice that an older version's pages carry (nanoimaging.site.newer_notice), read from the files."""

from __future__ import annotations

import re
from pathlib import Path

from nanoimaging.site.versioned import versions

NOTICE = re.compile(r'<div class="newer-version" role="note">(.*?)</div>', re.S)
STYLESHEET = re.compile(r'<link rel="stylesheet"[^>]*href="([^"]*newer-version\.css)"')


def pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if "_static" not in p.relative_to(folder).parts)


def notice_problems(site: Path) -> list[str]:
    """Every page of an older version: one notice, naming the newest version, linking to the same page
    in latest/ (else latest's home), with its stylesheet there; the newest and latest/: none."""
    names = versions(site)
    problems = [] if names else [f"{site}: no version"]
    for folder in (site / "latest", *(site / n for n in names[:1])):
        problems += [
            f"{p.relative_to(site)}: a notice on the latest version"
            for p in pages(folder)
            if "newer-version" in p.read_text(encoding="utf-8")
        ]
    for name in names[1:]:
        folder = site / name
        found = pages(folder)
        problems += [] if found else [f"{name}: no page"]
        for page in found:
            where = page.relative_to(site)
            text = page.read_text(encoding="utf-8")
            notices = NOTICE.findall(text)
            if len(notices) != 1:
                problems.append(f"{where}: {len(notices)} notices, expected 1")
                continue
            if names[0] not in re.sub(r"<[^>]+>", "", notices[0]):
                problems.append(f"{where}: the notice does not name the latest version {names[0]}")
            links = re.findall(r'<a href="([^"]+)"', notices[0])
            relative = page.relative_to(folder)
            expected = site / "latest" / (relative if (site / "latest" / relative).is_file() else "index.html")
            if len(links) != 1 or (page.parent / links[0]).resolve() != expected.resolve():
                problems.append(f"{where}: the notice links to {links}, expected {expected.relative_to(site)}")
            sheets = STYLESHEET.findall(text)
            if len(sheets) != 1 or not (page.parent / sheets[0]).is_file():
                problems.append(f"{where}: the notice's stylesheet is not linked, or missing ({sheets})")
    return problems
