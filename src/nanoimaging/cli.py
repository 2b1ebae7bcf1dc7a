"""Command line.

``python -m nanoimaging validate [--data DIR]``
    check the data package and list every problem.
``python -m nanoimaging refs check [--bib FILE] [--root DIR] [--data DIR]``
    check references.bib against itself and against what cites it.
``python -m nanoimaging refs enrich KEY [--doi DOI] [--write] [--bib FILE]``
    fill an entry from Crossref; shows the change, writes only with --write.

Exit status: 0 fine, 1 problems found (or a bad argument), 2 Crossref unreachable.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from .paths import REPO_ROOT
from .problems import DataValidationError
from .validate import validate

#: Exit status when Crossref cannot be reached (nothing is changed then).
EXIT_OFFLINE = 2


def _validate(args: argparse.Namespace) -> int:
    result = validate(args.data)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems:
        print(f"{len(result.problems)} problem(s) found; nothing was changed.", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in result.records.items())
    print(f"data package OK ({counts} rows)")
    return 0


def _bib_path(args: argparse.Namespace) -> Path:
    root = Path(args.root) if getattr(args, "root", None) else REPO_ROOT
    return Path(args.bib) if args.bib else root / "references.bib"


def _refs_check(args: argparse.Namespace) -> int:
    from .refs import book_citations, check_references, cited_keys, read_references
    from .schema_check import display_path

    root = Path(args.root) if args.root else REPO_ROOT
    bib = _bib_path(args)
    try:
        citations = cited_keys(root, args.data)
    except DataValidationError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("studies.csv cannot be read, so what cites references.bib is unknown: "
              "fix the problems above (python -m nanoimaging validate) and check again.", file=sys.stderr)
        return 1
    refs = read_references(bib)
    report = check_references(refs, citations)
    shown = display_path(bib)
    if report.incomplete:
        print(f"{len(report.incomplete)} of {len(refs.entries)} entries are incomplete (complete = {{no}}); "
              "what each still lacks (not an error):")
        for ref in report.incomplete:
            number = f" [{ref.refnum}]" if ref.refnum is not None else ""
            print(f"  {shown}:{ref.line}: {ref.key}{number}: {', '.join(ref.still_missing()) or '(nothing listed)'}")
    for problem in report.errors:
        print(problem, file=sys.stderr)
    if report.errors:
        print(f"{len(report.errors)} problem(s) in {shown} or its citations; nothing was changed.", file=sys.stderr)
        return 1
    in_book = len(book_citations(root))
    print(f"{shown} OK: {len(refs.entries)} entries, each cited ({in_book} key(s) cited in the book); "
          f"{len(refs.entries) - len(report.incomplete)} complete, {len(report.incomplete)} incomplete")
    return 0


def _fail(message: str) -> int:
    print(f"refs enrich: {message}; nothing was changed.", file=sys.stderr)
    return 1


def _refs_enrich(args: argparse.Namespace) -> int:
    from .crossref import CrossrefUnavailable, DoiNotFound, bibtex_fields, fetch_work
    from .refs import format_entry, merged_entry, normalise_doi, read_references, replace_entry
    from .schema_check import display_path

    bib = _bib_path(args)
    shown = display_path(bib)
    try:
        with bib.open(encoding="utf-8", newline="") as handle:
            before = handle.read()
    except FileNotFoundError:
        return _fail(f"{shown} does not exist")
    refs = read_references(bib)
    ref = refs.entries.get(args.key)
    if ref is None:
        close = difflib.get_close_matches(args.key, refs.entries, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else f" (expected a key such as {next(iter(refs.entries), 'ref64')})"
        return _fail(f"no entry with key {args.key!r} in {shown}{hint}")
    given = args.doi or ref.fields.get("doi", "")
    if not given.strip():
        return _fail(f"{args.key} has no doi field: give the DOI with --doi 10.<registrant>/<suffix>")
    try:
        doi = normalise_doi(given)
    except ValueError as exc:
        return _fail(str(exc))
    for other in refs.entries.values():
        if other.key != ref.key and other.fields.get("doi", "").strip().lower() == doi.lower():
            return _fail(f"DOI {doi} is already the doi of entry {other.key} ({shown}:{other.line})")

    try:
        message = fetch_work(doi)
    except CrossrefUnavailable as exc:
        print(f"cannot reach Crossref (offline?): {exc}; nothing was changed.", file=sys.stderr)
        return EXIT_OFFLINE
    except DoiNotFound as exc:
        return _fail(f"{exc} (is it mistyped?)")

    entry_type, found = bibtex_fields(message)
    new_type, fields = merged_entry(ref, entry_type, found)
    if new_type == ref.entry_type and fields == ref.fields:
        print(f"{args.key} already agrees with Crossref ({doi}); nothing to change.")
        return 0
    try:
        after = replace_entry(before, args.key, format_entry(args.key, new_type, fields))
    except ValueError as exc:
        return _fail(str(exc))
    sys.stdout.writelines(difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True),
        fromfile=f"{shown} ({args.key} now)", tofile=f"{shown} ({args.key} from Crossref {doi})",
    ))
    if not args.write:
        print(f"\n{shown} was not changed: run again with --write to apply this.")
        return 0
    with bib.open("w", encoding="utf-8", newline="") as handle:
        handle.write(after)
    state = "complete" if fields.get("complete") == "yes" else f"still incomplete (missing: {fields.get('missing', '')})"
    print(f"\nwrote {args.key} to {shown}: @{new_type}, {state}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m nanoimaging", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check the data package and list every problem")
    check.add_argument("--data", metavar="DIR", help="folder holding datapackage.json (default: the project's data/)")
    check.set_defaults(run=_validate)

    refs = commands.add_parser("refs", help="check references.bib, or fill an entry from Crossref")
    refs_commands = refs.add_subparsers(dest="refs_command", required=True)
    refs_check = refs_commands.add_parser(
        "check", help="check references.bib and its citations (book, data, the review)",
        description="Duplicate keys and DOIs, malformed DOIs, required fields of complete entries, "
                    "keys cited but absent, entries nothing cites. Incomplete entries are listed, not errors.",
    )
    refs_check.add_argument("--bib", metavar="FILE", help="BibTeX file (default: references.bib at the root)")
    refs_check.add_argument("--root", metavar="DIR", help="project root holding book/ and notebooks/ (default: this checkout)")
    refs_check.add_argument("--data", metavar="DIR", help="data package folder (default: ROOT/data)")
    refs_check.set_defaults(run=_refs_check)

    enrich = refs_commands.add_parser(
        "enrich", help="fill an entry from its DOI's Crossref record (shows the change; --write applies it)",
        description="Fetch the DOI's metadata from Crossref, show the entry's change as a diff, "
                    "and write references.bib only with --write. Exit 2 when Crossref cannot be reached.",
    )
    enrich.add_argument("key", metavar="KEY", help="entry key in references.bib, e.g. ref64")
    enrich.add_argument("--doi", help="the work's DOI, e.g. 10.7150/thno.38625 (default: the entry's doi field)")
    enrich.add_argument("--write", action="store_true", help="write the change to references.bib")
    enrich.add_argument("--bib", metavar="FILE", help="BibTeX file (default: references.bib at the root)")
    enrich.set_defaults(run=_refs_enrich)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
