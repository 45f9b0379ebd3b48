"""A managed policy in a workload addon that Copilot never attaches to anything.

## What it does
Reports an `AWS::IAM::ManagedPolicy` of a workload's `addons/` folder that, in an environment
where it is created, no active `Outputs` entry returns with `!Ref`/`Ref:`, no `Roles`,
`Users` or `Groups` property attaches, and no other resource of the folder references (for
example a role's `ManagedPolicyArns`). Copilot attaches to the task role (App Runner: the
instance role) exactly the outputs whose `Value` is a `Ref` to a managed policy.

Environment addons are not checked (there is no task role to attach to), nor are Static Site
workloads (no containers). A policy that an output returns in another form (`!GetAtt`,
`!Sub`) is left to CL205.

`--fix` adds `<Policy>Arn: {Value: !Ref <Policy>}` (with the policy's `Condition`) to the
`Outputs` of the template that defines the policy, unless an output already names it under
some condition (then whether it belongs in every environment is yours to decide).

## Why is this bad?
The policy is created but grants nothing: the service gets `AccessDenied` at run time for
every call the policy was written for, while the deploy succeeds and the policy looks right in
the template.

## Example
```yaml
# copilot/api/addons/bucket-access.yml
Resources:
  BucketAccessPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: !Sub 'arn:${AWS::Partition}:s3:::${App}-${Env}-assets/*'
```

## Use instead
```yaml
Outputs:
  BucketAccessPolicyArn:
    Value: !Ref BucketAccessPolicy
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import (
    AddonEval, AddonSet, Context, Finding, Fix, Node, Rule, SourceFile, Tagged, WorkloadType,
    add_key, addon_eval, environments,
)
from copilot_lint.rules.addons._support import (
    ADDON_INPUTS,
    MANAGED_POLICY, branches, first_definitions, readable, referenced_ids,
)


_ATTACH_PROPERTIES = ("Roles", "Users", "Groups")


class PolicyNotOutput(Rule):
    id = "CL203"
    name = "policy-not-output"
    severity = "error"
    reads = ADDON_INPUTS
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        for addons in ws.addon_sets():
            if addons.workload is None or addons.workload.type == WorkloadType.STATIC_SITE:
                continue
            if not readable(ws, addons):
                continue
            keys = first_definitions(addons, "Resources")
            role = "instance role" if addons.workload.type == WorkloadType.RD_WEB_SERVICE \
                else "task role"
            fixes: dict = {}
            references: dict[str, dict[str, set[str]]] = {}
            for env in environments(ws):
                ev = addon_eval(ws, addons, env)
                for logical_id in _unattached(ev, references):
                    if logical_id not in fixes:
                        fixes[logical_id] = policy_output_fix(addons, logical_id,
                                                              keys[logical_id][1])
                    yield Finding.at(
                        keys[logical_id][0],
                        f'managed policy "{logical_id}" is not output, so Copilot never '
                        f"attaches it to the {role}",
                        env=env, key=f"{addons.dir_path}:Resources.{logical_id}",
                        fix=fixes[logical_id],
                        hint=f'add an output with "Value: !Ref {logical_id}"')


def _unattached(ev: AddonEval, references: dict[str, dict[str, set[str]]]) -> list[str]:
    """The managed policies of the folder that nothing attaches here; ``references`` holds the
    folder's references by section, the same in every environment (filled on first use)."""
    policies = [lid for lid, node in ev.resources.items()
                if node.is_map and ev.resource_type(lid) == MANAGED_POLICY and ev.active(lid)]
    if not policies:
        return []
    used: set[str] = set()
    for part in ("Outputs", "Resources"):  # outputs usually settle it: resources only if not
        if part not in references:
            references[part] = _references(ev, part)
        for name, ids in references[part].items():
            if ev.active(name):
                used.update(ids)
        if used.issuperset(policies):
            return []
    return [lid for lid in policies if lid not in used and not _attached(ev, lid)]


def _references(ev: AddonEval, part: str) -> dict[str, set[str]]:
    """For each output (or resource) of the folder, the resources it references."""
    found: dict[str, set[str]] = {}
    if part == "Outputs":
        for name, output in ev.outputs.items():
            if output.is_map:
                found[name] = referenced_ids(output.get("Value"))
    else:
        for lid, node in ev.resources.items():
            if node.is_map:
                found[lid] = referenced_ids(node.get("Properties")) - {lid}
    return found


def _attached(ev: AddonEval, logical_id: str) -> bool:
    props = ev.resources[logical_id].get("Properties")
    if props is None or not props.is_map:
        return False
    return any(branch.elements() or not branch.is_seq
               for key in _ATTACH_PROPERTIES for branch in branches(ev, props.get(key)))


def policy_output_fix(addons: AddonSet, logical_id: str, resource: Node) -> Fix | None:
    """CL203: add ``<Policy>Arn: {Value: !Ref <Policy>}`` to the ``Outputs`` of the template
    that defines the policy (with the policy's ``Condition``, so the output exists exactly where
    the policy does). Not when some output already names the policy (under a condition, in some
    environments): whether it should be attached everywhere is the author's call."""
    outputs = first_definitions(addons, "Outputs")
    for _, value in outputs.values():
        if value.is_map and logical_id in referenced_ids(value.get("Value")):
            return None
    name = next((n for n in (f"{logical_id}Arn", logical_id) if n not in outputs), None)
    template = _template_of(addons, resource)
    if name is None or template is None:
        return None
    entry: dict = {}
    condition = resource.get("Condition") if resource.is_map else None
    if condition is not None:
        if not condition.is_str:
            return None
        entry["Condition"] = condition.value
    entry["Value"] = Tagged("!Ref", logical_id)
    return Fix(f"output {name}: !Ref {logical_id}",
               [add_key(template.path, ("Outputs",), name, entry)])

def _template_of(addons: AddonSet, node: Node) -> SourceFile | None:
    return next((t for t in addons.templates if t.path == node.file and t.mapping is not None),
                None)
