"""``nanoimaging living add CANDIDATE_ID``: an included candidate's references.bib entry, shown as a diff."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..paths import REPO_ROOT, display_path
from .exits import EXIT_OFFLINE, EXIT_OK, EXIT_PROBLEMS


def add_command(sub, common: argparse.ArgumentParser) -> None:
    """Register ``living add`` among the living subcommands ``sub``."""
    add = sub.add_parser(
        "add",
        parents=[common],
        help="make an included candidate's references.bib entry from Crossref (a diff; --write applies it)",
        description="For a candidate screened 'include' in screening.csv, fill a new references.bib entry "
        "from its DOI's Crossref record (as refs enrich does) and show it as a diff of references.bib. The "
        "entry names the candidate in its living_candidate field; the run that found it and who screened it "
        "are read from the living files. Written only with --write. When Crossref cannot be reached nothing "
        "is written (exit 3) and the entry candidates.csv alone gives is shown; --offline writes that one, "
        "with complete = {no} and what it lacks listed in missing.",
    )
    add.add_argument("candidate", metavar="CANDIDATE_ID", help="the candidate's id in candidates.csv, e.g. C0001")
    add.add_argument("--write", action="store_true", help="append the entry to references.bib")
    add.add_argument(
        "--offline",
        action="store_true",
        help="do not ask Crossref: the entry holds only what candidates.csv holds, the rest listed missing",
    )
    add.add_argument("--bib", metavar="FILE", help="BibTeX file (default: references.bib at the root)")
    add.set_defaults(run=living_add)


def _fail(message: str, status: int = EXIT_PROBLEMS) -> int:
    print(f"living add: {message}; nothing was written.", file=sys.stderr)
    return status


def living_add(args: argparse.Namespace) -> int:
    import difflib

    from ..living.add import (
        NotAddable,
        appended,
        candidate_entry,
        check_not_added,
        crossref_entry,
        entry_key,
        first_family,
        included_candidate,
    )
    from ..living.files import LivingFiles, read_text
    from ..living.screening import ScreeningError
    from ..refs.bibtex import normalise_doi, read_references
    from ..refs.crossref import CrossrefUnavailable, DoiNotFound, fetch_work

    files = LivingFiles.at(args.folder)
    bib = Path(args.bib) if args.bib else REPO_ROOT / "references.bib"
    shown = display_path(bib)
    before = read_text(bib)
    if not before:
        return _fail(f"{shown} does not exist or is empty")
    try:
        candidate = included_candidate(files, args.candidate)
        references = read_references(bib)
        check_not_added(references, candidate)
    except ScreeningError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return _fail(f"{len(exc.problems)} problem(s) in the screening file")
    except NotAddable as exc:
        return _fail(str(exc))

    offline_reason = "--offline: Crossref was not asked" if args.offline else ""
    if not offline_reason:
        if not candidate["doi"].strip():
            return _fail(
                f"{args.candidate} has no DOI to ask Crossref about: --offline makes the entry from candidates.csv"
            )
        try:
            entry_type, fields = crossref_entry(candidate, fetch_work(normalise_doi(candidate["doi"])))
        except CrossrefUnavailable as exc:
            offline_reason = f"cannot reach Crossref (offline?): {exc}"
        except DoiNotFound as exc:
            return _fail(f"{exc}: --offline makes the entry from candidates.csv alone")
    if offline_reason:
        entry_type, fields = candidate_entry(candidate)
    key = entry_key(first_family(entry_type, fields), fields.get("year", ""), set(references.entries), args.candidate)
    after = appended(before, key, entry_type, fields)
    sys.stdout.writelines(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"{shown} (now)",
            tofile=f"{shown} (with {key} for {args.candidate})",
        )
    )
    if offline_reason:
        print(
            f"\n{offline_reason}. This entry holds only what candidates.csv holds (from the sources); "
            f"it is marked complete = {{no}}, missing: {fields['missing']}.",
        )
        if not args.offline:
            print("Nothing was written: run again when Crossref answers, or with --offline --write to write this.")
            return EXIT_OFFLINE
    if not args.write:
        print(f"\n{shown} was not changed: run again with --write to add {key}.")
        return EXIT_OK
    with bib.open("w", encoding="utf-8", newline="") as handle:
        handle.write(after)
    state = "complete" if fields.get("complete") == "yes" else f"incomplete (missing: {fields.get('missing', '')})"
    print(f"\nwrote {key} to {shown}: @{entry_type}, {state}. Cite it as source = {key} in the rows you add.")
    return EXIT_OK
