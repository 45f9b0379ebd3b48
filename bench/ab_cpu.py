"""CPU time of copilot-lint from two or more checkouts, run in turn on one workspace (an A/B).

Each round runs ``python -m copilot_lint WORKSPACE --no-cfn-lint --format json`` once from each
checkout (its working directory, so that checkout's package is the one imported), alternating
the order every round; the CPU time (user + system of the child) is the steadier number on a
shared machine. Byte-compile each checkout first (``python -m compileall -q copilot_lint rules``)
so that no run pays for compiling.

Usage: ``python bench/ab_cpu.py --checkouts OLD NEW --workspace WS/copilot [--rounds 25]``.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkouts", nargs="+", required=True, metavar="DIR")
    parser.add_argument("--workspace", required=True, help="the copilot/ folder to lint")
    parser.add_argument("--rounds", type=int, default=25)
    args = parser.parse_args()
    cpu: dict[str, list[float]] = {d: [] for d in args.checkouts}
    wall: dict[str, list[float]] = {d: [] for d in args.checkouts}
    for round_ in range(args.rounds):
        order = args.checkouts if round_ % 2 == 0 else args.checkouts[::-1]
        for checkout in order:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "copilot_lint", args.workspace,
                            "--no-cfn-lint", "--format", "json"], cwd=checkout,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            wall[checkout].append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[checkout].append(after.ru_utime - before.ru_utime
                                 + after.ru_stime - before.ru_stime)
    for checkout in args.checkouts:
        print(f"{checkout}: CPU median {statistics.median(cpu[checkout]):.3f} s "
              f"(min {min(cpu[checkout]):.3f}), wall median "
              f"{statistics.median(wall[checkout]):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
