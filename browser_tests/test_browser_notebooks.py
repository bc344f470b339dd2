"""Every notebook in a real JupyterLab, in headless Chromium: nbval never loads the front end.

For each notebooks/NN_*.ipynb (whatever numbers exist): open it, Run All, then assert
- no error output (no traceback, nothing on stderr),
- every widget view rendered (no "Error displaying widget", no "Loading widget..."),
- moving one control of every widget view (its first slider, dropdown, checkbox or toggle button)
  changes what its callback draws (its figure, or the HTML it writes beside the figure).

Not part of a learner's `python3 course.py test` (learners need no browser engine). CI runs it:

    .venv/bin/python -m pip install playwright==1.65.2     # no `playwright install`
    .venv/bin/python -m pytest browser_tests                # uses Debian's /usr/bin/chromium

Screenshots (the top of each notebook after Run All, and each widget after its control moved) are
written to screenshots/browser/ (gitignored); the session prints the path.
"""

import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import screenshot_notebook as lab  # noqa: E402 - shares JupyterLab start-up and page helpers

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SHOTS = ROOT / "screenshots" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TIMEOUT = 300  # seconds for each wait (the machine has 2 shared cores)
CHANGE_TIMEOUT = 60  # seconds for a figure to change after a control moved
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
VIEW = f"{PANEL} .jp-OutputArea-output > .jupyter-widgets"  # one per displayed widget
FIGURES_JS = "e => [...e.querySelectorAll('img')].map(i => i.src).join('|')"
# What a callback redraws: its figures, plus the HTML it writes (07's predictor shows the sampled
# continuation as HTML beside its figure; a temperature change redraws only that). Slider
# readouts are not HTML widgets, so moving a control alone never changes this.
OUTPUT_JS = (
    "e => [...e.querySelectorAll('img')].map(i => i.src)"
    ".concat([...e.querySelectorAll('.widget-html-content')].map(h => h.innerHTML)).join('|')"
)


@pytest.fixture(scope="session")
def server():
    """A private JupyterLab on 127.0.0.1 (autosave off: notebooks are never written)."""
    tmp, token = tempfile.mkdtemp(prefix="browser-test-"), secrets.token_hex(16)
    proc, base, log = lab.start_lab(ROOT, tmp, token)
    try:
        yield base, token, log
    finally:
        lab.stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    shutil.rmtree(SHOTS, ignore_errors=True)  # only this run's screenshots
    SHOTS.mkdir(parents=True)
    print(f"\nbrowser test screenshots: {SHOTS}")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=lab.CHROME_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def run_all(page, base, token, rel):
    page.goto(f"{base}/lab/tree/{quote(rel)}?reset&token={token}", timeout=TIMEOUT * 1000)
    page.add_style_tag(content=".Toastify, .jp-toast-container {display: none !important}")
    return lab.run_all_cells(page, TIMEOUT)


def move_one_control(page, view):
    """Move the first control of a widget view to another value; return what was moved."""
    handle = view.locator(".widget-slider .noUi-handle").first
    if handle.count():
        track = view.locator(".widget-slider .noUi-target").first
        box, bar = handle.bounding_box(), track.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        # drag to the far side of the track (the sliders update on release)
        target = bar["x"] + bar["width"] * (0.85 if x < bar["x"] + bar["width"] / 2 else 0.15)
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(target, y, steps=10)
        page.mouse.up()
        return "slider"
    select = view.locator(".widget-dropdown select").first
    if select.count():
        options = select.locator("option").all()
        current = select.input_value()
        other = next(
            o.get_attribute("value") for o in options if o.get_attribute("value") != current
        )
        select.select_option(other)
        return "dropdown"
    checkbox = view.locator(".widget-checkbox input").first
    if checkbox.count():
        checkbox.click()
        return "checkbox"
    button = view.locator(".widget-toggle-button:not(.mod-active)").first
    if button.count():
        button.click()
        return "toggle button"
    raise AssertionError("widget view has no slider, dropdown, checkbox or toggle button")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_widgets_respond(notebook, server, browser):
    base, token, log = server
    rel = notebook.relative_to(ROOT).as_posix()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        stats = run_all(page, base, token, rel)
        page.evaluate(
            "() => { const s = window.jupyterapp.shell; s.collapseLeft(); s.collapseRight(); }"
        )
        page.screenshot(path=SHOTS / f"{notebook.stem}_top.png")
        assert stats["errors"] == 0, f"{rel}: {stats['errors']} cell(s) raised an error"
        assert stats["stderr"] == 0, f"{rel}: {stats['stderr']} output(s) on stderr"
        assert stats["widget_errors"] == 0, f"{rel}: 'Error displaying widget'"

        views = page.locator(VIEW)
        assert views.count() >= 1, f"{rel}: no widget view (the notebook standard asks for one)"
        for i in range(views.count()):
            view = views.nth(i)
            view.scroll_into_view_if_needed()
            assert view.locator(".jupyter-widgets").count(), f"{rel}: widget view {i} is empty"
            before = view.evaluate(FIGURES_JS)
            assert before, f"{rel}: widget view {i} shows no figure"
            view.evaluate(f"e => {{ window.__figuresBefore = ({OUTPUT_JS})(e); }}")
            moved = move_one_control(page, view)
            lab.wait_for(
                page,
                f"() => ({OUTPUT_JS})(document.querySelectorAll({VIEW!r})[{i}])"
                " !== window.__figuresBefore",
                CHANGE_TIMEOUT,
                f"widget view {i}'s figure or output to change after its {moved} moved",
            )
            page.wait_for_timeout(500)
            view.screenshot(path=SHOTS / f"{notebook.stem}_widget{i + 1}_moved.png")
            after = page.evaluate(f"() => ({lab.STATS_JS})()")
            assert after["errors"] == 0 and after["stderr"] == 0, (
                f"{rel}: moving widget view {i}'s {moved} produced an error output"
            )
    except Exception:
        page.screenshot(path=SHOTS / f"{notebook.stem}_failed.png")
        print(
            "--- jupyter lab log (tail) ---\n"
            + "".join(Path(log).read_text().splitlines(True)[-15:])
        )
        raise
    finally:
        page.evaluate("() => window.jupyterapp?.shell.currentWidget?.sessionContext.shutdown()")
        page.close()
