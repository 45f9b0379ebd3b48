"""The addon-contract and IAM rules on the real-world corpus: the known true positive is found,
and no finding appears that docs/triage/addon-iam.md has not triaged."""
from __future__ import annotations

from pathlib import Path

from conftest import corpus_dir, lint_corpus_workspace, lint_real_corpus

RULES = ["CL201", "CL202", "CL203", "CL204", "CL205", "CL401", "CL402", "CL403", "CL405"]

TRIAGED = {
    ("idelfonsog2__awscopilot-sample", "copilot/api/addons/apigateway.yml", 16, "CL203"),
    ("Hera-Digital-Health-Open-Source__webbackend_api",
     "copilot/herav2-web-service/addons/cfn-postgresql-user-provider.yml", 39, "CL403"),
    ("tsumita2929__Sake-Sensei", "copilot/streamlit-app/addons/iam-policy.yml", 101, "CL403"),
}


def _run(workspace: Path) -> set[tuple[str, str, int, str]]:
    return lint_corpus_workspace(workspace, RULES)


def test_corpus_findings_are_the_triaged_ones() -> None:
    assert lint_real_corpus(RULES) == TRIAGED


def test_known_positive_policy_without_output() -> None:
    sample = _run(corpus_dir("real", "idelfonsog2__awscopilot-sample"))
    assert ("idelfonsog2__awscopilot-sample", "copilot/api/addons/apigateway.yml", 16,
            "CL203") in sample
