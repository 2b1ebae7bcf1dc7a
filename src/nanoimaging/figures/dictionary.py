"""The data dictionary, generated from ``datapackage.json`` (never typed twice).

>>> from nanoimaging import load
>>> data_dictionary_html(load().descriptor).count('<section class="dd-resource"') >= 9
True
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..data.package import data_zip_name


def _constraints(field: dict[str, Any]) -> str:
    constraints = field.get("constraints", {})
    parts = []
    if constraints.get("required"):
        parts.append("required")
    if "enum" in constraints:
        parts.append("one of: " + ", ".join(f"<code>{escape(str(v))}</code>" for v in constraints["enum"]))
    if "pattern" in constraints:
        parts.append(f"pattern <code>{escape(constraints['pattern'])}</code>")
    if "minimum" in constraints:
        parts.append(f"at least {escape(str(constraints['minimum']))}")
    return "; ".join(parts)


def _references(schema: dict[str, Any], field: str) -> str:
    for key in schema.get("foreignKeys", []):
        if field in key["fields"]:
            return (
                f"refers to <code>{escape(key['reference']['resource'])}.{escape(key['reference']['fields'][0])}</code>"
            )
    return ""


#: The files ``datapackage.json`` points to besides its resources (its keys), and what each is for.
POINTED_FILES = {
    "references": "Every cited work, the review first: a row's source and a study's cite_key name an entry here. "
    "An entry made by nanoimaging living add names the living candidate it came from in its living_candidate field.",
    "reviewText": "The review's text (CC BY 4.0): every quote of the review (evidence, setting_words, quote) is checked "
    "against it, word for word.",
    "sourceTexts": "The manifest of the open-access texts the project stores for added studies (columns key, file, "
    "licence, attribution; each file beside it): an added study whose checked is source-text quotes its work's text, "
    "and validation checks the quote against it.",
    "living": "The living search's folder (see its README.md): the pages read from it which run found an added work "
    "and who screened it, and validation checks that a study of such a work was screened include.",
}


def pointed_files_html(descriptor: dict[str, Any]) -> str:
    """A list of the files the package points to (:data:`POINTED_FILES`), those it names."""
    items = [
        f"<li><code>{escape(key)}</code>: <code>{escape(descriptor[key])}</code>. {escape(text)}</li>"
        for key, text in POINTED_FILES.items()
        if isinstance(descriptor.get(key), str)
    ]
    return f'<ul class="dd-pointed">{"".join(items)}</ul>' if items else ""


def data_dictionary_html(descriptor: dict[str, Any]) -> str:
    """One section per resource: its file, what a row is, its key, and a table of its fields."""
    out = [
        f"<p>Data package <code>{escape(descriptor['name'])}</code>, version "
        f"<strong>{escape(descriptor['version'])}</strong>. Besides its tables it points to these files "
        "(paths from the data folder):</p>" + pointed_files_html(descriptor)
    ]
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        rows = []
        for field in schema["fields"]:
            notes = "; ".join(x for x in (_constraints(field), _references(schema, field["name"])) if x)
            rows.append(
                f'<tr><th scope="row"><code>{escape(field["name"])}</code></th>'
                f"<td>{escape(field['type'])}</td><td>{escape(field.get('title', ''))}"
                f"{'. ' + escape(field['description']) if field.get('description') else ''}</td>"
                f"<td>{notes}</td></tr>"
            )
        key = ", ".join(f"<code>{escape(k)}</code>" for k in schema.get("primaryKey", []))
        dialect = resource.get("dialect", {})
        quote = dialect.get("quoteChar", '"')
        file_format = (
            f" Format: {escape(resource.get('encoding', 'utf-8').upper())} text, columns separated by "
            f"<code>{escape(dialect.get('delimiter', ','))}</code>, text quoted with "
            f"<code>{escape(quote)}</code>, a header row first."
        )
        out.append(
            f'<section class="dd-resource" id="dd-{escape(resource["name"])}">'
            f"<h3><code>{escape(resource['path'])}</code>: {escape(resource.get('title', resource['name']))}</h3>"
            f"<p>{escape(resource.get('description', ''))} Unique key: {key}.{file_format}</p>"
            '<table class="data-dictionary"><thead><tr><th scope="col">Field</th><th scope="col">Type</th>'
            '<th scope="col">Meaning</th><th scope="col">Allowed values</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></section>"
        )
    return "".join(out)


def downloads_markdown(descriptor: dict[str, Any], data_path: str = "../data") -> str:
    """MyST Markdown: a download link for each file of the package, and for the whole package zipped.

    ``data_path`` is where ``data/`` is, seen from the page that shows the list. The zip is written
    into the built site by :mod:`nanoimaging.site.sphinx_pages`.
    """
    version = descriptor["version"]
    zip_name = data_zip_name(version)
    lines = [
        # Raw HTML: the zip is written into the built site, not a source file Sphinx could check.
        f'- <a href="../_static/data/{zip_name}" download>The whole data package, version {version} '
        f"({zip_name})</a>: every file below, with `references.bib`",
        f"- {{download}}`datapackage.json <{data_path}/datapackage.json>`: the schema of all the files",
    ]
    for resource in descriptor["resources"]:
        lines.append(
            f"- {{download}}`{resource['path']} <{data_path}/{resource['path']}>`: {resource.get('title', resource['name'])}"
        )
    return "\n".join(lines)
