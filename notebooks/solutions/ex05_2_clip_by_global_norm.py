"""Exercise 5.2: clip gradients by their global norm (Pascanu et al. 2013, Algorithm 1).

One norm over all arrays together; rescale only when it is above max_norm; return new arrays and
the norm measured before clipping.
"""

import numpy as np

from rnn_helpers.checks import check_clip_by_global_norm


def my_clip_by_global_norm(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    scale = max_norm / norm if norm > max_norm else 1.0
    return {name: g * scale for name, g in grads.items()}, float(norm)


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_clip_by_global_norm, my_clip_by_global_norm

if __name__ == "__main__":
    print(check_clip_by_global_norm(my_clip_by_global_norm))
