"""The engine: crash isolation, suppression, selection, severity overrides, dedupe, order."""
from __future__ import annotations

from pathlib import Path

from conftest import write_tree

from copilot_lint.engine.run import finalize, matches, run_rules
from copilot_lint.load.config import Config
from copilot_lint.load.discover import load_workspace
from copilot_lint.model.finding import Finding
from copilot_lint.model.rule import Rule


class Boom(Rule):
    id, name, severity = "CL998", "boom", "error"

    def check(self, ws):
        yield Finding("x.yml", 1, 1, "before the crash")
        raise ValueError("kaput")


class Fine(Rule):
    id, name, severity = "CL999", "fine", "warning"

    def check(self, ws):
        for env in ("prod", "test"):
            yield Finding("b.yml", 2, 3, "same place", environments=[env])
        yield Finding("a.yml", 5, 1, "other")


def _ws(tmp_path: Path, files: dict | None = None):
    write_tree(tmp_path, {"copilot/.workspace": "application: shop\n",
                          "copilot/environments/test/manifest.yml": "name: test\n",
                          "copilot/environments/prod/manifest.yml": "name: prod\n",
                          **(files or {})})
    return load_workspace(tmp_path / "copilot", cwd=tmp_path)


def test_a_crashing_rule_does_not_hide_the_others(tmp_path: Path) -> None:
    result = run_rules(_ws(tmp_path), [Boom, Fine])
    assert result.internal_errors == 1
    crash = [f for f in result.findings if f.internal]
    assert len(crash) == 1 and "kaput" not in crash[0].message \
        and "ValueError at test_engine.py:" in crash[0].message and crash[0].rule == "CL998"
    assert sum(1 for f in result.findings if f.rule == "CL999") == 3


def test_dedupe_merges_environments_in_workspace_order_and_sorts(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    findings = finalize(ws, run_rules(ws, [Fine]).findings, Config())
    assert [(f.file, f.line) for f in findings] == [("a.yml", 5), ("b.yml", 2)]
    assert findings[1].environments == ["prod", "test"]
    assert all(f.severity == "warning" and f.rule == "CL999" for f in findings)


def test_env_filter_select_ignore_and_severity(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    raw = run_rules(ws, [Fine]).findings
    assert [f.file for f in finalize(ws, raw, Config(), env_filter="prod")] == ["a.yml", "b.yml"]
    raw = run_rules(ws, [Fine]).findings
    assert finalize(ws, raw, Config(ignore=["CL9"])) == []
    raw = run_rules(ws, [Fine]).findings
    assert {f.severity for f in finalize(ws, raw, Config(severity={"CL999": "error"}))} == {"error"}


def test_matches() -> None:
    assert matches("CL301", ["CL3"]) and matches("CL105", ["name-mismatch"])
    assert matches("CFN-E3012", ["CFN"]) and not matches("CL301", ["CL4"])


def test_suppression_comments_and_metadata(tmp_path: Path) -> None:
    ws = _ws(tmp_path, {
        "copilot/api/manifest.yml": (
            "name: api  # copilot-lint: disable=CL999\n"
            "# copilot-lint: disable=CL999\n"
            "type: x\n"
            "image: y\n"),
        "copilot/api/addons/t.yml": (
            "# copilot-lint: disable-file=CL100\n"
            "Resources:\n"
            "  Bucket:\n"
            "    Type: AWS::S3::Bucket\n"
            "    Metadata:\n"
            "      copilot-lint: {ignore: [CL999]}\n"
            "    Properties: {BucketName: x}\n"
            "  Other:\n"
            "    Type: AWS::S3::Bucket\n"),
    })

    class Everywhere(Rule):
        id, name, severity = "CL999", "fine", "warning"

        def check(self, ws):
            for file, line in (("copilot/api/manifest.yml", 1), ("copilot/api/manifest.yml", 3),
                               ("copilot/api/manifest.yml", 4), ("copilot/api/addons/t.yml", 7),
                               ("copilot/api/addons/t.yml", 9)):
                yield Finding(file, line, 1, "x")

    kept = finalize(ws, run_rules(ws, [Everywhere]).findings, Config())
    assert [(f.file, f.line) for f in kept] == [("copilot/api/addons/t.yml", 9),
                                                ("copilot/api/manifest.yml", 4)]
