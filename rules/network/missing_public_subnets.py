"""A workload needs public subnets in an environment whose imported VPC has none.

## What it does
For each environment whose manifest imports a VPC (`network.vpc.id`) without listing
`network.vpc.subnets.public`, reports, on the manifest merged for that environment:

- every Load Balanced Web Service with an `http` rule on the environment's shared load
  balancer (not `http: false`, not an imported `http.alb`) or an `nlb`: those load balancers
  are internet-facing and live in the public subnets;
- every other ECS workload (Backend, Worker Service, Scheduled Job, and a Load Balanced Web
  Service not reported above) left on the public placement: no `network.vpc.placement`, or
  `placement: public`.

`placement: private` and `placement: {subnets: ...}` are fine; so are environments that list
public subnets, and environments with a Copilot-managed VPC.

## Why is this bad?
Copilot's environment template exports `<app>-<env>-PublicSubnets` only when the VPC is
managed or the imported VPC lists public subnets; workload tasks on the public placement and
the network load balancer import it, and the public ALB is created with the (empty) list of
imported public subnets. The workload's deploy fails with `No export named
shop-prod-PublicSubnets found` (aws/copilot-cli#4956, #4962), or the environment update that
creates the ALB fails.

## Example
```yaml
# copilot/environments/prod/manifest.yml
network:
  vpc:
    id: vpc-0123456789abcdef0
    subnets:
      private: [{id: subnet-0a}, {id: subnet-0b}]
# copilot/worker/manifest.yml: no network.vpc.placement
```

## Use instead
```yaml
# copilot/worker/manifest.yml
network:
  vpc:
    placement: private
```
(or list the VPC's public subnets in the environment manifest)
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Node, Rule, Workload, WorkloadType, manifest_for
from copilot_lint.rules.network._support import ECS_TYPES, env_stack

LBWS = WorkloadType.LB_WEB_SERVICE


class MissingPublicSubnets(Rule):
    id = "CL506"
    name = "missing-public-subnets"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        for env in ws.environments:
            stack = env_stack(ws, env)
            if not stack.known or not stack.imported_vpc or stack.public_subnets:
                continue
            for workload in ws.workloads:
                if workload.type in ECS_TYPES:
                    yield from _workload(ws, workload, env.name)


def _workload(ws: Context, workload: Workload, env: str) -> Iterator[Finding]:
    root = manifest_for(ws, workload, env)
    if root is None or not root.is_map:
        return
    key = f"{workload.name}:public-subnets"
    hint = ("list network.vpc.subnets.public in the environment manifest, or serve the "
            "service from an imported ALB (http.alb)")
    if workload.type == LBWS:
        http, nlb = root.get("http"), root.get("nlb")
        if http is not None and http.is_map and http.get("alb") is None:
            yield Finding.at(root.key_node("http") or http, f'the public load balancer of '
                             f'"{workload.name}" needs public subnets: the imported VPC has '
                             f'none', env=env, key=key, hint=hint)
            return
        if nlb is not None and nlb.is_map:
            yield Finding.at(root.key_node("nlb") or nlb, f'the network load balancer of '
                             f'"{workload.name}" needs public subnets: the imported VPC has '
                             f'none', env=env, key=key, hint=hint)
            return
    placement = root.get("network", "vpc", "placement")
    if placement is None or (placement.is_str and placement.value == "public"):
        where: Node = placement if placement is not None else root.get("type") or root
        shown = "public" if placement is not None else "public (the default)"
        yield Finding.at(where, f'placement {shown} needs public subnets: the imported VPC '
                                f'has none', env=env, key=key,
                         hint="set network.vpc.placement: private (for every environment or "
                              "under environments.<env>), or list the environment's public "
                              "subnets")
