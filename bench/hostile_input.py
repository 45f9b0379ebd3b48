"""Time the hostile inputs that the unit tests only check for correctness.

The tests assert what happens to an alias bomb, a 3,000-resource addon, a FIFO planted in the
cfn-lint cache, a graph of 20,000 workloads and the real corpus; how long each takes is measured
here, once each, against a budget (seconds on one core of a quiet machine). Prints one line per
case; exits 1 when a case is over its budget.

Usage: ``python bench/hostile_input.py [--corpus ../shared/corpus]``
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from copilot_lint.cfn import cache as cfn_cache  # noqa: E402
from copilot_lint.lint import lint_workspace  # noqa: E402
from copilot_lint.load.config import Config  # noqa: E402
from copilot_lint.load.parse import load_text  # noqa: E402

PARAMS = "Parameters:\n  App: {Type: String}\n  Env: {Type: String}\n  Name: {Type: String}\n"
BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9))


def _config() -> Config:
    config = Config()
    config.cfn_lint["enabled"] = False
    return config


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def alias_bomb() -> float:
    return _timed(lambda: load_text("bomb.yml", BOMB))


def big_addon(folder: Path) -> float:
    addons = folder / "copilot" / "api" / "addons"
    addons.mkdir(parents=True)
    (folder / "copilot" / "api" / "manifest.yml").write_text(
        "name: api\ntype: Backend Service\nimage:\n  location: nginx\n")
    (addons / "many.yml").write_text(PARAMS + "Resources:\n" + "".join(
        f"  Q{i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: fixed-{i}\n"
        for i in range(3000)))
    return _timed(lambda: lint_workspace(folder / "copilot", _config(), cwd=folder))


def fifo_in_cache(folder: Path) -> float:
    cache = cfn_cache.Cache(folder)
    digest = "a1" + "0" * 62
    cache.put(digest, {"findings": []})
    entry = cache.root / digest[:2] / f"{digest}.json"
    entry.unlink()
    os.mkfifo(entry)
    return _timed(lambda: cache.get(digest))


def big_graph(count: int = 20_000) -> float:
    """Place one finding on each of ``count`` workloads, each in its own group, and draw the
    graph both ways (tests/test_graph.py checks the result)."""
    from copilot_lint.graph.elements import Graph, place_findings
    from copilot_lint.graph.render import to_dot, to_mermaid
    from copilot_lint.model.finding import Finding

    graph = Graph("app", ["test"])
    for i in range(count):
        graph.group(f"wl-group:{i}", f"group {i}", spans=[(f"copilot/s{i}/manifest.yml", 1, 9)])
        graph.node(f"wl:{i}", f"s{i}", "workload", f"wl-group:{i}",
                   spans=[(f"copilot/s{i}/manifest.yml", 1, 5)])
        graph.node(f"extra:{i}", "x", "workload", f"wl-group:{i}")
    findings = [Finding(f"copilot/s{i}/manifest.yml", 2 if i % 2 else 7, 1, "m", rule="CL101",
                        severity="error") for i in range(count)]
    return _timed(lambda: (place_findings(graph, findings), to_mermaid(graph), to_dot(graph)))


def corpus(real: Path) -> float:
    workspaces = sorted(p for p in real.iterdir() if (p / "copilot").is_dir())
    return max((_timed(lambda w=w: lint_workspace(w / "copilot", _config(), cwd=w))
                for w in workspaces), default=0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("alias bomb (10^9 nodes if expanded)", 2.0, alias_bomb),
                 ("addon with 3,000 resources", 20.0, lambda: big_addon(Path(tmp, "big"))),
                 ("FIFO in the cfn-lint cache", 1.0, lambda: fifo_in_cache(Path(tmp, "cache"))),
                 ("graph: 20,000 workloads placed and drawn", 15.0, big_graph)]
        if (args.corpus / "real").is_dir():
            cases.append(("slowest real corpus workspace", 10.0,
                          lambda: corpus(args.corpus / "real")))
        over = 0
        print(f"load average {os.getloadavg()[0]:.2f}")
        for name, budget, case in cases:
            seconds = case()
            over += seconds > budget
            print(f"{seconds:8.3f} s  (budget {budget:5.1f} s)  {name}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
