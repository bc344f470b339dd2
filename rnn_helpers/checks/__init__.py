"""Exercise checks: each returns a Verdict (correct / not yet, with a hint / not done yet).

One module per notebook topic; everything is re-exported here, so a notebook writes
``from rnn_helpers.checks import check_hand_step``.
"""

from ._core import NOT_DONE, Verdict, call_learner, compare_answer, not_done, verdict
from .bptt import check_rnn_backward, check_rnn_step_backward
from .charmodel import check_bits_and_perplexity, check_temperature_probs
from .feedforward import check_best_accuracy, check_param_count
from .gradients import check_clip_by_global_norm, check_vanishing_prediction
from .ngram import check_bigram_bits
from .output import check_output_forward, check_softmax
from .recurrence import check_rnn_forward, check_rnn_step
from .start import check_hand_step, check_shapes, expected_shapes

__all__ = [
    "NOT_DONE",
    "Verdict",
    "call_learner",
    "compare_answer",
    "not_done",
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
    # 04 training with BPTT
    "check_rnn_step_backward",
    "check_rnn_backward",
    # 05 vanishing and exploding gradients
    "check_vanishing_prediction",
    "check_clip_by_global_norm",
    # 07 next-character prediction
    "check_temperature_probs",
    "check_bits_and_perplexity",
    "check_bigram_bits",
]
