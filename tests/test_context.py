"""The analysis context of one run: the workspace stays data, the views live and die with the run,
and the engine walks the traversal hooks over one meaning of "each environment"."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

from conftest import analysed, write_tree

from copilot_lint.api import AddonSet, Context, Finding, Rule, Workload
from copilot_lint.engine.run import run_rules
from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config
from copilot_lint.model.workspace import Workspace
from copilot_lint.resolve.manifest import manifest_for

FILES = {
    "copilot/.workspace": "application: shop\n",
    "copilot/api/manifest.yml": "name: api\ntype: Backend Service\nimage: {location: nginx}\n",
    "copilot/api/addons/t.yml": "Resources:\n  Q: {Type: AWS::SQS::Queue}\n",
    "copilot/web/manifest.yml": "name: web\ntype: Backend Service\nimage: {location: nginx}\n",
    "copilot/environments/addons/e.yml": "Resources:\n  T: {Type: AWS::SNS::Topic}\n",
}
ENVS = {"copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
        "copilot/environments/prod/manifest.yml": "name: prod\ntype: Environment\n"}
NO_CFN = Config(cfn_lint={"enabled": False})


class Walker(Rule):
    """Records every hook call and reports one finding per call."""

    id = "T001"
    name = "walker"
    severity = "info"
    calls: list[tuple] = []

    def check_environment(self, ws: Context, env: str) -> Iterator[Finding]:
        self.calls.append(("environment", env))
        yield Finding(ws.display_root, 1, 1, f"environment {env!r}")

    def check_workload(self, ws: Context, workload: Workload, env: str) -> Iterator[Finding]:
        self.calls.append(("workload", workload.name, env))
        return iter(())

    def check_addons(self, ws: Context, addons: AddonSet, env: str) -> Iterator[Finding]:
        self.calls.append(("addons", addons.owner, env))
        return iter(())


class Crashing(Rule):
    id = "T002"
    name = "crashing"

    def check_workload(self, ws: Context, workload: Workload, env: str) -> Iterator[Finding]:
        raise RuntimeError("boom")


def test_the_workspace_is_data_only() -> None:
    fields = {f.name for f in dataclasses.fields(Workspace)}
    assert "analysis" not in fields and "suppression_comments" not in fields


def test_a_context_reads_the_workspace_through(tmp_path: Path) -> None:
    write_tree(tmp_path, {**FILES, **ENVS})
    ctx = analysed(tmp_path / "copilot", cwd=tmp_path)
    assert isinstance(ctx.workspace, Workspace)
    assert ctx.workloads is ctx.workspace.workloads
    assert ctx.env_names == ["prod", "test"] == ctx.envs()
    assert ctx.suppression_comments == []


def test_each_run_has_its_own_views(tmp_path: Path) -> None:
    write_tree(tmp_path, {**FILES, **ENVS})
    first = lint_workspace(tmp_path / "copilot", NO_CFN, cwd=tmp_path)
    second = lint_workspace(tmp_path / "copilot", NO_CFN, cwd=tmp_path)
    assert first.context is not second.context
    assert first.context.analysis is not second.context.analysis
    assert first.context.analysis.manifests, "the rules asked for merged manifests"
    api = first.context.workload("api")
    assert manifest_for(first.context, api, "prod") is first.context.analysis.manifests[
        ("api", "prod")]
    assert ("api", "prod") in second.context.analysis.manifests
    assert first.context.analysis.manifests[("api", "prod")] is not \
        second.context.analysis.manifests[("api", "prod")]
    first.context.release()
    assert first.context.analysis.manifests == {} and second.context.analysis.manifests


def test_narrowed_keeps_the_original_and_takes_new_views(tmp_path: Path) -> None:
    write_tree(tmp_path, {**FILES, **ENVS})
    ctx = analysed(tmp_path / "copilot", cwd=tmp_path)
    manifest_for(ctx, ctx.workload("api"), "prod")
    view = ctx.narrowed(type(ctx.analysis)(), workloads=[ctx.workload("web")])
    assert [w.name for w in view.workloads] == ["web"]
    assert [w.name for w in ctx.workloads] == ["api", "web"]
    assert view.analysis.manifests == {} and ctx.analysis.manifests


def test_the_engine_walks_the_hooks_over_every_environment(tmp_path: Path) -> None:
    write_tree(tmp_path, {**FILES, **ENVS})
    Walker.calls = []
    result = run_rules(analysed(tmp_path / "copilot", cwd=tmp_path), [Walker])
    assert Walker.hooks() == ("check_environment", "check_workload", "check_addons")
    assert Walker.calls == [
        ("environment", "prod"), ("environment", "test"),
        ("workload", "api", "prod"), ("workload", "api", "test"),
        ("workload", "web", "prod"), ("workload", "web", "test"),
        ("addons", "api", "prod"), ("addons", "api", "test"),
        ("addons", "environments", "prod"), ("addons", "environments", "test")]
    assert [(f.rule, f.severity, f.message) for f in result.findings] == [
        ("T001", "info", "environment 'prod'"), ("T001", "info", "environment 'test'")]


def test_without_environments_the_hooks_see_one_unknown_environment(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    Walker.calls = []
    run_rules(analysed(tmp_path / "copilot", cwd=tmp_path), [Walker])
    assert Walker.calls == [("environment", ""), ("workload", "api", ""), ("workload", "web", ""),
                            ("addons", "api", ""), ("addons", "environments", "")]


def test_a_rule_without_hooks_is_only_checked() -> None:
    assert Rule.hooks() == ()
    assert Crashing.hooks() == ("check_workload",)


def test_a_crashing_hook_is_one_internal_error_and_the_others_still_run(tmp_path: Path) -> None:
    write_tree(tmp_path, {**FILES, **ENVS})
    Walker.calls = []
    result = run_rules(analysed(tmp_path / "copilot", cwd=tmp_path), [Crashing, Walker])
    assert result.internal_errors == 1
    (crash,) = [f for f in result.findings if f.internal]
    assert crash.rule == "T002" and "RuntimeError" in crash.message
    assert crash.hint == "run with --debug (or COPILOT_LINT_DEBUG=1) for the traceback"
    assert len([f for f in result.findings if f.rule == "T001"]) == 2


def test_a_context_copies_and_pickles_without_recursing(tmp_path: Path) -> None:
    import copy
    import pickle

    write_tree(tmp_path, {**FILES, **ENVS})
    ctx = analysed(tmp_path / "copilot", cwd=tmp_path)
    assert copy.copy(ctx).workloads is ctx.workloads
    again = pickle.loads(pickle.dumps(ctx))
    assert [w.name for w in again.workloads] == ["api", "web"] and again.envs() == ctx.envs()
