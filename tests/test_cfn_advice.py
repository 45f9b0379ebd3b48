"""The cfn-lint pass made Copilot-aware (``copilot_lint.cfn.advice``), on the workspaces of
``tests/fixtures/_cfn/<case>/``: each case's findings (rule id, file, line, severity, message and
hint, as ``expected.txt`` lists them; none when it has no ``expected.txt``)."""
from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import pytest
from conftest import FIXTURES

from copilot_lint.cfn.advice import refine
from copilot_lint.lint import lint_workspace
from copilot_lint.load.config import Config
from copilot_lint.report.text_format import hint_line, line

pytestmark = pytest.mark.cfn_lint

CASES = sorted((FIXTURES / "_cfn").glob("*/"))


RETIRED_VERSION_RULES = "cfnlint.rules.resources.rds.DbClusterEngineVersionDeprecated"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, regen: bool) -> None:
    if case.name in ("retired-engine-version", "major-engine-version") \
            and find_spec(RETIRED_VERSION_RULES) is None:
        pytest.skip("this cfn-lint has no W3690/W3691 (retired engine versions); an older "
                    "one reports the version as E3690, not in its list")
    outcome = lint_workspace(case / "copilot", Config(select=["CFN"], jobs=1), cwd=case)
    got = [text for f in outcome.findings for text in (line(f), *hint_line(f).splitlines())]
    expected = case / "expected.txt"
    if regen and got:
        expected.write_text("".join(g + "\n" for g in got))
    assert got == (expected.read_text().splitlines() if expected.exists() else [])


def test_retired_engine_version_is_an_error_with_a_short_message() -> None:
    shown = refine("W3691", "engine version '10.21' for engine 'postgres' is deprecated and "
                            "cannot be used to create new RDS DB instances", "warning", False)
    assert shown is not None and shown.severity == "error"
    assert shown.message == \
        "postgres engine version '10.21' is retired: it cannot create new RDS DB instances"
    assert "describe-db-engine-versions" in shown.hint


@pytest.mark.parametrize(("rule_id", "engine", "version", "what"), [
    ("W3691", "postgres", "16", "RDS DB instances"),
    ("W3690", "aurora-postgresql", "16", "RDS DB clusters"),
    ("W3690", "aurora-mysql", "8.0", "RDS DB clusters"),
])
def test_a_major_version_still_offered_is_no_finding(rule_id: str, engine: str, version: str,
                                                     what: str) -> None:
    if find_spec(RETIRED_VERSION_RULES) is None:
        pytest.skip("this cfn-lint has no data on retired engine versions")
    message = (f"engine version '{version}' for engine '{engine}' is deprecated and cannot be "
               f"used to create new {what}")
    assert refine(rule_id, message, "warning", False) is None


def test_a_major_version_retired_whole_stays_an_error() -> None:
    if find_spec(RETIRED_VERSION_RULES) is None:
        pytest.skip("this cfn-lint has no data on retired engine versions")
    shown = refine("W3691", "engine version '10' for engine 'postgres' is deprecated and "
                            "cannot be used to create new RDS DB instances", "warning", True)
    assert shown is not None and shown.severity == "error"
    assert shown.message == \
        "postgres engine version '10' is retired: it cannot create new RDS DB instances"


def test_other_findings_pass_through() -> None:
    unknown = refine("E1020", "'Bucket2' is not one of ['App', 'Env']", "error", True)
    assert unknown is not None
    assert (unknown.message, unknown.severity, unknown.hint) == (
        "'Bucket2' is not one of ['App', 'Env']", "error", "")
    other = refine("W2001", "Parameter X not used", "warning", False)
    assert other is not None
    assert (other.message, other.severity, other.hint) == ("Parameter X not used", "warning", "")


@pytest.mark.parametrize(("name", "imported", "expected"), [
    ("PrivateSubnet1", frozenset({False}), "(PrivateSubnet1: !Ref PrivateSubnet1)"),
    ("PublicSubnet2", frozenset({True}), "(subnet 2 of network.vpc.subnets.public in the "
                                         "environment manifest)"),
    ("VPC", frozenset({True, False}), "!Ref VPC where Copilot creates the VPC, the VPC ID of "
                                      "network.vpc.id where the environment imports it"),
    ("NatGateway1", frozenset({True}), "its stack has no NatGateway1: pass the ID of your own"),
    ("Cluster", frozenset({True}), "(Cluster: !Ref Cluster)"),
])
def test_an_environment_addon_hint_follows_whether_the_vpc_is_imported(
        name: str, imported: frozenset[bool], expected: str) -> None:
    shown = refine("E1020", f"'{name}' is not one of ['App', 'Env']", "error", True, imported)
    assert shown is not None and expected in shown.hint
