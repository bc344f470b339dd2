"""Exercise 7.2: a loss in nats as bits per character and as perplexity.

The loss of notebook 03 is -mean ln p. Since log2 p = ln p / ln 2, the same average in bits is
loss / ln 2. Perplexity is e^loss = 2^bits: the number of equally likely characters that would
leave the model just as unsure.
"""

import numpy as np

from rnn_helpers.checks import check_bits_and_perplexity


def my_bits_and_perplexity(loss_nats):
    """(bits per character, perplexity) of a mean cross-entropy `loss_nats` in nats."""
    return loss_nats / np.log(2), np.exp(loss_nats)


CHECK, ANSWER = check_bits_and_perplexity, my_bits_and_perplexity

if __name__ == "__main__":
    print(check_bits_and_perplexity(my_bits_and_perplexity))
