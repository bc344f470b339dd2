"""Exercise 6.1: turn a series into (input window, target) pairs for horizon h.

Pair i: the L values series[i : i + L] and the value h steps after the window's last one,
series[i + L + h - 1]. There are N = T - L - h + 1 pairs.
"""

import numpy as np

from rnn_helpers.checks import check_make_windows


def my_make_windows(series, window, horizon=1):
    N = len(series) - window - horizon + 1
    X = np.array([series[i : i + window] for i in range(N)])
    y = np.array([series[i + window + horizon - 1] for i in range(N)])
    return X, y


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_make_windows, my_make_windows

if __name__ == "__main__":
    print(check_make_windows(my_make_windows))
