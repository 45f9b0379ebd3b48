"""The environment-stack and load-balancer rules (issue 23) on the real-world corpus: exactly the
findings docs/triage/env-stack-load-balancer.md has triaged (all true)."""
from __future__ import annotations

from conftest import lint_real_corpus

RULES = ["CL110", "CL111", "CL112", "CL113", "CL114", "CL115", "CL304", "CL505", "CL506",
         "CL507"]

TRIAGED = {
    ("KineticHub__django-cdk-starter", "copilot/django/manifest.yml", 11, "CL111"),
    ("wwbp__django-bcfg-twilio", "copilot/environments/addons/redis.yml", 42, "CL505"),
    ("wwbp__django-bcfg-twilio", "copilot/environments/addons/redis.yml", 55, "CL505"),
}


def test_corpus_findings_are_the_triaged_ones() -> None:
    assert lint_real_corpus(RULES) == TRIAGED
