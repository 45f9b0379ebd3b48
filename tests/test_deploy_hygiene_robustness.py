"""CL107, CL108, CL109 and CL404 never crash on manifests of the wrong shape."""
from __future__ import annotations

from pathlib import Path

import pytest

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config

RULES = ["CL107", "CL108", "CL109", "CL404"]
WEIRD = [
    "[]", "42", "null", "'just a string'",
    "name: web\ntype: Load Balanced Web Service\nhttp: [a, b]\nvariables: [A, B]\n",
    ("name: web\ntype: Load Balanced Web Service\nhttp: {alias: {name: 3}, additional_rules: 7}\n"
     "nlb: {alias: [null, {hosted_zone: z}]}\nsidecars: [x]\nlogging: 5\n"),
    ("name: web\ntype: Load Balanced Web Service\nhttp: {alias: [1, true, '${X}']}\n"
     "variables: {A: null, B: [1], C: {from_cfn: x}, D_PASSWORD: 1.5, E_TOKEN: true}\n"
     "environments: {prod: [1], test: {variables: 3, sidecars: {s: 4}}}\n"),
    ("name: web\ntype: Backend Service\nhttp: {alias: ['${COPILOT_ENVIRONMENT_NAME}.x']}\n"
     "sidecars: {s: {variables: {API_TOKEN: [x]}}}\n"),
    "name: web\ntype: Request-Driven Web Service\nhttp: {alias: [a.example.org]}\ntags: [x]\n",
    "name: web\ntype: Static Site\nhttp: {alias: 5, certificate: null}\n",
    ("name: web\ntype: Load Balanced Web Service\n${KEY}: '${VALUE}'\nv: !Sub '${X}'\n"
     "w: !!str '[\"a\"]'\nvariables: {A: '[\"x\"]', B: &x '${Y}', C: *x}\n"),
]
ENVIRONMENTS = ["name: test\ntype: Environment\nhttp: {public: {certificates: 5}}\ncdn: 7\n",
                "name: test\ntype: Environment\nhttp: [1]\ncdn: {certificate: null}\n", "[]"]


@pytest.mark.parametrize("domain", [None, "example.org", "ex(ample.org"])
@pytest.mark.parametrize("env_text", ENVIRONMENTS)
@pytest.mark.parametrize("manifest", WEIRD)
def test_no_crash(tmp_path: Path, manifest: str, env_text: str, domain: str | None) -> None:
    copilot = tmp_path / "copilot"
    (copilot / "web").mkdir(parents=True)
    (copilot / "environments" / "test").mkdir(parents=True)
    (copilot / ".workspace").write_text("application: shop\n")
    (copilot / "web" / "manifest.yml").write_text(manifest)
    (copilot / "environments" / "test" / "manifest.yml").write_text(env_text)
    config = Config(select=RULES, domain=domain, domain_known=True,
                    deploy_variables=["Y"])
    outcome = lint_workspace(copilot, config, cwd=tmp_path)
    assert outcome.internal_errors == 0, [f.message for f in outcome.findings]
