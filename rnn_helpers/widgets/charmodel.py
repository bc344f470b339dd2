"""Notebook 07's widget: an interactive next-character predictor on the trained model.

Type a prefix; see the model's top-k next characters with their probabilities and a sampled
continuation. The numbers come from `rnn_helpers.charmodel.predictor`.
"""

from __future__ import annotations

import html
from functools import partial

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..charmodel import predictor
from ..plots.charmodel import plot_top_chars, update_top_chars
from ._core import choice_slider, int_slider, live_figure, redraw_in_place


def draw_predictor(
    prefix: str, temperature: float, seed: int, *, params, vocab, k=8, n=80, fig=None
):
    """Draw the top-k bars for `prefix`; return (fig, data) with data from `predictor`.

    The sampled continuation is in ``data["continuation"]`` (shown as text, not drawn). With
    `fig` from an earlier call, its bars, labels and title are updated in place (faster).
    """
    data = predictor(
        params, vocab, prefix, k=k, n=n, temperature=temperature, rng=np.random.default_rng(seed)
    )
    shown = data["prefix"][-25:].replace("\n", "⏎")
    title = f"After '…{shown}'"
    if fig is None:
        fig, ax = plt.subplots(figsize=(5.0, 3.0))
        plot_top_chars(data["top_chars"], data["top_probs"], ax=ax, title=title)
        fig.subplots_adjust(left=0.1, right=0.97, bottom=0.17, top=0.88)
    else:
        update_top_chars(fig.axes[0], data["top_chars"], data["top_probs"], title)
    return fig, data


def continuation_html(data: dict, temperature: float, seed: int) -> str:
    """The prefix's end and the sampled continuation as a small HTML block."""
    note = (
        f"ignored (not in the vocabulary): {html.escape(repr(data['ignored']))}<br>"
        if data["ignored"]
        else ""
    )
    text = html.escape(data["prefix"][-60:]) + "<b>▌</b>" + html.escape(data["continuation"])
    return (
        f"{note}sampled continuation (temperature {temperature:g}, seed {seed}):"
        f"<pre style='margin:0.3em 0'>{text}</pre>"
    )


def next_char_predictor(params, vocab: str, prefix: str = "ROMEO:\nWhat light through yon", k=8):
    """A text box, a temperature slider and a seed slider. Returns (ui, state).

    ``state`` holds the data of `predictor` for the current text (``probs``, ``top_chars``,
    ``top_probs``, ``continuation``, ...) and ``html``, the continuation as shown.
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
    text = widgets.HTML()
    predict = redraw_in_place(partial(draw_predictor, params=params, vocab=vocab, k=k))

    def draw(prefix, temperature, seed):
        fig, data = predict(prefix=prefix, temperature=temperature, seed=seed)
        text.value = continuation_html(data, temperature, seed)
        return fig, {**data, "html": text.value}

    ui, state = live_figure(draw, controls)
    *rows, out = ui.children
    return widgets.VBox([*rows, widgets.HBox([out, text])]), state
