"""The environment check of notebook 00: versions, and anything that would break the course."""

from __future__ import annotations

import importlib
import sys
from importlib import metadata
from pathlib import Path

# The oldest versions the course is known to work with (requirements.txt pins the tested ones).
MINIMUM = {"numpy": (1, 26), "matplotlib": (3, 8), "ipywidgets": (8, 0)}


def _version_tuple(version: str) -> tuple[int, ...]:
    parts = []
    for p in version.split(".")[:2]:
        digits = "".join(c for c in p if c.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def environment_report() -> dict:
    """Collect versions and problems.

    Returns
    -------
    dict with keys
        ``versions`` (name -> version string or None when missing), ``location`` (where
        rnn_helpers was imported from) and ``problems`` (a list of sentences; empty when all is
        well).
    """
    versions = {"python": ".".join(map(str, sys.version_info[:3]))}
    problems = []
    for name in ("numpy", "matplotlib", "ipywidgets", "jupyterlab", "rnn_helpers"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    for name, minimum in MINIMUM.items():
        v = versions[name]
        if v is None:
            problems.append(
                f"{name} is not installed: run `python3 course.py lab` from the course "
                "folder, or `pip install -r requirements.txt`."
            )
        elif _version_tuple(v) < minimum:
            problems.append(
                f"{name} {v} is older than {'.'.join(map(str, minimum))}: reinstall "
                "with `pip install -r requirements.txt`."
            )
    rnn_helpers = importlib.import_module("rnn_helpers")
    location = str(Path(rnn_helpers.__file__).resolve().parent)
    return {"versions": versions, "location": location, "problems": problems}


def describe_location(location: str, cwd: str | Path | None = None) -> str:
    """Where rnn_helpers came from, in words that hold no machine-specific path when all is well.

    Parameters
    ----------
    location : str
        The folder rnn_helpers was imported from (``report["location"]``).
    cwd : str or Path, optional
        The working directory to describe it from (default: the current one; a notebook runs in
        ``notebooks/``).

    Returns
    -------
    str
        "the installed package (site-packages)" on Binder or any non-editable install; a path
        relative to `cwd` such as "../rnn_helpers (this course folder)" for the course's own
        editable install; otherwise the absolute path, because a copy from somewhere else is
        worth noticing.
    """
    loc = Path(location)
    if {"site-packages", "dist-packages"} & set(loc.parts):
        return "the installed package (site-packages)"
    base = Path.cwd() if cwd is None else Path(cwd)
    for folder in (base, base.parent):
        if loc.is_relative_to(folder.resolve()):
            rel = Path(*([".."] * (folder != base)), loc.relative_to(folder.resolve()))
            return f"{rel.as_posix()} (this course folder)"
    return str(loc)


def print_environment_report(report: dict | None = None) -> bool:
    """Print the versions and a verdict; return True when nothing is wrong."""
    report = environment_report() if report is None else report
    for name, v in report["versions"].items():
        print(f"  {name:<12} {v or 'MISSING'}")
    print(f"  rnn_helpers imported from {describe_location(report['location'])}")
    for p in report["problems"]:
        print(f"❌ {p}")
    if not report["problems"]:
        print("✅ Everything the course needs is installed.")
    return not report["problems"]
