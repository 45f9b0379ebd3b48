"""Exports that YAML patches of overrides/ folders add to Copilot's stacks."""
from __future__ import annotations

from pathlib import Path

from conftest import analysed, write_tree

from copilot_lint.query.index import index_of
from copilot_lint.query.override_exports import exports_unknowable, patched_exports
from copilot_lint.resolve.opaque import is_known, show

WORKLOAD_PATCHES = """\
- op: add
  path: /Outputs
  value:
    QueueArn:
      Value: !GetAtt EventsQueue.Arn
      Export: {Name: !Sub '${AppName}-${EnvName}-${WorkloadName}-QueueArn'}
    NoExport: {Value: !Ref EventsQueue}
- op: add
  path: /Outputs/Url
  value: {Value: !Ref EventsQueue, Export: {Name: !Sub '${AWS::StackName}-QueueUrl'}}
- op: replace
  path: /Outputs/Url/Export/Name
  value: !Join ['-', [!Ref AppName, !Ref EnvName, url]]
- op: add
  path: /Outputs/With~1Slash/Export
  value: {Name: !Sub ['${P}-slash', {P: !Ref AppName}]}
- op: add
  path: /Outputs/Opaque
  value: {Value: x, Export: {Name: !Sub '${Unknown}-opaque'}}
- op: remove
  path: /Outputs/Gone
- op: add
  path: /Resources/Outputs
  value: {Export: {Name: not-an-output}}
"""
ENV_PATCHES = """\
- op: add
  path: /Outputs/NatIp
  value: {Value: !Ref NatIp, Export: {Name: !Sub '${AppName}-${EnvironmentName}-NatIp'}}
"""


def _workspace(tmp_path: Path, extra: dict[str, str]) -> object:
    files = {
        "copilot/.workspace": "application: shop\n",
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
        "copilot/worker/manifest.yml": "name: worker\ntype: Worker Service\n",
    }
    files.update(extra)
    write_tree(tmp_path, files)
    return analysed(tmp_path / "copilot", cwd=tmp_path)


def test_patched_exports_of_a_workload_and_the_environments(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, {
        "copilot/worker/overrides/cfn.patches.yml": WORKLOAD_PATCHES,
        "copilot/environments/overrides/cfn.patches.yml": ENV_PATCHES,
        "copilot/pipelines/main/manifest.yml": "name: main\nversion: 1\n",
        "copilot/pipelines/main/overrides/cfn.patches.yml": ENV_PATCHES,
    })
    by_owner = {o.owner: o for o in ws.overrides}
    found = [(p.output, p.name, p.workload)
             for p in patched_exports(ws, by_owner["worker"], "test")]
    assert found[:4] == [("QueueArn", "shop-test-worker-QueueArn", "worker"),
                         ("Url", "shop-test-worker-QueueUrl", "worker"),
                         ("Url", "shop-test-url", "worker"),
                         ("With/Slash", "shop-slash", "worker")]
    assert found[4][0] == "Opaque" and show(found[4][1]) == "${Unknown}-opaque"
    assert not is_known(found[4][1])
    assert len(found) == 5
    (nat,) = patched_exports(ws, by_owner["environments"], "test")
    assert (nat.output, nat.name, nat.workload) == ("NatIp", "shop-test-NatIp", None)
    assert patched_exports(ws, by_owner["pipelines/main"], "test") == []
    assert not exports_unknowable(ws)

    index = index_of(ws)
    (queue,) = index.exported("test", "shop-test-worker-QueueArn")
    assert queue.workload == "worker" and queue.producer == "copilot/worker/overrides"
    assert queue.value_node is not None and queue.value_node.tag == "!GetAtt"
    assert index.exported("test", "shop-test-NatIp")[0].workload is None


def test_a_cdk_override_may_add_any_export(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, {"copilot/worker/overrides/cdk.json": "{}\n"})
    assert exports_unknowable(ws)
    ws = _workspace(tmp_path / "yaml", {"copilot/worker/overrides/cfn.patches.yml": "[]\n"})
    assert not exports_unknowable(ws)
    # neither patches nor a CDK app: Copilot refuses the folder (CL110), it adds nothing
    ws = _workspace(tmp_path / "notes", {"copilot/worker/overrides/README.md": "todo\n"})
    assert not exports_unknowable(ws)
