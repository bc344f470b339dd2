"""Exercise 7.1: probabilities at a temperature, p = softmax(z / tau).

Dividing the logits by tau < 1 stretches the gaps between them, so the favourite takes more of
the probability; tau > 1 shrinks the gaps towards a uniform distribution. Subtracting each
row's maximum keeps exp from overflowing when z / tau is large.
"""

import numpy as np

from rnn_helpers.checks import check_temperature_probs


def my_temperature_probs(logits, temperature):
    """softmax(logits / temperature) over the last axis; logits (..., V) -> p (..., V)."""
    z = logits / temperature
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


CHECK, ANSWER = check_temperature_probs, my_temperature_probs

if __name__ == "__main__":
    print(check_temperature_probs(my_temperature_probs))
