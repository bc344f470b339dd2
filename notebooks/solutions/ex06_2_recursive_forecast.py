"""Exercise 6.2: forecast h steps ahead by feeding each one-step forecast back in.

The window keeps its length L: drop the oldest value, append the forecast as the newest.
"""

import numpy as np

from rnn_helpers.checks import check_recursive_forecast


def my_recursive_forecast(step, history, horizon):
    w = history.copy()
    forecasts = []
    for _ in range(horizon):
        y_next = step(w)  # (N,)
        forecasts.append(y_next)
        w = np.concatenate([w[:, 1:], y_next[:, None]], axis=1)
    return np.stack(forecasts, axis=1)  # (N, horizon)


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_recursive_forecast, my_recursive_forecast

if __name__ == "__main__":
    print(check_recursive_forecast(my_recursive_forecast))
