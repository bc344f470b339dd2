"""The one pattern behind every widget: sliders -> a tested function -> a redrawn figure.

`live_figure` wires controls to a ``draw(**values) -> (fig, data)`` function. Each change redraws
the figure inside an Output widget and stores the returned data in ``state``, which is what tests
(and the notebooks' own asserts) check, since nbval cannot compare images.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt


def figure_png(fig) -> bytes:
    """Render `fig` to PNG in one pass (or, after `keep_still_parts`, only its moving parts).

    The notebook's inline backend crops with ``bbox_inches="tight"``, which draws the figure twice;
    widget figures set their own margins instead, which makes each redraw about a third faster.
    """
    moving = getattr(fig, "_course_moving", None)
    if moving is not None:
        return _moving_parts_png(fig, moving)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})  # shown, never stored
    return buffer.getvalue()


def keep_still_parts(fig, moving) -> None:
    """Render everything of `fig` but the artists `moving` once; later PNGs redraw only those.

    For a widget figure whose redraws change a few artists (an image, one axes, a title) and leave
    many others (tick texts, labels) as they are: `figure_png` pastes the still parts back and
    draws `moving` over them, in the order given. The still parts must not change afterwards.
    The figure gets its own Agg canvas, which stays when pyplot closes the figure.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for artist in moving:
        artist.set_animated(True)  # left out of a full draw
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    fig._course_moving = (canvas, canvas.copy_from_bbox(fig.bbox), list(moving))


def _moving_parts_png(fig, moving) -> bytes:
    from PIL import Image  # comes with matplotlib

    canvas, background, artists = moving
    canvas.restore_region(background)
    renderer = canvas.get_renderer()
    for artist in artists:
        artist.draw(renderer)
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def redraw_in_place(draw: Callable, key: Callable | None = None, on_new: Callable | None = None):
    """Wrap ``draw(**values, fig=None) -> (fig, data)`` so that it draws each figure once.

    Later calls pass the figure back as ``fig=``, and `draw` updates it in place (faster than a
    new figure). With `key`, one figure is kept per ``key(**values)`` (e.g. per input string,
    when the layout depends on it); `on_new` is called with each figure when it is first drawn.
    """
    figures: dict = {}

    def wrapped(**values):
        k = key(**values) if key is not None else None
        fig, data = draw(**values, fig=figures.get(k))
        if k not in figures:
            figures[k] = fig
            if on_new is not None:
                on_new(fig)
        return fig, data

    return wrapped


def _show(fig) -> None:
    """Display `fig` in a running notebook (inside the current Output widget) and close it."""
    from IPython import get_ipython  # IPython comes with ipywidgets
    from IPython.display import Image, display

    if get_ipython() is not None:
        display(Image(figure_png(fig)))
    plt.close(fig)


def live_figure(
    draw: Callable[..., tuple[object, dict]],
    controls: dict[str, widgets.ValueWidget],
    columns: int = 3,
) -> tuple[widgets.VBox, dict]:
    """Build an interactive figure.

    Parameters
    ----------
    draw : callable
        ``draw(**values)`` takes one keyword per control, draws a new matplotlib figure and returns
        ``(fig, data)``; `data` holds the numbers shown.
    controls : dict of name to widget
        The sliders and dropdowns, keyed by `draw`'s argument names.
    columns : int
        Controls per row.

    Returns
    -------
    ui : ipywidgets.VBox
        Controls above the figure; display it in the notebook.
    state : dict
        The latest `data` returned by `draw`, updated synchronously on every change.
    """
    state: dict = {}

    def update(**values):
        fig, data = draw(**values)
        state.clear()
        state.update(data)
        _show(fig)

    out = widgets.interactive_output(update, controls)
    items = list(controls.values())
    rows = [widgets.HBox(items[i : i + columns]) for i in range(0, len(items), columns)]
    return widgets.VBox([*rows, out]), state


def _settings() -> dict:
    """What every control of the course shares: update on release (cheap on Binder), and a
    description as wide as its text."""
    return {"continuous_update": False, "style": {"description_width": "initial"}}


def slider(
    value: float, lo: float, hi: float, step: float, description: str
) -> widgets.FloatSlider:
    """A float slider that updates on release (cheap on Binder) and reads well in the course."""
    return widgets.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=".2f",
        **_settings(),
    )


def int_slider(value: int, lo: int, hi: int, description: str) -> widgets.IntSlider:
    """An integer slider (step 1) with the settings of `slider`."""
    return widgets.IntSlider(
        value=value, min=lo, max=hi, step=1, description=description, **_settings()
    )


def log_slider(
    value: float, lo_exp: float, hi_exp: float, step: float, description: str
) -> widgets.FloatLogSlider:
    """A slider over 10**lo_exp ... 10**hi_exp (`step` in powers of ten), like `slider`."""
    return widgets.FloatLogSlider(
        value=value,
        base=10,
        min=lo_exp,
        max=hi_exp,
        step=step,
        description=description,
        readout_format=".2f",
        **_settings(),
    )


def choice_slider(options, value, description: str) -> widgets.SelectionSlider:
    """A slider over a list of `options` (e.g. window lengths), with the settings of `slider`."""
    return widgets.SelectionSlider(
        options=options, value=value, description=description, **_settings()
    )
