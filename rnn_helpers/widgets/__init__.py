"""Interactive widgets for the notebooks (the only part of rnn_helpers that imports ipywidgets).

Each explorer returns ``(ui, state)``: display ``ui``; ``state`` holds the numbers behind the
current figure, so tests and notebooks can assert on them.
"""

from ._core import live_figure, slider
from .start import one_unit_step, one_unit_step_explorer

__all__ = ["live_figure", "one_unit_step", "one_unit_step_explorer", "slider"]
