"""The guide's month of the living companion runs as written: its commands, in a scratch copy of the project.

The copy holds the package's source, the data, references.bib, the living folder and the recorded
run, standing in for the guide's throwaway clone; its commands run through bash with the copy's own
package first on the path, so that every default path (living/, references.bib, data/) is the
copy's. The clone's making and removal and ``make book`` are not run: the test checks the guide says
them, and formats the copy's bibliography as the book's build does (the step of ``make book`` the
month's new entry reaches).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bib_formatting import unformattable
from nanoimaging.living.files import LivingFiles
from nanoimaging.living.flow import living_summary
from nanoimaging.paths import REPO_ROOT

pytestmark = pytest.mark.block_network

GUIDE = REPO_ROOT / "book" / "guide.md"
SECTION = "## A month of the living companion"
#: Lines the test does not run, and why.
NOT_RUN = {
    "git clone": "the scratch copy is the clone",
    "cd ": "the commands run in the scratch copy",
    "make venv": "the copy runs with the test's environment",
    "make book": "builds the site; the bibliography it formats is checked apart",
    "rm -rf /tmp/month": "the scratch copy is removed with the test's temporary folder",
}


def walkthrough_blocks(text: str) -> dict[str, str]:
    """The bash blocks of the guide's month, by the heading of the step they are in."""
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    section = text[start : end if end > 0 else None]
    blocks: dict[str, str] = {}
    for part in re.split(r"\n### ", section)[1:]:
        heading = part.splitlines()[0]
        code = re.findall(r"```bash\n(.*?)```", part, re.S)
        if code:
            blocks[heading] = "\n".join(code)
    return blocks


def _scratch(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in ("src", "data", "living"):
        shutil.copytree(REPO_ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO_ROOT / "references.bib", root / "references.bib")
    (root / "tests" / "living").mkdir(parents=True)
    shutil.copytree(REPO_ROOT / "tests" / "living" / "cassettes", root / "tests" / "living" / "cassettes")
    (root / ".venv").symlink_to(Path(sys.prefix))
    return root


def _bash(root: Path, script: str) -> subprocess.CompletedProcess:
    lines = [line for line in script.splitlines() if not line.startswith(tuple(NOT_RUN))]
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "NANOIMAGING_DATA": str(root / "data")}
    env.pop("OPENALEX_API_KEY", None)
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", "\n".join(lines)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"the guide's commands failed:\n{script}\n{result.stdout}\n{result.stderr}"
    return result


def _has_living_add(root: Path) -> bool:
    """Whether the copy's command line has ``living add`` (listed, indented, among the subcommands)."""
    return re.search(r"^\s+add\s", _bash(root, ".venv/bin/nanoimaging living --help").stdout, re.M) is not None


def test_the_guide_has_the_months_steps_in_order():
    blocks = walkthrough_blocks(GUIDE.read_text(encoding="utf-8"))
    steps = list(blocks)
    assert steps[:5] == [
        "1. Run the search, or replay a recorded run",
        "2. Screen three candidates",
        "3. Add one study",
        "4. Build and look",
        "5. Throw it away",
    ], steps
    # the month runs in a throwaway clone, never in the project's own living/ folder
    assert blocks[steps[0]].startswith("git clone . /tmp/month && cd /tmp/month && make venv\n")
    assert "--replay tests/living/cassettes/run.yaml --folder living" in blocks[steps[0]]
    assert "living add C0001" in blocks[steps[2]]
    assert blocks[steps[3]].strip() == "make book"
    assert blocks[steps[4]].split() == ["cd", "-", "rm", "-rf", "/tmp/month"]


def test_the_months_search_and_screening_run_as_the_guide_says(tmp_path):
    root = _scratch(tmp_path)
    blocks = list(walkthrough_blocks(GUIDE.read_text(encoding="utf-8")).values())
    first = _bash(root, blocks[0])
    assert "candidates 4, screened 0" in first.stdout
    second = _bash(root, blocks[1])
    assert "candidates 4, screened 3, included 1, maybe 1, excluded 1 (not-relevant 1)" in second.stdout
    decisions = list(csv.DictReader((root / "living" / "screening.csv").open(encoding="utf-8")))
    assert [d["decision"] for d in decisions] == ["include", "exclude", "maybe"]
    (run,) = json.loads((root / "living" / "runs.json").read_text(encoding="utf-8"))
    assert "openalex" in [source["name"] for source in run["sources"]]  # replayed without a real key
    # what step 4 says the chapter's flow figure shows
    total = {s["stage"]: s["count"] for s in living_summary(LivingFiles(root / "living"))["total"]}
    assert {
        k: total[k] for k in ("identified", "candidates", "screened", "included", "excluded", "maybe", "awaiting")
    } == {
        "identified": 7,
        "candidates": 4,
        "screened": 3,
        "included": 1,
        "excluded": 1,
        "maybe": 1,
        "awaiting": 1,
    }
    # the copy's files changed, the repository's did not
    assert (REPO_ROOT / "living" / "runs.json").read_text(encoding="utf-8").strip() == "[]"


def test_the_replay_refuses_to_write_without_a_named_folder(tmp_path):
    root = _scratch(tmp_path)
    before = {p.name: p.read_bytes() for p in (root / "living").iterdir()}
    result = subprocess.run(
        [".venv/bin/nanoimaging", "living", "discover", "--replay", "tests/living/cassettes/run.yaml"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root / "src"), "NANOIMAGING_DATA": str(root / "data")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2 and "--folder" in result.stderr
    assert {p.name: p.read_bytes() for p in (root / "living").iterdir()} == before


def test_the_months_added_study_runs_as_the_guide_says(tmp_path):
    root = _scratch(tmp_path)
    blocks = list(walkthrough_blocks(GUIDE.read_text(encoding="utf-8")).values())
    if not _has_living_add(root):
        pytest.skip("`nanoimaging living add` is built on the living-add branch; this step runs once it is merged")
    _bash(root, blocks[0] + "\n" + blocks[1])
    keys_before = set(re.findall(r"@\w+\{([^,]+),", (root / "references.bib").read_text(encoding="utf-8")))
    _bash(root, blocks[2].replace(".venv/bin/nanoimaging validate", ""))
    (key,) = set(re.findall(r"@\w+\{([^,]+),", (root / "references.bib").read_text(encoding="utf-8"))) - keys_before
    assert unformattable(root / "references.bib") == []  # step 4's make book formats every entry
    studies = root / "data" / "studies.csv"
    header = next(csv.reader(studies.open(encoding="utf-8")))
    row = {
        "study_id": f"s-{key}-ivm",
        "source": key,
        "cite_key": key,
        "modality_id": "ivm",
        "method": "modality",
        "aspects": "nanoparticle",
        "scales": "tissue",
        "setting": "preclinical",
        "subject": "mice",
        "finding": "A made-up finding for the guide's practice month.",
        "checked": "not-checked",
    }
    with studies.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([row.get(name, "") for name in header])
    _bash(root, ".venv/bin/nanoimaging validate")


def test_a_guide_command_that_fails_fails_the_walkthrough(tmp_path):
    root = _scratch(tmp_path)
    with pytest.raises(AssertionError, match="the guide's commands failed"):
        _bash(root, ".venv/bin/nanoimaging living status --folder no-such-folder-made-up\nfalse")
