"""Exercise 4.2: backpropagation through a whole sequence, as a loop over single steps.

Run t = T-1 ... 0. The gradient at h_t is the direct part dh[:, t] plus dh_next from step t+1.
Every step adds its share to the weight gradients (the same weights act at every step), and the
gradient that leaves the first step is dh0.
"""

import numpy as np

from rnn_helpers.checks import check_rnn_backward
from rnn_helpers.stepwise import rnn_step_backward


def my_rnn_backward(dh, cache, step_backward=rnn_step_backward):
    x, h0, h, W_xh, W_hh, _ = cache  # tanh only
    T = h.shape[1]
    dx = np.zeros_like(x)
    dW_xh, dW_hh, db_h = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros(W_hh.shape[0])
    dh_next = np.zeros_like(h0)  # nothing comes back from after the last step
    for t in reversed(range(T)):
        h_prev = h[:, t - 1] if t > 0 else h0
        dx[:, t], dh_next, dW_xh_t, dW_hh_t, db_h_t = step_backward(
            dh[:, t] + dh_next, x[:, t], h_prev, h[:, t], W_xh, W_hh
        )
        dW_xh += dW_xh_t  # add up over time
        dW_hh += dW_hh_t
        db_h += db_h_t
    return dx, dh_next, dW_xh, dW_hh, db_h  # dh0 = the gradient leaving step 1


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_rnn_backward, my_rnn_backward

if __name__ == "__main__":
    print(check_rnn_backward(my_rnn_backward))
