"""What team policies add to a run: 100 policies (JSON Schema on manifests, addon resources
and template sections, plus expressions) on a generated workspace, against the same run
without them.

Times, interleaved round by round, medians of separate ``copilot-lint --no-cfn-lint``
processes:

- ``none``: no policies;
- ``cold``: the policies with an empty cache folder (every schema checked against its
  meta-schema);
- ``warm``: the policies with the cache filled by a previous run (the meta-schema check
  skipped for known schemas; the safety checks always run).

Wall time and CPU time (user + system of the process) are both printed: on a shared machine
the CPU time is the steadier of the two.

The goal (issue 25): ``warm - none`` ≤ 0.1 s for 100 policies. Usage:
``python bench/policies.py [--services 10] [--policies 100] [--rounds 5]``.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from bench import _tool, byte_compile, generate, run  # noqa: E402


BUCKET_KEYS = ("BucketName", "VersioningConfiguration", "BucketEncryption",
               "PublicAccessBlockConfiguration", "OwnershipControls", "LifecycleConfiguration")


_AT_LEAST_TEST = (
    '!("test" in envs) || '
    '(type(self.?count.orValue(1)) == int ? self.?count.orValue(1) '
    ': type(self.?count.range.orValue(1)) == string ? int(self.count.range.split("-")[0]) '
    ': self.?count.range.min.orValue(1)) >= '
    '(type(envs.test.?count.orValue(1)) == int ? envs.test.?count.orValue(1) : 1)')
"""Production runs at least as many tasks as test (plus a margin): a count, or the low end of
a ``range`` (``2-10`` or ``{min: 2}``); the generated workspace gives prod ``range: 2-10`` and
test ``count: 1``, so a margin of 2 fires and the others pass, all evaluated (none errs)."""


def policies(count: int, expressions: bool) -> list[dict]:
    """``count`` distinct policies of four kinds (and every tenth an expression), as a team
    would have them: most pass on the generated workspace, a few fire (every twentieth
    resource policy asks for a property the buckets lack, a third of the expressions fire in
    prod)."""
    made = []
    for i in range(count):
        policy: dict = {"id": f"BENCH-{i:03d}", "message": f"policy {i} ({{value}})",
                        "severity": "warning"}
        kind = i % 4
        if expressions and i % 10 == 9:
            policy["applies-to"] = {"environments": ["prod"]}
            policy["expression"] = _AT_LEAST_TEST + f" + {i % 3}"
        elif kind == 0:
            policy["applies-to"] = {"environments": ["prod"]}
            policy["require"] = {"properties": {
                "count": {"anyOf": [{"type": "integer", "minimum": i % 4},
                                    {"type": "object", "required": ["range"]}]},
                "image": {"type": "object", "properties": {"location": {
                    "type": "string", "pattern": f"^(?:[a-z0-9.-]+/)?[a-z0-9-]+:{i}"}}}}}
        elif kind == 1:
            policy["forbid"] = {"required": ["variables"], "properties": {"variables": {
                "type": "object", "required": [f"V{i}"]}}}
        elif kind == 2:
            policy["applies-to"] = {"resource": "AWS::S3::Bucket"}
            wanted = BUCKET_KEYS[i % len(BUCKET_KEYS)] if i % 20 != 2 else f"Prop{i}"
            policy["require"] = {"required": ["Properties"], "properties": {"Properties": {
                "type": "object", "required": [wanted]}}}
        else:
            policy["applies-to"] = {"template": "Outputs"}
            policy["require"] = {"additionalProperties": {
                "type": "object", "required": ["Value"],
                "properties": {"Description": {"type": "string", "maxLength": 100 + i}}}}
        made.append(policy)
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=10)
    parser.add_argument("--policies", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-expressions", action="store_true",
                        help="JSON Schema policies only (without the cel extra)")
    args = parser.parse_args()
    byte_compile()
    work = Path(tempfile.mkdtemp(prefix="copilot-lint-policies-"))
    try:
        generate(work / "ws", args.services)
        (work / "none.yml").write_text("policies: []\n")
        (work / "with.yml").write_text(yaml.safe_dump(
            {"policies": policies(args.policies, not args.no_expressions)}))
        command = _tool("copilot-lint", "copilot_lint")
        base_env = {**os.environ, "COPILOT_LINT_CACHE_DIR": str(work / "cache")}
        times: dict[str, list[float]] = {"none": [], "cold": [], "warm": []}
        cpu: dict[str, list[float]] = {"none": [], "cold": [], "warm": []}
        for _ in range(args.rounds):
            for label in ("none", "cold", "warm"):
                if label == "cold":
                    shutil.rmtree(work / "cache", ignore_errors=True)
                config = "none.yml" if label == "none" else "with.yml"
                elapsed, _, used, code = run(command + ["ws/copilot", "--no-cfn-lint", "--config",
                                                     config, "-q"], base_env, work)
                if code == 2:
                    print(f"copilot-lint failed ({label})", file=sys.stderr)
                    return 2
                times[label].append(elapsed)
                cpu[label].append(used)
        none, cold, warm = (statistics.median(times[k]) for k in ("none", "cold", "warm"))
        print(f"{args.policies} policies, {args.services} services, {args.rounds} rounds, "
              f"load average {os.getloadavg()[0]:.2f}")
        print(f"wall: none {none:.3f} s   cold {cold:.3f} s (+{cold - none:.3f})   "
              f"warm {warm:.3f} s (+{warm - none:.3f})")
        none, cold, warm = (statistics.median(cpu[k]) for k in ("none", "cold", "warm"))
        print(f"cpu:  none {none:.3f} s   cold {cold:.3f} s (+{cold - none:.3f})   "
              f"warm {warm:.3f} s (+{warm - none:.3f})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
