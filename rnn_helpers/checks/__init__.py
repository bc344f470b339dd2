"""Exercise checks: each returns a Verdict (correct / not yet, with a hint / not done yet).

One module per notebook topic; everything is re-exported here, so a notebook writes
``from rnn_helpers.checks import check_hand_step``.
"""

from ._core import NOT_DONE, Verdict, call_learner, check_function, compare_answer, verdict
from .start import check_hand_step, check_shapes, expected_shapes

__all__ = [
    "NOT_DONE",
    "Verdict",
    "call_learner",
    "check_function",
    "compare_answer",
    "verdict",
    # 00 start here
    "check_hand_step",
    "check_shapes",
    "expected_shapes",
]
