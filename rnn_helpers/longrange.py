"""Long-range dependencies: the adding problem, its exact baseline, and a small experiment runner.

The task (`rnn_helpers.tasks.adding_problem`, the variant of Le et al. 2015 and Arjovsky et al.
2016): each step carries a value v_t ~ U(0, 1) and a marker m_t ∈ {0, 1}; one step in the first
half and one in the second half are marked; the target, read after the last step, is the sum
y = a + b of the two marked values.

The best constant prediction is c = E[y] = 1/2 + 1/2 = 1, and its mean squared error is
Var(y) = Var(a) + Var(b) = 1/12 + 1/12 = 1/6, whatever T is. A network that cannot carry
information across T/2 or more steps can do no better than that. A network that knows one of the
two values exactly but nothing about the other scores Var(a) = 1/12.

`exact_adding_solution` builds a 2-unit ReLU RNN that solves the task exactly for every T, and
`marked_value_sensitivity` measures how much a trained network's prediction depends on each
marked value (1 for an exact solver, 0 for one that has forgotten it).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import numpy as np

from ._validate import check_activation
from .bptt import rnn_backward
from .data import data_path
from .dynamics import identity_init, jacobian_norms, orthogonal
from .gru import init_gru_params
from .lstm import init_lstm_params, lstm_backward, lstm_forward
from .optim import Adam
from .rnn import init_rnn_params, rnn_forward
from .tasks import adding_problem
from .training import NonFiniteError, evaluate, train

INITS = ("default", "orthogonal", "identity")
MODELS = ("rnn", "lstm", "gru")
LEARNED = 0.08  # test MSE below this: the run has learned the task (about half of 1/6)
BAND = 0.02  # test MSE within this of 1/6: the run sits on the constant-prediction baseline


def adding_baseline_mse() -> float:
    """Var(a + b) for a, b ~ U(0, 1) independent: 2 · 1/12 = 1/6, the MSE of always predicting 1.

    Returns
    -------
    float
        1/6.
    """
    var_uniform = 1.0 / 12.0  # ∫_0^1 (v - 1/2)^2 dv
    return 2 * var_uniform


def init_adding_params(H: int, *, init: str = "default", rng: np.random.Generator) -> dict:
    """Parameters of a D = 2 → H → O = 1 RNN for the adding problem.

    Every weight is drawn as in PyTorch (`init_rnn_params`: uniform on ±1/√H); then W_hh is
    replaced by a random orthogonal matrix (``init="orthogonal"``) or the identity
    (``init="identity"``, the IRNN of Le et al. 2015).

    Returns
    -------
    params : dict
        ``W_xh`` (H, 2), ``W_hh`` (H, H), ``b_h`` (H,), ``W_hy`` (1, H), ``b_y`` (1,).
    """
    if init not in INITS:
        raise ValueError(f"init must be one of {INITS}, got {init!r}")
    params = init_rnn_params(2, H, 1, rng=rng)
    if init == "orthogonal":
        params["W_hh"] = orthogonal(H, rng=rng)
    elif init == "identity":
        params["W_hh"] = identity_init(H)
    return params


def _adding_model(model: str, H: int, init: str, rng: np.random.Generator) -> dict:
    """A D = 2 → H → O = 1 model: `init_adding_params`, an LSTM (forget-gate bias 1) or a GRU."""
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, got {model!r}")
    if model == "lstm":
        return init_lstm_params(2, H, 1, rng=rng)
    if model == "gru":
        return init_gru_params(2, H, 1, rng=rng)
    return init_adding_params(H, init=init, rng=rng)


def initial_adding_params(
    *, rng: np.random.Generator, model: str = "rnn", init: str = "default", H: int = 16
) -> dict:
    """The parameters `run_adding` starts from with a generator in the same state as `rng`.

    Parameters
    ----------
    rng : np.random.Generator
        Draws the weights (the first draws `run_adding` makes from its `rng`).
    model : {"rnn", "lstm", "gru"}
    init : {"default", "orthogonal", "identity"}
    H : int
        Hidden units.

    Returns
    -------
    params : dict of str to ndarray
        See `init_adding_params` (or ``init_lstm_params(2, H, 1, rng=rng)`` for the LSTM,
        ``init_gru_params(2, H, 1, rng=rng)`` for the GRU).
    """
    return _adding_model(model, H, init, rng)


@dataclass(frozen=True)
class AddingRun:
    """One training run on the adding problem.

    Attributes
    ----------
    T, activation, init : the setting.
    test_mse : float
        MSE on fresh test sequences (nan if training diverged).
    losses : ndarray of shape (steps,)
        Training loss per update (up to the divergence, if any).
    grad_norms : ndarray of shape (steps,)
        Global gradient norm per update, before clipping.
    diverged : bool
        True if the loss or a gradient became non-finite.
    seconds : float
    params : dict of str to ndarray
        The trained parameters (as far as training got, if it diverged).
    """

    T: int
    activation: str
    init: str
    test_mse: float
    losses: np.ndarray
    grad_norms: np.ndarray
    diverged: bool
    seconds: float
    params: dict = field(default_factory=dict, repr=False, compare=False)
    model: str = "rnn"

    @property
    def outcome(self) -> str:
        """``"learned"``, ``"baseline"`` or ``"partial"`` (see `classify`)."""
        return classify(self.test_mse)


def _train_adding(params, x, y, steps, optimizer, clip, batch_size, rng, activation):
    """`train` as the adding problem uses it: many-to-one, MSE, quiet. Raises NonFiniteError."""
    return train(
        params,
        x,
        y,
        steps=steps,
        optimizer=optimizer,
        mode="many-to-one",
        loss="mse",
        clip=clip,
        batch_size=batch_size,
        rng=rng,
        activation=activation,
        progress=False,
    )


def run_adding(
    T: int,
    *,
    activation: str = "tanh",
    init: str = "default",
    rng: np.random.Generator,
    test_rng: np.random.Generator,
    model: str = "rnn",
    H: int = 16,
    steps: int = 400,
    lr: float = 0.01,
    clip: float | None = 1.0,
    batch_size: int = 32,
    n_train: int = 2000,
    n_test: int = 1000,
) -> AddingRun:
    """Train an RNN on the adding problem of length T with Adam and `training.train`; test it.

    Training draws the initial weights, `n_train` sequences and `steps` random mini-batches of
    `batch_size` from `rng`, in that order; the test set (`n_test` fresh sequences) comes from
    `test_rng` (``sweep_record`` uses ``default_rng(seed)`` and ``default_rng(10_000 + seed)``,
    so every activation and initialisation is tested on the same sequences).

    Parameters
    ----------
    T : int
        Sequence length.
    activation : {"tanh", "relu"}
    init : {"default", "orthogonal", "identity"}
        See `init_adding_params`.
    rng : np.random.Generator
        Initial weights, training set and mini-batches.
    test_rng : np.random.Generator
        Test set, drawn only if training did not diverge.
    model : {"rnn", "lstm", "gru"}
        ``"lstm"`` trains an LSTM of H units from ``init_lstm_params(2, H, 1, rng=rng)``
        (forget-gate bias 1) instead, ``"gru"`` a GRU from ``init_gru_params(2, H, 1, rng=rng)``;
        `activation` and `init` are then ignored.
    H : int
        Hidden units.
    steps : int
        Number of updates.
    lr : float
        Adam's learning rate.
    clip : float or None
        Gradient-norm clipping threshold (None: no clipping).
    batch_size, n_train, n_test : int

    Returns
    -------
    AddingRun
        A run whose loss or gradient became non-finite is returned with ``diverged=True``, its
        history up to that point and ``test_mse = nan``; no error is raised.
    """
    activation = check_activation(activation)
    params = _adding_model(model, H, init, rng)
    x, y = adding_problem(n_train, T, rng=rng)
    start = time.perf_counter()
    try:
        result = _train_adding(params, x, y, steps, Adam(lr), clip, batch_size, rng, activation)
    except NonFiniteError as error:
        history, mse, diverged = error, float("nan"), True
    else:
        x_test, y_test = adding_problem(n_test, T, rng=test_rng)
        mse = evaluate(result.params, x_test, y_test, mode="many-to-one", activation=activation)
        history, diverged = result, False
    seconds = time.perf_counter() - start
    return AddingRun(
        T,
        activation,
        init,
        mse,
        np.asarray(history.losses),
        np.asarray(history.grad_norms),
        diverged,
        seconds,
        params,
        model,
    )


def classify(test_mse: float, *, learned: float = LEARNED, band: float = BAND) -> str:
    """Name the outcome of a run from its test MSE.

    ``"learned"`` below `learned`; ``"baseline"`` within `band` of 1/6 (the constant prediction);
    ``"partial"`` in between, or above the band, or nan (diverged).

    Parameters
    ----------
    test_mse : float
    learned : float
        Threshold of "learned" (`LEARNED`, 0.08).
    band : float
        Half-width of the band around 1/6 (`BAND`, 0.02).

    Returns
    -------
    {"learned", "baseline", "partial"}
    """
    if test_mse < learned:
        return "learned"
    if abs(test_mse - adding_baseline_mse()) < band:
        return "baseline"
    return "partial"


def gradient_flow(
    params: dict, T: int, *, rng: np.random.Generator, activation: str = "tanh", n: int = 8
) -> np.ndarray:
    """Median over n adding-problem sequences of ‖∂h_T/∂h_{T-k}‖, k = 0 ... T, for given weights.

    Parameters
    ----------
    params : dict
        ``W_xh`` (H, 2), ``W_hh`` (H, H), ``b_h`` (H,) (other entries are ignored).
    T : int
        Sequence length.
    rng : np.random.Generator
        Draws the n sequences (notebook 05 uses ``default_rng(1)``).
    activation : {"tanh", "relu"}
    n : int
        Number of sequences.

    Returns
    -------
    norms : ndarray of shape (T + 1,)
        ``norms[k]`` = median ‖∂h_T/∂h_{T-k}‖ (``norms[0]`` = 1).
    """
    activation = check_activation(activation)
    H = params["W_hh"].shape[0]
    x, _ = adding_problem(n, T, rng=rng)
    h, _ = rnn_forward(
        x, np.zeros((n, H)), params["W_xh"], params["W_hh"], params["b_h"], activation
    )
    return np.median([jacobian_norms(h[i], params["W_hh"], activation) for i in range(n)], axis=0)


PROBE_SEED = 99  # the probe sequences of `marked_value_sensitivity` in the stored sweeps


def _probe_rng() -> np.random.Generator:
    """A fresh ``default_rng(PROBE_SEED)``: every measurement probes the same sequences."""
    return np.random.default_rng(PROBE_SEED)


def marked_value_sensitivity(
    params: dict, T: int, *, rng: np.random.Generator, activation: str = "tanh", n: int = 500
) -> np.ndarray:
    """∂ŷ/∂v at the two marked steps: how far the prediction moves per unit change of each value.

    An exact solver has 1 for both (ŷ = v_{t_1} + v_{t_2}); a network that has forgotten the
    first value has 0 for it. Computed by backpropagation through time from ∂ŷ/∂h_T = W_hy.

    Parameters
    ----------
    params : dict
        ``W_xh`` (H, 2), ``W_hh`` (H, H), ``b_h`` (H,), ``W_hy`` (1, H), ``b_y`` (1,).
    T : int
        Sequence length.
    rng : np.random.Generator
        Draws the n fresh sequences (the stored sweeps use ``default_rng(PROBE_SEED)``).
    activation : {"tanh", "relu"}
    n : int
        Number of sequences.

    Returns
    -------
    s : ndarray of shape (n, 2)
        ``s[i, 0]`` = ∂ŷ_i/∂v at the first marked step, ``s[i, 1]`` at the second.
    """
    activation = check_activation(activation)
    x, _ = adding_problem(n, T, rng=rng)
    dx = output_input_gradient(params, x, activation=activation)
    marked = x[:, :, 1] == 1
    first = marked.argmax(axis=1)
    second = T - 1 - marked[:, ::-1].argmax(axis=1)
    rows = np.arange(n)
    return np.stack([dx[rows, first, 0], dx[rows, second, 0]], axis=1)


def output_input_gradient(params: dict, x: np.ndarray, *, activation: str = "tanh") -> np.ndarray:
    """∂ŷ/∂x_t for every step t of a many-to-one model with one output, by backpropagation.

    Works for the vanilla RNN (``W_xh``, ``W_hh``, ``b_h``) and the LSTM (``W_x``, ``W_h``,
    ``b``; `activation` ignored), both from zero initial states, with ``W_hy`` (1, H).

    Parameters
    ----------
    params : dict
    x : ndarray of shape (n, T, D)

    Returns
    -------
    dx : ndarray of shape (n, T, D)
        ``dx[i, t-1]`` = ∂ŷ_i/∂x_t for sequence i.
    """
    activation = check_activation(activation)
    n = x.shape[0]
    if "W_x" in params:
        H = params["W_h"].shape[1]
        z = np.zeros((n, H))
        h, cache = lstm_forward(x, z, z, params["W_x"], params["W_h"], params["b"])
        backward = lstm_backward
    else:
        H = params["W_hh"].shape[0]
        h, cache = rnn_forward(
            x, np.zeros((n, H)), params["W_xh"], params["W_hh"], params["b_h"], activation
        )
        backward = rnn_backward
    dh = np.zeros_like(h)
    dh[:, -1] = params["W_hy"][0]  # ∂ŷ/∂h_T for the one output
    return backward(dh, cache)[0]


def input_gradient_by_lag(
    params: dict, T: int, *, rng: np.random.Generator, activation: str = "tanh", n: int = 100
) -> np.ndarray:
    """Median over n adding-problem sequences of ‖∂ŷ/∂x_{T-k}‖ for the lag k = 0 ... T-1.

    How strongly the prediction responds to the input k steps before the end: the signal that
    gradient descent gets about an input that far back.

    Parameters
    ----------
    params : dict
        A many-to-one model with one output, as for `output_input_gradient`.
    T : int
        Sequence length.
    rng : np.random.Generator
        Draws the n sequences (the stored sweep uses ``default_rng(PROBE_SEED)``).
    activation : {"tanh", "relu"}
        Ignored for an LSTM.
    n : int
        Number of sequences.

    Returns
    -------
    norms : ndarray of shape (T,)
        ``norms[k]`` for lag k (``norms[0]`` is the last step, ``norms[T-1]`` the first).
    """
    x, _ = adding_problem(n, T, rng=rng)
    dx = output_input_gradient(params, x, activation=activation)
    return np.median(np.linalg.norm(dx, axis=2), axis=0)[::-1]


def exact_adding_solution() -> dict:
    """A 2-unit ReLU RNN that solves the adding problem exactly, for every T.

    Unit 1 computes u_t = relu(v_t + m_t - 1), which is v_t at a marked step and 0 elsewhere
    (v_t < 1); unit 2 adds them up, s_t = relu(s_{t-1} + u_{t-1}); the output is
    ŷ = s_T + u_T = v_{t_1} + v_{t_2}.

    Returns
    -------
    params : dict
        ``W_xh`` (2, 2), ``W_hh`` (2, 2), ``b_h`` (2,), ``W_hy`` (1, 2), ``b_y`` (1,); use with
        ``activation="relu"``.
    """
    return {
        "W_xh": np.array([[1.0, 1.0], [0.0, 0.0]]),
        "W_hh": np.array([[0.0, 0.0], [1.0, 1.0]]),
        "b_h": np.array([-1.0, 0.0]),
        "W_hy": np.array([[1.0, 1.0]]),
        "b_y": np.array([0.0]),
    }


# --- notebook 08: the sweep of tanh RNN, IRNN and LSTM (tools/sweep_lstm_adding.py) ---

SWEEP_TS = (10, 20, 40, 80, 160)
SWEEP_SEEDS = (0, 1, 2, 3, 4)
SWEEP_STEPS = 1000
SWEEP_BLOCK = 25  # the learning curve: mean training loss over each block of 25 updates
SWEEP_MODELS = {  # label: run_adding keywords
    "tanh RNN": {"model": "rnn", "activation": "tanh", "init": "default"},
    "IRNN": {"model": "rnn", "activation": "relu", "init": "identity"},
    "LSTM": {"model": "lstm"},
}
SWEEP_CONFIG = {
    "H": 16,
    "steps": SWEEP_STEPS,
    "lr": 0.01,
    "clip": 1.0,
    "batch_size": 32,
    "n_train": 2000,
}
SWEEP_FILE = "lstm_adding.json"  # in data/, written by tools/sweep_lstm_adding.py
LONG_RUNS = {"model": "LSTM", "T": 160, "steps": 3000}  # the budget check: 3 times the updates
LONG_FILE = "lstm_adding_long.json"  # written by tools/sweep_lstm_adding.py --long
LONG_SHA256 = "9d63cf85af3ba55da2ddbc5e21572a40c20af5adfa57ad77bac27942d63f7aa7"
SWEEP_SHA256 = "aafd63a784e949b8c3da472797cf68f49dea71395e62bed3f9180062bccd1152"


def _round(a, digits: int = 5) -> list[float]:
    """Floats with `digits` significant digits, nan as None (JSON has no nan)."""
    return [None if not np.isfinite(v) else float(f"{v:.{digits}g}") for v in np.asarray(a)]


def sweep_record(label: str, T: int, seed: int, steps: int | None = None) -> dict:
    """One run of notebook 08's sweep (`SWEEP_MODELS`, `SWEEP_CONFIG`) and what the notebook needs.

    `steps` replaces the configuration's number of updates (the longer-budget runs).

    Parameters
    ----------
    label : str
        A key of `SWEEP_MODELS`.
    T : int
        Sequence length.
    seed : int
        The run's identity: weights, training data and mini-batches come from
        ``default_rng(seed)``, the test set from ``default_rng(10_000 + seed)``, the probe
        sequences from ``default_rng(PROBE_SEED)``.
    steps : int or None
        Number of updates (None: ``SWEEP_CONFIG["steps"]``).

    Returns
    -------
    dict
        ``model``, ``T``, ``seed``, ``test_mse`` (None if diverged), ``diverged``, ``seconds``,
        ``curve`` (mean training loss of each block of `SWEEP_BLOCK` updates), ``grad_by_lag_init``
        and ``grad_by_lag_trained`` (`input_gradient_by_lag` before and after training), and the
        median |∂ŷ/∂v| at the first and second marked step.
    """
    kw = SWEEP_MODELS[label]
    activation = kw.get("activation", "tanh")
    init = initial_adding_params(
        rng=np.random.default_rng(seed),
        model=kw["model"],
        init=kw.get("init", "default"),
        H=SWEEP_CONFIG["H"],
    )
    config = SWEEP_CONFIG | ({} if steps is None else {"steps": steps})
    run = run_adding(
        T,
        rng=np.random.default_rng(seed),
        test_rng=np.random.default_rng(10_000 + seed),
        **kw,
        **config,
    )
    losses = (
        run.losses[: len(run.losses) // SWEEP_BLOCK * SWEEP_BLOCK]
        .reshape(-1, SWEEP_BLOCK)
        .mean(axis=1)
    )
    sens = marked_value_sensitivity(run.params, T, rng=_probe_rng(), activation=activation, n=200)
    sens = np.median(np.abs(sens), axis=0)
    by_lag = {
        when: _round(input_gradient_by_lag(p, T, rng=_probe_rng(), activation=activation), 4)
        for when, p in (("init", init), ("trained", run.params))
    }
    return {
        "model": label,
        "T": T,
        "seed": seed,
        "test_mse": None if run.diverged else round(float(run.test_mse), 6),
        "diverged": bool(run.diverged),
        "seconds": round(run.seconds, 2),
        "curve": _round(losses, 4),
        "grad_by_lag_init": by_lag["init"],
        "grad_by_lag_trained": by_lag["trained"],
        "first_value_sensitivity": round(float(sens[0]), 4),
        "second_value_sensitivity": round(float(sens[1]), 4),
    }


def load_sweep(long: bool = False) -> dict:
    """The stored sweep ``data/lstm_adding.json`` (checked against its SHA-256) as a dict.

    ``long=True`` loads the longer-budget runs ``data/lstm_adding_long.json`` instead.

    Parameters
    ----------
    long : bool

    Returns
    -------
    dict
        ``config``, ``runs`` (one dict per run, as from `sweep_record`) and provenance fields.
    """
    name, sha = (LONG_FILE, LONG_SHA256) if long else (SWEEP_FILE, SWEEP_SHA256)
    return json.loads(data_path(name, sha).read_text(encoding="utf-8"))


def sweep_summary(runs: list[dict], learned: float = LEARNED) -> list[dict]:
    """One row per (model, T) of the sweep: seeds learned (test MSE < `learned`), median, range.

    Parameters
    ----------
    runs : list of dict
        ``load_sweep()["runs"]``.
    learned : float
        Test MSE below which a run counts as learned.

    Returns
    -------
    list of dict
        ``model``, ``T``, ``learned`` (m), ``seeds`` (k), ``median``, ``lo``, ``hi`` (the smallest
        and largest test MSE; a diverged run counts as not learned and as +inf).
    """
    cells: dict[tuple[str, int], list[float]] = {}
    for r in runs:
        mse = r["test_mse"] if r["test_mse"] is not None else float("inf")
        cells.setdefault((r["model"], r["T"]), []).append(mse)
    return [
        {
            "model": model,
            "T": T,
            "learned": int(np.sum(np.array(v) < learned)),
            "seeds": len(v),
            "median": float(np.median(v)),
            "lo": float(np.min(v)),
            "hi": float(np.max(v)),
        }
        for (model, T), v in cells.items()
    ]


def sweep_by_model(runs: list[dict], key: str, T: int) -> dict[str, list]:
    """``{model: [run[key] for each seed]}`` for the runs of length T, in the sweep's order.

    Parameters
    ----------
    runs : list of dict
        ``load_sweep()["runs"]``.
    key : str
        A field of a run, e.g. ``"test_mse"`` or ``"curve"``.
    T : int
        Sequence length.

    Returns
    -------
    dict of str to list
        One entry per seed, for every model.
    """
    out: dict[str, list] = {}
    for r in runs:
        if r["T"] == T:
            out.setdefault(r["model"], []).append(r[key])
    return out


def lag_bands(runs: list[dict], T: int, when: str) -> dict[str, tuple[np.ndarray, ...]]:
    """Median, smallest and largest ‖∂ŷ/∂x_{T-k}‖ over the seeds, per model.

    Parameters
    ----------
    runs : list of dict
        ``load_sweep()["runs"]``.
    T : int
        Sequence length.
    when : {"init", "trained"}
        Before or after training.

    Returns
    -------
    dict of str to (median, lo, hi)
        Three ndarrays of shape (T,), indexed by the lag k.
    """
    curves = sweep_by_model(runs, f"grad_by_lag_{when}", T)
    out = {}
    for model, seeds in curves.items():
        a = np.array(seeds, dtype=float)
        out[model] = (np.median(a, axis=0), a.min(axis=0), a.max(axis=0))
    return out


CURVE_MODELS = {  # adding_curve's models: (activation, initialisation)
    "tanh": ("tanh", "default"),
    "relu": ("relu", "default"),
    "irnn": ("relu", "identity"),
    "tanh-orthogonal": ("tanh", "orthogonal"),
}


@dataclass(frozen=True)
class AddingCurve:
    """One seed's learning curve on the adding problem (see `adding_curve`).

    Attributes
    ----------
    steps : int ndarray of shape (P,)
        Updates made at each measurement: 0, every, 2 every, ..., steps.
    test_mse : ndarray of shape (P,)
        Test MSE after that many updates (nan from a divergence on).
    sensitivity : ndarray of shape (P,)
        Mean ∂ŷ/∂v at the first marked step (`marked_value_sensitivity`, 200 test sequences).
    grad_norm_max : ndarray of shape (P - 1,)
        Largest gradient norm (before clipping) in each block of updates between measurements.
    grad_norms : ndarray of shape (updates made,)
        The gradient norm (before clipping) of every update.
    diverged : bool
    params : dict of str to ndarray
        The final parameters.
    """

    steps: np.ndarray
    test_mse: np.ndarray
    sensitivity: np.ndarray
    grad_norm_max: np.ndarray
    grad_norms: np.ndarray
    diverged: bool
    params: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def curve(self):
        """The test-MSE curve as an `rnn_helpers.experiments.Curve`."""
        from .experiments import Curve

        return Curve(self.steps, self.test_mse)


def adding_curve(
    T: int,
    rng: np.random.Generator,
    *,
    model: str = "tanh",
    steps: int = 400,
    every: int = 100,
    H: int = 16,
    lr: float = 0.01,
    beta2: float = 0.999,
    clip: float | None = 1.0,
    batch_size: int = 32,
    n_train: int = 2000,
    n_test: int = 500,
) -> AddingCurve:
    """Train Adam on the adding problem of length T; measure the test MSE every `every` updates.

    `rng` is split (``rng.spawn(3)``) into independent generators for the initial weights, the
    training data and its mini-batches, and the test data, so the same seed gives every `model`
    the same training and test sequences. Training in blocks of `every` updates with one
    optimizer makes exactly the updates of one `train` call with `steps` updates.

    Parameters
    ----------
    T : int
        Sequence length.
    rng : numpy.random.Generator
    model : {"tanh", "relu", "irnn", "tanh-orthogonal"}
        Activation and initialisation (`CURVE_MODELS`): tanh or ReLU with the default
        initialisation, the IRNN of Le et al. 2015 (ReLU, W_hh = I), tanh with an orthogonal W_hh.
    steps, every : int
        Updates in all, and between two measurements (`steps` must be a multiple of `every`).
    H, lr, clip, batch_size, n_train, n_test
        As for `run_adding`.
    beta2 : float
        Adam's decay rate of the running average of g^2.

    Returns
    -------
    AddingCurve
    """
    if model not in CURVE_MODELS:
        raise ValueError(f"model must be one of {tuple(CURVE_MODELS)}, got {model!r}")
    if steps % every:
        raise ValueError(f"steps must be a multiple of every = {every}, got {steps}")
    activation, init = CURVE_MODELS[model]
    init_rng, data_rng, test_rng = rng.spawn(3)
    params = init_adding_params(H, init=init, rng=init_rng)
    x, y = adding_problem(n_train, T, rng=data_rng)
    x_test, y_test = adding_problem(n_test, T, rng=test_rng)
    optimizer = Adam(lr, beta2=beta2)

    def measure(p):
        mse = evaluate(p, x_test, y_test, mode="many-to-one", activation=activation)
        first = marked_value_sensitivity(p, T, rng=_probe_rng(), activation=activation, n=200)
        first = first[:, 0].mean()
        return mse, first

    points, blocks, norms, diverged = [measure(params)], [], [], False
    for _ in range(steps // every):
        if diverged:
            points.append((np.nan, np.nan))
            blocks.append(np.nan)
            continue
        try:
            result = _train_adding(
                params, x, y, every, optimizer, clip, batch_size, data_rng, activation
            )
        except NonFiniteError as error:
            diverged = True
            points.append((np.nan, np.nan))
            blocks.append(np.max(error.grad_norms, initial=np.nan))
            norms.append(error.grad_norms)
            continue
        points.append(measure(params))
        blocks.append(result.grad_norms.max())
        norms.append(result.grad_norms)
    mse, first = np.array(points).T
    return AddingCurve(
        np.arange(0, steps + 1, every),
        mse,
        first,
        np.array(blocks),
        np.concatenate(norms),
        diverged,
        params,
    )
