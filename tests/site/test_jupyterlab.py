"""A notebook runs in JupyterLab and its charts draw there, and its MyST prose renders, with no network.

JupyterLab renders the Vega-Lite v5 outputs of nanoimaging.display natively. The test
starts ``jupyter lab`` on 127.0.0.1 (a free port, a random token, its settings and
runtime files in a temporary folder, news and update checks off) over a copy of
notebooks/, opens optical.ipynb, waits for its kernel, clears its outputs and runs all
cells from the Run menu, then waits for the charts to be drawn. Nothing is saved back to
the repository. When a step fails, the test keeps a screenshot, the browser's console,
the page's outputs and the JupyterLab log (which holds the kernel's) in its temporary
folder and names them in the failure message.

The notebooks' prose is MyST: jupyterlab-myst (pinned beside JupyterLab) renders its roles.
A second test opens a chapter whose prose has {review:q-...}, {doc} and {cite:p} roles and
looks for raw role markup and error marks in the rendered markdown cells.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from nanoimaging.figures.display import MIME_TYPE
from nanoimaging.paths import REPO_ROOT
from sitekit.browser import new_context

NOTEBOOK = "optical.ipynb"
#: Per chart canvas (or SVG), how many of its pixels are drawn in something darker than near-white.
INKED_CHARTS = """() => [...document.querySelectorAll('.jp-RenderedVegaLite .chart-wrapper')].map(embed => {
  const canvas = embed.querySelector(':scope > canvas');
  if (!canvas) return embed.querySelectorAll('svg g.role-mark > *').length * 1000;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) ink += 1;
  }
  return ink;
})"""


#: The status bar reads "Python 3 (ipykernel) | Idle" once the notebook's kernel is connected and ready.
KERNEL_IDLE = """() => /\\|\\s*Idle\\b/.test((document.getElementById('jp-main-statusbar') || {}).innerText || '')"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.25)
    raise TimeoutError(f"jupyter lab did not answer within {seconds} s")


@pytest.fixture
def lab(tmp_path: Path):
    folder = tmp_path / "notebooks"
    shutil.copytree(REPO_ROOT / "notebooks", folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "NANOIMAGING_DATA": str(REPO_ROOT / "data"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "IPYTHONDIR": str(tmp_path / "ipython"),
    }
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={folder}",
        "--ServerApp.allow_root=True",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    log = (tmp_path / "lab.log").open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/api/status?token={token}", 60, process)
        yield base, token, folder
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


def _stored_charts(path: Path) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(1 for c in nb["cells"] for o in c.get("outputs", []) if MIME_TYPE in o.get("data", {}))


def _evidence(page, folder: Path, console: list[str]) -> str:
    """Keep what a failure needs to be understood: a screenshot, the page's console, the logs."""
    out = folder.parent
    shot = out / "jupyterlab-failure.png"
    try:
        page.screenshot(path=str(shot), full_page=False)
    except Exception as exc:  # the page may be gone
        shot.with_suffix(".txt").write_text(f"no screenshot: {exc}", encoding="utf-8")
    (out / "browser-console.log").write_text("\n".join(console), encoding="utf-8")
    try:
        state = page.evaluate(
            f"() => ({{ink: ({INKED_CHARTS})(), outputs: [...document.querySelectorAll("
            "'.jp-OutputArea-output')].map(o => o.dataset.mimeType + ': ' + o.innerText.slice(0, 300))})"
        )
    except Exception as exc:
        state = {"error": str(exc)}
    (out / "page-state.json").write_text(json.dumps(state, indent=1), encoding="utf-8")
    return (
        f"evidence kept: screenshot {shot}, browser console {out / 'browser-console.log'}, "
        f"page state {out / 'page-state.json'}, JupyterLab and kernel log {out / 'lab.log'}"
    )


def test_notebook_runs_in_jupyterlab_and_draws_its_charts(browser, lab):
    base, token, folder = lab
    expected = _stored_charts(folder / NOTEBOOK) or 1
    context, refused = new_context(browser, viewport={"width": 1400, "height": 1000})
    console: list[str] = []
    # JupyterLab's own Vega-Lite renderer; it draws on a canvas
    charts = ".jp-RenderedVegaLite .chart-wrapper > canvas, .jp-RenderedVegaLite .chart-wrapper > svg"
    step = "opening the notebook"
    try:
        page = context.new_page()
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: console.append(f"uncaught: {e}"))
        try:
            page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}", timeout=60000)
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60000)
            # Run All before the notebook's session has its kernel runs nothing: JupyterLab
            # finds no kernel, clears each cell's execution and moves on. On a loaded machine
            # the kernel attaches seconds after the cells appear, so wait until it is idle.
            step = "waiting for the kernel"
            page.wait_for_function(KERNEL_IDLE, timeout=60000)
            step = "clearing the stored outputs"
            page.click('.lm-MenuBar-itemLabel:text-is("Edit")')
            page.click('.lm-Menu-itemLabel:text-is("Clear Outputs of All Cells")')
            page.wait_for_function(f"() => document.querySelectorAll({json.dumps(charts)}).length === 0", timeout=10000)
            step = "running all cells and waiting for the charts"
            page.click('.lm-MenuBar-itemLabel:text-is("Run")')
            page.click('.lm-Menu-itemLabel:text-is("Run All Cells")')
            page.wait_for_function(
                f"() => {{ const ink = ({INKED_CHARTS})(); "
                f"return ink.length >= {expected} && ink.every(n => n > 500); }}",
                timeout=120000,
            )
        except Exception as exc:  # Playwright's timeouts and errors: keep the evidence, then fail
            pytest.fail(
                f"{step} failed ({exc.__class__.__name__}: {str(exc).splitlines()[0]}); "
                f"{_evidence(page, folder, console)}"
            )
        inked = page.evaluate(INKED_CHARTS)
        labels = page.evaluate(
            "[...document.querySelectorAll('.jp-RenderedVegaLite [aria-label]')].map(e => e.getAttribute('aria-label'))"
        )
        errors = page.evaluate(
            "document.querySelectorAll('.jp-OutputArea-output[data-mime-type=\"application/vnd.jupyter.stderr\"]').length"
        )
    finally:
        context.close()
    assert len(inked) >= expected and all(n > 500 for n in inked), f"blank charts (coloured pixels per chart: {inked})"
    assert len(labels) >= expected and all(labels), "a chart without its text alternative"
    assert errors == 0, "a cell wrote to stderr"
    assert refused == [], "JupyterLab asked another host for something"


PROSE_NOTEBOOK = "non-invasive-clinical.ipynb"
#: Markup a renderer left as text: a role (``{doc}`...``, ``{review:q-id}`...``), or a quote id in angle brackets.
RAW_MARKUP = re.compile(r"\{[A-Za-z][\w:+.-]*\}`|<q-[a-z0-9-]+>")
#: jupyterlab-myst's marks of a problem: a red box (an unknown directive or role), an inline warning (its title).
RENDERED_PROSE = """() => [...document.querySelectorAll('.jp-MarkdownCell')].map(cell => {
  const myst = cell.querySelector('.myst');
  return {
    myst: !!myst && myst.offsetParent !== null,  // rendered and shown, not the cell's source in its editor
    text: myst ? myst.innerText : '',
    boxes: myst ? myst.querySelectorAll('[class*="text-red-"], [class*="bg-red-"]').length : 0,
    warnings: myst ? [...myst.querySelectorAll('.text-yellow-600[title]')].map(w => w.title + ': ' + w.innerText) : [],
  };
})"""
#: The one warning allowed: JupyterLab has no bibliography, so a citation shows its key with this mark.
CITATION_KEY_ONLY = "Citation Not Found"


def _markdown_cells(path: Path) -> int:
    return sum(c["cell_type"] == "markdown" for c in json.loads(path.read_text(encoding="utf-8"))["cells"])


def _roles_in(path: Path) -> set[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    prose = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return set(re.findall(r"\{(review|doc|cite:p)[^}]*\}`", prose))


def raw_markup_problems(cells: list[dict]) -> list[str]:
    """What a reader of the rendered cells would see that is not prose: raw roles, quote ids, error marks."""
    problems = [f"cell {i}: not shown rendered by jupyterlab-myst" for i, cell in enumerate(cells) if not cell["myst"]]
    for i, cell in enumerate(cells):
        problems += [f"cell {i}: raw markup {m.group(0)!r}" for m in RAW_MARKUP.finditer(cell["text"])]
        problems += [f"cell {i}: {cell['boxes']} error box(es)"] if cell["boxes"] else []
        problems += [f"cell {i}: warning {w!r}" for w in cell["warnings"] if not w.startswith(CITATION_KEY_ONLY)]
    return problems


def test_raw_markup_problems_finds_what_a_reader_should_not_see():
    fine = {
        "myst": True,
        "text": "A claim of the review (deMaar2020).",
        "boxes": 0,
        "warnings": ["Citation Not Found: x"],
    }
    assert raw_markup_problems([fine]) == []
    bad = [
        {**fine, "text": "{review}`A claim <q-scope-overview>`"},
        {**fine, "text": "A claim <q-scope-overview> and {doc}`table1`"},
        {**fine, "boxes": 1, "warnings": ["Unknown role: review"]},
        {**fine, "myst": False},
    ]
    found = raw_markup_problems(bad)
    assert len(found) == 7, found


def test_the_notebooks_myst_prose_renders_in_jupyterlab(browser, lab):
    base, token, folder = lab
    assert _roles_in(folder / PROSE_NOTEBOOK) == {"review", "doc", "cite:p"}, "the chapter no longer has each role"
    # Every cell in the page, not only those scrolled to (JupyterLab's default windowing adds them as they show).
    settings = folder.parent / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"windowingMode": "none"}), encoding="utf-8")
    context, refused = new_context(browser, viewport={"width": 1400, "height": 1000})
    console: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        try:
            page.goto(f"{base}/lab/tree/{PROSE_NOTEBOOK}?token={token}", timeout=60000)
            page.wait_for_selector(".jp-MarkdownCell .myst", timeout=60000)
            # every markdown cell renders on its own: wait until all have
            expected = _markdown_cells(folder / PROSE_NOTEBOOK)
            page.wait_for_function(
                f"() => {{ const cells = ({RENDERED_PROSE})(); "
                f"return cells.length >= {expected} && cells.every(c => c.myst && c.text.trim()); }}",
                timeout=60000,
            )
        except Exception as exc:
            pytest.fail(
                f"the notebook's prose did not render ({exc.__class__.__name__}: {str(exc).splitlines()[0]}); "
                f"{_evidence(page, folder, console)}"
            )
        cells = page.evaluate(RENDERED_PROSE)
    finally:
        context.close()
    assert len(cells) >= 5 and sum("de Maar" in c["text"] or "review" in c["text"] for c in cells), cells[:2]
    assert raw_markup_problems(cells) == []
    assert refused == [], "JupyterLab asked another host for something"
