"""Forecasting a time series: splits in time order, windows, baselines, RNN forecasters, errors.

The recipe of notebook 06, for a series y_1 ... y_T (``y[t-1]`` in code):

1. split it in time order into train, validation and test (`split_by_time`); anything fitted
   (scaling, AR coefficients, RNN weights) sees the training part only;
2. turn a series into (input window, target) pairs (`make_windows`);
3. forecast one step from the last ``L`` values with a *one-step function*
   ``step(w) -> y_hat`` that maps windows (N, L) to next values (N,); a baseline
   (`persistence_step`, `seasonal_naive_step`, `ar_step`) and a trained RNN (`rnn_step_fn`) are all
   such functions, and `on_differences` turns one made for the differences d_t = y_t - y_{t-1}
   into one for the levels;
4. forecast h steps ahead recursively, feeding each forecast back as the newest input
   (`recursive_forecast`), from many origins at once (`forecast_origins`);
5. score every method on the same test targets with `mae` and `rmse`, per horizon.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ._validate import as_array, check_ndim, check_positive_int, check_rng
from .optim import Adam
from .rnn import init_rnn_params
from .training import TrainResult, predict, train

Step = Callable[[np.ndarray], np.ndarray]  # windows (N, L) -> next values (N,)


def _check_series(name: str, y: object, min_length: int = 1) -> np.ndarray:
    y = as_array(name, y)
    check_ndim(name, y, (1,), "(T,)")
    if len(y) < min_length:
        raise ValueError(f"{name} must have at least {min_length} values, got {len(y)}")
    if not np.all(np.isfinite(y)):
        raise ValueError(f"{name} must hold finite numbers, got nan or inf")
    return y


# ------------------------------------------------------------------ splits and scaling
def split_by_time(
    y: np.ndarray, n_val: int, n_test: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut a series in time order: train = all but the last n_val + n_test values, then
    validation (n_val values), then test (the last n_test values).

    Parameters
    ----------
    y : ndarray of shape (T,)
    n_val, n_test : int
        Lengths of the validation and test parts.

    Returns
    -------
    train : ndarray of shape (T - n_val - n_test,)
    val : ndarray of shape (n_val,)
    test : ndarray of shape (n_test,)
        Copies, so that changing one never changes `y`.
    """
    n_val, n_test = check_positive_int("n_val", n_val), check_positive_int("n_test", n_test)
    y = _check_series("y", y, n_val + n_test + 2)
    a, b = len(y) - n_val - n_test, len(y) - n_test
    return y[:a].copy(), y[a:b].copy(), y[b:].copy()


@dataclass(frozen=True)
class Scaler:
    """z = (y - mean) / std, with mean and std fitted on the training part only."""

    mean: float
    std: float

    def scale(self, y: np.ndarray) -> np.ndarray:
        """z = (y - mean) / std."""
        return (y - self.mean) / self.std

    def unscale(self, z: np.ndarray) -> np.ndarray:
        """y = mean + std z (the inverse of `scale`)."""
        return self.mean + self.std * z


def fit_scaler(train: np.ndarray) -> Scaler:
    """The `Scaler` whose mean and standard deviation are those of `train` (T,)."""
    train = _check_series("train", train, 2)
    std = float(train.std())
    if std == 0:
        raise ValueError("train must not be constant: its standard deviation is 0")
    return Scaler(float(train.mean()), std)


def difference(y: np.ndarray) -> np.ndarray:
    """d_t = y_t - y_{t-1}: ndarray of shape (T - 1,) from y of shape (T,)."""
    y = _check_series("y", y, 2)
    return y[1:] - y[:-1]


# ------------------------------------------------------------------ windows
def make_windows(
    series: np.ndarray, window: int, horizon: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """(input window, target) pairs: the `window` values up to time t, and the value h steps later.

    Pair i has input ``series[i : i + window]`` and target ``series[i + window + horizon - 1]``.
    The target is never inside its own window.

    Parameters
    ----------
    series : ndarray of shape (T,)
    window : int
        L, the number of past values in each input.
    horizon : int
        h >= 1: how far past the end of the window the target lies (1 = the next value).

    Returns
    -------
    X : ndarray of shape (N, L)
        One window per row, oldest value first; N = T - L - h + 1.
    y : ndarray of shape (N,)
        The targets.
    """
    window, horizon = check_positive_int("window", window), check_positive_int("horizon", horizon)
    series = _check_series("series", series, window + horizon)
    N = len(series) - window - horizon + 1
    rows = np.arange(N)[:, None] + np.arange(window)
    return series[rows], series[np.arange(N) + window + horizon - 1]


def _check_windows(w: object, min_length: int = 1) -> np.ndarray:
    w = as_array("windows", w)
    check_ndim("windows", w, (2,), "(N, L)")
    if w.shape[1] < min_length:
        raise ValueError(f"windows must have at least L = {min_length} columns, got {w.shape}")
    return w


# ------------------------------------------------------------------ baselines
def persistence_step(windows: np.ndarray) -> np.ndarray:
    """Persistence: the forecast is the last value seen, y_hat_{t+1} = y_t. (N, L) -> (N,)."""
    return _check_windows(windows)[:, -1].copy()


def seasonal_naive_step(season: int = 12) -> Step:
    """Seasonal naive: the value one season ago, y_hat_{t+1} = y_{t+1-s}. Needs L >= s."""
    season = check_positive_int("season", season)

    def step(windows: np.ndarray) -> np.ndarray:
        return _check_windows(windows, season)[:, -season].copy()

    return step


@dataclass(frozen=True)
class ARModel:
    """AR(p): y_hat_{t+1} = c + phi_1 y_t + phi_2 y_{t-1} + ... + phi_p y_{t-p+1}.

    ``phi[k-1]`` multiplies the value k steps back (``phi[0]`` the newest).
    """

    c: float
    phi: np.ndarray

    @property
    def p(self) -> int:
        return len(self.phi)


def fit_ar(series: np.ndarray, p: int) -> ARModel:
    """Fit AR(p) with an intercept by least squares on every window of `series` (T,).

    Minimises sum_t (y_{t+1} - c - sum_k phi_k y_{t-k+1})^2 over the pairs of
    ``make_windows(series, p)``.
    """
    p = check_positive_int("p", p)
    X, y = make_windows(series, p)
    if len(y) <= p + 1:
        raise ValueError(
            f"series must have more than 2p + 1 = {2 * p + 1} values, got {len(series)}"
        )
    A = np.column_stack([np.ones(len(y)), X[:, ::-1]])  # columns 1, y_t, y_{t-1}, ...
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    return ARModel(float(coef[0]), coef[1:])


def ar_step(model: ARModel) -> Step:
    """The one-step function of a fitted AR(p): windows (N, L >= p) -> forecasts (N,)."""

    def step(windows: np.ndarray) -> np.ndarray:
        w = _check_windows(windows, model.p)
        return model.c + w[:, ::-1][:, : model.p] @ model.phi

    return step


def on_differences(step_d: Step) -> Step:
    """Turn a one-step function for the differences into one for the levels.

    With d_t = y_t - y_{t-1}: y_hat_{t+1} = y_t + d_hat_{t+1}, where d_hat_{t+1} = step_d of the
    window's L - 1 differences.
    """

    def step(windows: np.ndarray) -> np.ndarray:
        w = _check_windows(windows, 2)
        return w[:, -1] + step_d(np.diff(w, axis=1))

    return step


# ------------------------------------------------------------------ forecasting
def recursive_forecast(step: Step, history: np.ndarray, horizon: int) -> np.ndarray:
    """Forecast `horizon` steps ahead by feeding each one-step forecast back in as an input.

    Parameters
    ----------
    step : callable
        One-step function, windows (N, L) -> next values (N,).
    history : ndarray of shape (N, L)
        The last L observed values at each of N forecast origins, oldest first.
    horizon : int
        Number of steps to forecast.

    Returns
    -------
    forecasts : ndarray of shape (N, horizon)
        ``forecasts[:, h-1]`` is the h-step-ahead forecast.
    """
    w = _check_windows(history).copy()
    horizon = check_positive_int("horizon", horizon)
    out = np.empty((w.shape[0], horizon), dtype=np.result_type(w, np.float64))
    for k in range(horizon):
        out[:, k] = step(w)
        w = np.concatenate([w[:, 1:], out[:, k : k + 1]], axis=1)  # slide: drop oldest, add new
    return out


def origins_in_test(n_total: int, n_test: int, horizon: int) -> np.ndarray:
    """Forecast origins whose next `horizon` values all lie in the test part (the last n_test).

    An origin o means: y_1 ... y_o are known (``y[:o]`` in code) and ``y[o : o + horizon]`` is
    forecast. Returns the origins n_total - n_test, ..., n_total - horizon.
    """
    if horizon > n_test:
        raise ValueError(f"horizon must be at most n_test = {n_test}, got {horizon}")
    return np.arange(n_total - n_test, n_total - horizon + 1)


def forecast_origins(
    step: Step, y: np.ndarray, origins: np.ndarray, window: int, horizon: int
) -> tuple[np.ndarray, np.ndarray]:
    """Recursive forecasts from every origin, and the true values they forecast.

    Parameters
    ----------
    step : callable
        One-step function, windows (N, L) -> next values (N,).
    y : ndarray of shape (T,)
        The whole series (levels).
    origins : int ndarray of shape (N,)
        Each forecast uses ``y[o - window : o]`` only.
    window : int
        L, the values the forecaster sees.
    horizon : int

    Returns
    -------
    forecasts, truth : ndarrays of shape (N, horizon)
    """
    y = _check_series("y", y)
    window, horizon = check_positive_int("window", window), check_positive_int("horizon", horizon)
    origins = np.asarray(origins)
    if origins.min() < window or origins.max() + horizon > len(y):
        raise ValueError(
            f"origins must lie in [window, T - horizon] = [{window}, {len(y) - horizon}], got "
            f"{origins.min()} to {origins.max()}"
        )
    history = y[origins[:, None] + np.arange(-window, 0)]
    truth = y[origins[:, None] + np.arange(horizon)]
    return recursive_forecast(step, history, horizon), truth


def mae(forecast: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Mean absolute error over the first axis: mean |y_hat - y|, one value per horizon."""
    return np.mean(np.abs(_errors(forecast, truth)), axis=0)


def rmse(forecast: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Root mean squared error over the first axis: sqrt(mean (y_hat - y)^2), per horizon."""
    return np.sqrt(np.mean(_errors(forecast, truth) ** 2, axis=0))


def _errors(forecast, truth) -> np.ndarray:
    forecast, truth = as_array("forecast", forecast), as_array("truth", truth)
    if forecast.shape != truth.shape:
        raise ValueError(
            f"forecast must have the shape of truth, {truth.shape}, got {forecast.shape}"
        )
    return forecast - truth


def autocorrelation(r: np.ndarray, lag: int = 1) -> float:
    """Sample autocorrelation of r (T,) at `lag`: sum (r_t - m)(r_{t-lag} - m) / sum (r_t - m)^2.

    Near 0 (within about ±2/sqrt(T)) for residuals with nothing predictable left in them.
    """
    r = _check_series("r", r, 3)
    lag = check_positive_int("lag", lag)
    c = r - r.mean()
    return float(np.dot(c[lag:], c[:-lag]) / np.dot(c, c))


def choose_ar_order(
    y: np.ndarray, n_train: int, n_val: int, orders: Sequence[int], *, differenced: bool = False
) -> tuple[int, dict[int, float]]:
    """Pick p for AR(p) by one-step RMSE on the validation part.

    Each AR(p) is fitted on ``y[:n_train]`` (or its differences), then forecasts every validation
    value ``y[n_train : n_train + n_val]`` one step ahead from the values before it.

    Returns
    -------
    p : int
        The order with the smallest validation RMSE.
    val_rmse : dict of int to float
        The validation RMSE of every order tried.
    """
    y = _check_series("y", y)
    scores = {}
    origins = np.arange(n_train, n_train + n_val)
    for p in orders:
        step = ar_fitted_step(y[:n_train], p, differenced=differenced)
        f, t = forecast_origins(step, y, origins, p + differenced, 1)
        scores[int(p)] = float(rmse(f, t)[0])
    return min(scores, key=scores.get), scores


def ar_fitted_step(train: np.ndarray, p: int, *, differenced: bool = False) -> Step:
    """The one-step function of AR(p) fitted on `train` (levels) or on its differences."""
    if differenced:
        return on_differences(ar_step(fit_ar(difference(train), p)))
    return ar_step(fit_ar(train, p))


# ------------------------------------------------------------------ RNN forecasters
def rnn_training_data(
    z: np.ndarray, window: int, mode: str = "many-to-one"
) -> tuple[np.ndarray, np.ndarray]:
    """Training pairs for an RNN from a (scaled) series z (T,).

    many-to-one: x (N, L, 1) are the windows of `make_windows`, y (N, 1) their next values.
    many-to-many: x (N, L, 1) the same windows, y (N, L, 1) each input shifted by one step, so the
    output at every step t is trained to predict z_{t+1}.
    """
    X, target = make_windows(z, window)
    if mode == "many-to-one":
        return X[..., None], target[:, None]
    if mode == "many-to-many":
        return X[..., None], np.concatenate([X[:, 1:], target[:, None]], axis=1)[..., None]
    raise ValueError(f"mode must be 'many-to-one' or 'many-to-many', got {mode!r}")


def train_rnn_forecaster(
    z: np.ndarray,
    window: int,
    *,
    H: int = 16,
    steps: int = 300,
    lr: float = 0.01,
    batch_size: int | None = 64,
    mode: str = "many-to-one",
    rng: np.random.Generator,
    recurrent: bool = True,
) -> TrainResult:
    """Train a tanh RNN with the course's `train` on z (T,): Adam, clipping at norm 1, and
    `batch_size` windows per update drawn with `rng` (None: all windows, full batch).

    With ``recurrent=False`` W_hh starts at 0 and its gradient is dropped, so it stays 0: the same
    network without a hidden state carried from step to step.

    Returns
    -------
    TrainResult
        ``params`` (``W_xh`` (H, 1), ``W_hh`` (H, H), ``b_h`` (H,), ``W_hy`` (1, H), ``b_y``
        (1,)) and the training ``losses`` (mean squared error on the scaled series).
    """
    rng = check_rng(rng)
    x, y = rnn_training_data(_check_series("z", z), window, mode)
    params = init_rnn_params(1, H, 1, rng=rng)
    optimizer = Adam(lr=lr) if recurrent else _AdamWithoutRecurrence(lr=lr)
    if not recurrent:
        params["W_hh"][:] = 0.0
    return _train(params, x, y, optimizer, mode, steps, batch_size, rng)


def _train(params, x, y, optimizer, mode, steps, batch_size, rng) -> TrainResult:
    """The course's `train`, silent, clipping at norm 1, on batches of `batch_size` windows."""
    batch_size = None if batch_size is None or batch_size >= len(x) else batch_size
    return train(
        params,
        x,
        y,
        steps=steps,
        optimizer=optimizer,
        mode=mode,
        clip=1.0,
        batch_size=batch_size,
        rng=rng,
        progress=False,
    )


class _AdamWithoutRecurrence(Adam):
    """Adam that never changes W_hh (its gradient is replaced by zeros)."""

    def step(self, params, grads):
        super().step(params, {**grads, "W_hh": np.zeros_like(grads["W_hh"])})


def feedforward_window_model(
    z: np.ndarray,
    window: int,
    *,
    H: int = 16,
    steps: int = 300,
    lr: float = 0.01,
    batch_size: int | None = 64,
    rng: np.random.Generator,
) -> TrainResult:
    """A one-hidden-layer tanh network on the whole window at once: the same `train`, with the L
    values as one input vector (x of shape (N, 1, L)), so there is no recurrence at all.

    y_hat = W_hy tanh(W_xh w + b_h) + b_y with W_xh (H, L). Other arguments as for
    `train_rnn_forecaster`. Returns `train`'s result.
    """
    rng = check_rng(rng)
    X, target = make_windows(_check_series("z", z), window)
    params = init_rnn_params(window, H, 1, rng=rng)
    x, y = X[:, None, :], target[:, None]
    return _train(params, x, y, Adam(lr=lr), "many-to-one", steps, batch_size, rng)


def rnn_step_fn(
    params: dict[str, np.ndarray], scaler: Scaler, *, feedforward: bool = False
) -> Step:
    """The one-step function of a trained RNN: scale the windows, run it, unscale its output.

    The RNN reads the L values of each window one per step from a zero state and its output after
    the last value is the forecast. With ``feedforward=True`` the window is one input vector.
    """

    def step(windows: np.ndarray) -> np.ndarray:
        z = scaler.scale(_check_windows(windows))
        x = z[:, None, :] if feedforward else z[..., None]
        return scaler.unscale(predict(params, x, mode="many-to-one")[:, 0])

    return step


def forecasts_at_horizon(
    y: np.ndarray,
    n_test: int,
    horizon: int,
    methods: Mapping[str, tuple[Step, int]],
) -> dict:
    """Every test value forecast exactly `horizon` months ahead, by each method.

    The forecast for test value ``y[j]`` starts from origin ``j - horizon + 1``: it sees
    ``y[: j - horizon + 1]`` only (the last L values of it) and forecasts recursively.

    Parameters
    ----------
    y : ndarray of shape (T,)
    n_test : int
        The last n_test values are the test part.
    horizon : int
    methods : dict of str to (one-step function, window L)

    Returns
    -------
    dict
        ``targets`` int ndarray (n_test,): indices into y; ``truth`` (n_test,);
        ``forecasts`` {name: (n_test,)}; ``mae`` and ``rmse`` {name: float}.
    """
    y = _check_series("y", y)
    horizon = check_positive_int("horizon", horizon)
    targets = np.arange(len(y) - n_test, len(y))
    out = {"targets": targets, "truth": y[targets], "forecasts": {}, "mae": {}, "rmse": {}}
    for name, (step, window) in methods.items():
        f, t = forecast_origins(step, y, targets - horizon + 1, window, horizon)
        out["forecasts"][name] = f[:, -1]
        out["mae"][name] = float(mae(f[:, -1:], t[:, -1:])[0])
        out["rmse"][name] = float(rmse(f[:, -1:], t[:, -1:])[0])
    return out


# ------------------------------------------------------------------ the experiment of notebook 06
@dataclass(frozen=True)
class Setup:
    """The fixed choices of notebook 06's experiment (months of the monthly CO2 series)."""

    n_val: int = 72  # 1989-1994
    n_test: int = 84  # 1995-2001
    horizon: int = 12  # forecast up to one year ahead
    window: int = 24  # the networks (and AR(24)) see 24 values (differences: from 25 levels)
    H: int = 16
    steps: int = 300
    lr: float = 0.01
    batch_size: int = 64
    season: int = 12
    max_order: int = 36


SWEEP_FILE = "forecast_sweep.json"  # written by `python -m rnn_helpers.forecast`
SWEEP_SHA256 = "a73cd65bba390c558580c1dbe1ca77dc83664cadf1f7d4fa2fee9e35ee537a62"
NETWORKS = {  # name -> (series, how the network is built)
    "RNN on levels": ("levels", "recurrent", "many-to-one"),
    "RNN on differences": ("differences", "recurrent", "many-to-one"),
    "RNN many-to-many, differences": ("differences", "recurrent", "many-to-many"),
    "RNN with W_hh = 0, differences": ("differences", "no recurrence", "many-to-one"),
    "feedforward window, differences": ("differences", "feedforward", "many-to-one"),
}


def network_step(y_train: np.ndarray, name: str, seed: int, setup: Setup = Setup()) -> Step:
    """Train network `name` of `NETWORKS` on y_train (levels) with `seed`; its one-step function
    for the levels, using windows of ``setup.window`` values (plus one level for differences)."""
    series, kind, mode = NETWORKS[name]
    z_raw = difference(y_train) if series == "differences" else y_train
    scaler = fit_scaler(z_raw)
    z, rng = scaler.scale(z_raw), np.random.default_rng(seed)
    common = {"H": setup.H, "steps": setup.steps, "lr": setup.lr, "rng": rng}
    common["batch_size"] = setup.batch_size
    if kind == "feedforward":
        params = feedforward_window_model(z, setup.window, **common).params
    else:
        params = train_rnn_forecaster(
            z, setup.window, mode=mode, recurrent=kind == "recurrent", **common
        ).params
    step = rnn_step_fn(params, scaler, feedforward=kind == "feedforward")
    return on_differences(step) if series == "differences" else step


def baseline_steps(y: np.ndarray, setup: Setup = Setup()) -> dict[str, tuple[Step, int]]:
    """The baselines fitted on the training part of y: name -> (one-step function, window L).

    AR orders are chosen on the validation part from 1 ... setup.max_order.
    """
    n_train = len(y) - setup.n_val - setup.n_test
    orders = range(1, setup.max_order + 1)
    p_lev, _ = choose_ar_order(y, n_train, setup.n_val, orders)
    p_dif, _ = choose_ar_order(y, n_train, setup.n_val, orders, differenced=True)
    train_y = y[:n_train]
    return {
        "persistence": (persistence_step, 1),
        "seasonal naive": (seasonal_naive_step(setup.season), setup.season),
        f"AR({p_lev}) on levels": (ar_fitted_step(train_y, p_lev), p_lev),
        f"AR({p_dif}) on differences": (
            ar_fitted_step(train_y, p_dif, differenced=True),
            p_dif + 1,
        ),
        f"AR({setup.window}) on differences": (
            ar_fitted_step(train_y, setup.window, differenced=True),
            setup.window + 1,
        ),
    }


def quick_rnn_setup(steps: int = 20, *, rng: np.random.Generator) -> tuple:
    """Notebook 06's CO2 series with a many-to-many RNN on its differences trained for only
    `steps` updates: a quick stand-in for the notebook's network, for tests and benchmarks.

    Parameters
    ----------
    steps : int
        Training updates.
    rng : numpy.random.Generator
        Draws the initial weights and the batches.

    Returns
    -------
    months : ndarray of shape (T,), dtype datetime64[M]
    y : ndarray of shape (T,)
        CO2 in ppm.
    n_train, n_test : int
        Months in the training and test parts (`Setup`'s split).
    rnn_step : callable
        One-step forecaster on the levels (`on_differences` of the RNN's step).
    """
    from .data import load_co2

    months, y = load_co2()
    setup = Setup()
    n_train = len(y) - setup.n_val - setup.n_test
    d = difference(y[:n_train])
    scaler = fit_scaler(d)
    run = train_rnn_forecaster(scaler.scale(d), 12, steps=steps, mode="many-to-many", rng=rng)
    return months, y, n_train, setup.n_test, on_differences(rnn_step_fn(run.params, scaler))


def score_on_test(step: Step, y: np.ndarray, window: int, setup: Setup = Setup()) -> dict:
    """Test MAE and RMSE of `step` at every horizon 1 ... setup.horizon (lists of floats)."""
    return _score_on_last(step, y, window, setup.n_test, setup.horizon)


def score_on_validation(step: Step, y: np.ndarray, window: int, setup: Setup = Setup()) -> dict:
    """Validation MAE and RMSE of `step` at every horizon 1 ... setup.horizon (lists of floats).

    The same as `score_on_test` with the validation part in the role of the test part: every
    origin's next setup.horizon values lie in the validation part; the test part is never read.
    """
    return _score_on_last(step, y[: len(y) - setup.n_test], window, setup.n_val, setup.horizon)


def _score_on_last(step: Step, y: np.ndarray, window: int, n_last: int, horizon: int) -> dict:
    """MAE and RMSE per horizon over the origins whose forecasts lie in the last n_last values."""
    origins = origins_in_test(len(y), n_last, horizon)
    f, t = forecast_origins(step, y, origins, window, horizon)
    return {"mae": mae(f, t).tolist(), "rmse": rmse(f, t).tolist()}


def run_sweep(
    y: np.ndarray,
    seeds: Sequence[int],
    names: Sequence[str] = tuple(NETWORKS),
    setup: Setup = Setup(),
) -> dict:
    """Score every baseline once and every network of `names` for every seed on the test part.

    Returns
    -------
    dict
        ``{"setup": ..., "seeds": [...], "baselines": {name: {"mae", "rmse"}},
        "networks": {name: {"mae": [per seed], "rmse": [per seed]}}}``; each score is a list
        over the horizons 1 ... setup.horizon.
    """
    n_train = len(y) - setup.n_val - setup.n_test
    result = {"setup": setup.__dict__, "seeds": list(seeds), "baselines": {}, "networks": {}}
    for name, (step, window) in baseline_steps(y, setup).items():
        result["baselines"][name] = score_on_test(step, y, window, setup)
    for name in names:
        runs = [network_step(y[:n_train], name, s, setup) for s in seeds]
        window = setup.window + (NETWORKS[name][0] == "differences")
        scores = [score_on_test(step, y, window, setup) for step in runs]
        result["networks"][name] = {k: [s[k] for s in scores] for k in ("mae", "rmse")}
    return result


def sweep_scores(sweep: Mapping, metric: str = "rmse") -> dict[str, np.ndarray]:
    """Every method's scores as arrays: baselines (1, K), networks (S, K) for S seeds."""
    if metric not in ("mae", "rmse"):
        raise ValueError(f"metric must be 'mae' or 'rmse', got {metric!r}")
    out = {k: np.array([v[metric]]) for k, v in sweep["baselines"].items()}
    return out | {k: np.array(v[metric]) for k, v in sweep["networks"].items()}


def format_sweep_table(
    sweep: Mapping, metric: str = "rmse", horizons: Sequence[int] = (1, 3, 6, 12)
) -> str:
    """A text table of one test error (MAE or RMSE, ppm) per method and horizon: for networks,
    the median over seeds and the range from the best to the worst seed in brackets."""
    scores = sweep_scores(sweep, metric)
    width = max(map(len, scores)) + 1
    lines = [
        f"{'test ' + metric.upper() + ' (ppm)':{width}s}"
        + "".join(f"{'h = ' + str(h):>7s}{'':15s}" for h in horizons)
    ]
    for name, e in scores.items():
        cells = []
        for h in horizons:
            col = e[:, h - 1]
            spread = f"[{col.min():.2f}-{col.max():.2f}]" if len(col) > 1 else ""
            cells.append(f"{np.median(col):7.3f} {spread:<14s}")
        lines.append(f"{name:{width}s}" + "".join(cells))
    return "\n".join(line.rstrip() for line in lines)


def seeds_beating(
    sweep: Mapping, network: str, baseline: str, horizon: int, metric: str = "rmse"
) -> int:
    """How many seeds of `network` have a lower test error than `baseline` at `horizon`."""
    scores = sweep_scores(sweep, metric)
    return int(np.sum(scores[network][:, horizon - 1] < scores[baseline][0, horizon - 1]))


def load_sweep(folder=None) -> dict:
    """The stored result of `run_sweep` for seeds 0-4 (``data/forecast_sweep.json``, hash-checked).

    Scores are nested lists; networks' are (seeds, horizons). See `run_sweep` for the layout.
    """
    import json

    from .data import data_path

    return json.loads(data_path(SWEEP_FILE, SWEEP_SHA256, folder).read_text(encoding="ascii"))


# ------------------------------------------------------------------ a larger budget, searched
SEARCH_FILE = "forecast_search.json"  # written by `python -m rnn_helpers.forecast --search`
SEARCH_SHA256 = "8de5202753f642f8396a57537983a1eb86174f53f3df6c2e5023ecf0ccea9d58"
SEARCH_GRID = {"H": (16, 32, 64), "steps": (300, 1000, 3000), "lr": (0.003, 0.01, 0.03)}
SEARCH_NETWORKS = ("RNN on differences", "RNN many-to-many, differences")


def search_settings(
    y: np.ndarray,
    name: str,
    grid: Mapping[str, Sequence] = SEARCH_GRID,
    seed: int = 0,
    setup: Setup = Setup(),
) -> list[dict]:
    """Train network `name` once (with `seed`) for every combination of `grid` and score it on
    the validation part and, for the record only, on the test part.

    Parameters
    ----------
    y : ndarray of shape (T,)
        The whole series; the networks see its training part only.
    name : str
        A key of `NETWORKS`.
    grid : dict of str to sequence
        Values of `Setup` fields to combine (here H, steps, lr); the other fields stay as in
        `setup`.

    Returns
    -------
    list of dict
        One per combination: the grid's fields, ``val_rmse`` and ``test_rmse`` (lists over the
        horizons 1 ... setup.horizon).
    """
    import itertools
    from dataclasses import replace

    n_train = len(y) - setup.n_val - setup.n_test
    window = setup.window + (NETWORKS[name][0] == "differences")
    rows = []
    for values in itertools.product(*grid.values()):
        setting = dict(zip(grid, values))
        step = network_step(y[:n_train], name, seed, replace(setup, **setting))
        rows.append(
            setting
            | {
                "val_rmse": score_on_validation(step, y, window, setup)["rmse"],
                "test_rmse": score_on_test(step, y, window, setup)["rmse"],
            }
        )
    return rows


def best_setting(rows: Sequence[Mapping], score: str = "val_rmse", horizon: int = 1) -> dict:
    """The row of `search_settings` with the smallest `score` at `horizon` (the choice AR's p
    gets: one-step RMSE on validation), without its scores."""
    best = min(rows, key=lambda r: r[score][horizon - 1])
    return {k: v for k, v in best.items() if not k.endswith("_rmse")}


def longer_training_worse(
    rows: Sequence[Mapping], short: int = 300, long: int = 3000, horizon: int = 1
) -> tuple[int, int]:
    """For how many (H, lr) pairs of `search_settings` rows `long` updates scored worse on
    validation than `short` updates; (worse, pairs)."""
    by_setting = {(r["H"], r["lr"], r["steps"]): r["val_rmse"][horizon - 1] for r in rows}
    pairs = [
        (by_setting[(H, lr, short)], by_setting[(H, lr, long)])
        for H, lr, steps in by_setting
        if steps == short and (H, lr, long) in by_setting
    ]
    return sum(b > a for a, b in pairs), len(pairs)


def run_search(
    y: np.ndarray,
    names: Sequence[str] = SEARCH_NETWORKS,
    seeds: Sequence[int] = range(5),
    grid: Mapping[str, Sequence] = SEARCH_GRID,
    setup: Setup = Setup(),
    jobs: int = 1,
) -> dict:
    """Search `grid` on validation with seed 0 for each network of `names`, then score the chosen
    setting with every seed on the test part (as `run_sweep`).

    Returns
    -------
    dict
        ``{"setup", "grid", "selection_seed": 0, "seeds", "baselines": {AR name: {"val_rmse",
        "test_rmse"}}, "networks": {name: {"search": rows of search_settings, "chosen": {H,
        steps, lr}, "test": {"mae", "rmse"} (seeds, horizons)}}}``.
    """
    from concurrent.futures import ProcessPoolExecutor
    from dataclasses import replace

    result = {"setup": setup.__dict__, "grid": {k: list(v) for k, v in grid.items()}}
    result |= {"selection_seed": 0, "seeds": list(seeds), "baselines": {}, "networks": {}}
    for base, (step, window) in baseline_steps(y, setup).items():
        if "differences" in base:
            result["baselines"][base] = {
                "val_rmse": score_on_validation(step, y, window, setup)["rmse"],
                "test_rmse": score_on_test(step, y, window, setup)["rmse"],
            }
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        searched = pool.map(search_settings, *zip(*[(y, n, grid, 0, setup) for n in names]))
        for name, rows in zip(names, list(searched)):
            chosen = best_setting(rows)
            test = run_sweep(y, seeds, [name], replace(setup, **chosen))["networks"][name]
            result["networks"][name] = {"search": rows, "chosen": chosen, "test": test}
    return result


def format_search_table(
    search: Mapping, name: str, score: str = "val_rmse", horizon: int = 1
) -> str:
    """A text grid of one network's search: rows H and updates, columns lr, cells `score` (ppm)
    at `horizon`; the setting chosen on validation is marked with *."""
    net, grid = search["networks"][name], search["grid"]
    chosen = tuple(net["chosen"][k] for k in ("H", "steps", "lr"))
    cells = {
        tuple(r[k] for k in ("H", "steps", "lr")): r[score][horizon - 1] for r in net["search"]
    }
    lines = [f"{'H':>4s}{'updates':>9s}" + "".join(f"{'lr ' + str(lr):>12s}" for lr in grid["lr"])]
    for H in grid["H"]:
        for steps in grid["steps"]:
            row = [(H, steps, lr) for lr in grid["lr"]]
            lines.append(
                f"{H:4d}{steps:9d}"
                + "".join(f"{cells[k]:11.3f}{'*' if k == chosen else ' '}" for k in row)
            )
    return "\n".join(line.rstrip() for line in lines)


def load_search(folder=None) -> dict:
    """The stored result of `run_search` (``data/forecast_search.json``, hash-checked)."""
    import json

    from .data import data_path

    return json.loads(data_path(SEARCH_FILE, SEARCH_SHA256, folder).read_text(encoding="ascii"))


def main(argv: Sequence[str] | None = None) -> None:  # pragma: no cover - run by hand
    """``python -m rnn_helpers.forecast`` writes the seed sweep; ``--search`` the search."""
    import argparse
    import json
    import time

    from .data import CO2_FILE, CO2_SHA256, data_path, load_co2, sha256_of

    parser = argparse.ArgumentParser(prog="python -m rnn_helpers.forecast")
    parser.add_argument("--search", action="store_true", help="write forecast_search.json")
    parser.add_argument("--jobs", type=int, default=1, help="processes for --search")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    _, y = load_co2()
    if args.search:
        result, name = run_search(y, jobs=args.jobs), SEARCH_FILE
    else:
        result, name = run_sweep(y, seeds=range(5)), SWEEP_FILE
    out = data_path(CO2_FILE, CO2_SHA256).parent / name  # beside the data it comes from
    out.write_text(json.dumps(_rounded(result), indent=1) + "\n", encoding="ascii")
    seconds = time.perf_counter() - start
    print(f"wrote {out} in {seconds:.0f} s; SHA-256 {sha256_of(out)}")  # noqa: T201 (a script)


def _rounded(obj):
    """Floats rounded to 6 significant digits, so the JSON stays small and readable."""
    if isinstance(obj, float):
        return float(f"{obj:.6g}")
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_rounded(v) for v in obj]
    return obj


if __name__ == "__main__":  # pragma: no cover
    main()
