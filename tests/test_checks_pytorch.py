"""Exercise 9.2's check: PyTorch's RNN arrays in the course's layout; each mistake has its hint."""

import numpy as np
import pytest

from rnn_helpers.checks.pytorch import check_from_torch


def right(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return input.transpose(1, 0, 2), h_0[0], weight_ih, weight_hh, bias_ih + bias_hh


def reshaped(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    T, N, D = input.shape
    return input.reshape(N, T, D), h_0[0], weight_ih, weight_hh, bias_ih + bias_hh


def time_first(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return input, h_0[0], weight_ih, weight_hh, bias_ih + bias_hh


def layer_axis_kept(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return input.transpose(1, 0, 2), h_0, weight_ih, weight_hh, bias_ih + bias_hh


def transposed_input_weights(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return input.transpose(1, 0, 2), h_0[0], weight_ih.T, weight_hh, bias_ih + bias_hh


def transposed_recurrent_weights(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return input.transpose(1, 0, 2), h_0[0], weight_ih, weight_hh.T, bias_ih + bias_hh


def one_bias(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return input.transpose(1, 0, 2), h_0[0], weight_ih, weight_hh, bias_ih


def other_bias(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return input.transpose(1, 0, 2), h_0[0], weight_ih, weight_hh, bias_hh


def biases_subtracted(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return input.transpose(1, 0, 2), h_0[0], weight_ih, weight_hh, bias_ih - bias_hh


def weights_swapped(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return input.transpose(1, 0, 2), h_0[0], weight_hh, weight_ih, bias_ih + bias_hh


def four_outputs(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return input.transpose(1, 0, 2), h_0[0], weight_ih, weight_hh


def no_return(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    input.transpose(1, 0, 2)


def crashes(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return input.swapaxis(0, 1)


def stub(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    raise NotImplementedError("Exercise 9.2")


def writes_into_input(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    bias_ih += bias_hh  # in place: the result is still right
    return input.transpose(1, 0, 2), h_0[0], weight_ih, weight_hh, bias_ih


def test_right_answer_passes_and_says_why():
    v = check_from_torch(right)
    assert v and "PyTorch's output" in v.text


def test_an_answer_that_writes_into_its_inputs_is_reported_and_spoils_nothing():
    v = check_from_torch(writes_into_input)
    assert not v and "changed its input `bias_ih` in place" in v.text
    assert check_from_torch(right)  # the check's own arrays were not spoiled


def all_axes_reversed(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return input.T, h_0[0], weight_ih, weight_hh, bias_ih + bias_hh


def time_reversed(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.moveaxis(input[::-1], 0, 1), h_0[0], weight_ih, weight_hh, bias_ih + bias_hh


def fresh_state(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return (
        np.moveaxis(input, 0, 1),
        np.zeros(h_0.shape[1:]),
        weight_ih,
        weight_hh,
        bias_ih + bias_hh,
    )


def mean_of_biases(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.moveaxis(input, 0, 1), h_0[0], weight_ih, weight_hh, (bias_ih + bias_hh) / 2


def both_biases_stacked(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.moveaxis(input, 0, 1), h_0[0], weight_ih, weight_hh, np.stack([bias_ih, bias_hh])


def state_first(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    x, h0, W_xh, W_hh, b_h = right(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh)
    return h0, x, W_xh, W_hh, b_h


def sizes_written_in(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):  # T, N, D, H = 5, 3, 2, 4
    x = np.stack([input[:, 0], input[:, 1], input[:, 2]])
    return x, h_0.reshape(3, 4), weight_ih, weight_hh, bias_ih + bias_hh


def state_size_written_in(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    return np.moveaxis(input, 0, 1), h_0.reshape(3, 4), weight_ih, weight_hh, bias_ih + bias_hh


@pytest.mark.parametrize(
    ("fn", "hint_fragment"),
    [
        (reshaped, "swap the first two axes"),
        (time_first, "PyTorch puts time first"),
        (layer_axis_kept, "leading num_layers axis"),
        (transposed_input_weights, "No transpose"),
        (transposed_recurrent_weights, "no transpose"),
        (one_bias, "two biases"),
        (other_bias, "two biases"),
        (biases_subtracted, "added, not subtracted"),
        (weights_swapped, "weight_ih, not weight_hh"),
        (four_outputs, "in the order rnn_forward takes them"),
        (no_return, "end it with `return`"),
        (crashes, "return the five arrays"),
        (all_axes_reversed, "reverses the order of all three axes"),
        (time_reversed, "time steps are reversed"),
        (fresh_state, "use those numbers"),
        (mean_of_biases, "not their mean"),
        (both_biases_stacked, "one vector of H numbers"),
        (state_first, "return them in the order"),
        (sizes_written_in, "rather than writing numbers in"),
        (state_size_written_in, "rather than writing numbers in"),
    ],
    ids=lambda p: p.__name__ if callable(p) else "",
)
def test_mistake_gets_its_hint(fn, hint_fragment):
    v = check_from_torch(fn)
    assert not v and v.status == "wrong"
    assert hint_fragment in v.hint


def test_missing_return_and_crash_are_named():
    assert "returned None" in check_from_torch(no_return).text
    assert "AttributeError" in check_from_torch(crashes).text


def test_untouched_stub_is_not_done():
    v = check_from_torch(stub)
    assert v.status == "todo" and "from_torch_rnn" in v.text
    assert check_from_torch(...).status in ("todo", "wrong")
    assert not check_from_torch(np.zeros(3))


@pytest.mark.parametrize(
    "fn",
    [reshaped, time_first, layer_axis_kept, transposed_input_weights, one_bias, other_bias],
    ids=lambda f: f.__name__,
)
def test_hints_do_not_hand_out_the_code(fn):
    hint = check_from_torch(fn).hint
    for code in ("transpose(1, 0, 2)", "h_0[0]", "bias_ih + bias_hh", "swapaxes"):
        assert code not in hint


def calls_the_package(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh):
    from rnn_helpers.pytorch import from_torch_rnn

    return from_torch_rnn(input, h_0, weight_ih, weight_hh, bias_ih, bias_hh)


def test_calling_the_package_function_is_no_answer():
    v = check_from_torch(calls_the_package)
    assert v.status == "wrong" and "calls rnn_helpers.pytorch.from_torch_rnn" in v.text
    assert "yourself" in v.hint
    assert check_from_torch(right).status == "ok"  # the right answer names no package function
