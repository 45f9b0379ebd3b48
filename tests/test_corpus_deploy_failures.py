"""The issue-30 rules on the corpus: over the real-world workspaces, exactly the findings that
docs/triage/deploy-failures.md lists (each checked by hand and true); over copilot-cli's own
workspaces, none."""
from __future__ import annotations

from conftest import corpus_dir, lint_corpus_workspace, lint_real_corpus

RULES = ["CL007", "CL120", "CL121", "CL122", "CL123", "CL206", "CL207", "CL406", "CL407",
         "CL408", "CL409", "CL410", "CL510", "CL511"]

UNENCRYPTED = {
    ("BonJarber__xhorizon", "copilot/environments/addons/db.yml", 97),
    ("Hera-Digital-Health-Open-Source__webbackend_api",
     "copilot/herav2-web-service/addons/hera-db-postgresql-rds.yml", 72),
    ("KineticHub__django-cdk-starter", "copilot/django/addons/aurora.yml", 84),
    ("KollaAdithya__fastapitest", "copilot/happy/addons/happy-cluster.yml", 103),
    ("clados__market_tracker", "copilot/environments/addons/rds.yml", 47),
    ("hiepln-acbs-com-vn__hiperium-city-tasks",
     "copilot/api/addons/hiperium-city-timer-db-cluster.yml", 92),
    ("sleepy-wood__server-api", "copilot/db/addons/db-cluster.yml", 112),
    ("szvsw__epengine", "copilot/environments/addons/hatchet-db.yml", 102),
}

TRIAGED = {
    *((ws, path, line, "CL510") for ws, path, line in UNENCRYPTED),
    ("sleepy-wood__server-api", "copilot/db/addons/db-cluster.yml", 146, "CL511"),
    ("ShotaroMatsuya__footle", "copilot/php/addons/firelens-policy.yml", 34, "CL410"),
    ("clados__market_tracker", "copilot/data-processor/manifest.yml", 38, "CL407"),
    ("clados__market_tracker", "copilot/data-processor/manifest.yml", 40, "CL407"),
    ("clados__market_tracker", "copilot/data-processor/manifest.yml", 42, "CL407"),
    ("clados__market_tracker", "copilot/polymarket-processor/manifest.yml", 40, "CL407"),
    ("elie222__inbox-zero", "copilot/environments/addons/elasticache-redis.yml", 186, "CL207"),
}


def test_real_corpus_findings_are_the_triaged_ones() -> None:
    assert lint_real_corpus(RULES) == TRIAGED


def test_copilot_cli_workspaces_are_clean() -> None:
    root = corpus_dir("copilot-cli")
    found = set()
    for folder in sorted(p for p in root.rglob("copilot") if p.is_dir()):
        found |= lint_corpus_workspace(folder.parent, RULES)
    assert found == set()
