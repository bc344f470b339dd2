"""Every worked answer in notebooks/solutions/ passes the check its notebook uses."""

import runpy
from pathlib import Path

import pytest

import rnn_helpers.checks as checks

SOLUTIONS = Path(__file__).resolve().parents[1] / "notebooks" / "solutions"

# file -> (check name, the name the solution defines)
EXERCISES = {
    "ex00_1_hand_step.py": ("check_hand_step", "my_h_t"),
    "ex00_2_shapes.py": ("check_shapes", "my_shapes"),
}


def test_every_solution_file_is_listed():
    assert {p.name for p in SOLUTIONS.glob("ex*.py")} == set(EXERCISES)


@pytest.mark.parametrize("filename", sorted(EXERCISES))
def test_solution_passes_its_check(filename):
    check_name, answer_name = EXERCISES[filename]
    namespace = runpy.run_path(str(SOLUTIONS / filename))
    verdict = getattr(checks, check_name)(namespace[answer_name])
    assert verdict, str(verdict)
    assert str(verdict).startswith("✅")


def stub_like(answer):
    """What the exercise cell holds before the learner starts."""
    if callable(answer):
        def stub(*args, **kwargs):
            raise NotImplementedError("exercise not done yet")
        return stub
    return dict.fromkeys(answer, ...) if isinstance(answer, dict) else ...


@pytest.mark.parametrize("filename", sorted(EXERCISES))
def test_untouched_stub_is_reported_not_done(filename):
    check_name, answer_name = EXERCISES[filename]
    answer = runpy.run_path(str(SOLUTIONS / filename))[answer_name]
    verdict = getattr(checks, check_name)(stub_like(answer))
    assert not verdict and verdict.status == "todo", str(verdict)
