"""Exercise 3.3: the gradient of the mean cross-entropy with respect to the logits.

For one prediction with logits z and target class c, ℓ = -ln p_c = -z_c + ln Σ_j exp(z_j).
The derivative of ln Σ_j exp(z_j) with respect to z_i is exp(z_i) / Σ_j exp(z_j) = p_i, and that
of -z_c is -1 for i = c and 0 otherwise: dℓ/dz = p - onehot(c). The loss L averages M = N·T such
terms, so each prediction's logits get 1/M of its own gradient.
"""

import numpy as np

from rnn_helpers import softmax
from rnn_helpers.checks import check_cross_entropy_grad


def my_cross_entropy_grad(logits, targets):
    """dL/dz = (softmax(z) - onehot(targets)) / M; logits (N, T, V), targets (N, T) ints."""
    p = softmax(logits)
    onehot = np.eye(logits.shape[-1])[targets]
    return (p - onehot) / targets.size


# What tests/test_solutions.py runs: the notebook's check on this answer.
CHECK, ANSWER = check_cross_entropy_grad, my_cross_entropy_grad

if __name__ == "__main__":
    print(check_cross_entropy_grad(my_cross_entropy_grad))
