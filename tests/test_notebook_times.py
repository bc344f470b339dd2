"""Every notebook states its main-path and optional times by the method in CONTRIBUTING.md."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("notebook_time", ROOT / "tools" / "notebook_time.py")
notebook_time = importlib.util.module_from_spec(spec)
sys.modules["notebook_time"] = notebook_time  # dataclasses look their module up
spec.loader.exec_module(notebook_time)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_header_states_the_measured_times(path):
    first = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    rows = notebook_time.TIME_ROW.findall(first)
    assert len(rows) == 1, f"{path.name}: the first cell needs one '| **Time** | ... |' row"
    assert rows[0] == notebook_time.time_row(*notebook_time.measure(path)), (
        f"{path.name}: run python3 tools/notebook_time.py --write"
    )


def _nb(tmp_path, cells):
    path = tmp_path / "99_x.ipynb"
    path.write_text(json.dumps({"cells": cells}))
    return path


def md(text):
    return {"cell_type": "markdown", "source": [text]}


def code(text):
    return {"cell_type": "code", "source": [text]}


def widget(text):
    """A code cell whose stored output is a displayed widget (its view, as Jupyter saves it)."""
    view = {"application/vnd.jupyter.widget-view+json": {"model_id": "0", "version_major": 2}}
    return {**code(text), "outputs": [{"output_type": "display_data", "data": view}]}


def test_going_deeper_is_optional_up_to_the_next_heading_of_its_level(tmp_path):
    words = " ".join(["word"] * 200)
    path = _nb(
        tmp_path,
        [
            md("# Title\n" + words),  # 201 words, main
            md("## 1. Main\n### Exercise 9.1: x\n"),
            code("x = 1\n# a comment\n\ny = 2\n"),  # 2 lines
            md("## Going deeper: proofs\n" + words),
            widget("ui\n"),  # optional live widget, 1 line
            code("from rnn_helpers.widgets.x import draw_x\n"),  # drawn once: code, not a widget
            md("### A subsection\n" + words),  # still optional
            md("## Key points\nthree words here"),  # main again
        ],
    )
    main, opt = notebook_time.measure(path)
    assert main.exercises == ("9.1",)  # not in EXERCISE_MINUTES: the default 10
    assert main.code_lines == 2 and opt.code_lines == 2
    assert opt.widgets == 1 and main.widgets == 0
    assert opt.words == 3 + 200 + 2 + 200  # both headings' words count too
    expected_main = main.words / 100 + 2 * 0.25 + 10
    assert main.minutes == pytest.approx(expected_main)
    assert notebook_time.round_up_5(expected_main) % 5 == 0


def test_round_up_to_five_minutes():
    assert [notebook_time.round_up_5(m) for m in (0.1, 5, 5.01, 59.9)] == [5, 5, 10, 60]


def test_instructor_guide_table_states_the_measured_times():
    guide = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    rows = {}
    for line in guide.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 5 and cells[0].isdigit() and len(cells[0]) == 2:
            rows[cells[0]] = (int(cells[2]), int(cells[3]))
    assert sorted(rows) == [p.name[:2] for p in NOTEBOOKS]
    mains, opts = [], []
    for path in NOTEBOOKS:
        main, opt = notebook_time.measure(path)
        mains.append(notebook_time.round_up_5(main.minutes))
        opts.append(notebook_time.round_up_5(opt.minutes) if opt.words or opt.code_lines else 0)
        assert rows[path.name[:2]] == (mains[-1], opts[-1]), (
            f"docs/instructor-guide.md, {path.name}"
        )
    assert f"| **{sum(mains)}** | **{sum(opts)}** |" in guide, "the guide's total row"
