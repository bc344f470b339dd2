"""Every worked answer in notebooks/solutions/ passes the check its notebook uses.

A solution file ``exNN_K_topic.py`` answers Exercise NN.K. It defines the exercise's name and
ends with ``CHECK, ANSWER = check_function, answer``.
"""

import ast
import copy
import json
import re
import runpy
from pathlib import Path

import numpy as np
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


FUNCTION_SOLUTIONS = [p for p in SOLUTIONS if callable(runpy.run_path(str(p))["ANSWER"])]


def test_solutions_import_checks_from_the_package_top():
    for path in SOLUTIONS:
        text = path.read_text(encoding="utf-8")
        assert "from rnn_helpers.checks import" in text, path.name
        assert not re.search(r"rnn_helpers\.checks\.\w+ import", text), path.name


@pytest.mark.parametrize("path", FUNCTION_SOLUTIONS, ids=[p.name for p in FUNCTION_SOLUTIONS])
def test_missing_return_gets_its_own_message(path):
    ns = runpy.run_path(str(path))
    answer = ns["ANSWER"]

    def my_exercise(*args, **kwargs):
        answer(*args, **kwargs)  # computed, never returned

    v = ns["CHECK"](my_exercise)
    assert v.status == "wrong", str(v)
    assert "my_exercise returned None: did you forget `return`?" in v.text, str(v)


@pytest.mark.parametrize("path", FUNCTION_SOLUTIONS, ids=[p.name for p in FUNCTION_SOLUTIONS])
def test_stub_called_from_another_exercise_is_named(path):
    ns = runpy.run_path(str(path))

    def my_other_exercise(*args):
        raise NotImplementedError("Exercise 9.9: not done yet")

    def my_exercise(*args, **kwargs):
        return my_other_exercise(*args)

    v = ns["CHECK"](my_exercise)
    assert v.status == "wrong", str(v)
    assert "my_exercise calls my_other_exercise" in v.text and "my_other_exercise" in v.hint


def _scribble(a):
    """Overwrite every float array inside `a` (arrays, dicts, tuples, lists) with nan."""
    if isinstance(a, np.ndarray) and a.dtype.kind == "f" and a.flags.writeable:
        a[...] = np.nan
    elif isinstance(a, dict):
        for v in a.values():
            _scribble(v)
    elif isinstance(a, (tuple, list)):
        for v in a:
            _scribble(v)


@pytest.mark.parametrize("path", FUNCTION_SOLUTIONS, ids=[p.name for p in FUNCTION_SOLUTIONS])
def test_answers_that_write_into_their_inputs_cannot_poison_the_check(path):
    ns = runpy.run_path(str(path))
    answer = ns["ANSWER"]

    def my_exercise(*args, **kwargs):
        result = copy.deepcopy(answer(*args, **kwargs))
        _scribble(args)
        _scribble(kwargs)
        return result

    v = ns["CHECK"](my_exercise)
    # either writing into the inputs is itself the mistake reported, or it did no harm
    assert v or "in place" in v.text or "wrote into" in (v.hint or ""), str(v)
    assert ns["CHECK"](answer), "a later check must still see its original cases"


def _normalised(text):
    return re.sub(r"\s+", "", text)


def _answer_statements(path, name):
    """The answer function's statements, normalised: right-hand sides, no comments."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    fn = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name)
    body = [
        s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    parts = []
    for stmt in body:
        node = stmt.value if isinstance(stmt, (ast.Return, ast.Assign, ast.AugAssign)) else stmt
        if node is not None:
            parts.append(_normalised(ast.unparse(node)))
    return [p for p in parts if len(p) >= 8]


def _check_texts():
    """Every string literal in the check modules (hints and messages), normalised."""
    texts = []
    for module in (ROOT / "rnn_helpers" / "checks").glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        texts += [
            _normalised(n.value)
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        ]
    return texts


@pytest.mark.parametrize("path", FUNCTION_SOLUTIONS, ids=[p.name for p in FUNCTION_SOLUTIONS])
def test_no_hint_prints_the_whole_solution(path):
    answer = runpy.run_path(str(path))["ANSWER"]
    statements = _answer_statements(path, answer.__name__)
    assert statements, "the solution's statements were not found"
    # a short solution is given away by its main line; a longer one by all its lines together
    if len(statements) <= 2:
        statements = [max(statements, key=len)]
    for text in _check_texts():
        assert not all(s in text for s in statements), f"a check text holds the solution: {text}"


def test_the_solution_scan_would_catch_a_hint_that_gives_2_1_away():
    path = ROOT / "notebooks" / "solutions" / "ex02_1_rnn_step.py"
    main_line = max(_answer_statements(path, "my_rnn_step"), key=len)
    old_hint = "in batched code that is np.tanh(x_t @ W_xh.T + h_prev @ W_hh.T + b_h)."
    assert main_line in _normalised(old_hint)
