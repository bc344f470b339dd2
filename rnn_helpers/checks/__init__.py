"""Exercise checks: each returns a Verdict (correct / not yet, with a hint / not done yet).

One module per notebook topic; everything is re-exported here, so a notebook writes
``from rnn_helpers.checks import check_hand_step`` (never from a submodule).

The machinery for writing a check lives in `_core`: `call_learner` (runs the learner's function
on fresh copies of its arguments and returns a `Call`), `compare_answer` (one numeric answer,
optionally to a number of decimals), `compare_count` (a whole number), `compare_outputs` (a tuple
of named outputs, naming the first wrong one), `not_done` and `verdict`.
"""

from ._core import (
    NOT_DONE,
    Call,
    Verdict,
    call_learner,
    compare_answer,
    compare_count,
    compare_outputs,
    not_done,
    unfinished,
    verdict,
)
from .bptt import check_output_backward, check_rnn_backward, check_rnn_step_backward
from .charmodel import check_bits_and_perplexity, check_temperature_probs
from .claims import check_forgetting_verdict, forgetting_exercise_distances
from .feedforward import check_best_accuracy, check_param_count
from .forecast import check_make_windows, check_recursive_forecast
from .gradients import (
    check_clip_by_global_norm,
    check_vanishing_prediction,
    vanishing_exercise_matrices,
)
from .lstm import check_lstm_param_count, check_lstm_step
from .ngram import check_bigram_bits
from .output import check_cross_entropy_grad, check_output_forward, check_softmax
from .pytorch import check_from_torch, torch_exercise_arrays
from .recurrence import check_rnn_forward, check_rnn_step
from .start import check_hand_step, check_shapes, expected_shapes

__all__ = [
    "NOT_DONE",
    "Call",
    "Verdict",
    "call_learner",
    "compare_answer",
    "compare_count",
    "compare_outputs",
    "not_done",
    "unfinished",
    "verdict",
    # 00 start here
    "check_hand_step",
    "check_shapes",
    "expected_shapes",
    # 01 from feedforward to recurrent
    "check_best_accuracy",
    "check_param_count",
    # 02 hidden state and tanh recurrence
    "check_rnn_step",
    "check_rnn_forward",
    # 03 output layer and loss
    "check_output_forward",
    "check_softmax",
    "check_cross_entropy_grad",
    # 04 training with BPTT
    "check_rnn_step_backward",
    "check_output_backward",
    "check_rnn_backward",
    # 05 vanishing and exploding gradients
    "check_vanishing_prediction",
    "check_clip_by_global_norm",
    # 06 time series prediction
    "check_make_windows",
    "check_recursive_forecast",
    "vanishing_exercise_matrices",
    # 07 next-character prediction
    "check_temperature_probs",
    "check_bits_and_perplexity",
    "check_bigram_bits",
    # 08 beyond the vanilla RNN
    "check_lstm_step",
    "check_lstm_param_count",
    # 09 every claim checked
    "check_forgetting_verdict",
    "forgetting_exercise_distances",
    "check_from_torch",
    "torch_exercise_arrays",
]
