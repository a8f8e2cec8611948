"""Start-up of two source trees, interleaved: `python benchmarks/ab_startup.py STORE
SRC_A SRC_B [--starts N]`.

Each start is timed as `run.py` times it (process start until the app prints "shown",
a fresh settings folder, bytecode written first), with SRC_A or SRC_B first on
PYTHONPATH; the trees take turns (A B, B A, ...), so a slow minute of the machine hits
both alike. Prints each tree's median and minimum wall seconds and median CPU seconds.
Make SRC_B's tree with `git worktree add /tmp/base <commit>` (its `src/`).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402 - benchmarks/run.py, beside this file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("trees", type=Path, nargs=2, metavar="SRC")
    parser.add_argument("--starts", type=int, default=10, help="starts per tree")
    args = parser.parse_args()
    trees = [tree.resolve() for tree in args.trees]
    for tree in trees:
        compileall.compile_dir(tree, quiet=1)
    walls: dict[Path, list[float]] = {tree: [] for tree in trees}
    cpus: dict[Path, list[float]] = {tree: [] for tree in trees}
    for i in range(args.starts):
        for tree in trees if i % 2 == 0 else trees[::-1]:
            with tempfile.TemporaryDirectory() as settings:
                env = {"PYTHONPATH": os.pathsep.join([str(tree), os.environ.get("PYTHONPATH", "")]),
                       "ASYLUM_EXPLORER_REPORT_SHOWN": "1", "XDG_CONFIG_HOME": settings}
                cmd = [sys.executable, "-m", "asylum_explorer", "--store", str(args.store)]
                wall, _, _ = run._run_child(cmd, timeout=600, env=env, mark="shown")
            walls[tree].append(wall)
            cpus[tree].append(run._last_cpu_s[0])
    for tree in trees:
        print(f"{tree}: wall median {statistics.median(walls[tree]):.3f} s "
              f"(min {min(walls[tree]):.3f}), CPU median {statistics.median(cpus[tree]):.3f} s, "
              f"starts {[round(w, 2) for w in walls[tree]]}")


if __name__ == "__main__":
    main()
