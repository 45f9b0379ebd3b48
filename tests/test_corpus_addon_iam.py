"""The addon-contract and IAM rules on the real-world corpus: the known true positive is found,
and no finding appears that docs/triage/addon-iam.md has not triaged."""
from __future__ import annotations

from pathlib import Path

from conftest import corpus_dir

from copilot_lint.config import Config
from copilot_lint.lint import lint_workspace

RULES = ["CL201", "CL202", "CL203", "CL204", "CL205", "CL401", "CL402", "CL403"]

TRIAGED = {
    ("idelfonsog2__awscopilot-sample", "copilot/api/addons/apigateway.yml", 16, "CL203"),
    ("Hera-Digital-Health-Open-Source__webbackend_api",
     "copilot/herav2-web-service/addons/cfn-postgresql-user-provider.yml", 39, "CL403"),
    ("tsumita2929__Sake-Sensei", "copilot/streamlit-app/addons/iam-policy.yml", 101, "CL403"),
}


def _run(workspace: Path) -> set[tuple[str, str, int, str]]:
    config = Config()
    config.select = RULES
    outcome = lint_workspace(workspace / "copilot", config, cwd=workspace)
    assert outcome.internal_errors == 0
    return {(workspace.name, f.file, f.line, f.rule) for f in outcome.findings}


def test_corpus_findings_are_the_triaged_ones() -> None:
    real = corpus_dir("real")
    found: set[tuple[str, str, int, str]] = set()
    for workspace in sorted(p for p in real.iterdir() if (p / "copilot").is_dir()):
        found |= _run(workspace)
    assert found == TRIAGED


def test_known_positive_policy_without_output() -> None:
    sample = _run(corpus_dir("real", "idelfonsog2__awscopilot-sample"))
    assert ("idelfonsog2__awscopilot-sample", "copilot/api/addons/apigateway.yml", 16,
            "CL203") in sample
