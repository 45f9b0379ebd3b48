"""The naming and network rules on the real-world corpus: the known true positives are found,
and no finding appears that docs/triage/naming-network.md has not triaged."""
from __future__ import annotations

from pathlib import Path

from conftest import corpus_dir, lint_corpus_workspace, lint_real_corpus

RULES = ["CL104", "CL301", "CL302", "CL303", "CL501", "CL502", "CL504", "CL601", "CL602"]

TRIAGED = {
    ("GUI__covid-vaccine-spotter", "copilot/refresh-website/addons/vaccine-finder.nickm.org.yml",
     25, "CL501"),
    ("GUI__covid-vaccine-spotter", "copilot/refresh-website/addons/www.vaccinespotter.org.yml",
     25, "CL501"),
    ("KollaAdithya__fastapitest", "copilot/environments/addons/happy1-cluster.yml", 20, "CL301"),
    ("aws-containers__ecsworkshop-secrets-demo", "copilot/todo-app/addons/db.yml", 123, "CL502"),
    ("clados__market_tracker", "copilot/data-processor/manifest.yml", 42, "CL303"),
    ("clados__market_tracker", "copilot/polymarket-processor/manifest.yml", 40, "CL303"),
    *(("idmc-labs__helix-server", "copilot/api/addons/helix-s3.yml", line, "CL501")
      for line in (20, 27, 52, 103, 106, 135)),
    ("sleepy-wood__server-api", "copilot/db/addons/db-cluster.yml", 81, "CL502"),
    ("sleepy-wood__server-api", "copilot/db/addons/db-cluster.yml", 86, "CL502"),
    ("the-deep__deeper", "copilot/web/addons/s3-static.yml", 24, "CL501"),
    ("the-deep__deeper", "copilot/web/addons/s3-static.yml", 47, "CL501"),
}


def _run(workspace: Path) -> set[tuple[str, str, int, str]]:
    return lint_corpus_workspace(workspace, RULES)


def test_corpus_findings_are_the_triaged_ones() -> None:
    assert lint_real_corpus(RULES) == TRIAGED


def test_known_positives() -> None:
    helix = _run(corpus_dir("real", "idmc-labs__helix-server"))
    assert {f for f in helix if f[3] == "CL501"}, "public buckets of helix-server api addons"
    clados = _run(corpus_dir("real", "clados__market_tracker"))
    assert ("clados__market_tracker", "copilot/data-processor/manifest.yml", 42,
            "CL303") in clados
