"""A workload addon output that Copilot will not treat the way it was meant.

## What it does
Checks the `Outputs` of each workload's `addons/` folder against Copilot's classification, which
only looks at outputs whose `Value` is exactly `!Ref <LogicalId>` or `{Ref: <LogicalId>}`:

- an output whose value is a managed policy's ARN, a secret's ARN or a security group's id
  written another way (`!GetAtt Policy.PolicyArn`, `!Sub '${Secret}'`, `!GetAtt SG.GroupId`,
  `!Join`, `!If`): the policy is not attached to the task role, the secret's value is not
  injected, the security group is not attached to the service (App Runner services never attach
  one, so they are not checked for it); each becomes a plain environment variable holding the
  ARN or id. Outputs with an `Export` (meant for other stacks) and secret
  ARNs the task role is granted to read (the code fetches them itself) are not reported;
- an output whose injected variable name (`MyBucketName` → `MY_BUCKET_NAME`) is also a
  `variables:` or `secrets:` name of the workload's manifest in some environment.

Environment addons are not checked: Copilot injects nothing from them.

`--fix` rewrites a `!GetAtt`, `!Sub` or `!Join` output value as `!Ref <LogicalId>` (not an
`!If`, whose rewrite would change other environments, nor a security group without `VpcId`,
whose `Ref` is its name).

## Why is this bad?
A policy output as `!GetAtt` deploys cleanly and then every AWS call it was meant to allow fails
with `AccessDenied`; a secret output as `!Sub` gives the container an ARN instead of the
password. Two sources for one variable name leave the container with only one of them, and which
one depends on how ECS orders the task definition, not on the manifest.

## Example
```yaml
# copilot/api/addons/queue.yml
Outputs:
  QueueAccessPolicyArn:
    Value: !GetAtt QueueAccessPolicy.PolicyArn
```

## Use instead
```yaml
Outputs:
  QueueAccessPolicyArn:
    Value: !Ref QueueAccessPolicy
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import (
    Context, AddonEval, Finding, Fix, Node, Rule, Tagged, Workload, WorkloadType, addon_eval,
    environments, manifest_for, replace_node,
)
from copilot_lint.rules.addons._support import (
    ADDON_INPUTS,
    MANAGED_POLICY, SECRET, SECURITY_GROUP, SecretTarget, covered, first_definitions,
    only_opaque, readable, ref_target, snake_case, task_role_grants,
)


APP_RUNNER = WorkloadType.RD_WEB_SERVICE
_FORMS = {
    MANAGED_POLICY: ("PolicyArn", "managed policy", "is not attached to the task role"),
    SECRET: ("Id", "secret", "is not injected as a secret (the variable holds its ARN)"),
    SECURITY_GROUP: ("GroupId", "security group", "is not attached to the service"),
}


class AddonOutputForm(Rule):
    id = "CL205"
    name = "addon-output-form"
    severity = "warning"
    reads = ADDON_INPUTS
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        for workload in ws.workloads:
            addons = workload.addons
            if addons is None or workload.type == WorkloadType.STATIC_SITE \
                    or not readable(ws, addons):
                continue
            keys = first_definitions(addons, "Outputs")
            for env in environments(ws):
                ev = addon_eval(ws, addons, env)
                outputs = [(name, node, keys[name][0]) for name, node in ev.outputs.items()
                           if node.is_map and ev.active(name) and name in keys]
                yield from _forms(ws, workload, env, ev, outputs)
                yield from _clashes(ws, workload, env, ev, outputs)


def _forms(ws: Context, workload: Workload, env: str, ev: AddonEval,
           outputs: list[tuple[str, Node, Node]]) -> Iterator[Finding]:
    for name, output, _ in outputs:
        value = output.get("Value")
        if ref_target(value) is not None or output.get("Export") is not None:
            continue
        logical_id = _whole_reference(ev, value)
        rtype = ev.resource_type(logical_id) if logical_id else None
        if rtype not in _FORMS or (rtype == SECURITY_GROUP and workload.type == APP_RUNNER):
            continue
        if rtype == SECRET and covered(ws, task_role_grants(ws, workload, env),
                                       SecretTarget(logical_id, ev.addons.dir_path, logical_id)):
            continue
        _, noun, effect = _FORMS[rtype]
        in_vpc = rtype != SECURITY_GROUP or _in_vpc(ev, logical_id)
        fix = output_ref_fix(value, logical_id) if in_vpc else None
        if workload.type == APP_RUNNER:
            effect = effect.replace("task role", "instance role")
        message = f'output "{name}" names {noun} "{logical_id}" without a plain !Ref'
        yield Finding.at(
            value, message if len(message) <= 100 else
            f'output "{name}" names "{logical_id}" without a plain !Ref',
            env=env, key=f"{ev.addons.dir_path}:Outputs.{name}", fix=fix,
            hint=f'write "Value: !Ref {logical_id}": as it is, Copilot makes it the variable '
                 f"{snake_case(name)} and it {effect}")


def _in_vpc(ev: AddonEval, logical_id: str) -> bool:
    """A security group with a ``VpcId``, whose ``Ref`` is its id (else its name)."""
    return ev.resources[logical_id].get("Properties", "VpcId") is not None


def _whole_reference(ev: AddonEval, value: Node | None) -> str | None:
    """The logical id when the evaluated value is exactly that resource's ARN or id."""
    result = ev.ev(value) if value is not None else None
    whole = only_opaque(result)
    if whole is None:
        return None
    kind, _, rest = whole.name.partition(":")
    logical_id, _, attribute = rest.partition(".")
    rtype = ev.resource_type(logical_id)
    if kind == "Ref" or (kind == "GetAtt" and rtype in _FORMS and attribute == _FORMS[rtype][0]):
        return logical_id
    return None


def _clashes(ws: Context, workload: Workload, env: str, ev: AddonEval,
             outputs: list[tuple[str, Node, Node]]) -> Iterator[Finding]:
    root = manifest_for(ws, workload, env)
    if root is None or not root.is_map or not any(
            block is not None and block.is_map and block.value
            for block in (root.get("variables"), root.get("secrets"))):
        return
    for name, output, key_node in outputs:
        target = ref_target(output.get("Value"))
        if target is not None and ev.resource_type(target) == MANAGED_POLICY:
            continue
        injected = snake_case(name)
        for section in ("variables", "secrets"):
            block = root.get(section)
            where = block.key_node(injected) if block is not None and block.is_map else None
            if where is None:
                continue
            yield Finding.at(
                key_node,
                f'output "{name}" is injected as {injected}, which {section}: also sets '
                f"(line {where.line})", hint=f"rename the output or the {section[:-1]} in "
                                             f"{where.file}",
                env=env, key=f"{ev.addons.dir_path}:Outputs.{name}={section}.{injected}")


def output_ref_fix(value: Node | None, logical_id: str) -> Fix | None:
    """CL205: rewrite an output ``Value`` that is exactly the resource's ARN or id as
    ``!Ref <LogicalId>``. Only a ``GetAtt``, ``Sub`` or ``Join`` that no condition or mapping
    steers: an ``!If`` would make the rewrite change other environments."""
    call = value.intrinsic() if value is not None else None
    if call is None or call[0] not in ("Fn::GetAtt", "Fn::Sub", "Fn::Join"):
        return None
    for node in value.nodes():
        inner = node.intrinsic()
        if inner is not None and inner[0] not in ("Fn::GetAtt", "Fn::Sub", "Fn::Join", "Ref"):
            return None
    return Fix(f"write Value: !Ref {logical_id}",
               [replace_node(value, Tagged("!Ref", logical_id))])
