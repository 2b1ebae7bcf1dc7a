"""Binder in every fork: the repository the site is built from (nanoimaging.site.repository)."""

from __future__ import annotations

import subprocess

import pytest

from nanoimaging.site.book import built_message
from nanoimaging.site.repository import ENV, find_repository, github_https


@pytest.mark.parametrize(
    "remote",
    [
        "https://github.com/a-student/nano-fork.git",
        "https://github.com/a-student/nano-fork",
        "https://github.com/a-student/nano-fork/",
        "git@github.com:a-student/nano-fork.git",
        "ssh://git@github.com/a-student/nano-fork.git",
        "https://x-access-token:abc@github.com/a-student/nano-fork.git",
    ],
)
def test_every_form_of_a_github_remote_gives_the_same_address(remote):
    assert github_https(remote) == "https://github.com/a-student/nano-fork"


@pytest.mark.parametrize(
    "remote", ["https://gitlab.com/a/b.git", "/srv/git/nano.git", "https://github.com/only-owner", "github.com/a/b"]
)
def test_other_remotes_are_not_github(remote):
    assert github_https(remote) is None


def _git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_the_variable_wins_over_the_origin(tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "remote", "add", "origin", "git@github.com:someone/else.git")
    found = find_repository(tmp_path, {ENV: "https://github.com/stated/here/"})
    assert found.url == "https://github.com/stated/here"


def test_a_clone_whose_origin_is_on_github_gets_its_own_address(tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "remote", "add", "origin", "https://github.com/made-up-student/nanoimaging-fork.git")
    assert find_repository(tmp_path, {}).url == "https://github.com/made-up-student/nanoimaging-fork"


def test_without_either_the_reason_is_one_line(tmp_path):
    found = find_repository(tmp_path, {})
    assert found.url is None
    assert found.origin.startswith("the pages have no Binder buttons:") and "\n" not in found.origin
    assert ENV in found.origin and "no origin" in found.origin


def test_an_origin_elsewhere_is_named_without_its_credentials(tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "remote", "add", "origin", "https://user:secret-token@gitlab.com/a/b.git")
    found = find_repository(tmp_path, {})
    assert found.url is None and "gitlab.com/a/b.git" in found.origin
    assert "secret-token" not in found.origin


def test_buttons_open_the_stated_ref_else_the_checked_out_branch(tmp_path):
    _git(tmp_path, "init", "-q", "-b", "student-work")
    _git(tmp_path, "remote", "add", "origin", "https://github.com/made-up-student/nanoimaging-fork.git")
    assert find_repository(tmp_path, {}).branch == "student-work"
    assert find_repository(tmp_path, {"NANOIMAGING_REPOSITORY_BRANCH": "v0.2.0"}).branch == "v0.2.0"


def test_make_book_says_the_missing_buttons_first_as_a_note_and_its_build_last(tmp_path):
    lines = built_message("built _build/html in 9.0 s", find_repository(tmp_path, {})).splitlines()
    assert len(lines) == 2 and lines[-1] == "built _build/html in 9.0 s"
    assert lines[0].startswith("note: the pages have no Binder buttons:") and "the site is built" in lines[0]
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "remote", "add", "origin", "git@github.com:made-up-student/fork.git")
    assert built_message("built _build/html", find_repository(tmp_path, {})) == "built _build/html"
