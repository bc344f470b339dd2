"""Every worked answer in notebooks/solutions/ passes the check its notebook uses.

A solution file ``exNN_K_topic.py`` answers Exercise NN.K. It defines the exercise's name and
ends with ``CHECK, ANSWER = check_function, answer``.
"""

import json
import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("ex*.py"))
EXERCISE_HEADING = re.compile(r"^#+ Exercise (\d+)\.(\d+)\b", re.MULTILINE)


def notebook_exercises():
    """(notebook number, exercise number) of every exercise heading in the notebooks."""
    found = set()
    for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                found |= {
                    (int(a), int(b)) for a, b in EXERCISE_HEADING.findall("".join(cell["source"]))
                }
    return found


def test_every_exercise_has_exactly_one_solution():
    solved = [tuple(map(int, re.match(r"ex(\d+)_(\d+)_", p.name).groups())) for p in SOLUTIONS]
    assert len(solved) == len(set(solved)), "two solution files for one exercise"
    assert set(solved) == notebook_exercises()


def stub_like(answer):
    """What the exercise cell holds before the learner starts."""
    if callable(answer):

        def stub(*args, **kwargs):
            raise NotImplementedError("exercise not done yet")

        return stub
    return dict.fromkeys(answer, ...) if isinstance(answer, dict) else ...


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.name for p in SOLUTIONS])
def test_solution_passes_its_check(path):
    ns = runpy.run_path(str(path))
    verdict = ns["CHECK"](ns["ANSWER"])
    assert verdict, str(verdict)
    assert str(verdict).startswith("✅")


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.name for p in SOLUTIONS])
def test_untouched_stub_is_reported_not_done(path):
    ns = runpy.run_path(str(path))
    verdict = ns["CHECK"](stub_like(ns["ANSWER"]))
    assert not verdict and verdict.status == "todo", str(verdict)
