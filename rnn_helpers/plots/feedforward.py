"""Figures for notebook 01 (from feedforward to recurrent). They draw what rnn_helpers.feedforward
computes: network diagrams from `unrolled_graph` / `folded_graph`, parameter counts, and the
best accuracy reachable with each kind of context."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.ticker import EngFormatter

from . import CYCLE, PALETTE, _axes

_ROW = {"input": 0.0, "state": 1.0, "output": 2.0}
_FILL = {"input": PALETTE["sky"], "state": PALETTE["orange"], "output": PALETTE["green"]}
_WEIGHT_COLOR = {
    "W_xh": PALETTE["blue"],
    "W_hh": PALETTE["vermillion"],
    "W_hy": PALETTE["green"],
}
_DX, _BW, _BH = 1.6, 0.8, 0.46  # column spacing, box width, box height (data units)


def _tex(name: str, step: int | None = None) -> str:
    """'W_xh' -> $W_{xh}$, with step 2 -> $W_{xh}^{(2)}$; 'h_0' -> $h_{0}$."""
    base, _, sub = name.partition("_")
    return f"${base}_{{{sub}}}" + (f"^{{({step})}}$" if step is not None else "$")


def _edge_color(weight: str, step: int | None) -> str:
    return _WEIGHT_COLOR[weight] if step is None else CYCLE[(step - 1) % len(CYCLE)]


def draw_network(graph: dict, ax=None, title: str | None = None):
    """Draw a network diagram: boxes for x_t, h_t, y_t and labelled arrows for the weights.

    Tied weights (``step=None``) are coloured by kind (W_xh, W_hh, W_hy); untied weights are
    coloured by the step that owns them, so one colour is one weight set.

    Parameters
    ----------
    graph : dict
        From `rnn_helpers.feedforward.unrolled_graph` or `folded_graph`.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    pos = {name: (t * _DX, _ROW[kind]) for name, kind, t in graph["nodes"]}
    for name, kind, _ in graph["nodes"]:
        x, y = pos[name]
        ax.add_patch(
            FancyBboxPatch(
                (x - _BW / 2, y - _BH / 2),
                _BW,
                _BH,
                boxstyle="round,pad=0.02,rounding_size=0.08",
                fc=to_rgba(_FILL[kind], 0.3),
                ec=_FILL[kind],
                lw=1.5,
            )
        )
        ax.text(x, y, _tex(name), ha="center", va="center", fontsize=13)
    for e in graph["edges"]:
        _draw_edge(
            ax, pos[e.src], pos[e.dst], _tex(e.weight, e.step), _edge_color(e.weight, e.step)
        )
    xs = [p[0] for p in pos.values()]
    loop = any(e.src == e.dst for e in graph["edges"])
    ax.set(
        xlim=(min(xs) - 0.7, max(xs) + (1.6 if loop else 0.7)),
        ylim=(-0.45, max(p[1] for p in pos.values()) + 0.45),
    )
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def _draw_edge(ax, src, dst, label, color):
    (x0, y0), (x1, y1) = src, dst
    style = {"arrowstyle": "-|>", "mutation_scale": 14, "color": color, "lw": 1.8}
    if src == dst:  # the recurrent loop of the folded view, on the right of the box
        a, b = (x0 + _BW / 2, y0 + 0.13), (x0 + _BW / 2, y0 - 0.13)
        ax.add_patch(FancyArrowPatch(a, b, connectionstyle="arc3,rad=-2.2", **style))
        ax.text(x0 + _BW / 2 + 0.62, y0, label, color=color, ha="left", va="center", fontsize=12)
    elif y0 == y1:  # h_{t-1} -> h_t
        a, b = (x0 + _BW / 2, y0), (x1 - _BW / 2, y1)
        ax.add_patch(FancyArrowPatch(a, b, **style))
        ax.text((x0 + x1) / 2, y0 + 0.07, label, color=color, ha="center", va="bottom", fontsize=12)
    else:  # x_t -> h_t or h_t -> y_t
        a, b = (x0, y0 + _BH / 2), (x1, y1 - _BH / 2)
        ax.add_patch(FancyArrowPatch(a, b, **style))
        ax.text(x0 + 0.06, (y0 + y1) / 2, label, color=color, ha="left", va="center", fontsize=12)


def plot_param_counts(
    counts: dict,
    T: int | None = None,
    breakdown: dict[str, int] | None = None,
    ax=None,
    title: str = "RNN (one weight set) vs untied network (T weight sets)",
):
    """Both parameter counts against T, from `param_counts_vs_T`; optionally mark one T.

    Parameters
    ----------
    counts : dict
        ``T``, ``rnn`` and ``unrolled``, arrays of shape (T_max,).
    T : int, optional
        A sequence length to mark with dots and the two values, which then also name the lines
        (in place of a legend).
    breakdown : dict of str to int, optional
        Entries of each RNN array (from `rnn_param_breakdown`), written with their shares in a
        box to the right of the axes.
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    ax : matplotlib Axes
    """
    ax = _axes(ax)
    ax.plot(
        counts["T"],
        counts["unrolled"],
        color=PALETTE["vermillion"],
        label="untied unrolled network: T weight sets",
    )
    ax.plot(
        counts["T"],
        counts["rnn"],
        color=PALETTE["blue"],
        lw=2.5,
        label="RNN: one weight set shared by all steps",
    )
    if T is not None:
        i = int(T) - 1
        for key, color in (("unrolled", "vermillion"), ("rnn", "blue")):
            ax.plot([T], [counts[key][i]], "o", color=PALETTE[color], ms=7)
            # Right of the point unless near the right edge; the rising line's label goes below
            # it on the right and above it on the left, so that it never covers the line.
            right = T <= 0.7 * counts["T"][-1]
            below = key == "unrolled" and right
            ax.annotate(
                f"{'RNN' if key == 'rnn' else 'untied'}: {counts[key][i]:,}",
                (T, counts[key][i]),
                textcoords="offset points",
                xytext=(8 if right else -8, -6 if below else 6),
                ha="left" if right else "right",
                va="top" if below else "bottom",
                color=PALETTE[color],
            )
    ax.set(
        xlabel="sequence length T (steps)",
        ylabel="parameters (count)",
        title=title,
        xlim=(0, counts["T"][-1] * 1.05),
        ylim=(0, None),
    )
    ax.yaxis.set_major_formatter(EngFormatter(sep=""))  # 500k, 1.5M
    ax.locator_params(nbins=5)  # few ticks: the widget of notebook 01 redraws this on every move
    if T is None:  # with a marked T, the two values name their lines: no legend to draw
        ax.legend(loc="upper left")
    if breakdown is not None:
        total = sum(breakdown.values())
        parts = [
            f"{k} {v:,} ({v / total:.0%})" if v >= total / 100 else f"{k} {v:,} (<1%)"
            for k, v in breakdown.items()
        ]
        ax.text(  # outside the axes, on the right, where it cannot hide a line
            1.03,
            0.5,
            "The RNN, by array:\n" + "\n".join(parts),
            transform=ax.transAxes,
            ha="left",
            va="center",
            fontsize=10,
            bbox={"boxstyle": "round", "fc": "white", "ec": "0.8"},
        )
    return ax


def plot_context_limits(
    limits: Mapping[str, tuple],
    ax=None,
    title: str = "Best possible next-token accuracy, by what the predictor sees",
):
    """Horizontal bars of the best accuracy for each kind of context, cross-entropy written on.

    Parameters
    ----------
    limits : mapping of str to BayesLimit
        What each predictor sees -> its `bayes_limit` (accuracy in [0, 1], cross-entropy in nats).
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    ax : matplotlib Axes
    """
    names = list(limits)
    accuracy = [v.accuracy for v in limits.values()]
    cross_entropy = [v.cross_entropy for v in limits.values()]
    ax = _axes(ax)
    acc = np.asarray(accuracy, dtype=float)
    colors = [PALETTE["blue"] if a >= 1 - 1e-12 else PALETTE["vermillion"] for a in acc]
    ax.barh(range(len(names)), acc, color=colors, alpha=0.85)
    for i, (a, ce) in enumerate(zip(acc, cross_entropy, strict=True)):
        ax.text(a + 0.005, i, f" {a:.3f}  (cross-entropy {ce:.3f} nats)", va="center", fontsize=10)
    ax.set_yticks(range(len(names)), list(names))
    ax.invert_yaxis()
    ax.set(
        xlim=(0.5, 1.3),
        xlabel="best possible accuracy (fraction of next tokens right)",
        title=title,
    )
    ax.set_xticks([0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
    return ax
