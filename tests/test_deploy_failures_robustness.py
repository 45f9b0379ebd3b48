"""The issue-30 rules never crash on manifests and addons of the wrong shape, and never read a
file outside the workspace root that a manifest names."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_corpus_deploy_failures import RULES

from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config

MANIFESTS = [
    "[]", "42", "null",
    ("name: web\ntype: Backend Service\nimage: [x]\nsecrets: [A]\nsidecars: [x]\n"
     "logging: 5\nenv_file: [a]\nvariables: 3\n"),
    ("name: web\ntype: Backend Service\nimage: {build: {dockerfile: [x], context: 5}, "
     "location: {a: 1}}\nsecrets: {A: null, B: 5, C: {secretsmanager: [x]}, D: {from_cfn: 1},"
     " E: {secretsmanager: ''}, F: ':::'}\nenv_file: ''\ncommand: {a: b}\n"),
    ("name: web\ntype: Worker Service\nimage: {build: Dockerfile}\nsidecars: {s: {image: "
     "{build: {context: x}}, command: [1, null], secrets: 4, variables: [1]}, t: 5, "
     "u: {image: null}}\nlogging: {image: 7, env_file: 8, secretOptions: [1]}\n"
     "environments: {test: {sidecars: {s: [1]}, secrets: [2]}, prod: 5}\n"),
    ("name: web\ntype: Backend Service\nimage: {location: '${COPILOT_SERVICE_NAME'}\n"
     "variables: {A: '${COPILOT_}', B: '\\\\${COPILOT_LB_DNS}', C: ['${COPILOT_X}']}\n"
     "env_file: \"a\\x00b.env\"\nsecrets: {A: 'arn:aws:ssm:::', B: 'arn:aws:secretsmanager:x'}\n"),
    ("name: web\ntype: Backend Service\nimage: {location: ../../../../etc/passwd}\n"
     "env_file: ../../outside.env\nsidecars: {s: {image: /etc/hostname, env_file: /dev/zero}}\n"),
]
ADDONS = [
    "[]", "Resources: 5\n",
    ("Parameters: {App: {Type: String}, Env: {Type: String}, Name: {Type: String}}\n"
     "Resources:\n  P: {Type: AWS::IAM::ManagedPolicy, Properties: {PolicyDocument: "
     "{Statement: [{Effect: Allow, Action: [iam:PassRole, 5, null], Resource: [*]}]}, "
     "Roles: 5}}\n  D: {Type: AWS::RDS::DBInstance, Properties: [1]}\n"
     "  C: {Type: AWS::RDS::DBCluster, Properties: {StorageEncrypted: [x], EngineMode: 5}}\n"
     "  S: {Type: AWS::OpenSearchService::Domain, Properties: {EncryptionAtRestOptions: 3}}\n"
     "Outputs: {O: {Value: !Ref P}, Q: 5, R: {Export: null}}\n"),
]


@pytest.mark.parametrize("addon", ADDONS)
@pytest.mark.parametrize("manifest", MANIFESTS)
def test_no_crash(tmp_path: Path, manifest: str, addon: str) -> None:
    root = tmp_path / "repo"
    copilot = root / "copilot"
    for folder in ("web/addons", "environments/test", "environments/prod",
                   "environments/addons"):
        (copilot / folder).mkdir(parents=True)
    (copilot / ".workspace").write_text("application: shop\n")
    (copilot / "web" / "manifest.yml").write_text(manifest)
    (copilot / "web" / "addons" / "a.yml").write_text(addon)
    (copilot / "environments" / "addons" / "a.yml").write_text(addon)
    (copilot / "web" / "addons" / "addons.parameters.yml").write_text("Parameters: {X: !Ref 5}\n")
    for env in ("test", "prod"):
        (copilot / "environments" / env / "manifest.yml").write_text(
            f"name: {env}\ntype: Environment\n")
    (tmp_path / "outside.env").write_text("SECRET=1\n")
    os.symlink(tmp_path / "outside.env", root / "linked.env")
    (root / ".gitignore").write_text("[\n!\n**/\n\\\n")
    outcome = lint_workspace(copilot, Config(select=RULES + ["CL004"]), cwd=root)
    assert outcome.internal_errors == 0, [f.message for f in outcome.findings]
    assert not any("outside.env" in f.message and f.rule == "CL007" for f in outcome.findings)
