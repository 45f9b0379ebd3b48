"""Per-environment manifests: Copilot's override merge and ${COPILOT_*} interpolation."""
from __future__ import annotations

from pathlib import Path

from conftest import analysed, write_tree

from copilot_lint.load.parse import load_bytes
from copilot_lint.resolve.manifest import manifest_for, merge, public_ip_workloads, substitute

MANIFEST = """\
name: api
type: Backend Service
image:
  build: api/Dockerfile
count:
  range: 1-4
  cpu_percentage: 70
variables:
  A: base
  B: base
  ENV: ${COPILOT_ENVIRONMENT_NAME}
  APP: ${COPILOT_APPLICATION_NAME}
  OTHER: ${IMAGE_TAG}
  ESCAPED: \\${COPILOT_ENVIRONMENT_NAME}
http:
  alias: [a.example.org, b.example.org]
exec: true
secrets:
  DB: {secretsmanager: db}
environments:
  prod:
    image:
      location: repo/api:1
    count: 3
    variables:
      B: prod
    http:
      alias: [c.example.org]
    exec: false
    secrets:
      DB: {from_cfn: shop-prod-Db}
  dev:
"""


def _ws(tmp_path: Path):
    write_tree(tmp_path, {"copilot/.workspace": "application: shop\n",
                          "copilot/api/manifest.yml": MANIFEST})
    return analysed(tmp_path / "copilot", cwd=tmp_path)


def test_override_semantics(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    prod = manifest_for(ws, ws.workloads[0], "prod")
    assert prod.get("image").plain() == {"location": "repo/api:1"}
    assert prod.get("count").value == 3
    assert prod.get("variables", "A").value == "base"
    assert prod.get("variables", "B").value == "prod"
    assert prod.get("http", "alias").plain() == ["c.example.org"]
    assert prod.get("exec").value is False
    assert prod.get("secrets", "DB").plain() == {"from_cfn": "shop-prod-Db"}
    assert prod.get("environments") is None


def test_positions_follow_the_source(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    prod = manifest_for(ws, ws.workloads[0], "prod")
    assert prod.get("variables", "B").line == 26
    assert prod.get("variables", "A").line == 9
    assert prod.get("variables").key_node("B").line == 26


def test_null_override_and_unknown_env_keep_base(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    for env in ("dev", "staging"):
        resolved = manifest_for(ws, ws.workloads[0], env)
        assert resolved.get("count", "range").value == "1-4"
        assert resolved.get("image", "build").value == "api/Dockerfile"


def test_interpolation(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    variables = manifest_for(ws, ws.workloads[0], "prod").get("variables")
    assert variables.get("ENV").value == "prod"
    assert variables.get("APP").value == "shop"
    assert variables.get("OTHER").value == "${IMAGE_TAG}"
    assert variables.get("ESCAPED").value == "${COPILOT_ENVIRONMENT_NAME}"
    assert manifest_for(ws, ws.workloads[0], "prod") is manifest_for(ws, ws.workloads[0], "prod")


def test_keys_are_never_interpolated(tmp_path: Path) -> None:
    write_tree(tmp_path, {"copilot/.workspace": "application: shop\n",
                          "copilot/api/manifest.yml":
                              "name: api\nvariables:\n  ${COPILOT_ENVIRONMENT_NAME}: x\n"})
    ws = analysed(tmp_path / "copilot", cwd=tmp_path)
    assert list(manifest_for(ws, ws.workloads[0], "t").get("variables").value) == \
        ["${COPILOT_ENVIRONMENT_NAME}"]


def test_merge_union_forms() -> None:
    def node(text: str):
        return load_bytes("m.yml", text.encode()).root

    merged = merge(node("count: {spot: 2}"), node("count: {range: 1-3, cpu_percentage: 50}"))
    assert merged.get("count").plain() == {"range": "1-3", "cpu_percentage": 50}
    merged = merge(node("efs: {id: fs-1, root_dir: /a}"), node("efs: {uid: 1, gid: 1}"))
    assert merged.get("efs").plain() == {"uid": 1, "gid": 1}
    merged = merge(node("http: {path: /}"), node("http: false"))
    assert merged.get("http").value is False


def test_substitute() -> None:
    assert substitute("a-${X}-${Y}", {"X": "1"}) == "a-1-${Y}"
    assert substitute("\\${X}", {"X": "1"}) == "${X}"


def test_public_ip_workloads_follow_placement_per_environment(tmp_path: Path) -> None:
    private = "network:\n  vpc:\n    placement: private\n"
    write_tree(tmp_path, {
        "copilot/.workspace": "application: a\n",
        "copilot/api/manifest.yml": "name: api\ntype: Backend Service\n" + private,
        "copilot/web/manifest.yml": "name: web\ntype: Load Balanced Web Service\n" + private
        + "environments:\n  test:\n    network:\n      vpc:\n        placement: public\n",
        "copilot/site/manifest.yml": "name: site\ntype: Request-Driven Web Service\n",
        "copilot/job/manifest.yml": "name: job\ntype: Scheduled Job\n"
        + "network:\n  vpc:\n    placement: {subnets: [subnet-1]}\n",
    })
    ws = analysed(tmp_path / "copilot", cwd=tmp_path)
    assert [w.name for w in public_ip_workloads(ws, "prod")] == ["job"]
    assert [w.name for w in public_ip_workloads(ws, "test")] == ["job", "web"]
