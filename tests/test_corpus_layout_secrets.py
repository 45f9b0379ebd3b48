"""CL004, CL110 and CL404 on the real-world corpus: exactly the findings that
docs/triage/foundation.md and docs/triage/deploy-failures.md (CL004) and
docs/triage/deploy-hygiene.md (CL404) list; CL110 finds
nothing (the corpus's four cfn.patches.yml files all apply)."""
from __future__ import annotations

from conftest import lint_real_corpus

RULES = ["CL004", "CL110", "CL404"]

MISSING_WORKSPACE_FILE = ("ShotaroMatsuya__footle", "aws-containers__ecsworkshop-secrets-demo",
                          "dimagi__ocs-deploy-terraform-copilot", "elie222__inbox-zero",
                          "hiepln-acbs-com-vn__hiperium-city-tasks",
                          "idelfonsog2__awscopilot-sample", "nx1-io__example-app-laravel",
                          "szvsw__epengine", "takaesu-junya__copilot-pubsub-demo")

TRIAGED = {
    *((ws, "copilot/.workspace", 1, "CL004") for ws in MISSING_WORKSPACE_FILE),
    ("OluwaTossin__secure-aiml-ops", "copilot/streamlit-app/addons", 1, "CL004"),
    ("communitiesuk__funding-service-design-assessment-store",
     "copilot/fsd-application-store/addons", 1, "CL004"),
    ("DEFRA__flood-xws-development", "copilot/xws-area-api/manifest.yml", 29, "CL404"),
    ("DEFRA__flood-xws-development", "copilot/xws-contact-api/manifest.yml", 30, "CL404"),
    ("DEFRA__flood-xws-development", "copilot/xws-db/manifest.yml", 24, "CL404"),
    ("appcalipse__meetwith", "copilot/nextjs/manifest.yml", 45, "CL404"),
    ("clados__market_tracker", "copilot/jupyter/manifest.yml", 29, "CL404"),
    ("earthrise-media__food-system-digital-twin-website", "copilot/site/manifest.yml", 39,
     "CL404"),
}


def test_corpus_findings_are_the_triaged_ones() -> None:
    assert lint_real_corpus(RULES) == TRIAGED
