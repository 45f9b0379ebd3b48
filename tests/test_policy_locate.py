"""Where policy findings land: through overrides, on missing keys, on forbidden matches."""
from __future__ import annotations

import json
import os
from pathlib import Path

from copilot_lint.cli import main

from conftest import write_tree

WEB = """\
name: web
type: Load Balanced Web Service
image:
  location: nginx:1.25
  port: 80
http:
  path: /
count: 1
exec: true
environments:
  test:
    exec: false
  prod:
    count:
      range: 1-4
    http:
      healthcheck: /healthz
"""
BASE = {"copilot/.workspace": "application: shop\n", "copilot/web/manifest.yml": WEB,
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
        "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n"}


def lint(tmp_path: Path, policies: str, capsys, files: dict | None = None,
         extra: list[str] | None = None, base: dict = BASE) -> tuple[int, list[dict], str]:
    """Run the CLI on a workspace (``base`` plus ``files``) with ``policies`` (YAML list items)
    in its configuration; returns the exit code, the findings and the standard error."""
    write_tree(tmp_path, {**base, **(files or {}),
                          ".copilot-lint.yml": "select: [ORG]\npolicies:\n" + policies})
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(["--no-cfn-lint", "--format", "json"] + (extra or []))
    finally:
        os.chdir(old)
    out = capsys.readouterr()
    found = json.loads(out.out)["findings"] if out.out else []
    return code, [{k: f[k] for k in ("rule", "path", "line", "column", "environment",
                                     "severity")} for f in found], out.err


def where(findings: list[dict]) -> list[tuple]:
    return [(f["rule"], f["path"].rsplit("/", 2)[-2], f["line"], f["column"], f["environment"])
            for f in findings]


TWO_TASKS = """\
  - id: ORG-1
    message: at least two tasks
    require:
      required: [count]
      properties:
        count:
          anyOf:
            - {type: integer, minimum: 2}
            - type: object
              properties: {range: {type: string, pattern: "^[2-9]"}}
"""


def test_base_value_and_override_value_land_on_their_own_lines(tmp_path, capsys) -> None:
    code, found, _ = lint(tmp_path, TWO_TASKS, capsys)
    assert code == 1
    # test: the base `count: 1` (line 8); prod: the override's `range: 1-4` (line 15), the
    # deepest node of the failed anyOf branches
    assert where(found) == [("ORG-1", "web", 8, 8, ["test"]), ("ORG-1", "web", 15, 14, ["prod"])]


def test_an_override_that_satisfies_the_policy_silences_that_environment(tmp_path,
                                                                         capsys) -> None:
    policy = TWO_TASKS.replace('pattern: "^[2-9]"', 'pattern: "^[1-9]"')
    _, found, _ = lint(tmp_path, policy, capsys)
    assert where(found) == [("ORG-1", "web", 8, 8, ["test"])]


def test_missing_key_lands_on_the_key_line_of_the_mapping_lacking_it(tmp_path, capsys) -> None:
    policy = """\
  - id: ORG-2
    message: http has a health check
    require:
      properties:
        http: {required: [healthcheck]}
"""
    _, found, _ = lint(tmp_path, policy, capsys)
    # test lacks it: the `http:` key of the base (line 6); prod sets it in its override
    assert where(found) == [("ORG-2", "web", 6, 1, ["test"])]


def test_missing_top_level_key_lands_on_the_manifest(tmp_path, capsys) -> None:
    policy = """\
  - id: ORG-3
    message: set a platform
    require: {required: [platform]}
"""
    _, found, _ = lint(tmp_path, policy, capsys)
    assert where(found) == [("ORG-3", "web", 1, 1, ["prod", "test"])]


def test_unexpected_key_lands_on_that_key(tmp_path, capsys) -> None:
    policy = """\
  - id: ORG-4
    message: only path under http
    require:
      properties:
        http: {additionalProperties: false, properties: {path: {}}}
"""
    _, found, _ = lint(tmp_path, policy, capsys)
    assert where(found) == [("ORG-4", "web", 17, 7, ["prod"])]


def test_forbid_lands_on_the_deepest_matched_node(tmp_path, capsys) -> None:
    policy = """\
  - id: ORG-5
    message: no exec
    forbid:
      required: [exec]
      properties: {exec: {const: true}}
  - id: ORG-6
    message: no nginx
    forbid:
      properties:
        image:
          type: object
          properties: {location: {type: string, pattern: "^nginx"}}
          required: [location]
"""
    _, found, _ = lint(tmp_path, policy, capsys)
    # exec: true only in prod (test overrides it with false); the image in both environments
    assert where(found) == [("ORG-6", "web", 4, 13, ["prod", "test"]),
                            ("ORG-5", "web", 9, 7, ["prod"])]


def test_forbid_through_contains_and_anyof(tmp_path, capsys) -> None:
    files = {"copilot/web/manifest.yml": WEB + "    variables: {A: '1'}\n"
             "    entrypoint: [\"/bin/sh\", \"-c\"]\n"}
    policy = """\
  - id: ORG-7
    message: no shell entrypoint
    forbid:
      required: [entrypoint]
      properties:
        entrypoint:
          anyOf:
            - {type: string, pattern: "^/bin/sh"}
            - {type: array, contains: {const: "-c"}}
"""
    _, found, _ = lint(tmp_path, policy, capsys, files)
    assert where(found) == [("ORG-7", "web", 19, 29, ["prod"])]


def test_one_finding_per_violation_within_a_target(tmp_path, capsys) -> None:
    policy = """\
  - id: ORG-8
    message: numbers are small
    require:
      properties:
        count: {type: integer, maximum: 0}
        image: {properties: {port: {maximum: 10}}}
"""
    _, found, _ = lint(tmp_path, policy, capsys)
    # prod's count is a mapping set by the override: on the override's `count:` key
    assert sorted(where(found)) == [("ORG-8", "web", 5, 9, ["prod", "test"]),
                                    ("ORG-8", "web", 8, 8, ["test"]),
                                    ("ORG-8", "web", 14, 5, ["prod"])]
