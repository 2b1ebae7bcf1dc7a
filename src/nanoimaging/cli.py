"""Command line.

``python -m nanoimaging validate [--data DIR]``
    check the data package and list every problem.
``python -m nanoimaging refs check [--bib FILE] [--root DIR] [--data DIR]``
    check references.bib against itself and against what cites it.
``python -m nanoimaging refs enrich KEY [--doi DOI] [--write] [--bib FILE]``
    fill an entry from Crossref; shows the change, writes only with --write.
``python -m nanoimaging choose [--aspect A] [--scale S] [--setting S] [--min-depth 5mm]
[--max-resolution 10um] [--temporal fast] [--label-free] [--non-invasive] [--json]``
    the modalities that fit, ranked, and the first requirement each other one fails.
``python -m nanoimaging cover [--scales S ...] [--aspects A ...] [--setting S] [--require-study] [--json]``
    the smallest combinations of modalities that cover every scale x aspect cell.

Exit status: 0 fine, 1 problems found (or a bad argument), 2 Crossref unreachable;
for choose and cover, 1 when the data is invalid and 2 for an option that cannot be read.
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


#: Exit status of choose and cover for an option that cannot be read (as argparse's own errors).
EXIT_USAGE = 2
#: The Python names of the options, as the command line spells them.
_OPTION_NAMES = {
    "aspect": "--aspect", "scale": "--scale", "setting": "--setting", "min_depth": "--min-depth",
    "max_resolution": "--max-resolution", "temporal_resolution": "--temporal", "label_free": "--label-free",
    "non_invasive": "--non-invasive", "scales": "--scales", "aspects": "--aspects",
}


def _chooser_run(args: argparse.Namespace, build, command: str) -> int:
    import json

    from .chooser import ChooserError
    from .load import load

    try:
        data = load(args.data)
    except DataValidationError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{command}: the data package is invalid: fix the problems above "
              "(python -m nanoimaging validate) and run again.", file=sys.stderr)
        return 1
    try:
        result = build(data)
    except ChooserError as exc:
        message = str(exc)
        name = message.split(" ", 1)[0]
        if name in _OPTION_NAMES:  # say it as it is typed here: --min-depth, not min_depth
            message = _OPTION_NAMES[name] + message[len(name):].replace("(or None for ", "(or leave it out for ")
        print(f"python -m nanoimaging {command}: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if args.json else result)
    return 0


def _requirement_kwargs(args: argparse.Namespace) -> dict:
    return {
        "min_depth": args.min_depth, "max_resolution": args.max_resolution,
        "label_free": args.label_free, "non_invasive": args.non_invasive,
        "temporal_resolution": args.temporal,
    }


def _choose(args: argparse.Namespace) -> int:
    from .chooser import choose

    return _chooser_run(args, lambda data: choose(
        data, aspect=args.aspect, scale=args.scale, setting=args.setting, **_requirement_kwargs(args)), "choose")


def _split(values: list[str] | None) -> list[str] | None:
    """``--scales tissue cellular`` and ``--scales tissue,cellular`` alike."""
    if values is None:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _cover(args: argparse.Namespace) -> int:
    from .cover import cover

    return _chooser_run(args, lambda data: cover(
        data, scales=_split(args.scales), aspects=_split(args.aspects), setting=args.setting,
        require_study=args.require_study, **_requirement_kwargs(args)), "cover")


def _add_requirements(parser: argparse.ArgumentParser) -> None:
    from .vocabulary import SETTINGS, TEMPORAL_RESOLUTIONS

    parser.add_argument("--setting", help=f"{' or '.join(SETTINGS)} (default: either)")
    parser.add_argument("--min-depth", metavar="LENGTH", help="deepest imaging depth needed, with a unit: 5mm, 1 cm")
    parser.add_argument("--max-resolution", metavar="LENGTH",
                        help="coarsest spatial resolution accepted, with a unit: 10um, 1 mm")
    parser.add_argument("--temporal", metavar="SPEED",
                        help=f"temporal resolution at least this fast: {', '.join(TEMPORAL_RESOLUTIONS)}")
    parser.add_argument("--label-free", action="store_true", help="need a modality the review states is label-free")
    parser.add_argument("--non-invasive", action="store_true",
                        help="need one the review states is non-invasive (in the setting)")
    parser.add_argument("--json", action="store_true", help="print the answer as JSON, with the data rows behind it")
    parser.add_argument("--data", metavar="DIR", help="folder holding datapackage.json (default: the project's data/)")


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

    from .vocabulary import ASPECTS, SCALES

    choose = commands.add_parser(
        "choose", help="which modalities fit a set of requirements, ranked, and why the others do not",
        description="Each modality goes through the checks aspect, setting, scale, depth, resolution, temporal, "
                    "label-free, non-invasive (in this order), each answered from a row of the data; the fits are "
                    "ranked by decades to spare on resolution and depth, then studies described. "
                    "Exit 2 for an option that cannot be read.",
    )
    choose.add_argument("--aspect", help=f"what to image: {', '.join(ASPECTS)}")
    choose.add_argument("--scale", help=f"scale: {', '.join(SCALES)}")
    _add_requirements(choose)
    choose.set_defaults(run=_choose)

    cover_cmd = commands.add_parser(
        "cover", help="the smallest combinations of modalities covering every scale x aspect cell",
        description="A modality covers a (scale, aspect) cell when the review states the scale in the setting and "
                    "Table 1 lists an approach for the aspect (and, with --require-study, a study is described). "
                    "Exit 2 for an option that cannot be read.",
    )
    cover_cmd.add_argument("--scales", nargs="+", metavar="SCALE",
                           help=f"scales to cover (default: all): {', '.join(SCALES)}; spaces or commas")
    cover_cmd.add_argument("--aspects", nargs="+", metavar="ASPECT",
                           help=f"aspects to cover (default: all): {', '.join(ASPECTS)}")
    cover_cmd.add_argument("--require-study", action="store_true",
                           help="a modality covers a cell only where the review describes a study of it")
    _add_requirements(cover_cmd)
    cover_cmd.set_defaults(run=_cover)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
