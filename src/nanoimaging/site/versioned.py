"""Assemble the versioned website in ``_site/``: one folder per version, ``latest/``, a switcher list.

``make site`` builds the book with the version switcher (:func:`build_versioned_html`) and its PDF,
then :func:`publish` copies it in; ``make site VERSION_REF=v0.1.0`` builds that git tag in a
worktree of its own first. Older versions are touched only to give them the newer-version notice
(:mod:`nanoimaging.site.newer_notice`)::

    _site/
      index.html        sends readers to latest/
      versions.json     the version switcher's list (pydata-sphinx-theme format)
      latest/           a copy of the newest version
      0.2.0/  0.1.0/    one complete site per version, with nanoimaging-<version>.pdf

>>> [entry["url"] for entry in switcher_entries(["0.2.0", "0.1.0"], "/companion/")]
['/companion/0.2.0/', '/companion/0.1.0/']
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..paths import REPO_ROOT
from .book import jupyter_book
from .csp import with_policy
from .newer_notice import mark_versions
from .pdf import PDF_DIR, pdf_filename
from .release import current
from .sphinx_pages import VERSIONED_ENV

#: Where the versioned build goes, relative to the project root.
VERSIONED_HTML = Path("_build") / "versioned" / "_build" / "html"

VERSION_DIR = re.compile(r"^\d+\.\d+\.\d+$")


def versions(site: Path) -> list[str]:
    """The versions present in ``site``, newest first."""
    found = [p.name for p in site.iterdir() if p.is_dir() and VERSION_DIR.match(p.name)] if site.exists() else []
    return sorted(found, key=lambda v: tuple(int(x) for x in v.split(".")), reverse=True)


def switcher_entries(names: list[str], base_url: str = "/") -> list[dict]:
    """The version switcher's list: newest first and preferred; URLs end with a slash."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    return [
        {
            "version": name,
            "name": f"{name} (latest)" if i == 0 else name,
            "url": f"{base}{name}/",
            "preferred": i == 0,
        }
        for i, name in enumerate(names)
    ]


INDEX_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Imaging nanomedicine across scales</title>
<meta http-equiv="refresh" content="0; url=latest/">
<link rel="canonical" href="latest/">
</head>
<body>
<p>The latest version is at <a href="latest/">latest/</a>. All versions: {links}.</p>
</body>
</html>
"""


def publish(html: Path, site: Path, version: str, base_url: str = "/", pdf: Path | None = None) -> list[str]:
    """Copy a built site (and its PDF edition) into ``site/<version>/``; refresh ``latest/``, the list and the index.

    Every page of a version older than the newest gets the notice that points to its
    newest counterpart; the newest (and ``latest/``) has none.
    """
    if not VERSION_DIR.match(version):
        raise ValueError(f"version must look like 1.2.3, got {version!r}")
    if not (html / "index.html").exists():
        raise FileNotFoundError(f"no built site in {html} (run `make book` first)")
    if pdf is not None and not pdf.is_file():
        raise FileNotFoundError(f"no PDF edition at {pdf} (run `make pdf` first)")
    site.mkdir(parents=True, exist_ok=True)
    target = site / version
    if target.exists():
        shutil.rmtree(target)  # the same version rebuilt; other versions stay as they are
    shutil.copytree(html, target)
    if pdf is not None:
        shutil.copyfile(pdf, target / pdf_filename(version))  # where the versioned pages link to it
    names = versions(site)
    mark_versions(site, names)  # older versions point to the newest; the newest has no notice
    latest = site / "latest"
    if latest.exists():
        shutil.rmtree(latest)
    shutil.copytree(site / names[0], latest)
    (site / "versions.json").write_text(
        json.dumps(switcher_entries(names, base_url), indent=1) + "\n", encoding="utf-8"
    )
    links = ", ".join(f'<a href="{name}/">{name}</a>' for name in names)
    (site / "index.html").write_text(with_policy(INDEX_HTML.format(links=links)), encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")  # GitHub Pages: serve _static/ as is
    return names


def _version_of(root: Path) -> str:
    if (root / "CITATION.cff").exists():
        return current(root).version
    return json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))["version"]


class UnknownRef(ValueError):
    """A git reference that names no commit of the repository."""


def commit_of(ref: str, root: Path = REPO_ROOT) -> str:
    """The commit a git tag, branch or commit names; :class:`UnknownRef` when it names none."""
    found = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode or not ref.strip():
        tags = subprocess.run(["git", "-C", str(root), "tag", "--list"], capture_output=True, text=True, check=False)
        known = ", ".join(tags.stdout.split()) or "none"
        raise UnknownRef(f"{ref!r} names no commit of this repository (its tags: {known})")
    return found.stdout.strip()


def build_ref(ref: str, site: Path, base_url: str = "/") -> list[str]:
    """Build a git tag or commit in a worktree of its own and publish it.

    :class:`UnknownRef` when ``ref`` names no commit; :class:`subprocess.CalledProcessError`
    when its build fails (nothing is published then).
    """
    commit = commit_of(ref)
    with tempfile.TemporaryDirectory(prefix="nanoimaging-ref-") as scratch:
        worktree = Path(scratch) / "tree"
        subprocess.run(["git", "-C", str(REPO_ROOT), "worktree", "add", "--detach", str(worktree), commit], check=True)
        try:
            # Versions that know the versioned build (switcher only there) use it; older ones had one build.
            makefile = (worktree / "Makefile").read_text(encoding="utf-8")
            if re.search(r"^versioned-html:", makefile, flags=re.MULTILINE):
                subprocess.run(["make", "-C", str(worktree), "versioned-html"], check=True)
                html = worktree / "_build" / "versioned" / "_build" / "html"
            else:
                subprocess.run(["make", "-C", str(worktree), "book"], check=True)
                html = worktree / "_build" / "html"
            version = _version_of(worktree)
            # Versions that have `make pdf` printed their PDF with versioned-html; older ones have none.
            pdf = worktree / PDF_DIR / pdf_filename(version)
            return publish(html, site, version, base_url, pdf=pdf if pdf.is_file() else None)
        finally:
            subprocess.run(["git", "-C", str(REPO_ROOT), "worktree", "remove", "--force", str(worktree)], check=False)


def build_versioned_html(root: Path = REPO_ROOT) -> Path:
    """Build the book with the version switcher into ``root/_build/versioned/``; returns its HTML folder.

    The notebooks must have been executed (``make book``): this build renders their stored outputs.
    """
    result = jupyter_book(root, root / VERSIONED_HTML.parents[1], env={VERSIONED_ENV: "1"})
    html = root / VERSIONED_HTML
    if result.returncode or not (html / "index.html").is_file():
        raise RuntimeError(f"the versioned build failed:\n{result.stdout[-4000:]}\n{result.stderr[-3000:]}")
    return html
