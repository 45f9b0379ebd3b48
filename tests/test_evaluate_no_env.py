"""``addon_eval`` with an empty environment name: ``Env`` is unknown, not the empty string."""
from __future__ import annotations

from pathlib import Path

from copilot_lint.resolve.addon import addon_eval
from copilot_lint.resolve.opaque import UNKNOWN_BOOL, is_known, show
from conftest import analysed

TEMPLATE = """\
Parameters:
  App: {Type: String}
  Env: {Type: String}
  Name: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Condition: IsProd
    Properties:
      BucketName: !Sub '${App}-${Env}-media'
"""


def _workspace(tmp_path: Path):
    copilot = tmp_path / "copilot"
    (copilot / "api" / "addons").mkdir(parents=True)
    (copilot / ".workspace").write_text("application: demo\n")
    (copilot / "api" / "manifest.yml").write_text("name: api\ntype: Backend Service\n")
    (copilot / "api" / "addons" / "bucket.yml").write_text(TEMPLATE)
    return analysed(copilot, cwd=tmp_path)


def test_empty_env_leaves_env_opaque(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    ev = addon_eval(ws, ws.workloads[0].addons, "")
    assert ev.condition("IsProd") is UNKNOWN_BOOL
    assert ev.active("Bucket")
    name = ev.ev(ev.resources["Bucket"].get("Properties", "BucketName"))
    assert show(name) == "demo-${Env}-media" and not is_known(name)


def test_named_env_is_bound(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    ev = addon_eval(ws, ws.workloads[0].addons, "test")
    assert ev.condition("IsProd") is False
    assert not ev.active("Bucket")
    assert ev.ev(ev.resources["Bucket"].get("Properties", "BucketName")) == "demo-test-media"
