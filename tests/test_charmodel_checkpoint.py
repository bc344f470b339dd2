"""The committed checkpoint data/charmodel.npz: it loads, it is what its metadata says, and it
scores on the test part what it claims, better than every add-k n-gram of orders 1-5."""

import numpy as np
import pytest

import rnn_helpers
from rnn_helpers import charmodel as cm
from rnn_helpers import ngram as ng
from rnn_helpers.data import build_vocab, encode, load_shakespeare, split_by_position


@pytest.fixture(scope="module")
def corpus():
    text = load_shakespeare()
    vocab = build_vocab(text)
    return vocab, [encode(part, vocab) for part in split_by_position(text)]


@pytest.fixture(scope="module")
def checkpoint(corpus):
    return cm.load_checkpoint(vocab=corpus[0])


def test_checkpoint_metadata(checkpoint, corpus):
    params, meta = checkpoint
    assert meta["vocab"] == corpus[0] and meta["H"] == params["W_hh"].shape[0]
    assert meta["package_version"] == rnn_helpers.__version__
    assert meta["dtype"] == "float32" and all(p.dtype == np.float32 for p in params.values())
    for key in ("hyperparameters", "train_seconds", "val_bits", "test_bits", "history"):
        assert key in meta
    h = meta["history"]
    assert len(h["step"]) == len(h["val_bits"]) == len(h["train_bits"]) == len(h["lr"])
    assert min(h["val_bits"]) == pytest.approx(meta["val_bits"], abs=1e-4)
    assert h["step"][int(np.argmin(h["val_bits"]))] == meta["best_step"]


def test_checkpoint_scores_what_it_claims(checkpoint, corpus):
    params, meta = checkpoint
    _, val, test = corpus[1]
    assert cm.bits_per_char(params, test) == pytest.approx(meta["test_bits"], abs=1e-4)
    assert cm.bits_per_char(params, val) == pytest.approx(meta["val_bits"], abs=1e-4)


def test_checkpoint_beats_every_addk_ngram(checkpoint, corpus):
    _, meta = checkpoint
    train, val, test = corpus[1]
    counts = ng.count_ngrams(train, 65, 5)
    for order in range(1, 6):
        k, _ = ng.choose_k(counts, val, order, np.logspace(-4, 1, 21))
        addk = ng.bits_per_char(ng.addk_log2_probs(counts, test, order, k))
        assert meta["test_bits"] < addk - 0.03, (order, k, addk)


def test_refuses_a_vocabulary_that_differs(corpus):
    with pytest.raises(cm.CheckpointError, match="vocab differs"):
        cm.load_checkpoint(vocab=corpus[0].replace("3", ""))
