"""Listener rules per environment: balancer, normalised path, host names, condition values."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import analysed, write_tree

from copilot_lint.load.config import Config
from copilot_lint.query.load_balancer import ANY_HOST, disjoint_sources, listener_rules

IMAGE = "image:\n  location: nginx\n  port: 80\n"
CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"


def _ws(tmp_path: Path, domain: object = "unset", **manifests: str):
    files = {"copilot/.workspace": "application: shop\n",
             "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
             "copilot/environments/prod/manifest.yml":
                 f"name: prod\ntype: Environment\nhttp:\n  public:\n    certificates: [{CERT}]\n"
                 f"  private:\n    certificates: [{CERT}]\n"}
    for name, body in manifests.items():
        files[f"copilot/{name}/manifest.yml"] = f"name: {name}\n{body}{IMAGE}"
    write_tree(tmp_path, files)
    config = Config()
    if domain != "unset":
        config.domain, config.domain_known = domain, True
    return analysed(tmp_path / "copilot", cwd=tmp_path, config=config)


LBWS = "type: Load Balanced Web Service\n"
BACKEND = "type: Backend Service\n"


def test_rules_paths_and_balancers(tmp_path: Path) -> None:
    ws = _ws(tmp_path, web=LBWS + "http:\n  path: api\n  additional_rules:\n    - path: ''\n",
             old=LBWS + "http:\n  path: /\n  alb: shared\n", off=LBWS + "http: false\n",
             api=BACKEND + "http:\n  path: /\n", worker=BACKEND)
    rules = {(r.workload.name, r.field): r for r in listener_rules(ws, "test")}
    assert sorted(rules) == [("api", "http"), ("old", "http"), ("web", "http"),
                             ("web", "http.additional_rules[0]")]
    assert rules["web", "http"].path == "/api" and rules["web", "http"].path_values == 2
    assert rules["web", "http.additional_rules[0]"].path == "/"
    assert rules["web", "http.additional_rules[0]"].path_values == 1
    assert rules["old", "http"].balancer == "alb:shared"
    assert rules["api", "http"].balancer == "internal"


def test_hosts_depend_on_domain_and_certificates(tmp_path: Path) -> None:
    body = LBWS + "http:\n  path: /\n"
    alias = LBWS + "http:\n  path: /\n  alias: WWW.example.org\n"
    unknown = _ws(tmp_path / "u", web=body, site=alias)
    hosts = {r.workload.name: r.hosts for r in listener_rules(unknown, "test")}
    assert hosts == {"web": None, "site": frozenset({"www.example.org"})}
    none = _ws(tmp_path / "n", domain=None, web=body)
    assert listener_rules(none, "test")[0].hosts == ANY_HOST
    known = _ws(tmp_path / "k", domain="example.org", web=body)
    assert listener_rules(known, "test")[0].hosts == frozenset({"web.test.shop.example.org"})
    assert listener_rules(known, "prod")[0].hosts is None     # refused: alias required


def test_backend_hosts(tmp_path: Path) -> None:
    ws = _ws(tmp_path, api=BACKEND + "http:\n  path: /\n  allowed_source_ips: [10.0.0.0/16]\n"
                                     "environments:\n  prod:\n    http:\n      alias: a.internal\n")
    test, prod = listener_rules(ws, "test")[0], listener_rules(ws, "prod")[0]
    assert len(test.hosts) == 2 and "api.test.shop.internal" in test.hosts
    assert test.source_ips == 1
    assert prod.hosts == frozenset({"a.internal"})


@pytest.mark.parametrize(("one", "other", "disjoint"), [
    (("10.0.0.0/16",), ("192.168.0.0/24",), True),
    (("10.0.0.0/8",), ("10.1.0.0/16",), False),
    (("10.0.0.1",), ("10.0.0.1/32",), False),
    (("2001:db8::/32",), ("10.0.0.0/8",), True),
    (None, ("10.0.0.0/8",), False),
    (("10.0.0.0/8",), ("not-a-cidr",), False),
])
def test_disjoint_sources(one: tuple | None, other: tuple | None, disjoint: bool) -> None:
    assert disjoint_sources(one, other) is disjoint
    assert disjoint_sources(other, one) is disjoint
