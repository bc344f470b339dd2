"""Exercise 7.3: score an add-k bigram model in bits per character.

Row a of the count matrix C holds what followed character a in the training text. Adding k to
every count and normalising each row gives p(b | a); the score is -mean log2 p over each pair
(previous character, next character) of the text.
"""

import numpy as np

from rnn_helpers.checks import check_bigram_bits


def my_bigram_bits(C, idx, k):
    """-mean log2 p(idx[t] | idx[t-1]) with p(b | a) = (C[a, b] + k) / (sum_b C[a, b] + k V)."""
    V = C.shape[0]
    P = (C + k) / (C.sum(axis=1, keepdims=True) + k * V)
    return -np.mean(np.log2(P[idx[:-1], idx[1:]]))


CHECK, ANSWER = check_bigram_bits, my_bigram_bits

if __name__ == "__main__":
    print(check_bigram_bits(my_bigram_bits))
