"""A workload addon imports an export of the workload stack it is deployed in.

## What it does
Evaluates every `Fn::ImportValue` in `copilot/<workload>/addons/` in each environment and
reports the names that the same workload's own stack exports there: the exports Copilot's
template makes (`<app>-<env>-<svc>-DiscoveryServiceARN`, `-PublicNetworkLoadBalancerDNSName`,
`-CloudFrontDistributionDomainName`; copilot-facts §6.2) and the outputs with an export that a
YAML patch in `copilot/<workload>/overrides/cfn.patches.yml` adds. Imports of another
workload's or the environment's exports are fine (those stacks exist before the addon is
created).

## Why is this bad?
Copilot deploys a workload's addons as a nested stack (`AddonsStack`) of the workload stack
(Copilot's `workloads/partials/cf/addons.yml`), so the nested stack is created while the
workload stack is still being created and its exports do not exist yet. A workload that was
deployed with the export before the addon was added deploys fine; the first `copilot deploy`
to a new environment fails with `No export named shop-test-worker-QueueArn found` and rolls
back, and so does re-creating the service. It is the workload twin of CL505.

## Example
```yaml
# copilot/worker/overrides/cfn.patches.yml
- op: add
  path: /Outputs/QueueArn
  value:
    Value: !GetAtt EventsQueue.Arn
    Export: {Name: !Sub '${AppName}-${EnvName}-${WorkloadName}-QueueArn'}
# copilot/worker/addons/schedule.yml
Resources:
  Nightly:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: cron(0 3 * * ? *)
      Targets:
        - Id: queue
          Arn: {'Fn::ImportValue': !Sub '${App}-${Env}-${Name}-QueueArn'}
```

## Use instead
```yaml
# copilot/worker/addons/addons.parameters.yml
Parameters:
  QueueArn: !GetAtt EventsQueue.Arn
# copilot/worker/addons/schedule.yml
Parameters:
  QueueArn: {Type: String}
Resources:
  Nightly:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: cron(0 3 * * ? *)
      Targets:
        - Id: queue
          Arn: !Ref QueueArn
```
(`addons.parameters.yml` values are evaluated in the workload stack, so they may `!Ref` and
`!GetAtt` its resources; CloudFormation then creates the resource before the addons stack.)
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Node, Rule, index_of, is_known
from copilot_lint.rules.network._support import Export, fitting

COPILOT_SOURCE = {
    "DiscoveryServiceARN": "!GetAtt DiscoveryService.Arn",
    "PublicNetworkLoadBalancerDNSName": "!GetAtt PublicNetworkLoadBalancerV2.DNSName",
    "CloudFrontDistributionDomainName": "!GetAtt CloudFrontDistribution.DomainName",
    "CloudFrontDistributionAlternativeDomainName": "the alias itself",
}
"""What ``addons.parameters.yml`` can pass instead of the exports of Copilot's templates."""


class WorkloadAddonOwnExport(Rule):
    id = "CL508"
    name = "workload-addon-own-export"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        if not ws.app:
            return
        index = index_of(ws)
        for imp in index.imports:
            name = imp.name
            if imp.kind != "ImportValue" or imp.workload is None or not isinstance(name, str) \
                    or not is_known(name):
                continue
            exports = index.exported(imp.env, name)
            if not exports or any(e.workload != imp.workload.name for e in exports):
                continue
            shown = name.replace(f"{ws.app}-{imp.env}-", f"{ws.app}-<env>-", 1)
            yield Finding.at(
                imp.node,
                fitting(f'workload addon imports "{shown}" of its own workload stack',
                        f'addon imports "{shown}" of its own workload stack',
                        f'addon imports "{shown[:60]}…" of its own workload stack'),
                env=imp.env, key=f"ImportValue={shown}",
                hint='the first deploy to a new environment fails ("No export named"): declare '
                     f"a parameter and pass {_source(exports[0])} in addons.parameters.yml")


def _source(export: Export) -> str:
    """What the workload stack can hand the addon instead of the export."""
    if export.producer == "copilot":
        return COPILOT_SOURCE.get(export.output, "the output's value")
    node = export.value_node
    fn = node.intrinsic() if isinstance(node, Node) else None
    if fn is not None and fn[0] == "Ref" and fn[1].is_str:
        return f"!Ref {fn[1].value}"
    if fn is not None and fn[0] == "Fn::GetAtt":
        parts = fn[1].value.split(".", 1) if fn[1].is_str else [p.value for p in fn[1].elements()]
        if len(parts) == 2 and all(isinstance(p, str) for p in parts):
            return f"!GetAtt {parts[0]}.{parts[1]}"
    return f'the Value of output "{export.output}"'
