"""What choose() and ``nanoimaging choose`` accept and refuse: every requirement error names what was
expected, lengths are read in any unit, and the command line prints choose()'s answer or exits 2 (bad option)
or 1 (invalid data)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from chooser_answers import fit_ids
from csv_edit import set_cell
from nanoimaging import load
from nanoimaging.choose import ChooserError, choose
from nanoimaging.choose.requirements import parse_length, requirements
from nanoimaging.cli import main
from nanoimaging.cli.exits import EXIT_OK, EXIT_USAGE
from review_rows import REVIEW_IDS

# --- requirements: every error names what was expected --------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (
            {"aspect": "drugs"},
            ["aspect must be one of drug, nanoparticle, environment", "'drugs'", "did you mean 'drug'"],
        ),
        ({"scale": "organ"}, ["scale must be one of patient, organism, organ-tumour", "did you mean 'organ-tumour'"]),
        ({"setting": "clinic"}, ["setting must be one of clinical, preclinical", "did you mean 'clinical'"]),
        ({"temporal_resolution": "quick"}, ["temporal_resolution must be one of slow, medium, fast", "'quick'"]),
        ({"scale": 3}, ["scale must be one of", "got 3"]),
        ({"min_depth": "5 kg"}, ["min_depth must be a length", "'5 kg' is not a length", "kilogram"]),
        ({"min_depth": "5"}, ["min_depth must be a length", "has no length unit"]),
        ({"max_resolution": "fine"}, ["max_resolution must be a length"]),
        ({"max_resolution": "10 parsecs of nothing"}, ["max_resolution must be a length"]),
        ({"min_depth": "-5 mm"}, ["min_depth must be a length greater than zero", "'-5 mm'"]),
        ({"max_resolution": "0 um"}, ["max_resolution must be a length greater than zero"]),
        ({"min_depth": -0.005}, ["greater than zero"]),
        ({"min_depth": float("nan")}, ["greater than zero"]),
        ({"max_resolution": float("inf")}, ["greater than zero"]),
        ({"min_depth": True}, ["min_depth must be a length such as '5 mm' or a number of metres", "True"]),
        ({"min_depth": [5]}, ["min_depth must be a length"]),
        ({"label_free": "yes"}, ["label_free must be True, False or None", "'yes'"]),
        ({"non_invasive": 1}, ["non_invasive must be True, False or None"]),
    ],
)
def test_bad_requirement_is_refused_with_what_was_expected(review, kwargs, words):
    with pytest.raises(ChooserError) as caught:
        choose(review, **kwargs)
    for word in words:
        assert word in str(caught.value)


def test_chooser_error_is_a_value_error():
    assert issubclass(ChooserError, ValueError)


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("5mm", 0.005),
        ("5 mm", 0.005),
        ("0.5 cm", 0.005),
        ("10um", 1e-5),
        ("10 µm", 1e-5),
        ("10 μm", 1e-5),
        ("1 micrometer", 1e-6),
        ("0.3 m", 0.3),
        (0.005, 0.005),
        (1, 1.0),
    ],
)
def test_lengths_are_read_by_pint_in_any_unit(text, metres):
    assert parse_length("min_depth", text) == metres  # exactly: "10 um" must equal the data's 0.00001


def test_no_requirement_and_false_flags_ask_nothing(review):
    everything = choose(review)
    assert fit_ids(everything) and not everything.excluded
    assert sorted(fit_ids(everything)) == sorted(REVIEW_IDS)
    assert fit_ids(choose(review, label_free=False, non_invasive=False)) == fit_ids(everything)
    assert requirements().describe() == "no requirement"


# --- the command line ----------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nanoimaging", *args], capture_output=True, text=True, check=False)


def test_cli_choose_json_example_of_issue_7():
    run = run_cli(
        "choose",
        "--aspect",
        "drug",
        "--scale",
        "tissue",
        "--setting",
        "clinical",
        "--min-depth",
        "5mm",
        "--max-resolution",
        "10um",
        "--label-free",
        "--non-invasive",
        "--temporal",
        "fast",
        "--json",
    )
    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)
    assert payload["requirements"]["min_depth_m"] == 0.005 and payload["requirements"]["max_resolution_m"] == 1e-5
    assert payload["fits"] == [] and len(payload["excluded"]) == len(load().modalities)
    msi = next(e for e in payload["excluded"] if e["modality_id"] == "msi")
    assert msi["reason"]["evidence"][0] == {
        "resource": "modalities",
        "key": {"modality_id": "msi"},
        "text": "Not applicable",
        "where": "",
    }


def test_cli_choose_text(capsys):
    """The command prints choose()'s report for the project's data, whatever rows it holds."""
    assert main(["choose", "--scale", "tissue", "--aspect", "drug", "--label-free"]) == EXIT_OK
    expected = str(choose(load(), scale="tissue", aspect="drug", label_free=True))
    assert capsys.readouterr().out.strip() == expected.strip()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["--scale", "organ"],
            ["--scale must be one of patient", "(or leave it out for any)", "did you mean 'organ-tumour'"],
        ),
        (["--aspect", "tumour"], ["--aspect must be one of drug, nanoparticle, environment"]),
        (["--setting", "mice"], ["--setting must be one of clinical, preclinical"]),
        (["--temporal", "quick"], ["--temporal must be one of slow, medium, fast"]),
        (["--min-depth", "5 kg"], ["--min-depth must be a length", "kilogram"]),
        (["--min-depth", "5"], ["--min-depth must be a length", "no length unit"]),
        (["--min-depth=-5mm"], ["--min-depth must be a length greater than zero"]),
        (["--max-resolution", "0um"], ["--max-resolution must be a length greater than zero"]),
    ],
)
def test_cli_choose_bad_option_is_a_usage_error_with_the_allowed_values(capsys, args, words):
    assert main(["choose", *args]) == EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("nanoimaging choose: error: ")
    for word in words:
        assert word in err


def test_cli_choose_bad_option_exits_2():
    """The bad options above, through the program a student runs: its exit status and streams."""
    run = run_cli("choose", "--scale", "organ")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("nanoimaging choose: error: --scale must be one of patient")


def test_cli_unknown_flag_exits_2(capsys):
    with pytest.raises(SystemExit) as done:
        main(["choose", "--depth", "5mm"])
    assert done.value.code == 2 and "unrecognized arguments" in capsys.readouterr().err


def test_cli_invalid_data_exits_1(data_dir):
    set_cell(data_dir / "properties.csv", 2, "value", "maybe")
    run = run_cli("choose", "--data", str(data_dir))
    assert run.returncode == 1 and "properties.csv:2: value" in run.stderr and "invalid" in run.stderr
