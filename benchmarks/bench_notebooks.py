"""Run All for every notebook in a fresh kernel: wall time and kernel peak memory.

    python benchmarks/bench_notebooks.py            # all notebooks
    python benchmarks/bench_notebooks.py notebooks/04_training_with_bptt.ipynb

Nothing is saved: each notebook runs from a copy in memory, one child process per notebook so
that the peak resident memory of its kernel can be read (Linux and macOS). The course's budget is
20 s and 400 MB per notebook; the table says how much of it each one uses on this machine.
Print as a Markdown table for docs/instructor-guide.md.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S, BUDGET_MB = 20, 400


def run_one(path: str) -> None:
    """In a child process: execute the notebook, print 'seconds peak_mb'."""
    import resource
    import time

    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"{seconds:.1f} {peak / (2**20 if sys.platform == 'darwin' else 2**10):.0f}")


def main(paths: list[str]) -> int:
    paths = paths or sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average before the run: {load:.2f} on {os.cpu_count()} CPUs\n")
    print("| notebook | Run All (s) | kernel peak (MB) | size (kB) | within budget |")
    print("|---|---:|---:|---:|---|")
    failed = 0
    for path in paths:
        out = subprocess.run(
            [sys.executable, __file__, "--one", path], capture_output=True, text=True, cwd=ROOT
        )
        name = Path(path).stem
        if out.returncode != 0:
            print(f"| {name} | FAILED | | | no |")
            print(out.stderr[-2000:], file=sys.stderr)
            failed += 1
            continue
        seconds, peak = map(float, out.stdout.split()[-2:])
        size = Path(path).stat().st_size / 1e3
        ok = "yes" if seconds < BUDGET_S and peak < BUDGET_MB else "NO"
        print(f"| {name} | {seconds:.1f} | {peak:.0f} | {size:.0f} | {ok} |")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        run_one(sys.argv[2])
    else:
        sys.exit(main(sys.argv[1:]))
