"""The monthly living workflow: on a schedule and on demand, runs the search, opens a pull request, never merges."""

from __future__ import annotations

import re

import pytest
import yaml

from nanoimaging.paths import REPO_ROOT

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "living.yml"
#: What would merge a pull request without a person: GitHub's CLI, auto-merge actions, the API's merge call.
MERGING = re.compile(r"gh pr merge|auto-?merge|enable-pull-request-automerge|/merge\b|merge_method", re.I)


def workflow_problems(text: str) -> list[str]:
    """What keeps a workflow text from being the living workflow the project's rules ask for."""
    spec = yaml.safe_load(text)
    triggers = spec.get("on", spec.get(True)) or {}  # YAML 1.1 reads a bare `on` as true
    problems = []
    crons = [entry.get("cron", "") for entry in triggers.get("schedule") or []]
    if not any(re.fullmatch(r"\d+ \d+ \d+ \* \*", cron) for cron in crons):
        problems.append(f"no monthly schedule (a cron on one day of every month), got {crons}")
    if "workflow_dispatch" not in triggers:
        problems.append("cannot be run on demand (workflow_dispatch)")
    steps = [step for job in spec["jobs"].values() for step in job["steps"]]
    runs = [step for step in steps if ".venv/bin/nanoimaging living discover" in step.get("run", "")]
    if not runs:
        problems.append("no step runs `nanoimaging living discover`")
    elif "secrets.OPENALEX_API_KEY" not in str(runs[0].get("env", {}).get("OPENALEX_API_KEY", "")):
        problems.append("the search does not take OPENALEX_API_KEY from the repository's secrets")
    opens = [step for step in steps if str(step.get("uses", "")).startswith("peter-evans/create-pull-request@")]
    if not opens or not re.fullmatch(r"v\d+(\.\d+)*", opens[0]["uses"].split("@")[1]):
        problems.append("no pull request opened by peter-evans/create-pull-request pinned by version")
    elif "living/" not in str(opens[0].get("with", {}).get("add-paths", "")):
        problems.append("the pull request does not hold the living/ folder")
    if MERGING.search(text):
        problems.append(f"something merges by itself: {MERGING.search(text).group(0)!r}")
    if not any(re.search(r"^\s*\.venv/bin/nanoimaging living status$", step.get("run", ""), re.M) for step in steps):
        problems.append("the pull request's body does not hold the counts (`nanoimaging living status`)")
    return problems


def test_the_living_workflow_runs_monthly_searches_opens_a_pull_request_and_never_merges():
    assert workflow_problems(WORKFLOW.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda t: t.replace('"41 4 2 * *"', '"41 4 * * 1"'), "no monthly schedule"),
        (lambda t: t.replace("  workflow_dispatch:\n", ""), "on demand"),
        (lambda t: t.replace("bin/nanoimaging living discover", "bin/nanoimaging living status"), "discover"),
        (lambda t: t.replace("create-pull-request@v7", "create-pull-request@main"), "pinned by version"),
        (lambda t: t + "      - run: gh pr merge --auto --squash\n", "merges by itself"),
        (lambda t: t.replace(".venv/bin/nanoimaging living status", "true"), "counts"),
    ],
)
def test_a_workflow_made_to_fail_is_caught(change, said):
    text = WORKFLOW.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, "the fault was not applied"
    problems = workflow_problems(changed)
    assert any(said in p for p in problems), problems
