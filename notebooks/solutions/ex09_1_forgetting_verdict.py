"""Exercise 9.1: a verdict with its number.

dist[n, t-1] is how far apart the two hidden states of pair n are at step t. A pair is still
"apart" at step t while dist >= 1e-6. The first step from which no pair is apart any more is one
past the last step at which some pair still is (steps count from 1, so index i is step i + 1).
Every pair's first input was forgotten, so the claim that an RNN keeps every piece of
information is false.
"""

import numpy as np

from rnn_helpers.checks import check_forgetting_verdict, forgetting_exercise_distances

dist = forgetting_exercise_distances()  # the same array the notebook shows
apart = (dist >= 1e-6).any(axis=0)  # (T,): is some pair still apart at step t?
my_answer = {"step": int(np.flatnonzero(apart)[-1]) + 2, "verdict": "false"}

# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_forgetting_verdict, my_answer

if __name__ == "__main__":
    print(check_forgetting_verdict(my_answer))
