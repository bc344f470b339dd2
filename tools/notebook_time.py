"""How long a notebook takes a learner: the main path and the optional "Going deeper" parts.

    python3 tools/notebook_time.py            # a table for every notebook
    python3 tools/notebook_time.py --write    # also rewrite each notebook's "Time" header row

The method (CONTRIBUTING.md, "Honest times") adds four measured parts:

- prose: markdown words at 100 words per minute, the speed of careful reading of technical text
  with formulas (general prose is read at 200-250);
- code: 0.25 min per line of code that is not blank or a comment, to read it, run it and look at
  what it prints or draws;
- exercises: the minutes in EXERCISE_MINUTES (default 10), from learners' trials;
- widgets: 3 min per live widget (a code cell whose stored output is a widget view; a figure
  drawn once by a widget module's drawing function is not live and counts as code only).

The constants were calibrated on the totals that learners measured for the first edition of
notebooks 01, 02, 04 and 05 (about 60, 90, 135 and 112 min); the method reproduces them within
about 15%. Everything under a heading that contains "Going deeper" is optional, up to the next
heading of the same or a higher level. Times are rounded up to 5 min.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_MIN = 100
MIN_PER_CODE_LINE = 0.25
MIN_PER_WIDGET = 3
DEFAULT_EXERCISE_MIN = 10
# Exercises that learners took clearly longer or shorter than the default over.
EXERCISE_MINUTES = {
    "0.1": 8,
    "0.2": 8,
    "1.1": 5,
    "1.2": 5,
    "4.1": 20,
    "4.2": 20,
}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"  # the output of a displayed widget
OPTIONAL = re.compile(r"going deeper", re.IGNORECASE)
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
EXERCISE = re.compile(r"^#{2,6}\s+Exercise\s+(\d+\.\d+)", re.IGNORECASE)
TIME_ROW = re.compile(r"^\| \*\*Time\*\* \|.*\|$", re.MULTILINE)


@dataclass
class Part:
    """What one part of a notebook (main path or optional) holds, and its minutes."""

    words: int = 0
    code_lines: int = 0
    exercises: tuple[str, ...] = ()
    widgets: int = 0

    @property
    def minutes(self) -> float:
        exercise_min = sum(EXERCISE_MINUTES.get(e, DEFAULT_EXERCISE_MIN) for e in self.exercises)
        return (
            self.words / WORDS_PER_MIN
            + self.code_lines * MIN_PER_CODE_LINE
            + exercise_min
            + self.widgets * MIN_PER_WIDGET
        )


def round_up_5(minutes: float) -> int:
    return int(5 * math.ceil(minutes / 5 - 1e-9))


def measure(path: Path) -> tuple[Part, Part]:
    """(main path, optional) of the notebook at `path`."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    main, optional = Part(), Part()
    optional_level = None  # heading level that opened the current optional section
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            lines = text.splitlines()
            for line in lines:
                m = HEADING.match(line)
                if m:
                    level = len(m.group(1))
                    if optional_level is not None and level <= optional_level:
                        optional_level = None
                    if optional_level is None and OPTIONAL.search(m.group(2)):
                        optional_level = level
                part = optional if optional_level is not None else main
                part.words += len(re.findall(r"[A-Za-z0-9_']+", line))
                e = EXERCISE.match(line)
                if e:
                    part.exercises += (e.group(1),)
        elif cell["cell_type"] == "code":
            part = optional if optional_level is not None else main
            part.code_lines += sum(
                1
                for line in text.splitlines()
                if line.strip() and not line.lstrip().startswith("#")
            )
            if any(WIDGET_VIEW in out.get("data", {}) for out in cell.get("outputs", [])):
                part.widgets += 1
    return main, optional


def time_row(main: Part, optional: Part) -> str:
    """The header row that states both times."""
    text = f"Main path about {round_up_5(main.minutes)} min"
    if optional.words or optional.code_lines:
        text += f" · Going deeper (optional) about {round_up_5(optional.minutes)} min more"
    return f"| **Time** | {text} (how these are estimated: CONTRIBUTING.md, “Honest times”) |"


def write_time_row(path: Path) -> bool:
    """Rewrite the Time row of the notebook's first cell; True when it changed."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"])
    new = TIME_ROW.sub(time_row(*measure(path)), first, count=1)
    if new == first:
        return False
    nb["cells"][0]["source"] = new.splitlines(keepends=True)
    Path(path).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite each notebook's Time row")
    args = parser.parse_args()
    print(f"{'notebook':<44} {'main':>5} {'opt':>5}  words(main/opt) code  ex  widgets")
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        main_part, opt = measure(path)
        print(
            f"{path.name:<44} {round_up_5(main_part.minutes):>5} {round_up_5(opt.minutes):>5}"
            f"  {main_part.words:>5}/{opt.words:<5}    {main_part.code_lines:>4}"
            f" {len(main_part.exercises):>3} {main_part.widgets:>4}"
        )
        if args.write and write_time_row(path):
            print("   (Time row rewritten)")


if __name__ == "__main__":
    main()
