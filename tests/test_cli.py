"""One command line: `nanoimaging` and `python -m nanoimaging`, exit codes with one meaning each, clear errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nanoimaging import UnknownValueError, load
from nanoimaging.choose import requirements
from nanoimaging.cli import main, site_commands
from nanoimaging.cli.exits import EXIT_OFFLINE, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from nanoimaging.data.rules import table1 as table1_rules
from nanoimaging.figures import matrices, resolution, study_list, table1
from nanoimaging.paths import REPO_ROOT
from nanoimaging.site import versioned

CONSOLE_SCRIPT = Path(sys.executable).parent / "nanoimaging"


def test_the_console_script_and_python_dash_m_are_the_same_command():
    script = subprocess.run([str(CONSOLE_SCRIPT), "--help"], capture_output=True, text=True, check=False)
    module = subprocess.run(
        [sys.executable, "-m", "nanoimaging", "--help"], capture_output=True, text=True, check=False
    )
    assert script.returncode == module.returncode == 0
    assert script.stdout == module.stdout


def test_exit_codes_have_one_meaning_each_in_help_and_readme(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == EXIT_OK
    text = capsys.readouterr().out
    codes = dict(re.findall(r"^  (\d)  (.+)$", text, flags=re.MULTILINE))
    assert set(codes) == {str(c) for c in (EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_OFFLINE)}
    assert len(set(codes.values())) == len(codes), "two codes with the same meaning"
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for code, meaning in codes.items():
        assert f"| {code} | {meaning.split(' (')[0]}" in readme, f"README does not document exit status {code}"


def test_no_command_is_a_usage_error_as_help_says(capsys):
    assert main([]) == EXIT_USAGE
    assert "name a command" in capsys.readouterr().err


def test_an_unknown_command_is_a_usage_error():
    with pytest.raises(SystemExit) as done:
        main(["valdate"])
    assert done.value.code == EXIT_USAGE


BUILDERS = {
    "table1.table1_html": lambda data, family: table1.table1_html(data, family=family),
    "resolution.resolution_points": lambda data, family: resolution.resolution_points(data, family),
    "resolution.resolution_depth": lambda data, family: resolution.resolution_depth(data, family),
    "resolution.resolution_speed": lambda data, family: resolution.resolution_speed(data, family),
    "matrices.scale_matrix": lambda data, family: matrices.scale_matrix(data, family),
    "matrices.aspect_matrix": lambda data, family: matrices.aspect_matrix(data, family),
    "matrices.scale_matrix_frame": lambda data, family: matrices.scale_matrix_frame(data, family),
    "study_list.studies_markdown": lambda data, family: study_list.studies_markdown(data, family=family),
}


@pytest.mark.parametrize("builder", sorted(BUILDERS))
def test_an_unknown_family_raises_the_same_clear_error_from_every_builder(builder):
    data = load()
    with pytest.raises(UnknownValueError) as caught:
        BUILDERS[builder](data, "opitcal")
    assert caught.value.what == "family" and caught.value.value == "opitcal"
    assert str(caught.value).startswith("unknown family 'opitcal': the data package has ")
    assert all(str(f) in str(caught.value) for f in data.families["family"])


def test_an_unknown_modality_raises_the_same_error():
    with pytest.raises(UnknownValueError, match="unknown modality 'pet'"):
        study_list.studies_markdown(load(), modality_id="pet")


def test_make_lab_runs_the_lab_command():
    made = subprocess.run(
        ["make", "--no-print-directory", "-n", "lab"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert made.returncode == 0, made.stderr
    assert re.search(r"-m nanoimaging lab$", made.stdout.strip().splitlines()[-1]), made.stdout


@pytest.mark.parametrize(("euid", "as_root"), [(0, True), (1000, False), (None, False)])
def test_lab_passes_allow_root_only_to_root(euid, as_root):
    argv = site_commands.lab_argv(euid, python="py", notebooks=Path("nb"))
    assert argv[:5] == ["py", "-m", "jupyter", "lab", "nb"]
    assert ("--allow-root" in argv) is as_root and len(argv) == 5 + as_root


@pytest.mark.parametrize("euid", [0, 1000])
def test_lab_says_in_one_line_when_it_allows_root(monkeypatch, capsys, euid):
    monkeypatch.setattr(site_commands.os, "geteuid", lambda: euid, raising=False)
    assert main(["lab", "--dry-run"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    command = lines[-1].split()
    assert command[1:4] == ["-m", "jupyter", "lab"], lines
    if euid == 0:
        assert lines == [site_commands.ROOT_NOTE, lines[-1]] and command[-1] == "--allow-root"
    else:
        assert len(lines) == 1 and "--allow-root" not in command


@pytest.mark.parametrize("ref", ["v0.1.0-not-a-tag", "no/such/branch", "--help"])
def test_site_with_a_reference_that_names_no_commit_says_so_in_one_line(capsys, tmp_path, ref):
    assert main(["site", f"--ref={ref}", "--site", str(tmp_path / "site")]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.splitlines()) == 1 and repr(ref) in captured.err, captured.err
    assert not (tmp_path / "site").exists()


def test_a_reference_that_names_a_commit_is_resolved(tmp_path):
    def git(*args: str) -> str:
        command = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org", *args]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()

    git("init", "-q")
    git("commit", "-q", "--allow-empty", "-m", "one")
    git("tag", "v9.9.9")
    head = git("rev-parse", "HEAD")
    assert versioned.commit_of("HEAD", tmp_path) == head and versioned.commit_of("v9.9.9", tmp_path) == head


@pytest.mark.parametrize("words", [["1", "cm"], ["1cm"], ["10", "mm"]])
def test_a_length_is_read_from_one_word_or_two_as_the_help_writes_it(capsys, words):
    assert main(["choose", "--aspect", "drug", "--min-depth", *words, "--max-resolution", "1", "mm", "--json"]) == 0
    asked = json.loads(capsys.readouterr().out)["requirements"]
    assert asked["min_depth_m"] == {"1": 0.01, "1cm": 0.01, "10": 0.01}[words[0]]
    assert asked["max_resolution_m"] == 0.001 and asked["aspect"] == "drug"


@pytest.mark.parametrize(
    ("option", "words", "bounds"),
    [
        ("--min-depth", ["5", "parsecs"], "between 1 µm and 3 m"),
        ("--min-depth", ["1km"], "between 1 µm and 3 m"),
        ("--min-depth", ["0.1", "um"], "between 1 µm and 3 m"),
        ("--max-resolution", ["2", "m"], "between 1 nm and 1 m"),
    ],
)
def test_a_length_outside_the_datas_range_is_a_usage_error(capsys, option, words, bounds):
    assert main(["choose", option, *words]) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"nanoimaging choose: error: {option} must lie {bounds}") and " ".join(words) in err
    assert len(err.splitlines()) == 1


def test_the_range_a_length_may_take_is_the_datas_own():
    assert requirements.LENGTH_RANGES_M["min_depth"][1] is table1_rules.DEPTH_RANGE_M
    assert requirements.LENGTH_RANGES_M["max_resolution"][1] is table1_rules.RESOLUTION_RANGE_M
