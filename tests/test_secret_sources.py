"""``query/secret_sources.py``: secrets as the execution role fetches them."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import analysed, write_tree

from copilot_lint.query.secret_sources import (
    FROM_CFN, SM, SM_ARN, SSM, SSM_ARN, execution_role_replaced, form_of, reference_secret,
    secret_sources, suffix_like,
)

MANIFEST = """\
name: api
type: Backend Service
image: {location: nginx}
secrets:
  A: GH_TOKEN
  B: {secretsmanager: 'db-creds:password:AWSCURRENT:'}
  C: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC123:password::'
  D: arn:aws:ssm:eu-west-1:123456789012:parameter/aws/reference/secretsmanager/x
  E: {from_cfn: shop-test-Secret}
sidecars:
  s:
    image: nginx
    secrets:
      F: /copilot/shop/${COPILOT_ENVIRONMENT_NAME}/secrets/f
logging:
  secretOptions: {G: {secretsmanager: license}}
"""


def test_every_container_and_form(tmp_path: Path) -> None:
    write_tree(tmp_path, {"copilot/.workspace": "application: shop\n",
                          "copilot/environments/test/manifest.yml": "name: test\n",
                          "copilot/api/manifest.yml": MANIFEST})
    ws = analysed(tmp_path / "copilot", cwd=tmp_path)
    got = {(s.container, s.variable, s.form, s.name)
           for s in secret_sources(ws, ws.workloads[0], "test")}
    assert got == {
        ("api", "A", SSM, "GH_TOKEN"), ("api", "B", SM, "db-creds"),
        ("api", "C", SM_ARN, "db-AbC123"),
        ("api", "D", SSM_ARN, "/aws/reference/secretsmanager/x"),
        ("api", "E", FROM_CFN, "shop-test-Secret"),
        ("s", "F", SSM, "/copilot/shop/test/secrets/f"),
        ("firelens_log_router", "G", SM, "license"),
    }
    refs = [reference_secret(s) for s in secret_sources(ws, ws.workloads[0], "test")]
    assert [r for r in refs if r] == ["x"]
    assert not execution_role_replaced(ws.workloads[0])


@pytest.mark.parametrize(("name", "tail"), [
    ("app-config", "config"), ("payments-stripe", "stripe"), ("x-SECRET", "SECRET"),
    ("db-credentials", None), ("db-AbC123", None), ("db-abc123", None), ("db-AbCdEf", None),
    ("config", None), ("a/b-c", None),
])
def test_suffix_like(name: str, tail: str | None) -> None:
    assert suffix_like(name) == tail


def test_form_of() -> None:
    assert form_of("/copilot/x") == SSM
    assert form_of("arn:aws-cn:ssm:cn-north-1:1:parameter/x") == SSM_ARN
    assert form_of("arn:aws:secretsmanager:eu-west-1:1:secret:x-AbC123") == SM_ARN
    assert form_of("arn:aws:s3:::bucket") == SSM
