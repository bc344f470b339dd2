"""Notebook 07's character model: streams, scoring, early stopping, checkpoints, sampling,
word completions, and hidden-unit correlations (on small random models)."""

import json

import numpy as np
import pytest

from rnn_helpers import Adam, init_rnn_params, train
from rnn_helpers import charmodel as cm
from rnn_helpers.data import build_vocab, encode, speaker_line_mask

TEXT = "First Citizen:\nWe are accounted poor citizens.\n\nSECOND:\nWhat say'st thou?\n" * 3
VOCAB = build_vocab(TEXT)
V = len(VOCAB)


@pytest.fixture
def params():
    p = init_rnn_params(V, 16, V, rng=np.random.default_rng(3))
    p["W_hh"] *= 3  # some memory, so that the state matters
    return p


def test_char_streams_are_consecutive_slices():
    idx = np.arange(23) % V
    x, y = cm.char_streams(idx, V, 3)
    assert x.shape == (3, 7, V) and x.dtype == np.uint8 and y.shape == (3, 7)
    assert np.array_equal(x.argmax(-1), idx[:21].reshape(3, 7))
    assert np.array_equal(y, idx[1:22].reshape(3, 7))
    with pytest.raises(ValueError, match="N must be at most"):
        cm.char_streams(idx, V, 30)


def test_text_log2_probs_match_the_per_character_reference(params):
    """Chunked scoring = one pass = notebook 03's next_char_probabilities, in bits."""
    idx = encode(TEXT, VOCAB)
    ref = cm.next_char_probabilities(TEXT, VOCAB, params)
    want = -ref["step_loss"] / np.log(2)
    for chunk in (7, 50, 10_000):
        np.testing.assert_allclose(cm.text_log2_probs(params, idx, chunk=chunk), want, rtol=1e-10)
    assert cm.bits_per_char(params, idx) == pytest.approx(ref["loss"] / np.log(2))
    _, h = cm.text_log2_probs(params, idx, return_states=True)
    assert h.shape == (idx.size - 1, 16)


def test_train_callback_is_called_and_can_stop(params):
    idx = encode(TEXT, VOCAB)
    x, y = cm.char_streams(idx, V, 2)
    calls = []

    def callback(step, p):
        calls.append(step)
        assert p is params
        return step >= 6

    def run(steps, cb):
        return train(params, x, y, steps=steps, optimizer=Adam(1e-2), loss="cross_entropy",
                     window=10, callback=cb, callback_every=3, progress=False)  # fmt: skip

    r = run(20, callback)
    assert calls == [3, 6] and r.stopped_early and r.logged_steps[-1] == 6
    r = run(5, lambda s, p: calls.append(s))
    assert calls[2:] == [3, 5] and not r.stopped_early
    with pytest.raises(TypeError, match="callback must be a function"):
        train(params, x, y, steps=1, optimizer=Adam(), loss="cross_entropy", callback=3)


def test_early_stopping_keeps_the_best_and_lowers_the_rate(params, monkeypatch):
    scores = iter([3.0, 2.5, 2.6, 2.7, 2.4, 2.8, 2.9, 3.0, 3.1])
    monkeypatch.setattr(cm, "bits_per_char", lambda p, idx: next(scores))
    opt = Adam(0.01)
    stop = cm.EarlyStopping(np.arange(5), opt, patience=2, lr_decay=0.5, stop_after=1)
    answers = []
    for step in range(1, 10):
        params["b_y"][:] = step  # a marker of when the copy was taken
        answers.append(stop(step, params))
        if answers[-1]:
            break
    assert stop.best_bits == 2.4 and stop.best_step == 5
    assert np.all(stop.best_params["b_y"] == 5)  # a copy, not the live array
    assert stop.lrs == [0.01] * 4 + [0.005] * 3
    assert answers == [False] * 6 + [True]  # lowered after 2.6, 2.7; stopped after 2.8, 2.9


def test_checkpoint_round_trip_and_refusals(tmp_path, params):
    path = tmp_path / "m.npz"
    cm.save_checkpoint(path, params, {"vocab": VOCAB, "H": 16, "val_bits": 1.5})
    loaded, meta = cm.load_checkpoint(path, vocab=VOCAB)
    assert meta["val_bits"] == 1.5 and meta["dtype"] == "float64"
    assert all(np.array_equal(loaded[k], params[k]) for k in params)

    def rewrite(change):
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in f.files}
        change(arrays)
        bad = tmp_path / "bad.npz"
        np.savez(bad, **arrays)
        return bad

    def set_meta(a, **kw):
        a["meta"] = np.array(json.dumps(dict(json.loads(str(a["meta"])), **kw)))

    cases = [
        (lambda a: a.pop("W_hh"), r"missing \['W_hh'\]"),
        (lambda a: a.update(extra=np.zeros(2)), r"unexpected \['extra'\]"),
        (
            lambda a: a.update(W_hy=a["W_hy"][:-1]),
            rf"W_hy has shape \({V - 1}, 16\).*says \({V}, 16\)",
        ),
        (lambda a: a.update(b_h=a["b_h"].astype(np.float32)), "b_h has dtype float32"),
        (lambda a: set_meta(a, H=8), rf"W_xh has shape \(16, {V}\).*H = 8"),
        (lambda a: a.pop("meta"), "no 'meta' entry"),
    ]
    for change, message in cases:
        with pytest.raises(cm.CheckpointError, match=message):
            cm.load_checkpoint(rewrite(change))
    with pytest.raises(cm.CheckpointError, match=r"vocab differs.*only given 'Z'"):
        cm.load_checkpoint(path, vocab=VOCAB + "Z")
    with pytest.raises(cm.CheckpointError, match="same set, other order"):
        cm.load_checkpoint(path, vocab=VOCAB[::-1])


def test_sampling_greedy_temperature_and_seeds(params):
    greedy = cm.sample_text(params, VOCAB, "We ", 30, temperature=None)
    assert greedy == cm.sample_text(params, VOCAB, "We ", 30, temperature=None)
    a = cm.sample_text(params, VOCAB, "We ", 200, temperature=1.0, rng=np.random.default_rng(0))
    b = cm.sample_text(params, VOCAB, "We ", 200, temperature=1.0, rng=np.random.default_rng(0))
    assert a == b and len(a) == 200 and set(a) <= set(VOCAB)
    sharp = dict(params, W_hy=20 * params["W_hy"])  # clear favourites at every step
    cold = cm.sample_text(sharp, VOCAB, "We ", 30, temperature=0.01, rng=np.random.default_rng(1))
    assert cold == cm.sample_text(sharp, VOCAB, "We ", 30, temperature=None)  # ~ greedy
    z = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(cm.temperature_probs(z, 1.0), np.exp(z) / np.exp(z).sum())
    assert cm.temperature_probs(z, 0.5)[2] > cm.temperature_probs(z, 1.0)[2]
    assert np.ptp(cm.temperature_probs(z, 100.0)) < 0.01
    with pytest.raises(TypeError, match="rng must be"):
        cm.sample_text(params, VOCAB, "We", 5, temperature=1.0)
    with pytest.raises(ValueError, match="prefix must hold at least one character"):
        cm.sample_text(params, VOCAB, "", 5, temperature=None)


def test_next_char_distribution_and_word_completions(params):
    p = cm.next_char_distribution(params, VOCAB, "We are acc")
    ref = cm.next_char_probabilities("We are acc" + "o", VOCAB, params)["probs"][-1]
    np.testing.assert_allclose(p, ref, rtol=1e-10)
    completions = cm.word_completions(params, VOCAB, "We are acc", k=5)
    probs = [q for _, q in completions]
    assert len(completions) == 5 and probs == sorted(probs, reverse=True)
    assert all(
        set(w) <= set(VOCAB) and all(c.isalpha() or c == "'" for c in w) for w, _ in completions
    )
    # each probability is the product of next-character probabilities, ending on a non-letter
    word, q = completions[0]
    letters = np.array([c.isalpha() or c == "'" for c in VOCAB])
    want, prefix = 1.0, "We are acc"
    for c in word:
        want *= cm.next_char_distribution(params, VOCAB, prefix)[VOCAB.index(c)]
        prefix += c
    want *= cm.next_char_distribution(params, VOCAB, prefix)[~letters].sum()
    assert q == pytest.approx(want)
    assert sum(probs) <= 1 + 1e-12


def test_text_features_and_unit_correlations():
    f = cm.text_features("Ab c\nHI:\nxy")
    assert f["in_word"].tolist() == [1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1]
    assert f["line_position"].tolist() == [0, 1, 2, 3, 4, 0, 1, 2, 3, 0, 1]
    assert f["vowel"].tolist() == [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    rng = np.random.default_rng(0)
    feature = rng.normal(size=200)
    h = np.stack([feature, -2 * feature + 1, rng.normal(size=200), np.zeros(200)], axis=1)
    r = cm.unit_correlations(h, feature)
    np.testing.assert_allclose(r[:2], [1, -1])
    assert abs(r[2]) < 0.2 and r[3] == 0
    with pytest.raises(ValueError, match="feature must have shape"):
        cm.unit_correlations(h, feature[:-1])


def test_speaker_line_mask():
    text = "A:\nhi there:\n\nBOB:\nyes\n"
    m = speaker_line_mask(text)
    assert "".join(c for c, k in zip(text, m) if k) == "A:\nBOB:\n"


def test_load_checkpoint_finds_data_from_another_working_directory(tmp_path, monkeypatch, params):
    from rnn_helpers.data import DataFileError

    (tmp_path / "data").mkdir()
    (tmp_path / "notebooks").mkdir()
    cm.save_checkpoint(tmp_path / "data" / cm.CHECKPOINT_FILE, params, {"vocab": VOCAB, "H": 16})
    monkeypatch.chdir(tmp_path / "notebooks")
    monkeypatch.setenv("RNN_COURSE_DATA", str(tmp_path / "data"))  # as on a non-editable install
    loaded, meta = cm.load_checkpoint(vocab=VOCAB)
    assert meta["H"] == 16 and np.array_equal(loaded["W_hh"], params["W_hh"])
    monkeypatch.setattr(cm, "CHECKPOINT_FILE", "absent.npz")
    with pytest.raises(DataFileError, match=r"absent\.npz is missing.*train_charmodel"):
        cm.load_checkpoint()


# ---------------------------------------------------------------- the same functions, for an LSTM
@pytest.fixture
def lstm_params():
    from rnn_helpers import init_lstm_params

    return init_lstm_params(V, 8, V, rng=np.random.default_rng(5))


def _lstm_log2_probs_directly(p, idx):
    """One lstm_forward over the whole text, then the output layer and a log-softmax."""
    from rnn_helpers import lstm_forward
    from rnn_helpers.data import one_hot

    z = np.zeros((1, 8))
    h, _ = lstm_forward(one_hot(idx[:-1], V)[None], z, z, p["W_x"], p["W_h"], p["b"])
    logits = h[0] @ p["W_hy"].T + p["b_y"]
    logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return logp[np.arange(idx.size - 1), idx[1:]] / np.log(2), h[0]


def test_lstm_scoring_equals_lstm_forward_and_softmax(lstm_params):
    """Chunked scoring carries the cell state too: every chunk size gives the one-pass numbers."""
    idx = encode(TEXT, VOCAB)
    want, h_want = _lstm_log2_probs_directly(lstm_params, idx)
    for chunk in (7, 50, 10_000):
        got = cm.text_log2_probs(lstm_params, idx, chunk=chunk)
        np.testing.assert_allclose(got, want, rtol=1e-10)
    _, h = cm.text_log2_probs(lstm_params, idx, chunk=7, return_states=True)
    np.testing.assert_allclose(h, h_want, rtol=1e-10)
    assert cm.bits_per_char(lstm_params, idx) == pytest.approx(-want.mean())
    # the step-by-step helpers (float64, one character at a time) agree with the same numbers
    p = cm.next_char_distribution(lstm_params, VOCAB, TEXT[:20])
    assert np.log2(p[idx[20]]) == pytest.approx(want[19], rel=1e-10)
    h_20, c_20 = cm.read_prefix(lstm_params, VOCAB, TEXT[:20])
    np.testing.assert_allclose(h_20, h_want[19], rtol=1e-10)
    assert c_20.shape == (8,)
    broken = {k: v for k, v in lstm_params.items() if k != "W_h"}
    with pytest.raises(ValueError, match="params must hold W_x, W_h, b, W_hy, b_y, missing W_h"):
        cm.text_log2_probs(broken, idx)


def test_lstm_sampling_is_deterministic_and_follows_the_model(lstm_params):
    sharp = dict(lstm_params, W_hy=30 * lstm_params["W_hy"])  # clear favourites at every step
    greedy = cm.sample_text(sharp, VOCAB, "We ", 20, temperature=None)
    text = "We "
    for c in greedy:  # each greedy character is the most likely one after what came before
        assert c == VOCAB[int(np.argmax(cm.next_char_distribution(sharp, VOCAB, text)))]
        text += c
    a = cm.sample_text(
        lstm_params, VOCAB, "We ", 100, temperature=1.0, rng=np.random.default_rng(2)
    )
    b = cm.sample_text(
        lstm_params, VOCAB, "We ", 100, temperature=1.0, rng=np.random.default_rng(2)
    )
    c = cm.sample_text(
        lstm_params, VOCAB, "We ", 100, temperature=1.0, rng=np.random.default_rng(3)
    )
    assert a == b != c and len(a) == 100 and set(a) <= set(VOCAB)
    completions = cm.word_completions(lstm_params, VOCAB, "We are acc", k=3)
    assert len(completions) == 3 and completions[0][1] >= completions[-1][1] > 0


def test_lstm_checkpoint_round_trip_and_refusals(tmp_path, lstm_params):
    path = tmp_path / "lstm.npz"
    cm.save_checkpoint(path, lstm_params, {"vocab": VOCAB, "H": 8})
    loaded, meta = cm.load_checkpoint(path, vocab=VOCAB)
    assert meta["model"] == "lstm" and meta["arrays"] == ["W_x", "W_h", "b", "W_hy", "b_y"]
    assert all(np.array_equal(loaded[k], lstm_params[k]) for k in lstm_params)
    with np.load(path, allow_pickle=False) as f:
        arrays = {k: f[k] for k in f.files}
    bad = tmp_path / "bad.npz"
    np.savez(bad, **(arrays | {"W_h": arrays["W_h"][:, :-1]}))
    with pytest.raises(cm.CheckpointError, match=r"W_h has shape \(32, 7\).*says \(32, 8\)"):
        cm.load_checkpoint(bad)
    meta_rnn = json.dumps(dict(json.loads(str(arrays["meta"])), model="rnn"))
    np.savez(bad, **(arrays | {"meta": np.array(meta_rnn)}))  # LSTM arrays, RNN metadata
    with pytest.raises(cm.CheckpointError, match=r"missing \['W_hh', 'W_xh', 'b_h'\]"):
        cm.load_checkpoint(bad)
    with pytest.raises(ValueError, match="model must be 'rnn' or 'lstm', got 'gru'"):
        cm.load_checkpoint(model="gru")
