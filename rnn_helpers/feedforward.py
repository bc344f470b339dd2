"""From feedforward to recurrent (notebook 01): why context matters, and where the RNN comes from.

Three ideas, each a few small functions:

- **Context.** A tiny corpus in which the word after "lost" depends on the subject, one or two
  words earlier. `bayes_limit` gives the best accuracy and cross-entropy that *any* predictor
  seeing a given context can reach on it, from counts alone. A hand-set one-unit RNN
  (`pronoun_rnn_params`) carries the one bit that the current word lacks.
- **Unrolling and tying.** The popular "deeper network" with its own (w, b) per hidden layer,
  fed one input per layer, is an unrolled network with T untied steps (`unrolled_forward`);
  giving every step the same W_xh, W_hh, b_h (`tie_layers`) turns it into `rnn_forward`.
- **Parameter counts.** `rnn_param_count` does not depend on T; `unrolled_param_count` grows
  as T times the count of one step. The work of a forward pass grows with T in both.

Notation: h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h), ŷ_t = W_hy h_t + b_y, with W_xh (H, D),
W_hh (H, H), b_h (H,), W_hy (O, H), b_y (O,).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import NamedTuple

import numpy as np

from ._validate import check_positive_int
from .data import one_hot
from .rnn import init_rnn_params, rnn_forward, rnn_step

# ---------------------------------------------------------------- a corpus where context matters

#: Four sentences. The word after "lost" is "her" or "his", fixed by the name that starts the
#: sentence; in the last two sentences "really" stands between the name and "lost".
PRONOUN_CORPUS = (
    "anna lost her key .",
    "tom lost his key .",
    "mary really lost her key .",
    "jack really lost his key .",
)
FEMININE = ("anna", "mary")
MASCULINE = ("tom", "jack")


class BayesLimit(NamedTuple):
    """The best any predictor can do when it sees only a given context.

    Attributes
    ----------
    accuracy : float
        Fraction of predictions right when each context predicts its most frequent next token.
    cross_entropy : float
        Mean -log p(target | context) in nats, with p the empirical conditional distribution;
        this is the conditional entropy H(target | context) of the corpus.
    n : int
        Number of predictions.
    """

    accuracy: float
    cross_entropy: float
    n: int


def tokenize(sentences: Sequence[str]) -> list[list[str]]:
    """Split each sentence on white space: ``"tom lost his key ."`` -> 5 tokens."""
    if isinstance(sentences, str) or not all(isinstance(s, str) for s in sentences):
        raise TypeError(
            "sentences must be a sequence of strings (one per sentence), got "
            f"{type(sentences).__name__}"
        )
    tokens = [s.split() for s in sentences]
    if not tokens or any(len(t) < 2 for t in tokens):
        raise ValueError(
            "sentences must hold at least one sentence, each of at least 2 tokens, "
            f"got {list(sentences)!r}"
        )
    return tokens


def vocabulary(sentences: Sequence[str]) -> list[str]:
    """The distinct tokens of `sentences`, sorted; a token's index is its position."""
    return sorted({w for tokens in tokenize(sentences) for w in tokens})


def next_token_contexts(sentences: Sequence[str], k: int | None = 1) -> tuple[list, list]:
    """Pair every next token with what a predictor sees: the last `k` tokens so far.

    Each sentence is read on its own; for t = 1 ... len - 1 the target is token t and the context
    is the tuple of tokens t-k ... t-1 (fewer at the start of a sentence).

    Parameters
    ----------
    sentences : sequence of str
        White-space separated tokens.
    k : int or None
        How many tokens the predictor sees, ending with the current one: 1 is "the current token
        only"; None is the whole sentence so far.

    Returns
    -------
    contexts : list of tuple of str
    targets : list of str
        ``targets[i]`` is the token that follows ``contexts[i]``.
    """
    if k is not None:
        check_positive_int("k", k)
    contexts, targets = [], []
    for tokens in tokenize(sentences):
        for t in range(1, len(tokens)):
            start = 0 if k is None else max(0, t - k)
            contexts.append(tuple(tokens[start:t]))
            targets.append(tokens[t])
    return contexts, targets


def _check_pairs(contexts, targets) -> None:
    if len(contexts) != len(targets) or len(targets) == 0:
        raise ValueError(
            "contexts and targets must be non-empty and of equal length, got "
            f"{len(contexts)} contexts and {len(targets)} targets"
        )
    for name, items in (("contexts", contexts), ("targets", targets)):
        bad = next((c for c in items if not isinstance(c, Hashable)), None)
        if bad is not None:
            raise TypeError(
                f"{name} must hold hashable items (tuples, strings, numbers), "
                f"got a {type(bad).__name__}: {bad!r}"
            )


def next_token_counts(contexts: Sequence, targets: Sequence) -> dict[Hashable, Counter]:
    """n(c, y): how often each target y follows each context c.

    Returns
    -------
    counts : dict of context to collections.Counter
        ``counts[c][y]`` is the number of times y followed c.
    """
    _check_pairs(contexts, targets)
    counts: dict[Hashable, Counter] = {}
    for c, y in zip(contexts, targets, strict=True):
        counts.setdefault(c, Counter())[y] += 1
    return counts


def bayes_limit(contexts: Sequence, targets: Sequence) -> BayesLimit:
    """The best accuracy and cross-entropy of any function of the context, from counts.

    With n(c, y) the counts, n(c) = sum_y n(c, y) and n predictions:

    accuracy      = (1/n) sum_c max_y n(c, y)
    cross_entropy = -(1/n) sum_{c, y} n(c, y) log(n(c, y) / n(c))     (nats)

    No predictor that sees only c can do better on this data: for each context it can at best
    pick the most frequent target, and the empirical conditional distribution minimises the
    cross-entropy (Gibbs' inequality).

    Parameters
    ----------
    contexts : sequence of hashable, length n
        What the predictor sees before each prediction.
    targets : sequence of hashable, length n
        The token that actually came next.

    Returns
    -------
    BayesLimit
        ``(accuracy, cross_entropy, n)``.

    Examples
    --------
    >>> bayes_limit(["b", "b", "a"], ["c", "y", "b"]).accuracy
    0.6666666666666666
    """
    counts = next_token_counts(contexts, targets)
    n = len(targets)
    right = sum(max(c.values()) for c in counts.values())
    nll = 0.0
    for c in counts.values():
        k = np.array(list(c.values()), dtype=float)
        nll -= float(np.sum(k * np.log(k / k.sum())))
    return BayesLimit(right / n, nll / n + 0.0, n)  # + 0.0 turns -0.0 into 0.0


def one_hot_tokens(tokens: Sequence[str], vocab: Sequence[str]) -> np.ndarray:
    """One-hot rows for a list of tokens: x[t, i] = 1 where vocab[i] == tokens[t].

    Returns
    -------
    x : ndarray of shape (T, V)
    """
    index = {w: i for i, w in enumerate(vocab)}
    unknown = [w for w in tokens if w not in index]
    if unknown:
        raise ValueError(
            f"tokens must be in vocab ({len(index)} tokens), got unknown {unknown[0]!r}"
        )
    return one_hot(np.array([index[w] for w in tokens], dtype=int), len(vocab))


def pronoun_rnn_params(vocab: Sequence[str], w_hh: float = 2.0, w_in: float = 2.0) -> dict:
    """Hand-set weights of a one-unit RNN whose state remembers the subject's gender.

    h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h) with one-hot x_t: a feminine name pushes the unit to
    +tanh(w_in), a masculine name to -tanh(w_in), every other word adds 0, and the recurrent
    weight w_hh decides what happens to the state afterwards (w_hh = 0: it is forgotten at once;
    w_hh = 2: tanh(2 h) keeps its sign, near 0.96 in size, for as long as you like).

    Returns
    -------
    params : dict
        ``W_xh`` (1, V), ``W_hh`` (1, 1), ``b_h`` (1,).
    """
    W_xh = np.zeros((1, len(vocab)))
    for i, w in enumerate(vocab):
        W_xh[0, i] = w_in if w in FEMININE else -w_in if w in MASCULINE else 0.0
    return {"W_xh": W_xh, "W_hh": np.array([[float(w_hh)]]), "b_h": np.zeros(1)}


def rnn_state_contexts(sentences: Sequence[str], W_xh, W_hh, b_h) -> tuple[list, list]:
    """Contexts made of the current token and the sign of each hidden unit after reading it.

    Each sentence is run through `rnn_forward` (one-hot inputs over `vocabulary(sentences)`,
    h_0 = 0). The context before target t is (token t-1, sign(h_{t-1})), so a predictor using it
    sees the current word plus what the hidden state carries, rounded to one bit per unit.

    Returns
    -------
    contexts : list of tuple (str, tuple of int)
    targets : list of str
    """
    vocab = vocabulary(sentences)
    contexts, targets = [], []
    for tokens in tokenize(sentences):
        x = one_hot_tokens(tokens, vocab)[None]  # (1, T, V)
        h, _ = rnn_forward(x, np.zeros((1, np.shape(W_hh)[0])), W_xh, W_hh, b_h)
        signs = np.sign(h[0]).astype(int)  # (T, H)
        for t in range(1, len(tokens)):
            contexts.append((tokens[t - 1], tuple(signs[t - 1])))
            targets.append(tokens[t])
    return contexts, targets


# ---------------------------------------------------------------- unrolled layers -> one layer


def init_unrolled_params(
    D: int, H: int, O: int | None = None, *, T: int, rng: np.random.Generator
) -> list[dict[str, np.ndarray]]:
    """Untied parameters for T unrolled steps: step t has its own W_xh, W_hh, b_h (and W_hy, b_y).

    Each step is drawn like `init_rnn_params`, independently of the others.

    Returns
    -------
    layers : list of T dicts
        ``layers[t]`` holds ``W_xh`` (H, D), ``W_hh`` (H, H), ``b_h`` (H,) and, with `O`,
        ``W_hy`` (O, H), ``b_y`` (O,).
    """
    T = check_positive_int("T", T)
    return [init_rnn_params(D, H, O, rng=rng) for _ in range(T)]


def tie_layers(W_xh: np.ndarray, W_hh: np.ndarray, b_h: np.ndarray, T: int) -> list[dict]:
    """T steps that all use the same W_xh (H, D), W_hh (H, H) and b_h (H,): weight tying."""
    T = check_positive_int("T", T)
    return [{"W_xh": W_xh, "W_hh": W_hh, "b_h": b_h} for _ in range(T)]


def unrolled_forward(
    x: np.ndarray, h0: np.ndarray, layers: Sequence[dict], activation: str = "tanh"
) -> np.ndarray:
    """Run T unrolled steps, each with its own weights.

    h_t = f(W_xh^(t) x_t + W_hh^(t) h_{t-1} + b_h^(t)), t = 1 ... T.

    Step t is "hidden layer t" of the popular deeper-network picture, fed the input x_t as well
    as the layer below. With every step's weights equal (`tie_layers`) this is `rnn_forward`.

    Parameters
    ----------
    x : ndarray of shape (N, T, D)
        Inputs, batch-first.
    h0 : ndarray of shape (N, H)
        State before the first step.
    layers : sequence of T dicts
        ``layers[t]`` holds ``W_xh`` (H, D), ``W_hh`` (H, H) and ``b_h`` (H,) of step t; other
        keys (an output layer) are ignored.
    activation : {"tanh", "relu"}

    Returns
    -------
    h : ndarray of shape (N, T, H)
        States h_1 ... h_T.
    """
    if not isinstance(x, np.ndarray) or x.ndim != 3:
        raise ValueError(
            f"x must be a 3-D numpy array of shape (N, T, D), got "
            f"{getattr(x, 'shape', type(x).__name__)}"
        )
    T = x.shape[1]
    if len(layers) != T:
        raise ValueError(
            f"layers must hold one weight set per step, T = {T} to match x, "
            f"got {len(layers)}: an unrolled network has a fixed number of steps"
        )
    h, h_prev = [], h0
    for t, layer in enumerate(layers):
        missing = [k for k in ("W_xh", "W_hh", "b_h") if k not in layer]
        if missing:
            raise ValueError(f"layers[{t}] must hold W_xh, W_hh and b_h, missing {missing}")
        try:
            h_prev = rnn_step(
                x[:, t], h_prev, layer["W_xh"], layer["W_hh"], layer["b_h"], activation
            )
        except ValueError as e:
            raise ValueError(f"layers[{t}]: {e}") from None
        h.append(h_prev)
    return np.stack(h, axis=1)


class Edge(NamedTuple):
    """An arrow of a network diagram: ``src -> dst`` through weight `weight` of step `step`.

    `step` is None for a weight shared by every step (tied), else the step that owns it.
    """

    src: str
    dst: str
    weight: str
    step: int | None


def unrolled_graph(T: int, tied: bool = True, outputs: bool = True) -> dict:
    """The unrolled network as nodes and weighted edges (what `plots.feedforward` draws).

    Nodes are ``(name, kind, t)`` with kind "input" (x_t), "state" (h_t, h_0 included) or
    "output" (y_t). Edges are x_t -> h_t (W_xh), h_{t-1} -> h_t (W_hh) and h_t -> y_t (W_hy).
    Untied, every edge of step t carries ``step=t``; tied, ``step=None``. Biases are not edges.

    Returns
    -------
    graph : dict
        ``nodes`` (list of tuples), ``edges`` (list of Edge) and ``parameter_sets``: the number
        of distinct weight matrices drawn (3T untied with outputs, 3 tied).
    """
    T = check_positive_int("T", T)
    nodes = [("h_0", "state", 0)]
    edges = []
    for t in range(1, T + 1):
        s = None if tied else t
        nodes += [(f"x_{t}", "input", t), (f"h_{t}", "state", t)]
        edges += [Edge(f"x_{t}", f"h_{t}", "W_xh", s), Edge(f"h_{t - 1}", f"h_{t}", "W_hh", s)]
        if outputs:
            nodes.append((f"y_{t}", "output", t))
            edges.append(Edge(f"h_{t}", f"y_{t}", "W_hy", s))
    return {
        "nodes": nodes,
        "edges": edges,
        "parameter_sets": len({(e.weight, e.step) for e in edges}),
    }


def folded_graph() -> dict:
    """The folded (rolled-up) view: one cell h_t with a loop W_hh onto itself."""
    edges = [
        Edge("x_t", "h_t", "W_xh", None),
        Edge("h_t", "h_t", "W_hh", None),
        Edge("h_t", "y_t", "W_hy", None),
    ]
    nodes = [("x_t", "input", 0), ("h_t", "state", 0), ("y_t", "output", 0)]
    return {"nodes": nodes, "edges": edges, "parameter_sets": 3}


# ---------------------------------------------------------------- parameter counts


def rnn_param_breakdown(D: int, H: int, O: int | None = None) -> dict[str, int]:
    """Entries of each array of an RNN: W_xh H·D, W_hh H·H, b_h H (and W_hy O·H, b_y O).

    The keys and sizes are those of the arrays `init_rnn_params(D, H, O)` creates.
    """
    D, H = check_positive_int("D", D), check_positive_int("H", H)
    counts = {"W_xh": H * D, "W_hh": H * H, "b_h": H}
    if O is not None:
        O = check_positive_int("O", O)
        counts |= {"W_hy": O * H, "b_y": O}
    return counts


def rnn_param_count(D: int, H: int, O: int | None = None) -> int:
    """Parameters of an RNN layer, H·D + H·H + H, plus O·H + O with an output layer.

    The same arrays serve every time step, so the count does not depend on the sequence length.

    Parameters
    ----------
    D, H : int
        Input and hidden sizes (positive).
    O : int, optional
        Output size; None counts the recurrent layer alone.

    Returns
    -------
    count : int

    Examples
    --------
    >>> rnn_param_count(D=1, H=2, O=1)     # 2 + 4 + 2 + 2 + 1
    11
    """
    return sum(rnn_param_breakdown(D, H, O).values())


def unrolled_param_count(D: int, H: int, O: int | None = None, *, T: int) -> int:
    """Parameters of the untied unrolled network: T·(H·D + H·H + H + O·H + O).

    What is counted: each of the T steps owns a W_xh (H, D), a W_hh (H, H), a b_h (H,) and, when
    `O` is given, an output layer W_hy (O, H), b_y (O,), exactly the arrays
    `init_unrolled_params` creates. The initial state h_0 is an input, not a parameter. (With
    h_0 = 0 the first step's W_hh never changes anything; a minimal untied network could drop
    it and have H·H fewer parameters. It is counted here so that every step is alike.)

    Parameters
    ----------
    D, H : int
        Input and hidden sizes.
    O : int, optional
        Output size of every step's output layer; None counts no output layers.
    T : int
        Number of steps (keyword-only, so that it cannot be confused with O).

    Returns
    -------
    count : int
    """
    return check_positive_int("T", T) * rnn_param_count(D, H, O)


def param_counts_vs_T(D: int, H: int, O: int | None, T_max: int) -> dict[str, np.ndarray]:
    """Both counts for T = 1 ... T_max: what the parameter-count figure plots.

    Returns
    -------
    counts : dict
        ``T`` (T_max,) int, ``rnn`` (T_max,) the RNN count at every T (constant) and
        ``unrolled`` (T_max,) the untied count.
    """
    T = np.arange(1, check_positive_int("T_max", T_max) + 1)
    one = rnn_param_count(D, H, O)
    return {"T": T, "rnn": np.full(T.shape, one), "unrolled": T * one}


def forward_multiply_adds(D: int, H: int, O: int | None = None, *, T: int) -> int:
    """Multiply-adds of one forward pass over T steps: T·(H·D + H·H + O·H).

    W_xh x_t costs H·D, W_hh h_{t-1} costs H·H and W_hy h_t costs O·H at every step, whether the
    steps share their weights (RNN) or not (untied): tying saves storage, not arithmetic.
    """
    T = check_positive_int("T", T)
    per_step = rnn_param_breakdown(D, H, O)
    return T * (per_step["W_xh"] + per_step["W_hh"] + per_step.get("W_hy", 0))
