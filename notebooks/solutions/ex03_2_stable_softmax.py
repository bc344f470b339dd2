"""Exercise 3.2: a numerically stable softmax over the last axis.

softmax(z) = softmax(z - c) for any constant c, because exp(z_i - c) = exp(z_i) exp(-c) and the
factor exp(-c) cancels in the ratio. With c = max_j z_j (taken per row) the largest exponent is
exp(0) = 1: nothing overflows, and the sum is at least 1, so there is no 0 / 0 either.
"""

import numpy as np

from rnn_helpers.checks import check_softmax


def my_softmax(z):
    """p = exp(z - max z) / sum exp(z - max z) over the last axis; z (..., V) -> p (..., V)."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_softmax, my_softmax

if __name__ == "__main__":
    print(check_softmax(my_softmax))
