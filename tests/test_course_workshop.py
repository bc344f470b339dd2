"""course.py helpers for workshops and tests: the nbgitpuller link and the parallel test run."""

import importlib.util
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)


@pytest.mark.parametrize("hub", ["https://hub.example.org", "https://hub.example.org/"])
def test_link_carries_every_parameter_to_nbgitpuller(hub):
    link = course.nbgitpuller_link(hub, "https://github.com/o/r.git?x=1&y=2", "workshop-1")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("https", "hub.example.org")
    assert parts.path == "/hub/user-redirect/git-pull"  # no double slash from a trailing one
    assert parse_qs(parts.query) == {
        "repo": ["https://github.com/o/r.git?x=1&y=2"],  # escaped, not split into parameters
        "branch": ["workshop-1"],
        "targetpath": ["rnn-course"],
        "urlpath": ["lab/tree/rnn-course/notebooks/00_start_here.ipynb"],
    }


def test_link_opens_the_chosen_notebook_in_the_chosen_folder():
    link = course.nbgitpuller_link("http://h", "r", "b", target="course", path="notebooks/x.ipynb")
    query = parse_qs(urlsplit(link).query)
    assert query["targetpath"] == ["course"]
    assert query["urlpath"] == ["lab/tree/course/notebooks/x.ipynb"]


def test_tests_run_in_parallel_with_each_notebook_in_one_worker(monkeypatch):
    monkeypatch.setattr(course.os, "cpu_count", lambda: 2)
    assert course.parallel_args([]) == ["-n", "auto", "--dist", "loadscope"]
    assert course.parallel_args(["-x", "-p", "no:cacheprovider", "tests/test_rnn_forward.py"]) == [
        "-n",
        "auto",
        "--dist",
        "loadscope",
    ]


@pytest.mark.parametrize(
    "extra",
    [
        ["-n", "0"],
        ["-n0"],
        ["--numprocesses=3"],
        ["-p", "no:xdist"],
        ["-pno:xdist"],
        ["--dist=load"],
    ],
)
def test_arguments_that_choose_the_workers_are_left_alone(monkeypatch, extra):
    monkeypatch.setattr(course.os, "cpu_count", lambda: 8)
    assert course.parallel_args(extra) == []


@pytest.mark.parametrize("cpus", [1, None])
def test_one_cpu_runs_serially(monkeypatch, cpus):
    monkeypatch.setattr(course.os, "cpu_count", lambda: cpus)
    assert course.parallel_args([]) == []
