"""``nanoimaging validate``: check the data package and list every problem."""

from __future__ import annotations

import argparse
import sys

from .exits import EXIT_OK, EXIT_PROBLEMS


def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", metavar="DIR", help="folder holding datapackage.json (default: the project's data/)")


def add_commands(commands) -> None:
    check = commands.add_parser(
        "validate",
        help="check the data package and list every problem",
        description="Check the data package: the Table Schemas (frictionless), then the "
        "domain rules. Every problem is listed as file:row: field: what is wrong "
        "(got value); nothing is written.",
    )
    add_data_option(check)
    check.set_defaults(run=validate_command)


def validate_command(args: argparse.Namespace) -> int:
    from ..data.validation import validate

    result = validate(args.data)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems:
        print(f"{len(result.problems)} problem(s) found; nothing was changed.", file=sys.stderr)
        return EXIT_PROBLEMS
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in result.records.items())
    print(f"data package OK ({counts} rows)")
    return EXIT_OK
