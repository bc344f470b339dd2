"""The check machinery itself: calling the learner's function, comparing, counting."""

import numpy as np
import pytest

from rnn_helpers.checks import (
    NOT_DONE,
    Call,
    Verdict,
    call_learner,
    compare_answer,
    compare_count,
    compare_outputs,
    not_done,
    verdict,
)

# ------------------------------------------------------------------ call_learner


def my_rnn_step(x_t, h_prev):
    raise NotImplementedError("Exercise 2.1: implement my_rnn_step")


def my_rnn_forward(x, h0):
    return my_rnn_step(x[:, 0], h0)  # a finished exercise calling an unfinished one


def test_untouched_stub_is_not_done_with_the_fallback():
    call = call_learner(my_rnn_step, np.zeros(2), np.zeros(2), fallback="rnn_helpers.rnn_step")
    assert not call.returned and call.verdict.status == "todo"
    assert (
        "Implement my_rnn_step" in call.verdict.text and "rnn_helpers.rnn_step" in call.verdict.text
    )


def test_function_returning_ellipsis_is_not_done():
    def my_softmax(z):
        return ...

    call = call_learner(my_softmax, np.zeros(3))
    assert call.verdict.status == "todo"


def test_missing_return_gets_its_own_message_with_the_functions_name():
    def my_rnn_step(x_t, h_prev):
        np.tanh(x_t + h_prev)  # computed, never returned

    call = call_learner(my_rnn_step, np.zeros(2), np.zeros(2), name="the exercise")
    assert call.verdict.status == "wrong"
    assert call.verdict.text == "my_rnn_step returned None: did you forget `return`?"
    assert "return" in call.verdict.hint


def test_stub_called_from_another_exercise_names_the_unfinished_function():
    call = call_learner(my_rnn_forward, np.zeros((2, 3, 1)), np.zeros((2, 1)))
    v = call.verdict
    assert v.status == "wrong", str(v)
    assert "my_rnn_forward calls my_rnn_step" in v.text and "not done yet" in v.text
    assert "my_rnn_step still needs doing" in v.hint
    assert call.calls_unfinished == "my_rnn_step" and call.error is None


def test_not_implemented_from_a_library_is_an_ordinary_error():
    class Odd:
        def __array_ufunc__(self, *args, **kwargs):
            return NotImplemented

    def my_fn(a):
        return np.lib.mixins.NDArrayOperatorsMixin.__add__(Odd(), a) + object()

    call = call_learner(my_fn, 1)
    assert call.verdict.status == "wrong" and "raised" in call.verdict.text


def test_a_crash_is_reported_with_its_error_and_the_checks_hint():
    def my_fn(a):
        return a @ np.ones((5, 5))

    call = call_learner(my_fn, np.ones((2, 3)), error_hint="mind the shapes")
    assert not call.returned and call.error.startswith("ValueError")
    assert call.verdict.text.startswith("my_fn raised ValueError") and call.verdict.hint == (
        "mind the shapes"
    )


def test_not_a_function():
    assert call_learner(..., name="my_fn").verdict.status == "todo"
    v = call_learner(42, name="my_fn").verdict
    assert v.status == "wrong" and "should be a function, got int" in v.text


def test_every_call_gets_fresh_copies_and_changes_are_reported():
    z = np.array([[1.0, 2.0], [3.0, 4.0]])
    grads = {"W": np.ones(2), "b": [np.zeros(1)]}

    def my_fn(z, grads):
        z -= z.max()  # writes into its input
        grads["W"] *= 2
        grads["b"][0][0] = 5.0
        return z.sum()

    first = call_learner(my_fn, z, grads)
    second = call_learner(my_fn, z, grads)
    assert first.value == second.value == -6.0  # the second call saw the original inputs
    np.testing.assert_array_equal(z, [[1.0, 2.0], [3.0, 4.0]])
    assert grads["W"].tolist() == [1.0, 1.0] and grads["b"][0].tolist() == [0.0]
    assert first.changed == ("z", "grads")
    v = first.modified_verdict()
    assert v.status == "wrong" and "changed its input `z` and `grads` in place" in v.text


def test_unchanged_inputs_give_no_modified_verdict():
    call = call_learner(lambda z: z * 2, np.ones(3))
    assert call.returned and call.changed == () and call.modified_verdict() is None
    assert call.name == "<lambda>" or call.name == "your function"


def test_keyword_arguments_are_copied_too():
    def my_fn(a, *, out):
        out[0] = 1.0
        return a

    out = np.zeros(2)
    call = call_learner(my_fn, 3, kwargs={"out": out})
    assert call.value == 3 and call.changed == ("out",) and out[0] == 0.0


def test_nan_results_do_not_warn_and_nan_inputs_count_as_unchanged():
    call = call_learner(lambda z: np.exp(z) / np.exp(z).sum(), np.array([1000.0, np.nan]))
    assert call.returned and np.isnan(call.value).all() and call.changed == ()


def test_pair_form_for_older_checks():
    result, error = call_learner(my_rnn_step, 1, 2)
    assert result is NOT_DONE and error is None
    result, error = call_learner(lambda a: a + 1, 1)
    assert result == 2 and error is None
    assert isinstance(call_learner(lambda a: a, 1), Call)


# ------------------------------------------------------------------ compare_answer


def test_compare_answer_recognises_mistakes_and_shapes():
    expected = np.array([0.5, -0.25])
    mistakes = [(np.array([1.0, 2.0]), "the mistake"), (np.array([1.0, 2.0, 3.0]), "too long")]
    assert compare_answer(expected + 1e-9, expected)
    assert compare_answer(np.array([1.0, 2.0]), expected, mistakes).hint == "the mistake"
    v = compare_answer(np.array([1.0, 2.0, 3.0]), expected, mistakes)
    assert "has shape (3,)" in v.text and v.hint == "too long"
    assert compare_answer(..., expected).status == "todo"
    assert compare_answer(None, expected).status == "wrong"
    assert compare_answer("abc", expected).status == "wrong"
    assert "nan" in compare_answer(np.array([np.nan, 0.0]), expected).text


def test_compare_answer_to_decimals():
    expected = np.array([-0.46211716, -0.24491866])
    mistakes = [(np.array([-0.5, -0.25]), "pre-activation")]
    for answer in ([-0.462, -0.245], [-0.462, -0.244], [-0.4621, -0.2449]):  # rounded or cut off
        assert compare_answer(np.array(answer), expected, mistakes, decimals=3), answer
    assert compare_answer(np.array([-0.5, -0.25]), expected, mistakes, decimals=3).hint == (
        "pre-activation"
    )
    v = compare_answer(np.array([-0.46, -0.24]), expected, mistakes, decimals=3)
    assert not v and "3 decimals" in v.hint
    assert not compare_answer(np.array([-0.464, -0.245]), expected, decimals=3)


# ------------------------------------------------------------------ compare_count


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        ("5277", "not a number"),
        (5277.0, "not a whole number"),
        (np.float64(5277), "not a whole number"),
        (True, "not a whole number"),
        ([5277], "not a whole number"),
    ],
    ids=["string", "float", "numpy float", "bool", "list"],
)
def test_compare_count_rejects_what_is_not_an_integer(answer, fragment):
    v = compare_count(answer, 5277, what="my_count")
    assert not v and v.status == "wrong" and fragment in v.text, str(v)


def test_compare_count_integers_and_mistakes():
    assert compare_count(5277, 5277) and compare_count(np.int64(5277), 5277)
    assert compare_count(5200, 5277, [(5200, "biases")]).hint == "biases"
    assert compare_count(5201, 5277, [(5200, "biases")], hint="general").hint == "general"
    assert compare_count(..., 5277).status == "todo"


# ------------------------------------------------------------------ compare_outputs

NAMES = ("da", "db")


def test_compare_outputs_names_the_first_wrong_output():
    expected = (np.ones(2), np.zeros(2))
    assert compare_outputs((np.ones(2), np.zeros(2)), expected, NAMES, fn_name="f")
    v = compare_outputs(
        (np.ones(2), np.ones(2)), expected, NAMES, fn_name="f", hints={"db": "db hint"}
    )
    assert v.text == "db is not right (da are right)." and v.hint == "db hint"
    v = compare_outputs((np.ones(2),), expected, NAMES, fn_name="f")
    assert "should return 2 arrays" in v.text


def test_compare_outputs_prefers_the_mistake_that_explains_everything():
    expected = (np.ones(2), np.zeros(2))
    result = (2 * np.ones(2), np.ones(2))
    variants = [((2 * np.ones(2), np.zeros(2)), "explains da only"), (result, "explains both")]
    v = compare_outputs(result, expected, NAMES, fn_name="f", variants=variants, all_wrong="z")
    assert v.hint == "explains both" and "first wrong quantity is z" in v.text


# ------------------------------------------------------------------ verdicts


def test_verdict_text_and_truth():
    assert str(verdict("ok", "fine")) == "✅ Correct. fine"
    v = verdict("wrong", "no", "try again")
    assert isinstance(v, Verdict) and not v and str(v) == "❌ Not yet. no\n   Hint: try again"
    assert str(not_done("my_fn", "ref")).startswith("⏳ Not done yet. Implement my_fn")
    with pytest.raises(ValueError, match="status must be"):
        verdict("maybe", "?")


def test_compare_outputs_right_arrays_in_the_wrong_order():
    expected = (np.ones(2), np.zeros(3))
    v = compare_outputs((np.zeros(3), np.ones(2)), expected, NAMES, fn_name="f")
    assert "right arrays in the wrong order: db, da" in v.text and "da, db" in v.hint
