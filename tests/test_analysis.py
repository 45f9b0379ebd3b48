"""The analysis of one lint: typed views filled on first use, one meaning of "no environment"."""
from __future__ import annotations

from pathlib import Path

from conftest import analysed, write_tree

from copilot_lint.model.analysis import environments
from copilot_lint.query.index import index_of
from copilot_lint.resolve.addon import addon_eval
from copilot_lint.resolve.manifest import manifest_for

FILES = {
    "copilot/.workspace": "application: shop\n",
    "copilot/api/manifest.yml": "name: api\ntype: Backend Service\nimage: {location: nginx}\n",
    "copilot/api/addons/t.yml": "Resources:\n  Q: {Type: AWS::SQS::Queue}\n",
}


def test_views_are_computed_once_and_cleared(tmp_path: Path) -> None:
    write_tree(tmp_path, {**FILES, "copilot/environments/prod/manifest.yml":
                          "name: prod\ntype: Environment\n"})
    ws = analysed(tmp_path / "copilot", cwd=tmp_path)
    api = ws.workload("api")
    assert environments(ws) == ["prod"]
    assert manifest_for(ws, api, "prod") is manifest_for(ws, api, "prod")
    assert set(ws.analysis.manifests) == {("api", "prod")}
    assert addon_eval(ws, api.addons, "prod") is ws.analysis.addon_evals[("copilot/api/addons",
                                                                          "prod")]
    assert index_of(ws) is ws.analysis.index is index_of(ws)
    ws.analysis.clear()
    assert ws.analysis.manifests == {} and ws.analysis.index is None


def test_a_workspace_without_environments_is_one_unknown_environment(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    ws = analysed(tmp_path / "copilot", cwd=tmp_path)
    assert environments(ws) == [""]
    assert addon_eval(ws, ws.workload("api").addons, "").params["Env"] != ""
