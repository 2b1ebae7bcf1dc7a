"""Command line: ``python -m nanoimaging validate [--data DIR]``."""

from __future__ import annotations

import argparse
import sys

from .validate import validate


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m nanoimaging", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check the data package and list every problem")
    check.add_argument("--data", metavar="DIR", help="folder holding datapackage.json (default: the project's data/)")
    check.set_defaults(run=_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
