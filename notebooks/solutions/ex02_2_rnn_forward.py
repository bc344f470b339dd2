"""Exercise 2.2: unroll the recurrence over a batch-first sequence x (N, T, D).

Start from h0, feed each new state back in as h_prev, and keep every state. The maths counts
steps from 1 and the code indexes from 0: h[:, i] is the state after reading x[:, i], so h holds
h_1 ... h_T with shape (N, T, H), h_t in h[:, t-1].
"""

import numpy as np

from rnn_helpers import rnn_step
from rnn_helpers.checks import check_rnn_forward


def my_rnn_forward(x, h0, W_xh, W_hh, b_h):
    """x (N, T, D), h0 (N, H), W_xh (H, D), W_hh (H, H), b_h (H,) -> h (N, T, H)."""
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    h_prev = h0
    for i in range(T):  # time is axis 1; index i is step t = i + 1
        h_prev = rnn_step(x[:, i], h_prev, W_xh, W_hh, b_h)
        h[:, i] = h_prev
    return h


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_rnn_forward, my_rnn_forward

if __name__ == "__main__":
    print(check_rnn_forward(my_rnn_forward))
