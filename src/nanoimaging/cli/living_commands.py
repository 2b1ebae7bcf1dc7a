"""``nanoimaging living discover|status|export-asreview|import-asreview|add``: the living mode's commands."""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from ..paths import REPO_ROOT, display_path
from .exits import EXIT_OFFLINE, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from .living_add import add_command


def add_commands(commands) -> None:
    living = commands.add_parser("living", help="find works published since the review and record their screening")
    sub = living.add_subparsers(dest="living_command", metavar="COMMAND", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--folder", metavar="DIR", help="the living folder (default: living/ at the root)")

    discover = sub.add_parser(
        "discover",
        parents=[common],
        help="run the pinned query: append new candidates and a dated run record",
        description="Ask OpenCitations, Europe PMC (citations and the saved search) and, with an API key, "
        "OpenAlex; deduplicate against references.bib and every earlier candidate; append the new ones to "
        "candidates.csv and the run to runs.json. A source that fails changes nothing (exit 3).",
    )
    discover.add_argument("--bib", metavar="FILE", help="BibTeX file (default: references.bib at the root)")
    discover.add_argument(
        "--now", metavar="TIME", help="the run's clock, e.g. 2026-12-01T00:00:00Z (to replay a recorded run)"
    )
    discover.add_argument(
        "--replay",
        metavar="CASSETTE",
        help="answer every request from a recorded run (e.g. tests/living/cassettes/run.yaml), never the network; "
        "its candidates are made up, so --folder must name the folder to write to (in a throwaway clone)",
    )
    discover.set_defaults(run=living_discover)

    status = sub.add_parser("status", parents=[common], help="count every run: identified, duplicates, screened")
    status.set_defaults(run=living_status)

    export = sub.add_parser("export-asreview", parents=[common], help="write the candidates as an ASReview CSV")
    export.add_argument("out", metavar="FILE", help="the CSV to write")
    export.set_defaults(run=living_export)

    load = sub.add_parser(
        "import-asreview", parents=[common], help="add the decisions of an ASReview CSV to screening.csv"
    )
    load.add_argument("file", metavar="FILE", help="an ASReview export with record_id and included")
    load.add_argument("--who", required=True, help="who screened in ASReview")
    load.add_argument("--when", default=None, help="the day of screening (default: today), YYYY-MM-DD")
    load.set_defaults(run=living_import)

    add_command(sub, common)


def _files(args: argparse.Namespace):
    from ..living.files import LivingFiles

    return LivingFiles.at(args.folder)


def living_discover(args: argparse.Namespace) -> int:
    from ..living.discover import SourceFailed, discover, utc_now

    files = _files(args)
    bib = Path(args.bib) if args.bib else REPO_ROOT / "references.bib"
    clock = utc_now
    if args.now:
        fixed = datetime.fromisoformat(args.now.replace("Z", "+00:00")).astimezone(UTC)

        def clock() -> datetime:
            return fixed

    replay = contextlib.nullcontext()
    environ = None
    if args.replay:
        from ..living.replay import REPLAY_KEY, replaying

        if not args.folder:
            print(
                "living discover --replay writes made-up candidates: name the folder to write them to with "
                "--folder (the living/ folder of a throwaway clone, or a scratch copy of living/, never the "
                "project's own; the guide's month runs in a clone it then deletes); nothing was changed.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        replay = replaying(args.replay)
        environ = {"OPENALEX_API_KEY": REPLAY_KEY}
    try:
        with replay:
            outcome = discover(files, bib, clock=clock, environ=environ)
    except SourceFailed as exc:
        print(f"living discover: source {exc.source} failed: {exc.reason}; nothing was changed.", file=sys.stderr)
        return EXIT_OFFLINE
    except FileNotFoundError as exc:
        print(f"living discover: {exc}; nothing was changed.", file=sys.stderr)
        return EXIT_PROBLEMS
    counts = outcome.record["counts"]
    for skipped in outcome.record["skipped"]:
        print(f"  skipped {skipped['name']}: {skipped['reason']}")
    summary = ", ".join(f"{name} {n}" for name, n in counts.items())
    if outcome.written:
        print(f"{outcome.record['run_id']}: {summary}; wrote {display_path(files.candidates)} and runs.json")
    else:
        print(f"the sources answered exactly as in the last run ({summary}): nothing was written")
    return EXIT_OK


def _load(files):
    from ..living.files import read_json, read_rows
    from ..living.screening import read_screening

    candidates = read_rows(files.candidates)
    decisions = read_screening(files.screening, {c["candidate_id"] for c in candidates})
    return read_json(files.runs, []), candidates, decisions


def _problems(exc) -> int:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(f"{len(exc.problems)} problem(s); nothing was changed.", file=sys.stderr)
    return EXIT_PROBLEMS


def living_status(args: argparse.Namespace) -> int:
    from ..living.screening import ScreeningError
    from ..living.status import report, run_counts

    try:
        runs, candidates, decisions = _load(_files(args))
    except ScreeningError as exc:
        return _problems(exc)
    print(report(run_counts(runs, candidates, decisions)))
    return EXIT_OK


def living_export(args: argparse.Namespace) -> int:
    from ..living.asreview import export_text
    from ..living.files import write_all
    from ..living.screening import ScreeningError

    try:
        _, candidates, decisions = _load(_files(args))
    except ScreeningError as exc:
        return _problems(exc)
    write_all({Path(args.out): export_text(candidates, decisions)})
    print(f"wrote {len(candidates)} candidate(s) to {display_path(args.out)} in ASReview's CSV layout")
    return EXIT_OK


def living_import(args: argparse.Namespace) -> int:
    from ..living.asreview import imported
    from ..living.files import csv_text, read_text, write_all
    from ..living.screening import SCREENING_FIELDS, ScreeningError, check_row

    files = _files(args)
    when = args.when or date.today().isoformat()
    try:
        _, candidates, decisions = _load(files)
        ids = {c["candidate_id"] for c in candidates}
        new = imported(Path(args.file), decisions, ids, args.who, when)
        shown = display_path(args.file)
        problems = [p for d in new for p in check_row(d.as_row(), shown, 0, ids)]
        if problems:
            raise ScreeningError(problems)
    except ScreeningError as exc:
        return _problems(exc)
    before = read_text(files.screening) or csv_text(SCREENING_FIELDS, [])
    if new:
        write_all({files.screening: before + csv_text(SCREENING_FIELDS, [d.as_row() for d in new], header=False)})
    print(f"{len(new)} new decision(s) added to {display_path(files.screening)}")
    return EXIT_OK
