#!/usr/bin/env python
"""Screenshot notebooks as rendered by a real JupyterLab in headless Chromium.

Starts a private `jupyter lab` (this interpreter's environment, random token,
free loopback port, throw-away config/runtime/settings dirs), opens each
notebook in Chromium via Playwright, optionally runs all cells, then saves
viewport screenshots while scrolling the notebook: OUT/NAME_01.png, NAME_02.png...

Per notebook it prints one line: cells, errors (traceback outputs), stderr
(outputs rendered as stderr: tracebacks, warnings), widgets (rendered ipywidget
elements), widget_errors / widget_loading ("Error displaying widget" /
"Loading widget..." texts) and shots (screenshots written).  Without --run the
stored outputs are shown (widgets then appear unrendered - expected).

Exit code: 0 ok; 1 if a page failed to load, or with --run if a traceback
or "Error displaying widget" appeared (stderr alone is not a failure);
2 bad arguments.  The notebook file is never modified (autosave is off).

Example:
    python tools/screenshot_notebook.py notebooks/00_start_here.ipynb --run --out screenshots/

Needs: jupyterlab, ipywidgets, playwright (pip; do NOT `playwright install`,
Debian's /usr/bin/chromium is used - override with --chromium).
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

CHROME_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SETTINGS = {  # written to a temp JupyterLab user-settings dir
    "apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    # "none": every cell stays in the DOM, so counts below are complete
    "notebook-extension/tracker": {
        "windowingMode": "none",
        "autoStartDefaultKernel": True,
        "scrollPastEnd": False,
    },
    "docmanager-extension/plugin": {"autosave": False},  # never write executed outputs to disk
}
REPORT = ["cells", "errors", "stderr", "widgets", "widget_errors", "widget_loading", "shots"]
# JS evaluated in the page: counts of interesting elements in the current notebook.
STATS_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget, n = nb.node, q = s => n.querySelectorAll(s).length;
  const outs = [];
  for (const c of nb.content.model.cells) if (c.type === 'code')
    for (let i = 0; i < c.outputs.length; i++) outs.push(c.outputs.get(i));
  const text = [...n.querySelectorAll('.jp-OutputArea')].map(e => e.innerText).join(' ');  // outputs only
  return {cells: nb.content.model.cells.length,
          errors: outs.filter(o => o.type === 'error').length,
          stderr: q('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'),
          widgets: q('.jupyter-widgets:not(.jp-OutputArea-output), .widget-slider'),
          widget_errors: text.split('Error displaying widget').length - 1,
          widget_loading: text.split('Loading widget...').length - 1,
          busy: [...n.querySelectorAll('.jp-InputPrompt')].filter(p => p.textContent.includes('[*]')).length,
          kernel: nb.sessionContext.session?.kernel?.status || 'none'};
}"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(root, tmp, token):
    """Start JupyterLab with isolated config; return (process, base_url, logfile)."""
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=f"{tmp}/config",
        JUPYTER_RUNTIME_DIR=f"{tmp}/runtime",
        JUPYTERLAB_SETTINGS_DIR=f"{tmp}/settings",
        JUPYTERLAB_WORKSPACES_DIR=f"{tmp}/workspaces",
    )
    for name, values in SETTINGS.items():
        f = Path(tmp, "settings", "@jupyterlab", name + ".jupyterlab-settings")
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(values))
    port = free_port()
    log = open(f"{tmp}/lab.log", "w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.port_retries=0",
            f"--FileCheckpoints.checkpoint_dir={tmp}/checkpoints",  # no .ipynb_checkpoints in the repo
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        + (["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
    )
    log.close()  # the server writes to its own copy of the file descriptor
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        if proc.poll() is not None:
            break
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            return proc, url, log.name
        except OSError:
            time.sleep(0.5)
    stop(proc)
    raise RuntimeError("jupyter lab did not start:\n" + Path(log.name).read_text()[-3000:])


def stop(proc):
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_for(page, js, timeout, what):
    """Poll JS predicate, clicking away dialogs (e.g. kernel selection) meanwhile."""
    end = time.time() + timeout
    while time.time() < end:
        for dialog in page.locator(".jp-Dialog").all():
            text = " ".join(dialog.inner_text().split())
            if "error" in text.lower():
                raise RuntimeError(f"JupyterLab dialog: {text[:300]}")
            print(f"  dismissing dialog: {text[:80]}")
            dialog.locator(".jp-mod-accept").first.click()
        if page.evaluate(js):
            return
        page.wait_for_timeout(300)
    raise TimeoutError(f"timed out waiting for {what}")


def run_all_cells(page, timeout, widgets_timeout=None):
    """On an open notebook page: wait for the notebook and an idle kernel, Run All, wait for the
    cells to finish and for widget views to render (TimeoutError if they do not within
    `widgets_timeout`, default `timeout`); return the page's STATS_JS counts."""
    wait_for(
        page,
        """() => { const w = window.jupyterapp?.shell.currentWidget;
        return !!(w && w.context?.isReady && w.node.querySelector('.jp-Cell')
                  && w.sessionContext.session?.kernel?.status === 'idle'); }""",
        timeout,
        "the notebook and its kernel",
    )
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    wait_for(
        page,
        f"() => {{ const s = ({STATS_JS})(); return !s.busy && s.kernel === 'idle'; }}",
        timeout,
        "all cells to finish",
    )
    wait_for(
        page,
        f"() => ({STATS_JS})().widget_loading === 0",
        widgets_timeout or timeout,
        "widgets to render",
    )
    return page.evaluate(STATS_JS)


def shoot(page, nb, rel, base, token, out, run, timeout):
    page.goto(f"{base}/lab/tree/{quote(rel)}?reset&token={token}", timeout=timeout * 1000)
    page.add_style_tag(content=".Toastify, .jp-toast-container {display: none !important}")
    wait_for(
        page,
        """() => { const w = window.jupyterapp?.shell.currentWidget;
        return !!(w && w.context?.isReady && w.node.querySelector('.jp-Cell')); }""",
        timeout,
        "notebook",
    )
    page.evaluate(
        "() => { const s = window.jupyterapp.shell; s.collapseLeft(); s.collapseRight(); }"
    )
    if run:
        wait_for(
            page,
            "() => window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel?.status"
            " === 'idle'",
            timeout,
            "kernel start",
        )
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        wait_for(
            page,
            f"() => {{ const s = ({STATS_JS})(); return !s.busy && s.kernel === 'idle'; }}",
            timeout,
            "cells to finish",
        )
        try:  # give widget views a moment to render
            wait_for(page, f"() => ({STATS_JS})().widget_loading === 0", 15, "widgets")
        except TimeoutError:
            pass
    page.evaluate("() => document.fonts.ready")
    page.wait_for_timeout(1000)
    stats = page.evaluate(STATS_JS)
    for old in out.glob(f"{nb.stem}_[0-9][0-9].png"):
        old.unlink()
    scroller = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer").first
    total, view = scroller.evaluate("e => [e.scrollHeight, e.clientHeight]")
    positions = [*range(0, max(total - view, 0), int(view * 0.9)), max(total - view, 0)]
    for i, y in enumerate(positions[:50], 1):
        scroller.evaluate(f"e => e.scrollTop = {y}")
        page.wait_for_timeout(400)
        page.screenshot(path=out / f"{nb.stem}_{i:02d}.png")
    stats["shots"] = min(len(positions), 50)
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    return stats


def main():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument(
        "--out", type=Path, default=Path("screenshots"), help="output dir (default: screenshots)"
    )
    ap.add_argument("--run", action="store_true", help="run all cells first (renders live widgets)")
    ap.add_argument("--width", type=int, default=1280, help="viewport width (default: 1280)")
    ap.add_argument("--height", type=int, default=900, help="viewport height (default: 900)")
    ap.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="Jupyter root dir; notebooks must be inside (default: repo root)",
    )
    ap.add_argument("--timeout", type=int, default=300, help="seconds per wait (default: 300)")
    ap.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium executable")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    root = args.root.resolve()
    rels = []
    for nb in args.notebooks:
        try:
            rels.append(nb.resolve().relative_to(root).as_posix())
        except ValueError:
            ap.error(f"{nb} is not inside --root {root}")
        if not nb.is_file():
            ap.error(f"{nb} not found")
    args.out.mkdir(parents=True, exist_ok=True)
    tmp, token, failed = tempfile.mkdtemp(prefix="nbshot-"), secrets.token_hex(16), False
    proc = None
    try:
        try:
            proc, base, log = start_lab(root, tmp, token)
        except RuntimeError as e:
            print(e, file=sys.stderr)
            return 1
        with sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(
                f"{tmp}/chromium",
                executable_path=args.chromium,
                headless=True,
                args=CHROME_ARGS,
                viewport={"width": args.width, "height": args.height},
            )
            try:
                for nb, rel in zip(args.notebooks, rels):
                    t0, page = time.time(), ctx.new_page()
                    try:
                        s = shoot(page, nb, rel, base, token, args.out, args.run, args.timeout)
                    except Exception as e:  # report, keep going with the other notebooks
                        tail = "".join(Path(log).read_text().splitlines(True)[-15:])
                        print(f"{rel}: FAILED: {e}\n--- jupyter lab log (tail) ---\n{tail}")
                        try:
                            page.screenshot(path=args.out / f"{nb.stem}_failed.png")
                        except Exception:
                            pass
                        failed = True
                        continue
                    finally:
                        page.close()
                    print(
                        f"{rel}: "
                        + " ".join(f"{k}={s[k]}" for k in REPORT)
                        + f" -> {args.out}/{nb.stem}_NN.png ({time.time() - t0:.0f}s)"
                    )
                    if args.run and (s["errors"] or s["widget_errors"]):
                        failed = True
            finally:
                ctx.close()
    finally:
        if proc:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
