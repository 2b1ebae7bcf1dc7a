"""The command line: ``nanoimaging`` (also ``python -m nanoimaging``); each subcommand imports what it needs when it runs."""

from __future__ import annotations

import argparse
import sys

from .exits import EXIT_CODES_HELP, EXIT_USAGE

DESCRIPTION = """\
The executable companion to de Maar et al. 2020 (Theranostics): check and query the
data package, check the references, and build the book and the website.

For students editing the data:    validate, refs check, choose, cover, new-family, book
For maintainers:                  refs enrich, refs fill, living discover, living status, site, release, screenshots, vendor, audit-charts
"""


def build_parser() -> argparse.ArgumentParser:
    from . import choose_commands, data_commands, living_commands, refs_commands, site_commands

    parser = argparse.ArgumentParser(
        prog="nanoimaging",
        description=DESCRIPTION,
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (data_commands, refs_commands, living_commands, choose_commands, site_commands):
        module.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; returns its exit status (see ``nanoimaging --help``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: name a command (nanoimaging --help lists them)", file=sys.stderr)
        return EXIT_USAGE
    return args.run(args)
