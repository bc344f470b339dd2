"""course.py lab: root gets --allow-root, the browser opens 00_start_here in a fresh workspace,
and JupyterLab's news pop-up is turned off (locally and, through postBuild, on Binder)."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


class Launched(Exception):
    """Raised instead of replacing the test process with JupyterLab."""


@pytest.fixture
def course(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "VENV", tmp_path / "venv")
    monkeypatch.setattr(module, "ensure_env", lambda: None)
    launched = {}

    def fake_execv(path, argv):  # like os.execv, it never returns
        launched["argv"] = argv
        raise Launched

    monkeypatch.setattr(module.os, "execv", fake_execv)
    monkeypatch.setattr(module.os, "name", "posix")
    monkeypatch.chdir(tmp_path)
    return module, launched


@pytest.mark.parametrize("root", [True, False], ids=["root", "user"])
def test_lab_command_line(course, monkeypatch, capsys, root):
    module, launched = course
    monkeypatch.setattr(module, "running_as_root", lambda: root)
    with pytest.raises(Launched):
        module.cmd_lab(["--no-browser"])
    argv = launched["argv"]
    assert ("--allow-root" in argv) == root
    assert ("--allow-root" in capsys.readouterr().out) == root
    assert argv[-2:] == ["notebooks/00_start_here.ipynb", "--no-browser"]
    workspaces = next(a for a in argv if a.startswith("--LabApp.workspaces_dir="))
    assert not any(Path(workspaces.split("=", 1)[1]).iterdir())  # no earlier session restored


def test_allow_root_given_by_hand_is_not_doubled(course, monkeypatch):
    module, launched = course
    monkeypatch.setattr(module, "running_as_root", lambda: True)
    with pytest.raises(Launched):
        module.cmd_lab(["--allow-root"])
    assert launched["argv"].count("--allow-root") == 1


def test_news_pop_up_is_off_locally_and_on_binder(course):
    module, _ = course
    module.install_lab_settings()
    installed = module.VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    settings = json.loads(installed.read_text())["@jupyterlab/apputils-extension:notification"]
    assert settings == {"fetchNews": "false", "checkForUpdates": False}
    post_build = (ROOT / "postBuild").read_text()
    assert "tools/jupyterlab/overrides.json" in post_build
    assert "share/jupyter/lab/settings/overrides.json" in post_build
    assert (ROOT / "postBuild").stat().st_mode & 0o111  # executable, as repo2docker needs
