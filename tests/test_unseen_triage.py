"""Regressions from the hand triage of unseen public workspaces (docs/triage/unseen-*.md): the
hints a rule gives must be right for the environments it reports, and shapes that were
reported falsely stay silent. Each case is a fixture built from the shape that was seen."""
from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, write_tree

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config


def _findings(case: Path, rule: str) -> list:
    config = Config(cfn_lint={"enabled": False})
    config.select = [rule]
    return lint_workspace(case / "copilot", config, cwd=case).findings


def test_own_export_hint_follows_the_environments_vpc() -> None:
    found = {f.line: f for f in _findings(FIXTURES / "CL505/bad/imported-vpc", "CL505")}
    subnets, vpc = found[13], found[19]
    # staging has a Copilot-made VPC, prod imports one: both sources are named
    assert "!Ref PrivateSubnet1" in subnets.hint and "network.vpc.subnets.private" in subnets.hint
    # the VPC id is imported only in prod (the resource exists only there): no !Ref VPC
    assert vpc.environments == ["prod"]
    assert "network.vpc.id" in vpc.hint and "!Ref VPC" not in vpc.hint


def test_own_export_hint_for_a_managed_vpc() -> None:
    found = _findings(FIXTURES / "CL505/bad/env-addon-imports-vpc", "CL505")
    hints = {f.message.split('"')[1]: f.hint for f in found}
    assert "!Ref VPC" in hints["shop-<env>-VpcId"]
    assert "network.vpc" not in hints["shop-<env>-VpcId"]
    assert "!Ref EnvironmentSecurityGroup" in hints["shop-<env>-EnvironmentSecurityGroup"]


def test_policy_arn_output_is_left_to_env_addon_policy() -> None:
    case = FIXTURES / "CL207/good/policy-arn-output"
    assert _findings(case, "CL207") == []
    assert [f.rule for f in _findings(case, "CL206")] == ["CL206"]


def test_team_copilot_prefixed_shell_variables_are_not_runtime_ones(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "copilot/.workspace": "application: shop\n",
        "copilot/environments/test/manifest.yml":
            "name: test\ntype: Environment\nnetwork:\n  vpc:\n    id: ${COPILOT_VPC_ID}\n",
        "copilot/api/manifest.yml":
            "name: api\ntype: Backend Service\nimage:\n  location: nginx\nvariables:\n"
            "  KIND: ${COPILOT_ENVIRONMENT_TYPE}\n  PEERS: ${COPILOT_SERVICE_DISCOVERY_ENDPOINT}\n"
            "  QUEUE: ${COPILOT_QUEUE_URL}\n",
    })
    found = _findings(tmp_path, "CL123")
    assert [(f.line, f.message.split('"')[1]) for f in found] == [
        (7, "${COPILOT_SERVICE_DISCOVERY_ENDPOINT}"), (8, "${COPILOT_QUEUE_URL}")]
    assert "COPILOT_QUEUE_URI" in found[1].hint


def test_export_added_by_an_override_is_one_defect_of_its_own_addon() -> None:
    """waterfire-source shape: the worker's patch exports its queue, the worker's own addon
    imports it. The export exists (no CL503); the import fails on a first deploy (CL508)."""
    case = FIXTURES / "CL508/bad/override-and-copilot-exports"
    assert _findings(case, "CL503") == []
    found = _findings(case, "CL508")
    assert {(f.file.rsplit("copilot/", 1)[1], f.line) for f in found} == {
        ("worker/addons/schedule.yml", 19), ("worker/addons/schedule.yml", 26),
        ("api/addons/registry.yml", 14)}
    assert all("addons.parameters.yml" in f.hint for f in found)


def test_environment_tags_point_at_the_application_tags() -> None:
    found = _findings(FIXTURES / "CL106/bad/hint-environment-tags", "CL106")
    tags = {f.file.rsplit("copilot/", 1)[1]: f for f in found if '"tags"' in f.message}
    assert "copilot app init --resource-tags" in tags["environments/prod/manifest.yml"].hint
    assert "workload" not in tags["environments/prod/manifest.yml"].hint
    # only a Request-Driven Web Service takes tags: the load-balanced service is told the flag
    assert "copilot deploy --resource-tags" in tags["api/manifest.yml"].hint
    assert "web/manifest.yml" not in tags
