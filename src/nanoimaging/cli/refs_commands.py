"""``nanoimaging refs check`` and ``nanoimaging refs enrich``: references.bib against what cites it, and Crossref."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from ..paths import REPO_ROOT, display_path
from .exits import EXIT_OFFLINE, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


def add_commands(commands) -> None:
    refs = commands.add_parser("refs", help="check references.bib, or fill an entry from Crossref")
    refs_commands = refs.add_subparsers(dest="refs_command", metavar="COMMAND", required=True)
    check = refs_commands.add_parser(
        "check",
        help="check references.bib and its citations (book, data, the review)",
        description="Duplicate keys and DOIs, malformed DOIs, required fields of complete entries, keys cited "
        "but absent, entries nothing cites. Incomplete entries are counted, not errors "
        "(--list-incomplete names them and what each lacks).",
    )
    check.add_argument("--bib", metavar="FILE", help="BibTeX file (default: references.bib at the root)")
    check.add_argument(
        "--root", metavar="DIR", help="project root holding book/ and notebooks/ (default: this checkout)"
    )
    check.add_argument("--data", metavar="DIR", help="data package folder (default: ROOT/data)")
    check.add_argument("--list-incomplete", action="store_true", help="list every incomplete entry and what it lacks")
    check.set_defaults(run=refs_check)

    enrich = refs_commands.add_parser(
        "enrich",
        help="fill an entry from its DOI's Crossref record (shows the change; --write applies it)",
        description="Fetch the DOI's metadata from Crossref, show the entry's change as a diff, and write "
        "references.bib only with --write.",
    )
    enrich.add_argument("key", metavar="KEY", help="entry key in references.bib, e.g. ref64")
    enrich.add_argument("--doi", help="the work's DOI, e.g. 10.7150/thno.38625 (default: the entry's doi field)")
    enrich.add_argument("--write", action="store_true", help="write the change to references.bib")
    enrich.add_argument("--bib", metavar="FILE", help="BibTeX file (default: references.bib at the root)")
    enrich.set_defaults(run=refs_enrich)

    fill = refs_commands.add_parser(
        "fill",
        help="fill the numbered entries from the review's reference list at Crossref (--write applies it)",
        description="Read the review's reference list from Crossref's record of its DOI; for each numbered "
        "reference that has a DOI there, fetch that DOI's record and merge it into the entry with that "
        "refnum. Never guesses a DOI. Shows the change as a diff; writes only with --write.",
    )
    fill.add_argument("--write", action="store_true", help="write the filled entries to references.bib")
    fill.add_argument("--bib", metavar="FILE", help="BibTeX file (default: references.bib at the root)")
    fill.add_argument("--review-doi", default=REVIEW_DOI, help=f"the review's DOI (default {REVIEW_DOI})")
    fill.set_defaults(run=refs_fill)


#: The review whose reference list numbers the entries of references.bib.
REVIEW_DOI = "10.7150/thno.38625"


def _bib_path(args: argparse.Namespace) -> Path:
    root = Path(args.root) if getattr(args, "root", None) else REPO_ROOT
    return Path(args.bib) if args.bib else root / "references.bib"


def refs_check(args: argparse.Namespace) -> int:
    from ..data.citations import check_cited_references
    from ..problems import DataValidationError

    root = Path(args.root) if args.root else REPO_ROOT
    bib = _bib_path(args)
    shown = display_path(bib)
    try:
        report = check_cited_references(root, args.data, bib)
    except DataValidationError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            "the data cannot be read, so what cites references.bib is unknown: "
            "fix the problems above (nanoimaging validate) and check again.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    for problem in report.errors:
        print(problem, file=sys.stderr)
    if report.errors:
        print(f"{len(report.errors)} problem(s) in {shown} or its citations; nothing was changed.", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.list_incomplete:
        for ref in report.incomplete:
            number = f" [{ref.refnum}]" if ref.refnum is not None else ""
            print(
                f"  {shown}:{ref.line}: {ref.key}{number} lacks {', '.join(ref.still_missing()) or '(nothing listed)'}"
            )
    hint = (
        "" if args.list_incomplete or not report.incomplete else " (--list-incomplete names them and what each lacks)"
    )
    print(f"{shown}: {report.checked} entries, each cited; {report.state()}{hint}")
    return EXIT_OK


def _fail(message: str, status: int = EXIT_USAGE, command: str = "enrich") -> int:
    print(f"refs {command}: {message}; nothing was changed.", file=sys.stderr)
    return status


def _read_bib(bib: Path) -> str | None:
    """The BibTeX file's text as it is (line endings kept), or None when it does not exist."""
    try:
        with bib.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _show_change(before: str, after: str, now: str, new: str) -> None:
    """Print the change from ``before`` to ``after`` as a unified diff, its sides labelled ``now`` and ``new``."""
    sys.stdout.writelines(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=now, tofile=new
        )
    )


def refs_enrich(args: argparse.Namespace) -> int:
    from ..refs.bibtex import format_entry, merged_entry, normalise_doi, read_references, replace_entry
    from ..refs.crossref import CrossrefUnavailable, DoiNotFound, bibtex_fields, fetch_work

    bib = _bib_path(args)
    shown = display_path(bib)
    before = _read_bib(bib)
    if before is None:
        return _fail(f"{shown} does not exist")
    refs = read_references(bib)
    ref = refs.entries.get(args.key)
    if ref is None:
        close = difflib.get_close_matches(args.key, refs.entries, n=3)
        hint = (
            f" (did you mean {', '.join(close)}?)"
            if close
            else f" (expected a key such as {next(iter(refs.entries), 'ref64')})"
        )
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
        return _fail(f"cannot reach Crossref (offline?): {exc}", EXIT_OFFLINE)
    except DoiNotFound as exc:
        return _fail(f"{exc} (is it mistyped?)")
    entry_type, found = bibtex_fields(message)
    new_type, fields = merged_entry(ref, entry_type, found)
    if new_type == ref.entry_type and fields == ref.fields:
        print(f"{args.key} already agrees with Crossref ({doi}); nothing to change.")
        return EXIT_OK
    try:
        after = replace_entry(before, args.key, format_entry(args.key, new_type, fields))
    except ValueError as exc:
        return _fail(str(exc), EXIT_PROBLEMS)
    _show_change(before, after, f"{shown} ({args.key} now)", f"{shown} ({args.key} from Crossref {doi})")
    if not args.write:
        print(f"\n{shown} was not changed: run again with --write to apply this.")
        return EXIT_OK
    with bib.open("w", encoding="utf-8", newline="") as handle:
        handle.write(after)
    state = (
        "complete" if fields.get("complete") == "yes" else f"still incomplete (missing: {fields.get('missing', '')})"
    )
    print(f"\nwrote {args.key} to {shown}: @{new_type}, {state}.")
    return EXIT_OK


def refs_fill(args: argparse.Namespace) -> int:
    from ..refs.bibtex import read_references
    from ..refs.crossref import CrossrefUnavailable, DoiNotFound, fetch_work
    from ..refs.reference_list import NoReferenceList, fill, numbered_references

    bib = _bib_path(args)
    shown = display_path(bib)
    before = _read_bib(bib)
    if before is None:
        return _fail(f"{shown} does not exist", command="fill")
    try:
        listed = numbered_references(fetch_work(args.review_doi))
        after, outcomes = fill(before, read_references(bib), listed, fetch_work)
    except CrossrefUnavailable as exc:
        return _fail(f"cannot reach Crossref (offline?): {exc}", EXIT_OFFLINE, command="fill")
    except DoiNotFound:
        return _fail(f"Crossref has no record of the review's DOI {args.review_doi}", command="fill")
    except NoReferenceList:
        return _fail(f"Crossref's record of {args.review_doi} has no reference list", EXIT_PROBLEMS, command="fill")
    for outcome in outcomes:
        if outcome.outcome != "unchanged":
            doi = f" {outcome.doi}" if outcome.doi else ""
            detail = f" ({outcome.detail})" if outcome.detail else ""
            print(f"  [{outcome.number}] {outcome.key}: {outcome.outcome}{doi}{detail}")
    _show_change(before, after, f"{shown} (now)", f"{shown} (filled from Crossref)")
    counts = {name: sum(o.outcome == name for o in outcomes) for name in dict.fromkeys(o.outcome for o in outcomes)}
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    if after != before and args.write:
        with bib.open("w", encoding="utf-8", newline="") as handle:
            handle.write(after)
        print(f"wrote {shown}: {summary}")
    elif after != before:
        print(f"{shown} was not changed ({summary}): run again with --write to apply this")
    else:
        print(f"nothing to fill in {shown} ({summary})")
    return EXIT_OK
