"""What a learner reads holds no broken link, no testing comment and no machine path.

- Every relative link in a notebook's markdown and in the repository's markdown files (README,
  CONTRIBUTING, docs/, notebooks/solutions/, data/, benchmarks/) points to a file that exists.
- A notebook that does not exist yet is never linked, and where a table lists it, its row says
  "coming".
- No code cell carries an nbval comment (`# NBVAL_...`): nbval reads cell tags instead.
- No stored output shows an absolute path of the machine that ran it.
"""

import json
import re
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MARKDOWN = sorted(
    p
    for pattern in (
        "*.md",
        "docs/**/*.md",
        "notebooks/**/*.md",
        "data/**/*.md",
        "benchmarks/**/*.md",
    )
    for p in ROOT.glob(pattern)
)
LINK = re.compile(
    r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|(?:href|src)=\"([^\"]+)\""
)
TABLE_ROW = re.compile(r"^\|\s*(0\d)\s*\|", re.MULTILINE)
MACHINE_PATH = re.compile(r"(/work/|/root/|/home/[a-z]|/tmp/|/Users/|[A-Z]:\\\\Users)")


def markdown_texts():
    """(where, folder links are relative to, text) for every markdown text a learner reads."""
    for path in NOTEBOOKS:
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "markdown":
                yield (
                    f"{path.name} cell {i} ({cell.get('id')})",
                    path.parent,
                    "".join(cell["source"]),
                )
    for path in MARKDOWN:
        yield str(path.relative_to(ROOT)), path.parent, path.read_text(encoding="utf-8")


def relative_links(text):
    for m in LINK.finditer(text):
        target = m.group(1) or m.group(2)
        if re.match(r"^[a-zA-Z][a-zA-Z+.-]*:", target) or target.startswith("#"):
            continue  # a web address, mailto:, or an anchor in the same page
        path = urllib.parse.unquote(target.split("#")[0].split("?")[0])
        if path:
            yield target, path


def test_the_scan_finds_the_files_and_links():
    assert len(NOTEBOOKS) >= 6 and any(p.name == "README.md" for p in MARKDOWN)
    found = [t for _, _, text in markdown_texts() for t in relative_links(text)]
    assert any(path.endswith(".ipynb") for _, path in found)
    assert list(relative_links("[a](b.md) ![c](d/e.png) [w](https://x.org) [s](#top)")) == [
        ("b.md", "b.md"),
        ("d/e.png", "d/e.png"),
    ]


def test_every_relative_link_resolves():
    broken = [
        f"{where}: {target}"
        for where, base, text in markdown_texts()
        for target, path in relative_links(text)
        if not (base / path).exists()
    ]
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_notebooks_that_do_not_exist_are_marked_coming():
    existing = {p.name[:2] for p in NOTEBOOKS}
    missing = []
    for where, _, text in markdown_texts():
        for m in TABLE_ROW.finditer(text):
            line = text[m.start() : text.find("\n", m.start()) % (len(text) + 1)]
            if m.group(1) not in existing and "coming" not in line:
                missing.append(f"{where}: {line.strip()[:80]}")
    assert not missing, "rows for notebooks that do not exist, without 'coming':\n" + "\n".join(
        missing
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_testing_comments_in_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = [
        cell.get("id")
        for cell in cells
        if cell["cell_type"] == "code" and re.search(r"#\s*NBVAL", "".join(cell["source"]))
    ]
    assert not found, f"use the nbval-ignore-output tag instead of a comment in cells {found}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_machine_paths_in_stored_outputs(path):
    found = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for out in cell.get("outputs", []):
            texts = [out.get("text", ""), *out.get("traceback", [])]
            texts += [v for k, v in out.get("data", {}).items() if k.startswith("text/")]
            text = "".join("".join(t) if isinstance(t, list) else t for t in texts)
            if MACHINE_PATH.search(text) or str(ROOT) in text:
                found.append(cell.get("id"))
    assert not found, f"machine paths in the outputs of cells {found}"
