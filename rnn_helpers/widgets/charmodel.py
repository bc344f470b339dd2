"""Notebook 07's widget: an interactive next-character predictor on the trained model.

Type a prefix; see the model's top-k next characters with their probabilities and a sampled
continuation. The numbers come from `rnn_helpers.charmodel.predictor`.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..charmodel import predictor
from ..plots.charmodel import plot_top_chars
from ._core import choice_slider, int_slider, live_figure


def draw_predictor(prefix: str, temperature: float, seed: int, *, params, vocab, k=8, n=80):
    """Draw the top-k bars and the continuation for `prefix`; return (fig, data)."""
    data = predictor(params, vocab, prefix, k=k, n=n, temperature=temperature, seed=seed)
    fig, (ax_bars, ax_text) = plt.subplots(
        1, 2, figsize=(9.5, 3.2), gridspec_kw={"width_ratios": [1, 1.6]}
    )
    shown = data["prefix"][-25:].replace("\n", "⏎")
    plot_top_chars(data["top_chars"], data["top_probs"], ax=ax_bars, title=f"After '…{shown}'")
    ax_text.axis("off")
    note = f"ignored (not in the vocabulary): {data['ignored']!r}\n" if data["ignored"] else ""
    body = (data["prefix"][-40:] + "▌" + data["continuation"]).split("\n")
    lines = [chunk[i : i + 48] for chunk in body for i in range(0, max(len(chunk), 1), 48)]
    ax_text.text(
        0,
        1,
        f"{note}sampled continuation (temperature {temperature:g}, seed {seed}):\n\n"
        + "\n".join(lines[-12:]),
        va="top",
        ha="left",
        fontsize=9,
        family="monospace",
        transform=ax_text.transAxes,
    )
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.17, top=0.88, wspace=0.15)
    return fig, data


def next_char_predictor(params, vocab: str, prefix: str = "ROMEO:\nWhat light through yon", k=8):
    """A text box, a temperature slider and a seed slider. Returns (ui, state).

    ``state`` holds the data of `predictor` for the current text (``probs``, ``top_chars``,
    ``top_probs``, ``continuation``, ...).
    """
    controls = {
        "prefix": widgets.Textarea(
            value=prefix,
            description="prefix",
            continuous_update=False,
            layout=widgets.Layout(width="60%", height="4em"),
            style={"description_width": "initial"},
        ),
        "temperature": choice_slider([0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0], 1.0, "temperature"),
        "seed": int_slider(0, 0, 9, "sampling seed"),
    }

    def draw(prefix, temperature, seed):
        return draw_predictor(prefix, temperature, seed, params=params, vocab=vocab, k=k)

    return live_figure(draw, controls)
