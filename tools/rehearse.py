#!/usr/bin/env python
"""Workshop rehearsal: a real JupyterHub with nbgitpuller on this machine, N learners at once.

Run it through `python3 course.py rehearse [--learners N]`, which installs what it needs into
.venv-rehearsal/ (tools/rehearsal-requirements.txt) and the proxy into tools/proxy/node_modules.

What it does, all on 127.0.0.1:
1. Publishes the committed HEAD of this repository as a local bare git repository (the
   "instructor's repository"), and starts JupyterHub (JupyterHub's configurable-http-proxy, the
   local process spawner `SimpleLocalProcessSpawner`, the test `DummyAuthenticator`).
2. Logs in N learners through the login form, and opens each one's nbgitpuller link: the hub
   spawns their server, nbgitpuller clones the course into their home, and the link lands on
   notebooks/00_start_here.ipynb in JupyterLab.
3. Runs notebook 00 and notebook 05 (by default) in every learner's own kernels at the same time,
   cell by cell through the Jupyter server's REST and websocket API, and samples the resident
   memory (RSS) of every process it started.
4. Opens the link for learner 1 in headless Chromium, runs notebook 00 there and saves a
   screenshot.
5. Checks what nbgitpuller's merge does when the instructor pushes fixes mid-workshop
   (see `merge_check`).
6. Prints a table per learner and a final line such as
   "10 learners: all ok, peak 1.9 GB in all, 190 MB per learner".

It stops everything it started (hub, proxy, servers, kernels, browser), also on failure and on
Ctrl-C, and then checks that no process it started is left. Exit code 0 only if everything
passed. Linux only (reads /proc).
"""

import argparse
import concurrent.futures
import contextlib
import datetime
import json
import os
import re
import secrets
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import nbformat
import requests
import websocket  # websocket-client, installed with jupyter_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from course import nbgitpuller_link  # noqa: E402 - the same link builder the guide documents

TOOLS = ROOT / "tools"
CHP = TOOLS / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
TARGET = "rnn-course"  # the folder nbgitpuller clones into, in each learner's home
START = "notebooks/00_start_here.ipynb"
MARK = "COURSE_REHEARSAL_ID"  # environment variable carried by every process we start
HTTP_TIMEOUT = 60  # seconds for one HTTP request
READY_TIMEOUT = 600  # seconds for a learner's server to be ready
CELL_TIMEOUT = 600  # seconds for one cell (10 learners share 2 cores)
MiB = 2**20


STOP = threading.Event()  # set on Ctrl-C or failure: every worker thread gives up within a second


class RehearsalError(RuntimeError):
    pass


def in_parallel(calls):
    """Run the callables in threads; return their exceptions (None where one succeeded).

    On Ctrl-C the main thread does not wait for the threads: it sets STOP and goes on to stop
    the hub, which ends whatever the threads were waiting for."""
    pool = concurrent.futures.ThreadPoolExecutor(max(len(calls), 1))
    futures = [pool.submit(call) for call in calls]
    try:
        errors = []
        for future in futures:
            try:
                future.result()
                errors.append(None)
            except Exception as error:
                errors.append(error)
        return errors
    finally:
        if any(not f.done() for f in futures):
            STOP.set()
        pool.shutdown(wait=False, cancel_futures=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def learner_names(n):
    return [f"learner{i:02d}" for i in range(1, n + 1)]


# ------------------------------------------------------------------ processes and memory
def marked_processes(mark):
    """{pid: (environment dict, command line, RSS bytes)} of every process carrying `mark`."""
    found = {}
    needle = f"{MARK}={mark}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes().split(b"\0")
            if needle not in environ:
                continue
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            rss = 0
            for line in Path(f"/proc/{entry}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) * 1024
        except OSError:  # gone, or not ours to read
            continue
        env = dict(item.decode(errors="replace").split("=", 1) for item in environ if b"=" in item)
        found[int(entry)] = (env, cmdline, rss)
    return found


class MemorySampler(threading.Thread):
    """Samples the RSS of every marked process every `interval` seconds, in a daemon thread.

    Per learner it keeps the peak of server + kernels (summed within one sample) and the peaks of
    server and kernels alone; overall the peak of the sum over all processes.
    """

    def __init__(self, mark, interval=0.5):
        super().__init__(daemon=True)
        self.mark, self.interval = mark, interval
        self.stopping = threading.Event()
        self.learner_peak, self.server_peak, self.kernel_peak = {}, {}, {}
        self.total_peak = self.hub_peak = 0
        self.samples = 0

    def sample(self):
        per_learner, servers, kernels, hub, total = {}, {}, {}, 0, 0
        for env, cmdline, rss in marked_processes(self.mark).values():
            total += rss
            user = env.get("JUPYTERHUB_USER")
            if user is None:  # the hub, the proxy, the browser
                if "chromium" not in cmdline and "playwright" not in cmdline:
                    hub += rss
                continue
            per_learner[user] = per_learner.get(user, 0) + rss
            target = kernels if "ipykernel" in cmdline else servers
            target[user] = target.get(user, 0) + rss
        for peaks, values in (
            (self.learner_peak, per_learner),
            (self.server_peak, servers),
            (self.kernel_peak, kernels),
        ):
            for user, value in values.items():
                peaks[user] = max(peaks.get(user, 0), value)
        self.total_peak = max(self.total_peak, total)
        self.hub_peak = max(self.hub_peak, hub)
        self.samples += 1

    def run(self):
        while not self.stopping.wait(self.interval):
            self.sample()


def stop_marked(mark, grace=10.0):
    """SIGTERM, then SIGKILL, every process that carries `mark`. Returns those still alive."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = marked_processes(mark)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)
        end = time.monotonic() + grace
        while marked_processes(mark) and time.monotonic() < end:
            time.sleep(0.2)
    return marked_processes(mark)


# ------------------------------------------------------------------ the hub
HUB_CONFIG = """\
# Written by tools/rehearse.py for one rehearsal; deleted afterwards.
c = get_config()  # noqa
c.JupyterHub.bind_url = {bind_url!r}
c.JupyterHub.hub_bind_url = {hub_bind_url!r}
c.ConfigurableHTTPProxy.api_url = {proxy_api_url!r}
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = {db_url!r}
c.JupyterHub.cookie_secret_file = {cookie_secret!r}
c.JupyterHub.pid_file = {pid_file!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.log_level = "WARN"

# JupyterHub's test authenticator: the listed learners, any password.
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = set({learners!r})

# Local processes, no system users: each learner's home is a folder of this rehearsal.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {home_template!r}
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
c.Spawner.args = {spawner_args!r}
c.Spawner.environment = {spawner_env!r}
c.Spawner.start_timeout = {ready_timeout}
c.Spawner.http_timeout = {ready_timeout}

# The rehearsal itself talks to the hub and to every learner's server with this token.
c.JupyterHub.services = [{{"name": "rehearsal", "api_token": {service_token!r}}}]
c.JupyterHub.load_roles = [
    {{
        "name": "rehearsal",
        "services": ["rehearsal"],
        "scopes": ["admin:users", "admin:servers", "access:servers", "list:users", "read:users"],
    }}
]
"""

LAB_SETTINGS = {  # no news or update pop-ups in the learners' JupyterLab
    "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


class Hub:
    """One JupyterHub with its proxy, in a temporary folder; `stop()` ends all of it."""

    def __init__(self, workdir, learners, mark, python):
        self.workdir, self.learners, self.mark = workdir, learners, mark
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.password = secrets.token_urlsafe(12)
        self.token = secrets.token_hex(24)
        self.python = Path(python)
        self.process = None
        self.log_path = workdir / "jupyterhub.log"

    def write_config(self):
        home_template = str(self.workdir / "home" / "{username}")
        args = [
            "--LabApp.expose_app_in_browser=True",  # lets the browser check drive JupyterLab
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if os.geteuid() == 0:  # CI runs as root
            args.append("--ServerApp.allow_root=True")
        env = {
            MARK: self.mark,
            "OPENBLAS_NUM_THREADS": "1",  # as on a shared hub node: no thread oversubscription
            "OMP_NUM_THREADS": "1",
            "PATH": f"{self.python.parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        }
        text = HUB_CONFIG.format(
            bind_url=self.url,
            hub_bind_url=f"http://127.0.0.1:{free_port()}",
            proxy_api_url=f"http://127.0.0.1:{free_port()}",
            chp=str(CHP),
            db_url=f"sqlite:///{self.workdir / 'jupyterhub.sqlite'}",
            cookie_secret=str(self.workdir / "cookie_secret"),
            pid_file=str(self.workdir / "jupyterhub.pid"),
            learners=self.learners,
            home_template=home_template,
            singleuser=str(self.python.parent / "jupyterhub-singleuser"),
            spawner_args=args,
            spawner_env=env,
            ready_timeout=READY_TIMEOUT,
            service_token=self.token,
        )
        (self.workdir / "jupyterhub_config.py").write_text(text)
        for name in self.learners:  # homes with quiet JupyterLab settings
            for key, values in LAB_SETTINGS.items():
                path = self.workdir / "home" / name / ".jupyter/lab/user-settings/@jupyterlab"
                path = path / f"{key}.jupyterlab-settings"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(values))

    def start(self):
        self.write_config()
        env = dict(os.environ, **{MARK: self.mark})
        env["CONFIGPROXY_AUTH_TOKEN"] = secrets.token_hex(24)
        env["PATH"] = f"{self.python.parent}:{env.get('PATH', '')}"
        with open(self.log_path, "w") as log:  # the hub keeps its own descriptor
            self.process = subprocess.Popen(
                [self.python.parent / "jupyterhub", "-f", self.workdir / "jupyterhub_config.py"],
                cwd=self.workdir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches us; we stop the hub in order
            )
        end = time.monotonic() + 120
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise RehearsalError("JupyterHub exited at start:\n" + self.log_tail())
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/hub/api/", timeout=5).ok:
                    return
            time.sleep(0.5)
        raise RehearsalError("JupyterHub did not answer within 120 s:\n" + self.log_tail())

    def log_tail(self, lines=30):
        try:
            return "".join(self.log_path.read_text().splitlines(True)[-lines:])
        except OSError:
            return "(no log)"

    def api(self, method, path, **kwargs):
        response = requests.request(
            method,
            f"{self.url}/hub/api{path}",
            headers={"Authorization": f"token {self.token}"},
            timeout=HTTP_TIMEOUT,
            **kwargs,
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def server_api(self, user, method, path, **kwargs):
        """Call learner `user`'s Jupyter server API (through the proxy) with the service token."""
        response = requests.request(
            method,
            f"{self.url}/user/{user}/api{path}",
            headers={"Authorization": f"token {self.token}"},
            timeout=HTTP_TIMEOUT,
            **kwargs,
        )
        if not response.ok:
            raise RehearsalError(f"{user}: {method} {path} -> {response.status_code}")
        return response.json() if response.content else None

    def stop(self):
        """Stop the hub (it stops the servers and the proxy it started), then anything left."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        return stop_marked(self.mark)


# ------------------------------------------------------------------ one learner
class Learner:
    """A browser-less learner: a cookie session that logs in and opens the nbgitpuller link."""

    def __init__(self, hub, name, link, pull_params):
        self.hub, self.name, self.link, self.pull_params = hub, name, link, pull_params
        self.session = requests.Session()
        self.result = {"learner": name, "ok": False, "error": "", "notebooks": {}}

    def login(self):
        hub = self.hub.url
        self.session.get(f"{hub}/hub/login", timeout=HTTP_TIMEOUT).raise_for_status()
        xsrf = self.session.cookies.get("_xsrf", path="/hub/") or self.session.cookies.get("_xsrf")
        response = self.session.post(
            f"{hub}/hub/login",
            data={"username": self.name, "password": self.hub.password, "_xsrf": xsrf},
            allow_redirects=False,
            timeout=HTTP_TIMEOUT,
        )
        if response.status_code != 302:
            raise RehearsalError(f"{self.name}: login answered {response.status_code}")

    def open_link(self):
        """Click the link; wait until the server is ready and nbgitpuller's page is served."""
        start = time.monotonic()
        self.session.get(self.link, timeout=HTTP_TIMEOUT).raise_for_status()  # spawns the server
        while not STOP.is_set():
            user = self.hub.api("GET", f"/users/{self.name}")
            if user["servers"].get("", {}).get("ready"):
                break
            if time.monotonic() - start > READY_TIMEOUT:
                raise RehearsalError(f"{self.name}: server not ready after {READY_TIMEOUT} s")
            time.sleep(0.5)
        else:
            raise RehearsalError("stopped")
        self.result["ready_s"] = time.monotonic() - start
        # Once ready, the same link reaches nbgitpuller's page in the learner's own server.
        response = self.session.get(self.link, timeout=HTTP_TIMEOUT)
        if not (response.ok and f"/user/{self.name}/git-pull" in response.url):
            raise RehearsalError(f"{self.name}: the link ended at {response.url}")
        return response

    def pull(self):
        """What nbgitpuller's page does in the browser: stream git-pull/api to the end."""
        url = f"{self.hub.url}/user/{self.name}/git-pull/api"
        lines, phase = [], None
        with self.session.get(
            url, params=self.pull_params, stream=True, timeout=HTTP_TIMEOUT
        ) as response:
            response.raise_for_status()
            for raw in response.iter_lines(decode_unicode=True):
                if not raw or not raw.startswith("data:"):
                    continue
                event = json.loads(raw[5:])
                if "output" in event:
                    lines.append(event["output"].rstrip())
                phase = event.get("phase", phase)
                if phase in ("finished", "error"):
                    break
        if phase != "finished":
            raise RehearsalError(
                f"{self.name}: nbgitpuller ended in phase {phase}:\n" + "\n".join(lines[-20:])
            )
        return lines

    def land(self):
        """The page the link lands on after the pull: JupyterLab with notebook 00."""
        urlpath = self.pull_params["urlpath"]
        response = self.session.get(
            f"{self.hub.url}/user/{self.name}/{urlpath}", timeout=HTTP_TIMEOUT
        )
        if not (response.ok and "jupyter-config-data" in response.text):
            raise RehearsalError(
                f"{self.name}: {urlpath} answered {response.status_code}, not JupyterLab"
            )
        model = self.hub.server_api(self.name, "GET", f"/contents/{TARGET}/{START}?content=0")
        if model["type"] != "notebook":
            raise RehearsalError(f"{self.name}: {START} is not a notebook in the clone")

    def arrive(self):
        self.login()
        self.open_link()
        self.pull()
        self.land()


class KernelRun:
    """Run one notebook's code cells in a new kernel of the learner's server, via websocket."""

    def __init__(self, hub, user, path):
        self.hub, self.user, self.path = hub, user, path
        self.session_id = uuid.uuid4().hex
        self.ws = None
        self.model = None

    def open(self):
        self.model = self.hub.server_api(
            self.user,
            "POST",
            "/sessions",
            json={"path": self.path, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
        )
        kernel = self.model["kernel"]["id"]
        url = self.hub.url.replace("http", "ws", 1)
        self.ws = websocket.create_connection(
            f"{url}/user/{self.user}/api/kernels/{kernel}/channels?session_id={self.session_id}",
            header=[f"Authorization: token {self.hub.token}"],
            timeout=HTTP_TIMEOUT,
        )
        self.request("kernel_info_request", {}, "kernel_info_reply", timeout=120)

    def request(self, msg_type, content, reply_type, timeout):
        """Send one shell request; return (reply content, error outputs) once the kernel is idle."""
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": msg_type,
                        "session": self.session_id,
                        "username": self.user,
                        "version": "5.3",
                        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        reply, idle, errors = None, msg_type == "kernel_info_request", []
        end = time.monotonic() + timeout
        while reply is None or not idle:
            left = end - time.monotonic()
            if left <= 0:
                raise RehearsalError(f"{self.user}: {self.path}: no reply within {timeout} s")
            if STOP.is_set():
                raise RehearsalError("stopped")
            # Wait for data at most a second (to notice STOP), then read the whole frame: a
            # timeout in the middle of a frame would leave the stream out of step.
            if not select.select([self.ws.sock], [], [], min(left, 1.0))[0]:
                continue
            self.ws.settimeout(max(left, HTTP_TIMEOUT))
            frame = self.ws.recv()
            if not isinstance(frame, str):  # binary frames carry widget buffers
                continue
            msg = json.loads(frame)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == reply_type:
                reply = msg["content"]
            elif kind == "error":
                errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
        return reply, errors

    def run_all(self):
        """Run every code cell in order, as Run All does; returns the list of errors."""
        nb = nbformat.reads(
            json.dumps(self.hub.server_api(self.user, "GET", f"/contents/{self.path}")["content"]),
            as_version=4,
        )
        errors = []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            tags = cell.metadata.get("tags", [])
            reply, cell_errors = self.request(
                "execute_request",
                {
                    "code": cell.source,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "execute_reply",
                timeout=CELL_TIMEOUT,
            )
            if (reply["status"] != "ok" or cell_errors) and "raises-exception" not in tags:
                errors.append(f"cell {index}: " + "; ".join(cell_errors or [reply["status"]]))
                break  # Run All stops at the first error
        return errors

    def close(self):
        if self.ws:
            with contextlib.suppress(Exception):
                self.ws.close()
        if self.model:
            with contextlib.suppress(Exception):
                self.hub.server_api(self.user, "DELETE", f"/sessions/{self.model['id']}")


def run_notebooks(hub, user, notebooks, result):
    """Learner `user` runs the notebooks one after the other, keeping earlier kernels open."""
    runs = []
    try:
        for name in notebooks:
            run = KernelRun(hub, user, f"{TARGET}/notebooks/{name}")
            runs.append(run)
            start = time.monotonic()
            run.open()
            errors = run.run_all()
            result["notebooks"][name] = {"seconds": time.monotonic() - start, "errors": errors}
            if errors:
                raise RehearsalError(f"{user}: {name}: {errors[0]}")
    finally:
        for run in runs:
            run.close()


# ------------------------------------------------------------------ the browser check
def browser_check(hub, name, link, out_dir, chromium, timeout=600):
    """Learner `name` logs in and opens the link in headless Chromium, runs notebook 00 there
    and saves a screenshot. Returns (screenshot path, stats of the page)."""
    sys.path.insert(0, str(TOOLS))
    from playwright.sync_api import sync_playwright
    from screenshot_notebook import CHROME_ARGS, run_all_cells

    shot = out_dir / "hub_learner01_00_start_here.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium, headless=True, args=CHROME_ARGS, env=dict(os.environ)
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{hub.url}/hub/login", timeout=timeout * 1000)
            page.fill("input[name=username]", name)
            page.fill("input[name=password]", hub.password)
            page.click("input[type=submit], button[type=submit]")
            page.wait_for_url(re.compile(r"/(hub|user)/"), timeout=timeout * 1000)
            page.goto(link, timeout=timeout * 1000)
            page.wait_for_url(
                re.compile(rf"/user/{name}/lab/tree/{TARGET}/{re.escape(START)}"),
                timeout=timeout * 1000,
            )
            page.add_style_tag(content=".Toastify, .jp-toast-container {display: none !important}")
            stats = run_all_cells(page, timeout, widgets_timeout=60)
            # Scroll to the first live widget, so the screenshot shows the notebook running.
            page.evaluate(
                """() => { const w = document.querySelector('.jp-OutputArea-output .widget-vbox')
                || document.querySelector('.jp-OutputArea-output img');
                if (w) w.scrollIntoView({block: 'center'}); }"""
            )
            page.evaluate(  # show where this is: the learner's server on the hub
                """url => { const d = document.createElement('div'); d.textContent = url;
                d.style = 'position:fixed;top:4px;right:60px;z-index:10000;padding:2px 8px;'
                  + 'background:#fff3c4;border:1px solid #c9a400;font:12px sans-serif';
                document.body.appendChild(d); }""",
                "JupyterHub rehearsal: " + page.url.replace(hub.url, "").split("?")[0],
            )
            page.wait_for_timeout(1000)
            page.screenshot(path=str(shot))
            stats["url"] = page.url.replace(hub.url, "")
            page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        finally:
            browser.close()
    return shot, stats


# ------------------------------------------------------------------ instructor fixes
def git(*args, cwd, check=True):
    return subprocess.run(
        ["git", *args], cwd=cwd, check=check, capture_output=True, text=True
    ).stdout.strip()


def set_cell_source(path, index, source):
    nb = nbformat.read(path, as_version=4)
    nb.cells[index].source = source
    nbformat.write(nb, path)


def merge_check(hub, learner, origin, workdir):
    """What nbgitpuller does with a learner's edits when the instructor pushes fixes.

    Round 1: the learner writes an answer into an exercise cell of notebook 00 and deletes
    notebook 03; the instructor fixes a markdown cell of notebook 00 (other lines), a
    markdown cell of notebook 01 (another file) and adds a new file. Round 2 (conflict): the
    instructor changes the very cell the learner edited. Each time the learner opens the link
    again. Returns a list of (case, expected, observed, ok).
    """
    home = workdir / "home" / learner.name / TARGET
    nb00 = f"notebooks/{Path(START).name}"
    nb01 = next(p.name for p in (home / "notebooks").glob("01_*.ipynb"))
    nb03 = next(p.name for p in (home / "notebooks").glob("03_*.ipynb"))
    cells = nbformat.read(home / nb00, as_version=4).cells
    code = [i for i, c in enumerate(cells) if c.cell_type == "code"]
    markdown = [i for i, c in enumerate(cells) if c.cell_type == "markdown"]
    edit = code[len(code) // 2]  # a code cell in the middle
    fix = markdown[-1]  # the last markdown cell, far from it
    answer = "# learner's answer\nanswer = 42\n"

    # The learner edits through the server (as JupyterLab's save does) and deletes a notebook.
    model = hub.server_api(learner.name, "GET", f"/contents/{TARGET}/{nb00}")
    model["content"]["cells"][edit]["source"] = answer
    hub.server_api(
        learner.name,
        "PUT",
        f"/contents/{TARGET}/{nb00}",
        json={"type": "notebook", "format": "json", "content": model["content"]},
    )
    hub.server_api(learner.name, "DELETE", f"/contents/{TARGET}/notebooks/{nb03}")
    learner_diff = "; ".join(  # what the learner changed, as git sees it: "+2 -6 path"
        f"+{added} -{removed} {path}"
        for added, removed, path in (
            line.split("\t") for line in git("diff", "--numstat", cwd=home).splitlines()
        )
    )

    # The instructor pushes fixes from their own clone.
    clone = workdir / "instructor"
    git("clone", "-q", str(origin), str(clone), cwd=workdir)
    git("config", "user.email", "instructor@example.org", cwd=clone)
    git("config", "user.name", "Instructor", cwd=clone)
    fix_text = "**Instructor's fix:** this line was pushed during the workshop."
    fixed = nbformat.read(clone / nb00, as_version=4).cells[fix].source + "\n\n" + fix_text
    set_cell_source(clone / nb00, fix, fixed)
    other = clone / "notebooks" / nb01
    set_cell_source(
        other, 0, nbformat.read(other, as_version=4).cells[0].source + "\n\n" + fix_text
    )
    (clone / "notebooks" / "ERRATA.md").write_text("# Errata\n\n" + fix_text + "\n")
    git("add", "-A", cwd=clone)
    git("commit", "-q", "-m", "Fixes during the workshop", cwd=clone)
    git("push", "-q", "origin", "HEAD", cwd=clone)

    learner.pull()
    after = nbformat.read(home / nb00, as_version=4)
    nbformat.validate(after)
    checks = [
        (
            "1. fix to another file",
            "arrived",
            "arrived"
            if fix_text in nbformat.read(home / "notebooks" / nb01, as_version=4).cells[0].source
            else "missing",
        ),
        (
            "1. new file",
            "arrived",
            "arrived" if (home / "notebooks" / "ERRATA.md").exists() else "missing",
        ),
        (
            "2. learner's edit, same notebook",
            "kept",
            "kept" if after.cells[edit].source == answer else "lost",
        ),
        (
            "2. fix to other lines of the same notebook",
            "merged in",
            "merged in" if after.cells[fix].source == fixed else "not merged",
        ),
        (
            "4. notebook the learner deleted",
            "restored",
            "restored" if (home / "notebooks" / nb03).exists() else "missing",
        ),
    ]

    # Round 2: the instructor changes the same cell the learner edited.
    conflict_source = "# instructor's corrected stub\nanswer = None\n"
    set_cell_source(clone / nb00, edit, conflict_source)
    git("commit", "-q", "-am", "Fix the exercise stub", cwd=clone)
    git("push", "-q", "origin", "HEAD", cwd=clone)
    lines = learner.pull()
    after = nbformat.read(home / nb00, as_version=4)
    nbformat.validate(after)
    merged = any("-Xours" in line for line in lines)
    checks += [
        (
            "3. same lines changed by both (conflict)",
            "learner's version kept",
            "learner's version kept"
            if after.cells[edit].source == answer
            else "instructor's version",
        ),
        ("3. notebook still valid nbformat JSON", "valid", "valid"),
        ("3. merge strategy used", "git merge -Xours", "git merge -Xours" if merged else "other"),
        (
            "3. clone up to date with the instructor",
            "yes",
            "yes"
            if subprocess.call(
                ["git", "merge-base", "--is-ancestor", "origin/main", "HEAD"], cwd=home
            )
            == 0
            else "no",
        ),
    ]
    return [(case, want, got, want == got) for case, want, got in checks], learner_diff


# ------------------------------------------------------------------ report
NODES = ((2, 8), (4, 16), (8, 32), (16, 64))  # common node sizes: vCPUs, GiB of memory
RESERVED_GIB = 1.5  # per node, for the kubelet, system pods and the image cache (an assumption)


def capacity_table(per_learner_mb, margin, cpu_guarantee):
    """Learners per node: by memory (the measured per-learner peak plus `margin`, e.g. 0.5 =
    +50 %) and by CPU (`cpu_guarantee` vCPU each); the node holds the smaller of the two."""
    guarantee = per_learner_mb * (1 + margin)
    rows = []
    for cpus, gib in NODES:
        by_memory = int((gib - RESERVED_GIB) * 1024 // guarantee)
        by_cpu = int(cpus // cpu_guarantee)
        rows.append(
            {
                "vcpu": cpus,
                "gib": gib,
                "by_memory": by_memory,
                "by_cpu": by_cpu,
                "learners": min(by_memory, by_cpu),
            }
        )
    return guarantee, rows


def main():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--learners", type=int, default=10, help="number of learners (default 10)")
    ap.add_argument(
        "--notebooks",
        nargs="+",
        default=["00_start_here.ipynb", "05_vanishing_and_exploding_gradients.ipynb"],
        help="notebooks every learner runs, in order (default: 00 and 05)",
    )
    ap.add_argument(
        "--out", type=Path, default=ROOT / "rehearsal-output", help="screenshot and summary.json"
    )
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--no-browser", action="store_true", help="skip the headless Chromium check")
    ap.add_argument("--no-merge-check", action="store_true", help="skip the instructor-fix check")
    ap.add_argument(
        "--margin", type=float, default=0.5, help="memory margin for the guide (0.5 = +50%%)"
    )
    ap.add_argument(
        "--cpu-guarantee", type=float, default=0.25, help="vCPU per learner for the capacity table"
    )
    args = ap.parse_args()
    if args.learners < 1:
        ap.error("--learners must be at least 1")
    if not sys.platform.startswith("linux"):
        ap.error("the rehearsal reads /proc: Linux only")
    if not CHP.exists():
        ap.error(f"{CHP} is missing: run it as `python3 course.py rehearse`")
    args.out.mkdir(parents=True, exist_ok=True)

    def on_signal(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in background
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    mark = uuid.uuid4().hex
    os.environ[MARK] = mark  # the browser and its driver carry it too
    workdir = Path(tempfile.mkdtemp(prefix="rehearsal-"))
    names = learner_names(args.learners)
    hub = Hub(workdir, names, mark, sys.executable)
    sampler = MemorySampler(mark)
    failures, leftover, code = [], {}, 1
    t_start = time.monotonic()
    try:
        # The instructor's repository: the committed HEAD of this checkout, branch main.
        origin = workdir / "course.git"
        git("init", "-q", "--bare", str(origin), cwd=workdir)
        git("push", "-q", str(origin), "HEAD:refs/heads/main", cwd=ROOT)
        git("symbolic-ref", "HEAD", "refs/heads/main", cwd=origin)
        commit = git("rev-parse", "--short", "HEAD", cwd=ROOT)
        if git("status", "--porcelain", "--untracked-files=no", cwd=ROOT):
            print("Note: uncommitted changes are not in the rehearsal (it serves the last commit).")
        repo_url = origin.as_uri()
        link = nbgitpuller_link("http://HUB", repo_url, "main", TARGET, START)
        pull_params = {
            "repo": repo_url,
            "branch": "main",
            "targetpath": TARGET,
            "urlpath": f"lab/tree/{TARGET}/{START}",
        }
        print(
            f"Rehearsal: {args.learners} learners, notebooks {', '.join(args.notebooks)}, commit {commit}"
        )
        hub.start()
        link = link.replace("http://HUB", hub.url)
        print(f"JupyterHub {hub.url} (127.0.0.1 only); nbgitpuller link:\n  {link}")
        sampler.start()

        learners = [Learner(hub, name, link, pull_params) for name in names]
        # Phase 1: everyone logs in and clicks the link at once.
        t0 = time.monotonic()
        for learner, error in zip(learners, in_parallel([lr.arrive for lr in learners])):
            if error:
                learner.result["error"] = str(error)
                failures.append(f"{learner.name}: {error}")
        arrive_s = time.monotonic() - t0
        arrived = len(learners) - len(failures)
        print(
            f"{arrived} of {len(learners)} learners logged in and cloned the course in {arrive_s:.0f} s"
        )
        # Phase 2: everyone runs the notebooks at once, in their own kernels.
        ready = [lr for lr in learners if not lr.result["error"]]
        t0 = time.monotonic()
        calls = [
            (lambda lr=lr: run_notebooks(hub, lr.name, args.notebooks, lr.result)) for lr in ready
        ]
        for learner, error in zip(ready, in_parallel(calls)):
            if error:
                learner.result["error"] = str(error)
                failures.append(f"{learner.name}: {error}")
            else:
                learner.result["ok"] = True
        run_s = time.monotonic() - t0
        sampler.stopping.set()
        sampler.join()

        # Table
        print()
        header = f"{'learner':<10} {'ready s':>8}" + "".join(
            f" {n[:2] + ' s':>7}" for n in args.notebooks
        )
        header += f" {'server MB':>10} {'kernels MB':>11} {'peak MB':>8}  result"
        print(header)
        per_learner = []
        for lr in learners:
            r = lr.result
            peak = sampler.learner_peak.get(lr.name, 0) / MiB
            per_learner.append(peak)
            cells = "".join(
                f" {r['notebooks'][n]['seconds']:7.1f}" if n in r["notebooks"] else f" {'-':>7}"
                for n in args.notebooks
            )
            print(
                f"{lr.name:<10} {r.get('ready_s', float('nan')):8.1f}{cells}"
                f" {sampler.server_peak.get(lr.name, 0) / MiB:10.0f}"
                f" {sampler.kernel_peak.get(lr.name, 0) / MiB:11.0f} {peak:8.0f}  "
                + ("ok" if r["ok"] else "FAILED: " + r["error"][:200])
            )
        readies = [lr.result["ready_s"] for lr in learners if "ready_s" in lr.result]
        summary = {
            "learners": args.learners,
            "notebooks": args.notebooks,
            "commit": commit,
            "ok": sum(lr.result["ok"] for lr in learners),
            "arrive_s": arrive_s,
            "run_s": run_s,
            "ready_s_median": statistics.median(readies) if readies else None,
            "ready_s_max": max(readies) if readies else None,
            "notebook_s_median": {
                n: statistics.median(
                    lr.result["notebooks"][n]["seconds"]
                    for lr in learners
                    if n in lr.result["notebooks"]
                )
                for n in args.notebooks
                if any(n in lr.result["notebooks"] for lr in learners)
            },
            "per_learner_peak_mb_max": max(per_learner),
            "per_learner_peak_mb_median": statistics.median(per_learner),
            "hub_and_proxy_peak_mb": sampler.hub_peak / MiB,
            "total_peak_mb": sampler.total_peak / MiB,
            "memory_samples": sampler.samples,
            "load_average_1min_at_end": os.getloadavg()[0],
            "cpus": os.cpu_count(),
        }
        print(
            f"\nmedian: ready {summary['ready_s_median']:.1f} s, "
            + ", ".join(f"{n[:2]} {s:.1f} s" for n, s in summary["notebook_s_median"].items())
            + f"; hub + proxy peak {summary['hub_and_proxy_peak_mb']:.0f} MB; "
            f"{sampler.samples} memory samples; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )

        # Phase 3: one learner in a real browser.
        if not args.no_browser and learners[0].result["ok"]:
            try:
                shot, stats = browser_check(hub, names[0], link, args.out, args.chromium)
                ok = stats["errors"] == 0 and stats["widget_errors"] == 0 and stats["widgets"] > 0
                print(
                    f"\nBrowser: {names[0]} opened the link in headless Chromium, landed on {stats['url']}, "
                    f"ran {stats['cells']} cells: errors={stats['errors']} widgets={stats['widgets']} "
                    f"widget_errors={stats['widget_errors']} -> screenshot {shot}"
                )
                summary["browser"] = {**stats, "screenshot": str(shot), "ok": ok}
                if not ok:
                    failures.append("browser check: errors or no widgets in notebook 00")
            except Exception as error:
                failures.append(f"browser check: {error}")
                print(f"\nBrowser check FAILED: {error}")

        # Phase 4: instructor fixes mid-workshop.
        if not args.no_merge_check:
            target = learners[-1]
            if target.result["ok"]:
                try:
                    checks, learner_diff = merge_check(hub, target, origin, workdir)
                    print(
                        f"\nInstructor fixes ({target.name}; the learner's own changes, in lines: {learner_diff}):"
                    )
                    for case, want, got, ok in checks:
                        print(
                            f"  {'ok  ' if ok else 'FAIL'} {case}: expected {want}, observed {got}"
                        )
                        if not ok:
                            failures.append(f"merge check: {case}: {got}")
                    summary["merge_check"] = [
                        {"case": c, "expected": w, "observed": g, "ok": k} for c, w, g, k in checks
                    ]
                except Exception as error:
                    failures.append(f"merge check: {error}")
                    print(f"\nMerge check FAILED: {error}")

        guarantee, rows = capacity_table(
            summary["per_learner_peak_mb_max"], args.margin, args.cpu_guarantee
        )
        summary["capacity"] = {
            "margin": args.margin,
            "memory_guarantee_mb": guarantee,
            "cpu_guarantee": args.cpu_guarantee,
            "reserved_gib_per_node": RESERVED_GIB,
            "rows": rows,
        }
        print(
            f"\nCapacity: memory guarantee = largest learner peak {summary['per_learner_peak_mb_max']:.0f} MB"
            f" + {args.margin:.0%} = {guarantee:.0f} MB, CPU guarantee {args.cpu_guarantee} vCPU,"
            f" {RESERVED_GIB} GiB of each node kept for the system"
        )
        print("  node              by memory  by CPU  learners")
        for r in rows:
            print(
                f"  {r['vcpu']:>2} vCPU {r['gib']:>3} GiB  {r['by_memory']:>9}  {r['by_cpu']:>6}  {r['learners']:>8}"
            )
        (args.out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
        state = "all ok" if not failures else f"{len(failures)} FAILED"
        print(
            f"\n{args.learners} learners: {state}, peak {summary['total_peak_mb'] / 1024:.1f} GB in all, "
            f"{summary['per_learner_peak_mb_max']:.0f} MB per learner "
            f"(largest; median {summary['per_learner_peak_mb_median']:.0f} MB), "
            f"{time.monotonic() - t_start:.0f} s"
        )
        code = 0 if not failures else 1
    except KeyboardInterrupt as stop:
        print(f"\nInterrupted ({str(stop) or 'Ctrl-C'}): stopping everything.", file=sys.stderr)
        code = 130
    except Exception as error:
        print(
            f"\nRehearsal FAILED: {error}\n--- jupyterhub log (tail) ---\n{hub.log_tail()}",
            file=sys.stderr,
        )
        code = 1
    finally:
        STOP.set()
        sampler.stopping.set()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not skip the cleanup
        leftover = hub.stop()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        shutil.rmtree(workdir, ignore_errors=True)
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    if leftover:
        print(
            f"FAILED: {len(leftover)} process(es) left behind: {sorted(leftover)}", file=sys.stderr
        )
        return 1
    print("Stopped: hub, proxy, servers, kernels and browser; no process left behind.")
    return code


if __name__ == "__main__":
    sys.exit(main())
