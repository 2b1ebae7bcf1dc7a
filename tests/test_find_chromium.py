"""Finding Chromium or Chrome on a student's computer: the variable, then the PATH, then the usual install places."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nanoimaging.site import browser
from nanoimaging.site.browser import CHROMIUM_ENV, find_chromium


def _executable(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def test_the_variable_comes_first(tmp_path):
    stated = _executable(tmp_path / "mine" / "my-chrome")
    on_path = _executable(tmp_path / "bin" / "chromium")
    assert on_path and find_chromium({CHROMIUM_ENV: stated, "PATH": str(tmp_path / "bin")}, places=()) == stated


def test_a_variable_naming_no_file_finds_nothing(tmp_path):
    _executable(tmp_path / "bin" / "chromium")
    assert find_chromium({CHROMIUM_ENV: str(tmp_path / "absent"), "PATH": str(tmp_path / "bin")}, places=()) is None


@pytest.mark.parametrize("name", ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"])
def test_each_name_on_the_path_is_found(tmp_path, name):
    found = _executable(tmp_path / "bin" / name)
    path = os.pathsep.join([str(tmp_path / "empty"), str(tmp_path / "bin")])
    assert find_chromium({"PATH": path}, places=()) == found


def test_the_path_comes_before_the_install_places(tmp_path):
    on_path = _executable(tmp_path / "bin" / "google-chrome")
    installed = _executable(tmp_path / "Applications" / "Chromium.app" / "Contents" / "MacOS" / "Chromium")
    assert find_chromium({"PATH": str(tmp_path / "bin")}, places=(installed,)) == on_path


def test_an_install_place_is_found_when_the_path_has_none(tmp_path):
    installed = _executable(tmp_path / "Applications" / "Google Chrome.app" / "Contents" / "MacOS" / "Google Chrome")
    assert find_chromium({"PATH": str(tmp_path / "empty")}, places=(str(tmp_path / "no"), installed)) == installed


def test_windows_program_folders_are_searched(tmp_path):
    chrome = _executable(tmp_path / "Program Files" / "Google" / "Chrome" / "Application" / "chrome.exe")
    environ = {"PATH": "", "PROGRAMFILES(X86)": str(tmp_path / "none"), "PROGRAMFILES": str(tmp_path / "Program Files")}
    assert Path(find_chromium(environ, places=())) == Path(chrome)


def test_none_found_says_how_to_get_one_in_one_line(tmp_path):
    assert find_chromium({"PATH": str(tmp_path)}, places=()) is None
    with pytest.raises(FileNotFoundError) as caught:
        browser.launch(object(), executable=None)
    message = str(caught.value)
    assert "\n" not in message and "apt-get install -y chromium" in message and CHROMIUM_ENV in message


def test_playwright_s_own_chromium_is_found_last_the_newest_first(tmp_path):
    browsers = tmp_path / "ms-playwright"
    _executable(browsers / "chromium-1100" / "chrome-linux" / "chrome")
    newest = _executable(browsers / "chromium-1200" / "chrome-linux64" / "chrome")
    _executable(browsers / "chromium_headless_shell-1300" / "chrome-linux" / "headless_shell")
    environ = {"PATH": str(tmp_path / "empty"), "PLAYWRIGHT_BROWSERS_PATH": str(browsers)}
    assert find_chromium(environ, places=()) == newest
    installed = _executable(tmp_path / "opt" / "google" / "chrome" / "chrome")
    assert find_chromium(environ, places=(installed,)) == installed


@pytest.mark.parametrize(
    "cache",
    [
        ".cache/ms-playwright/chromium-1200/chrome-linux64/chrome",
        "Library/Caches/ms-playwright/chromium-1200/chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/"
        "Google Chrome for Testing",
    ],
)
def test_playwright_s_folder_in_the_user_s_cache_is_searched(tmp_path, cache):
    found = _executable(tmp_path / "home" / cache)
    assert find_chromium({"PATH": "", "HOME": str(tmp_path / "home")}, places=()) == found


def test_a_playwright_folder_without_a_chromium_finds_nothing(tmp_path):
    (tmp_path / "ms-playwright" / "chromium-1200" / "chrome-linux64").mkdir(parents=True)
    environ = {"PATH": "", "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "ms-playwright"), "HOME": str(tmp_path)}
    assert find_chromium(environ, places=()) is None
