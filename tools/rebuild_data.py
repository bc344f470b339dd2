#!/usr/bin/env python
"""Rebuild the course's data files from their sources and print each file's SHA-256.

One subcommand per data set (see data/README.md for sources and licences)::

    python tools/rebuild_data.py shakespeare --git-dir PATH [--out data/tinyshakespeare.txt]

``shakespeare``: PATH is a local git directory (bare or not) of github.com/karpathy/char-rnn.
The file is taken from the recorded commit with ``git show``, written byte for byte, and its
SHA-256 is compared with the recorded one (exit code 1 on a mismatch). Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"

SHAKESPEARE = {
    "repository": "https://github.com/karpathy/char-rnn",
    "commit": "6f9487a6fe5b420b7ca9afb0d7c078e37c1d1b4e",
    "path": "data/tinyshakespeare/input.txt",
    "file": "tinyshakespeare.txt",
    "sha256": "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
}


def write_and_verify(data: bytes, out: Path, sha256: str) -> bool:
    """Write `data` to `out`, print its size and SHA-256, and return whether it matches."""
    out.write_bytes(data)
    got = hashlib.sha256(data).hexdigest()
    ok = got == sha256
    print(
        f"{out}: {len(data):,} bytes, SHA-256 {got} ({'matches' if ok else 'DIFFERS from'} "
        f"the recorded {sha256})"
    )
    return ok


def rebuild_shakespeare(opts) -> bool:
    s = SHAKESPEARE
    data = subprocess.run(
        ["git", "--git-dir", str(opts.git_dir), "show", f"{s['commit']}:{s['path']}"],
        check=True,
        capture_output=True,
    ).stdout
    return write_and_verify(data, Path(opts.out or DATA / s["file"]), s["sha256"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="dataset", required=True)
    p = sub.add_parser("shakespeare", help="data/tinyshakespeare.txt from karpathy/char-rnn")
    p.add_argument("--git-dir", required=True, type=Path, help="a local git dir of char-rnn")
    p.add_argument("--out", type=Path, help="where to write (default data/tinyshakespeare.txt)")
    p.set_defaults(run=rebuild_shakespeare)
    opts = parser.parse_args(argv)
    return 0 if opts.run(opts) else 1


if __name__ == "__main__":
    sys.exit(main())
