"""Rebuild a data file of data/ from its public source and print its SHA-256.

    python tools/rebuild_data.py co2            # data/co2_monthly.csv
    python tools/rebuild_data.py co2 --check    # rebuild into a temporary folder and compare
    python tools/rebuild_data.py shakespeare --git-dir PATH   # data/tinyshakespeare.txt.gz

Each subcommand downloads exactly the source that data/README.md names, extracts and transforms
it as described there, writes the file into data/ (or only compares with --check) and prints its
size and SHA-256, which must match the README and the loader in rnn_helpers/data.py.
Nothing here runs when the course runs: the loaders only read the committed files.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
REBUILDERS: dict[str, tuple[str, Callable[[Path], bytes]]] = {}  # name -> (file name, build)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pip_download_wheel(requirement: str, folder: Path) -> Path:
    """Download one pinned wheel (no dependencies) for a fixed platform, so that every machine
    gets the same file; return its path."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary",
            ":all:",
            "--platform",
            "manylinux2014_x86_64",
            "--python-version",
            "3.11",
            requirement,
            "-d",
            str(folder),
        ],
        check=True,
    )
    (wheel,) = folder.glob("*.whl")
    return wheel


# ------------------------------------------------------------------ co2 (notebook 06) begin
CO2_WHEEL = "statsmodels==0.14.4"
CO2_MEMBER = "statsmodels/datasets/co2/co2.csv"


def co2_monthly_csv(weekly_csv: str) -> bytes:
    """Weekly Mauna Loa CO2 (``date,co2`` with dates YYYYMMDD, some values empty) -> monthly means.

    One row per calendar month from the first to the last month of the weekly record:
    ``month`` (YYYY-MM), ``co2_ppm`` (mean of that month's weekly values, 2 decimals) and
    ``weeks`` (how many weekly values were averaged). A month with no weekly value gets the
    straight-line interpolation between the neighbouring monthly means and ``weeks = 0``.
    """
    lines = weekly_csv.strip().splitlines()
    if lines[0].strip() != "date,co2":
        raise ValueError(f"unexpected header {lines[0]!r}")
    values: dict[tuple[int, int], list[float]] = {}
    for line in lines[1:]:
        date, value = line.strip().split(",")
        if value.strip():
            values.setdefault((int(date[:4]), int(date[4:6])), []).append(float(value))
    first, last = min(values), max(values)
    months, (y, m) = [], first
    while (y, m) <= last:
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    measured = [sum(values[k]) / len(values[k]) if k in values else None for k in months]
    known = [i for i, v in enumerate(measured) if v is not None]
    means = []
    for i, v in enumerate(measured):
        if v is None:  # straight line between the nearest measured months on either side
            lo = max(j for j in known if j < i)
            hi = min(j for j in known if j > i)
            v = measured[lo] + (measured[hi] - measured[lo]) * (i - lo) / (hi - lo)
        means.append(v)
    rows = ["month,co2_ppm,weeks"]
    rows += [
        f"{y:04d}-{m:02d},{v:.2f},{len(values.get((y, m), []))}" for (y, m), v in zip(months, means)
    ]
    return ("\n".join(rows) + "\n").encode("ascii")


def build_co2(tmp: Path) -> bytes:
    wheel = pip_download_wheel(CO2_WHEEL, tmp)
    with zipfile.ZipFile(wheel) as z:
        weekly = z.read(CO2_MEMBER).decode("ascii")
    print(f"{wheel.name}: {CO2_MEMBER}, {len(weekly)} bytes, SHA-256 {sha256_hex(weekly.encode())}")
    return co2_monthly_csv(weekly)


REBUILDERS["co2"] = ("co2_monthly.csv", build_co2)
# ------------------------------------------------------------------ co2 (notebook 06) end


# ------------------------------------------------------------------ text corpus (notebook 07) begin
SHAKESPEARE_COMMIT = "6f9487a6fe5b420b7ca9afb0d7c078e37c1d1b4e"  # karpathy/char-rnn, master
SHAKESPEARE_PATH = "data/tinyshakespeare/input.txt"
SHAKESPEARE_SHA256 = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"
OPTIONS: dict = {}  # command-line options that a rebuilder needs (set by main)


def build_shakespeare(tmp: Path) -> bytes:
    """The file at the recorded commit of a local git directory of github.com/karpathy/char-rnn
    (given with --git-dir; nothing is downloaded), byte for byte, gzip-compressed at level 9 with
    no file name and a zero time stamp, so that the same zlib gives the same bytes."""
    git_dir = OPTIONS.get("git_dir")
    if git_dir is None:
        raise SystemExit(
            "shakespeare needs --git-dir PATH: a local clone (or bare git directory) of "
            "https://github.com/karpathy/char-rnn"
        )
    data = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{SHAKESPEARE_COMMIT}:{SHAKESPEARE_PATH}"],
        check=True,
        capture_output=True,
    ).stdout
    ok = sha256_hex(data) == SHAKESPEARE_SHA256
    print(
        f"{SHAKESPEARE_PATH} at {SHAKESPEARE_COMMIT[:12]}: SHA-256 "
        f"{'matches' if ok else 'DIFFERS from'} the recorded {SHAKESPEARE_SHA256}"
    )
    return gzip.compress(data, compresslevel=9, mtime=0)


REBUILDERS["shakespeare"] = ("tinyshakespeare.txt.gz", build_shakespeare)
# ------------------------------------------------------------------ text corpus (notebook 07) end


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", choices=sorted(REBUILDERS))
    parser.add_argument(
        "--check", action="store_true", help="compare with the committed file, write nothing"
    )
    parser.add_argument(
        "--git-dir", type=Path, help="shakespeare: a local git directory of karpathy/char-rnn"
    )
    args = parser.parse_args(argv)
    OPTIONS["git_dir"] = args.git_dir
    name, build = REBUILDERS[args.dataset]
    with tempfile.TemporaryDirectory() as tmp:
        data = build(Path(tmp))
    print(f"{name}: {len(data)} bytes, SHA-256 {sha256_hex(data)}")
    target = DATA / name
    if args.check:
        same = target.is_file() and target.read_bytes() == data
        print("matches the committed file" if same else f"DIFFERS from {target}")
        return 0 if same else 1
    target.write_bytes(data)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
