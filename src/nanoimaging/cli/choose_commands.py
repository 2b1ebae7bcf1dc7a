"""``nanoimaging choose`` and ``nanoimaging cover``: which modalities fit, and which combinations cover."""

from __future__ import annotations

import argparse
import json
import sys

from ..data.vocabulary import ASPECTS, SCALES, SETTINGS, TEMPORAL_RESOLUTIONS
from .data_commands import add_data_option
from .exits import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

#: The Python names of the options (:attr:`ChooserError.option`), as this command line spells them.
OPTION_FLAGS = {
    "aspect": "--aspect",
    "scale": "--scale",
    "setting": "--setting",
    "min_depth": "--min-depth",
    "max_resolution": "--max-resolution",
    "temporal_resolution": "--temporal",
    "label_free": "--label-free",
    "non_invasive": "--non-invasive",
    "scales": "--scales",
    "aspects": "--aspects",
}


def add_commands(commands) -> None:
    choose = commands.add_parser(
        "choose",
        help="which modalities fit a set of requirements, ranked, and why the others do not",
        description="Each modality goes through the checks aspect, setting, scale, depth, resolution, temporal, "
        "label-free, non-invasive (in this order), each answered from a row of the data; the fits are "
        "ranked by decades to spare on resolution and depth, then studies described.",
    )
    choose.add_argument("--aspect", help=f"what to image: {', '.join(ASPECTS)}")
    choose.add_argument("--scale", help=f"scale: {', '.join(SCALES)}")
    _add_requirements(choose)
    choose.set_defaults(run=choose_command)

    cover = commands.add_parser(
        "cover",
        help="the smallest combinations of modalities covering every scale x aspect cell",
        description="A modality covers a (scale, aspect) cell when a row of scales.csv codes the scale in the setting "
        "and a row of approaches.csv lists an approach for the aspect (and, with --require-study, a study of "
        "studies.csv imaged that aspect at that scale).",
    )
    cover.add_argument(
        "--scales",
        nargs="+",
        metavar="SCALE",
        help=f"scales to cover (default: all): {', '.join(SCALES)}; spaces or commas",
    )
    cover.add_argument(
        "--aspects", nargs="+", metavar="ASPECT", help=f"aspects to cover (default: all): {', '.join(ASPECTS)}"
    )
    cover.add_argument(
        "--require-study",
        action="store_true",
        help="a modality covers a cell only where a study of studies.csv imaged it",
    )
    _add_requirements(cover)
    cover.set_defaults(run=cover_command)


def _add_requirements(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--setting", help=f"{' or '.join(SETTINGS)} (default: either)")
    # A length is one word or two (a number, then its unit): `--min-depth 1 cm` needs no quotes.
    parser.add_argument(
        "--min-depth",
        nargs="+",
        metavar=("LENGTH", "UNIT"),
        help="deepest imaging depth needed, with a unit: 5mm, 1 cm (within the range of depths the data allows)",
    )
    parser.add_argument(
        "--max-resolution",
        nargs="+",
        metavar=("LENGTH", "UNIT"),
        help="coarsest spatial resolution accepted, with a unit: 10um, 1 mm (within the range the data allows)",
    )
    parser.add_argument(
        "--temporal", metavar="SPEED", help=f"temporal resolution at least this fast: {', '.join(TEMPORAL_RESOLUTIONS)}"
    )
    parser.add_argument("--label-free", action="store_true", help="need a plain yes for label-free in properties.csv")
    parser.add_argument(
        "--non-invasive",
        action="store_true",
        help="need a plain yes for non-invasive in properties.csv (in the setting)",
    )
    parser.add_argument("--json", action="store_true", help="print the answer as JSON, with the data rows behind it")
    add_data_option(parser)


def _length(words: list[str] | None) -> str | None:
    """A length given as one argument or several (``["1", "cm"]``), as one text."""
    return None if words is None else " ".join(words)


def _requirement_kwargs(args: argparse.Namespace) -> dict:
    return {
        "min_depth": _length(args.min_depth),
        "max_resolution": _length(args.max_resolution),
        "label_free": args.label_free,
        "non_invasive": args.non_invasive,
        "temporal_resolution": args.temporal,
    }


def _run(args: argparse.Namespace, build, command: str) -> int:
    from ..choose import ChooserError
    from ..data.dataset import load
    from ..problems import DataValidationError

    try:
        data = load(args.data)
    except DataValidationError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            f"{command}: the data package is invalid: fix the problems above (nanoimaging validate) and run again.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    try:
        result = build(data)
    except ChooserError as exc:
        flag = OPTION_FLAGS.get(exc.option, exc.option)
        print(f"nanoimaging {command}: error: {flag} {exc.detail}", file=sys.stderr)
        return EXIT_USAGE
    print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if args.json else result)
    return EXIT_OK


def _split(values: list[str] | None) -> list[str] | None:
    """``--scales tissue cellular`` and ``--scales tissue,cellular`` alike."""
    if values is None:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def choose_command(args: argparse.Namespace) -> int:
    from ..choose import choose

    return _run(
        args,
        lambda data: choose(
            data, aspect=args.aspect, scale=args.scale, setting=args.setting, **_requirement_kwargs(args)
        ),
        "choose",
    )


def cover_command(args: argparse.Namespace) -> int:
    from ..choose import cover

    return _run(
        args,
        lambda data: cover(
            data,
            scales=_split(args.scales),
            aspects=_split(args.aspects),
            setting=args.setting,
            require_study=args.require_study,
            **_requirement_kwargs(args),
        ),
        "cover",
    )
