"""The example policy pack (``examples/policies/``) against its fixtures, like a rule:
``fixtures/<ID>/bad/<case>/`` must give exactly ``expected.txt`` (text format, paths relative
to the case folder) and ``fixtures/<ID>/good/<case>/`` nothing. ``pytest --regen`` rewrites
``expected.txt``. Also: the pack on the shop example and, when present, the real corpus."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from copilot_lint.load.config import load_config
from copilot_lint.engine.run import known_rules
from copilot_lint.lint import lint_workspace
from copilot_lint.report.text_format import line

from conftest import corpus_dir

pytest.importorskip("cel_expr_python", reason="the pack's relational policies need the cel extra "
                                              "(CPython 3.11 or later)")

PACK = Path(__file__).parent.parent / "examples" / "policies"
CONFIG = PACK / "copilot-lint.yml"
FIXTURES = PACK / "fixtures"


def pack_ids() -> list[str]:
    config = load_config(CONFIG)
    return [r.id for r in known_rules(config) if r.origin.startswith("policy ")]


def lint_with_pack(copilot_dir: Path, rule_id: str, cwd: Path) -> list[str]:
    config = load_config(CONFIG)
    config.select = [rule_id]
    config.cfn_lint["enabled"] = False
    old = Path.cwd()
    os.chdir(cwd)
    try:
        outcome = lint_workspace(copilot_dir, config, cwd=cwd)
    finally:
        os.chdir(old)
    assert outcome.internal_errors == 0
    return [line(f) for f in outcome.findings]


def _cases(kind: str) -> list:
    return [pytest.param(case.parent.parent.name, case, id=f"{case.parent.parent.name}/{kind}/"
                         f"{case.name}")
            for case in sorted(FIXTURES.glob(f"*/{kind}/*/"))]


@pytest.mark.parametrize(("rule_id", "case"), _cases("bad"))
def test_bad_fixture(rule_id: str, case: Path, regen: bool) -> None:
    got = lint_with_pack(case / "copilot", rule_id, case)
    if regen:
        (case / "expected.txt").write_text("".join(g + "\n" for g in got))
    assert got and all(f" {rule_id} " in g for g in got)
    assert got == (case / "expected.txt").read_text().splitlines()


@pytest.mark.parametrize(("rule_id", "case"), _cases("good"))
def test_good_fixture(rule_id: str, case: Path) -> None:
    assert lint_with_pack(case / "copilot", rule_id, case) == []


def test_every_policy_of_the_pack_has_bad_and_good_fixtures() -> None:
    ids = pack_ids()
    assert len(ids) == 13
    assert [i for i in ids if not list(FIXTURES.glob(f"{i}/bad/*/"))
            or not list(FIXTURES.glob(f"{i}/good/*/"))] == []


def test_pack_on_the_shop_example() -> None:
    shop = PACK.parent / "shop"
    got = lint_with_pack(shop / "copilot", "ORG", shop)
    assert [g.split(": ", 1)[0] + " " + g.split()[2] for g in got] == [
        "copilot/environments/prod/manifest.yml:1:1 ORG-011",
        "copilot/environments/test/manifest.yml:1:1 ORG-011",
        "copilot/web/addons/db.yml:41:3 ORG-009",
        "copilot/web/addons/media.yml:17:5 ORG-003",
        "copilot/web/addons/media.yml:18:19 ORG-004",
        "copilot/web/manifest.yml:16:7 ORG-006",
        "copilot/worker/manifest.yml:2:1 ORG-002",
        "copilot/worker/manifest.yml:2:1 ORG-005",
    ]


def test_pack_on_the_corpus_runs_clean_of_internal_errors() -> None:
    real = corpus_dir("real")
    total = 0
    for workspace in sorted(p for p in real.iterdir() if (p / "copilot").is_dir()):
        total += len(lint_with_pack(workspace / "copilot", "ORG", workspace))
    assert total > 0
