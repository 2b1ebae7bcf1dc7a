"""Copy the pinned npm builds of vega and vega-embed into ``_static/vendor/`` (``npm ci && npm run vendor``)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

#: npm package -> built file copied to _static/vendor/.
VENDORED = {
    "vega": "build/vega.min.js",
    "vega-embed": "build/vega-embed.min.js",
}

_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")
_LICENSE_NAMES = re.compile(r"^(licen[sc]e|copying)(\.(md|txt))?$", re.I)


def _license_file(package_dir: Path) -> Path | None:
    for path in sorted(package_dir.iterdir()):
        if path.is_file() and _LICENSE_NAMES.match(path.name):
            return path
    return None


#: Node's own module resolution (``createRequire(...).resolve.paths``), walking each package's
#: ``dependencies``: prints ``[[name, folder], ...]`` for the packages named in argv and all they depend on.
_CLOSURE_JS = """
const fs = require("fs"), path = require("path"), { createRequire } = require("module");
const [root, ...names] = process.argv.slice(1);
const seen = new Map(), todo = names.map((name) => [name, root]);
while (todo.length) {
  const [name, from] = todo.pop();
  const lookup = createRequire(path.join(from, "package.json")).resolve.paths(name) || [];
  const dir = lookup.map((d) => path.join(d, name)).find((d) => fs.existsSync(path.join(d, "package.json")));
  if (!dir || seen.has(dir)) continue;
  seen.set(dir, name);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  for (const dep of Object.keys(meta.dependencies || {})) todo.push([dep, dir]);
}
console.log(JSON.stringify([...seen].map(([dir, name]) => [name, dir])));
"""


def _dependency_closure(roots: Iterable[str], node_modules: Path) -> list[tuple[str, Path]]:
    """The packages ``roots`` depend on, directly or not, found where Node itself would find them."""
    result = subprocess.run(
        ["node", "-e", _CLOSURE_JS, str(node_modules.parent), *roots], capture_output=True, text=True, check=True
    )
    found = [(name, Path(folder)) for name, folder in json.loads(result.stdout)]
    return sorted(found, key=lambda item: (item[0], str(item[1])))


def vendor(node_modules: str | Path, dest: str | Path) -> list[Path]:
    """Copy the pinned builds of vega and vega-embed into ``dest``; returns the files written.

    Writes each ``<file>.min.js`` (without its source-map comment), licences, third-party notices and
    ``VERSIONS.txt`` (versions and SHA-256). The committed ``vega.LICENSE.txt`` is kept, as vega's npm
    package has none. Output is deterministic.
    """
    node_modules = Path(node_modules).resolve()
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    lines = [
        "JavaScript served by the book, copied from npm by `npm ci && npm run vendor`",
        "(nanoimaging.site.vendor); versions pinned in package.json / package-lock.json.",
        "vega-embed's build bundles vega-interpreter (CSP-safe expressions, option ast: true).",
        "",
    ]
    for package, built in VENDORED.items():
        pkg_dir = node_modules / package
        meta = json.loads((pkg_dir / "package.json").read_text(encoding="utf-8"))
        text = (pkg_dir / built).read_text(encoding="utf-8")
        text = _SOURCE_MAP.sub("\n", text)
        target = dest / Path(built).name
        target.write_text(text, encoding="utf-8", newline="\n")
        written.append(target)
        license_target = dest / f"{package}.LICENSE.txt"
        license_src = _license_file(pkg_dir)
        if license_src is not None:
            shutil.copyfile(license_src, license_target)
            written.append(license_target)
        elif not license_target.is_file():
            raise FileNotFoundError(
                f"{package} {meta['version']} ships no licence file and {license_target} is missing: "
                "add the licence text of its repository there"
            )
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        lines.append(f"{package} {meta['version']} {meta.get('license', '?')} {target.name} sha256={digest}")

    notices = [
        "Licences of the npm packages that vega and vega-embed depend on",
        "(their builds in this folder bundle some of them). Packages of the vega",
        "project that ship no licence file are under vega's BSD-3-Clause licence",
        "(vega.LICENSE.txt).",
        "",
    ]
    for name, pkg_dir in _dependency_closure(VENDORED, node_modules):
        if name in VENDORED:
            continue
        meta = json.loads((pkg_dir / "package.json").read_text(encoding="utf-8"))
        notices.append("=" * 72)
        notices.append(f"{name} {meta.get('version', '?')} ({meta.get('license', 'no licence field')})")
        notices.append("=" * 72)
        license_src = _license_file(pkg_dir)
        if license_src is not None:
            notices.append(license_src.read_text(encoding="utf-8").strip())
        elif name.startswith("vega"):
            notices.append("See vega.LICENSE.txt.")
        else:
            notices.append("The npm package ships no licence file.")
        notices.append("")
    notice_path = dest / "THIRD-PARTY-NOTICES.txt"
    notice_path.write_text("\n".join(notices) + "\n", encoding="utf-8", newline="\n")
    written.append(notice_path)

    versions_path = dest / "VERSIONS.txt"
    versions_path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    written.append(versions_path)
    return written
