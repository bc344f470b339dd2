#!/usr/bin/env python3
"""One entry point for the course "RNNs from scratch".

    python3 course.py lab                 open the course in JupyterLab
    python3 course.py test [PYTEST ARGS]  run the unit tests and every notebook
    python3 course.py execute [NOTEBOOK]  re-run notebooks in a fresh kernel and save them
    python3 course.py link --hub URL --repo URL --branch NAME
                                          print the nbgitpuller link for a JupyterHub
    python3 course.py rehearse [--learners N]
                                          rehearse a workshop on a local JupyterHub (Linux;
                                          instructors only, see docs/instructor-guide.md)

On Windows type `py` instead of `python3`. The first run creates a private environment in
.venv/ inside this folder and installs requirements.txt plus the rnn_helpers package
(editable, so changes to rnn_helpers/ take effect on the next kernel restart). Later runs
reinstall only when requirements.txt or pyproject.toml change. To start over, delete .venv/.

Standard library only; runs on Python 3.10+ on Linux, macOS and Windows.
"""

import argparse
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MIN_PYTHON = (3, 10)
ROOT = Path(__file__).resolve().parent
NOTEBOOKS = ROOT / "notebooks"
VENV = ROOT / ".venv"
VENV_BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
VENV_PYTHON = VENV_BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / "course-install.sha256"  # hash of what was installed last time
CELL_TIMEOUT = 120  # seconds per cell for `execute`
TEST_TIMES = VENV / "course-test-seconds.json"  # how long `test` took, by arguments
TEST_ESTIMATE = "about a minute"  # full `test`, 2 idle cores (33-38 s for 00-05), if no record
REHEARSAL_VENV = ROOT / ".venv-rehearsal"  # JupyterHub + nbgitpuller, never the learners' .venv
REHEARSAL_REQUIREMENTS = ROOT / "tools" / "rehearsal-requirements.txt"
PROXY_DIR = ROOT / "tools" / "proxy"  # configurable-http-proxy, pinned in package-lock.json


def fail(message, code=1):
    print(f"course.py: {message}", file=sys.stderr)
    sys.exit(code)


def run(cmd, **kwargs):
    """Run a command, show its output, return its exit code."""
    return subprocess.call([str(part) for part in cmd], **kwargs)


def install_hash():
    digest = hashlib.sha256(str(ROOT).encode())  # a moved checkout needs a fresh editable install
    for name in ("requirements.txt", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_env():
    """Create .venv if needed and install the pinned requirements and rnn_helpers into it."""
    if sys.version_info < MIN_PYTHON:
        fail(
            f"this course needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer; this is "
            f"Python {platform.python_version()} ({sys.executable}). Install a newer Python "
            "from https://www.python.org/downloads/ and run the command with it."
        )
    if not VENV_PYTHON.exists():
        print(f"Creating {VENV} with Python {platform.python_version()} ...", flush=True)
        if run([sys.executable, "-m", "venv", "--clear", VENV]) != 0 or not VENV_PYTHON.exists():
            fail(
                "could not create the virtual environment .venv. On Debian/Ubuntu install "
                "the venv module first (sudo apt install python3-venv), then try again."
            )
    wanted = install_hash()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    print("Installing requirements.txt and rnn_helpers into .venv ...", flush=True)
    # Plain pip on purpose: uv, bootstrapped from PyPI, saved 22 % of a cold first install here
    # (62 s against 79 s, benchmarks/README.md), short of the factor 2 a second installer needs.
    pip = [VENV_PYTHON, "-m", "pip", "install", "--disable-pip-version-check"]
    if run([*pip, "-r", "requirements.txt", "-e", "."], cwd=ROOT) != 0:
        fail(
            "installation failed (see the messages above). Check your internet connection "
            "and try again; if it keeps failing, delete the .venv folder first."
        )
    STAMP.write_text(wanted + "\n")


LAB_OVERRIDES = ROOT / "tools" / "jupyterlab" / "overrides.json"  # also installed by postBuild


def running_as_root():
    return os.name == "posix" and os.geteuid() == 0


def install_lab_settings():
    """Install the course's JupyterLab settings overrides (no news pop-up) into .venv."""
    settings = VENV / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LAB_OVERRIDES, settings / "overrides.json")


def cmd_lab(extra):
    root = running_as_root() and "--allow-root" not in extra
    if root:
        print(
            "course.py: you are running as root, so JupyterLab will be started with "
            "--allow-root (without it Jupyter refuses to start as root).",
            flush=True,
        )
    ensure_env()
    install_lab_settings()
    start = NOTEBOOKS / "00_start_here.ipynb"
    # File browser at the repository root, as on Binder; the kernel still starts in notebooks/.
    # A fresh workspaces folder, so that the browser opens on 00_start_here and does not
    # restore the tabs of an earlier session.
    workspaces = tempfile.mkdtemp(prefix="rnn-course-workspaces-")
    argv = [
        str(VENV_PYTHON),
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={ROOT}",
        f"--LabApp.workspaces_dir={workspaces}",
    ]
    if root:
        argv.append("--allow-root")
    if start.exists():
        argv.append(str(start.relative_to(ROOT)))
    argv += extra
    os.chdir(ROOT)
    sys.stdout.flush()
    if os.name == "posix":
        os.execv(argv[0], argv)  # hand the terminal (and Ctrl+C) over to Jupyter
    process = subprocess.Popen(argv)
    while True:
        try:
            sys.exit(process.wait())
        except KeyboardInterrupt:  # Jupyter handles Ctrl+C itself; wait until it exits
            pass


def test_times():
    try:
        import json

        return json.loads(TEST_TIMES.read_text())
    except (OSError, ValueError):
        return {}


def parallel_args(extra):
    """pytest-xdist options: one worker per CPU; --dist loadscope keeps all cells of a notebook in
    one worker (nbval runs them in one kernel, in order). Nothing if the arguments choose."""
    chosen = any(a.startswith(("-n", "--numprocesses", "--dist")) or "no:xdist" in a for a in extra)
    if chosen or (os.cpu_count() or 1) < 2:
        return []
    return ["-n", "auto", "--dist", "loadscope"]


def cmd_test(extra):
    ensure_env()
    key = " ".join(extra) or "(all)"
    last = test_times().get(key)
    if last:
        print(f"Running the tests: about {last:.0f} s (the last run with these arguments).")
    elif not extra:
        print(f"Running every test and notebook: {TEST_ESTIMATE} on 2 idle cores, more when busy.")
    sys.stdout.flush()
    start = time.monotonic()
    code = run([VENV_PYTHON, "-m", "pytest", *parallel_args(extra), *extra], cwd=ROOT)
    if code == 0:
        import json

        times = test_times()
        times[key] = time.monotonic() - start
        TEST_TIMES.write_text(json.dumps(times, indent=1) + "\n")
    if code == 5:
        print(
            "course.py: pytest collected no tests. That counts as a failure: check that "
            "tests/ and notebooks/ exist and that your arguments select something.",
            file=sys.stderr,
        )
    sys.exit(code)


def nbgitpuller_link(hub, repo, branch, target="rnn-course", path="notebooks/00_start_here.ipynb"):
    """The nbgitpuller link that clones (or updates) `repo` at `branch` into the learner's
    `target` folder on the JupyterHub at `hub`, then opens `path` in JupyterLab."""
    from urllib.parse import urlencode

    query = urlencode(
        {
            "repo": repo,
            "branch": branch,
            "targetpath": target,
            "urlpath": f"lab/tree/{target}/{path}",
        }
    )
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def cmd_link(args):
    print(nbgitpuller_link(args.hub, args.repo, args.branch, args.target, args.notebook))


def ensure_rehearsal_env():
    """.venv-rehearsal/ with JupyterHub, nbgitpuller and the course (installed as on a hub, not
    editable), and the pinned configurable-http-proxy under tools/proxy/ (npm ci)."""
    if not sys.platform.startswith("linux"):
        fail("the rehearsal runs on Linux only (it reads /proc to measure memory).")
    python = REHEARSAL_VENV / "bin" / "python"
    if not python.exists() and run([sys.executable, "-m", "venv", "--clear", REHEARSAL_VENV]):
        fail("could not create .venv-rehearsal (sudo apt install python3-venv?)")
    digest = hashlib.sha256()
    for path in (ROOT / "requirements.txt", ROOT / "pyproject.toml", REHEARSAL_REQUIREMENTS):
        digest.update(path.read_bytes())
    package = hashlib.sha256()
    for path in sorted((ROOT / "rnn_helpers").rglob("*.py")):
        package.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    stamp = REHEARSAL_VENV / "course-install.sha256"
    installed = stamp.read_text().split() if stamp.exists() else []
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if installed[:1] != [digest.hexdigest()]:
        print("Installing JupyterHub, nbgitpuller and the course into .venv-rehearsal ...")
        if run([*pip, "-r", REHEARSAL_REQUIREMENTS, "."], cwd=ROOT):
            fail("installing tools/rehearsal-requirements.txt failed (see above).")
    elif installed[1:2] != [package.hexdigest()]:  # only rnn_helpers changed
        if run([*pip, "--no-deps", "--force-reinstall", "."], cwd=ROOT):
            fail("reinstalling rnn_helpers into .venv-rehearsal failed (see above).")
    stamp.write_text(f"{digest.hexdigest()} {package.hexdigest()}\n")
    lock = PROXY_DIR / "package-lock.json"
    installed_lock = PROXY_DIR / "node_modules" / ".package-lock.json"
    if not installed_lock.exists() or installed_lock.stat().st_mtime < lock.stat().st_mtime:
        npm = shutil.which("npm")
        if npm is None:
            fail(
                "the rehearsal needs Node.js and npm for configurable-http-proxy "
                "(Debian: sudo apt install nodejs npm)."
            )
        print("Installing configurable-http-proxy (npm ci in tools/proxy) ...")
        if run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PROXY_DIR):
            fail("npm ci in tools/proxy failed (see above).")
    return python


def cmd_rehearse(extra):
    python = ensure_rehearsal_env()
    argv = [str(python), str(ROOT / "tools" / "rehearse.py"), *extra]
    sys.stdout.flush()
    os.execv(argv[0], argv)  # Ctrl+C goes straight to the rehearsal, which cleans up


def cmd_execute(notebooks):
    ensure_env()
    paths = [Path(p).resolve() for p in notebooks] or sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        fail("no notebooks to execute")
    failed = []
    for path in paths:
        if path.suffix != ".ipynb" or not path.is_file():
            print(f"FAILED {path}: not a notebook file")
            failed.append(path)
        # one process per notebook, with the .venv's Python, so nbclient is importable there
        elif run([VENV_PYTHON, __file__, "--execute-one", path], cwd=ROOT) != 0:
            failed.append(path)
    if failed:
        fail(f"{len(failed)} of {len(paths)} notebook(s) failed and were left unchanged.")


def execute_one(path):
    """Run inside .venv: execute one notebook in a fresh kernel; save it only on success."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",  # the .venv's own kernel (Jupyter prefers the active venv)
        resources={"metadata": {"path": str(path.parent)}},  # kernel cwd = notebook's folder
        record_timing=False,
        # True avoids an nbclient KeyError with Output widgets; the state is dropped below.
        store_widget_state=True,
    )
    start = time.perf_counter()
    try:
        client.execute()
    except Exception as error:  # a cell raised, timed out, or the kernel died
        print(f"FAILED {name} (left unchanged):\n{error}")
        return 1
    seconds = time.perf_counter() - start

    nb.metadata.pop("widgets", None)  # widget state is not saved
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timestamps would make every diff noisy
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, suffix=".ipynb.tmp", delete=False
    ) as tmp:
        try:
            nbformat.write(nb, tmp)
        except BaseException:
            tmp.close()
            os.remove(tmp.name)
            raise
    os.replace(tmp.name, path)  # atomic: the notebook is never half-written

    report = f"saved  {name}: {seconds:.1f} s, {path.stat().st_size / 1e3:.0f} kB"
    try:
        import resource  # not on Windows

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the kernel process
        report += f", kernel peak {peak / (2**20 if sys.platform == 'darwin' else 2**10):.0f} MB"
    except ImportError:
        pass
    print(report)
    noisy = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and any(out.get("name") == "stderr" for out in cell.outputs)
    ]
    if noisy:
        print(f"  note: cells {noisy} (0-based) wrote to stderr; are those warnings meant?")
    return 0


def main():
    if sys.argv[1:2] == ["--execute-one"]:  # internal: see cmd_execute
        sys.exit(execute_one(sys.argv[2]))
    parser = argparse.ArgumentParser(
        prog="course.py",
        description="Set up the course environment (.venv) and run JupyterLab, the tests, "
        "or the notebooks. The first run installs everything (a few minutes).",
        epilog="On Windows use `py course.py ...`.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "lab",
        help="open the course in JupyterLab (extra args go to jupyter lab)",
        description="Open notebooks/00_start_here.ipynb in JupyterLab. Extra arguments are "
        "passed to `jupyter lab`, e.g. --no-browser --port 8889.",
    )
    commands.add_parser(
        "test",
        help="run the unit tests and every notebook (extra args go to pytest)",
        description="Run `python -m pytest` from the repository root: tests/ plus every "
        "notebook under nbval. Extra arguments are passed to pytest, e.g. -x or tests/.",
    )
    execute = commands.add_parser(
        "execute",
        help="re-run notebooks in a fresh kernel and save them with outputs",
        description="Execute each notebook in a fresh kernel (cwd notebooks/, "
        f"{CELL_TIMEOUT} s per cell) and save it in place only if no cell failed.",
    )
    execute.add_argument(
        "notebooks",
        nargs="*",
        metavar="NOTEBOOK",
        help="notebook files (default: every notebooks/*.ipynb)",
    )
    link = commands.add_parser(
        "link",
        help="print the nbgitpuller link that opens the course on a JupyterHub",
        description="Build the link learners click on a JupyterHub that has nbgitpuller: it "
        "clones (or updates) the course into their home and opens notebook 00 in JupyterLab. "
        "Use a branch made for the workshop, not a tag (nbgitpuller updates follow a branch).",
    )
    link.add_argument(
        "--hub", required=True, help="the hub's address, e.g. https://hub.example.org"
    )
    link.add_argument("--repo", required=True, help="git URL of the course repository")
    link.add_argument("--branch", required=True, help="branch to clone and follow")
    link.add_argument("--target", default="rnn-course", help="folder in the learner's home")
    link.add_argument("--notebook", default="notebooks/00_start_here.ipynb", help="file to open")
    commands.add_parser(
        "rehearse",
        help="rehearse a workshop: local JupyterHub + nbgitpuller with N learners (Linux)",
        description="Install JupyterHub, nbgitpuller and the proxy into .venv-rehearsal/ and "
        "tools/proxy/, then run tools/rehearse.py (pass --learners N, --help for more).",
        add_help=False,
    )
    args, extra = parser.parse_known_args()
    if args.command == "lab":
        cmd_lab(extra)
    elif args.command == "test":
        cmd_test(extra)
    elif args.command == "rehearse":
        cmd_rehearse(extra)
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    elif args.command == "link":
        cmd_link(args)
    else:
        cmd_execute(args.notebooks)


if __name__ == "__main__":
    main()
