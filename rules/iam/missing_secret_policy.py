"""A workload receives a secret's ARN or name to read itself, but its task role may not read it.

## What it does
Follows the data, per environment, to every place where a workload's containers receive the
ARN or name of a Secrets Manager secret *as plain data* that the application then has to fetch
with the SDK:

- a `variables:` value that is a secret ARN, or the exact name of a secret an addon defines;
- a `variables:` `from_cfn` of an export whose value is a secret ARN;
- a `secrets:` entry whose SSM parameter is defined in the workspace with a secret ARN as its
  value (`Value: !Ref DBSecret`, an RDS-managed `MasterUserSecret.SecretArn`), directly or
  through `from_cfn`;
- a workload addon output whose value is a secret ARN but not a plain `!Ref` to the secret
  (`!GetAtt DB.MasterUserSecret.SecretArn`, `!Sub '${Secret}'`): it becomes a variable.

It then reports the delivery when none of the workload's addon policies that reach the task role
(ManagedPolicy outputs by `!Ref`, or policies whose `Roles` name the role passed in through
`addons.parameters.yml`) allows `secretsmanager:GetSecretValue` on `*`, on a reference to that
secret, or on an ARN pattern matching its name. Resources that cannot be resolved count as
granted.

Not reported: `secrets:` entries that name the secret itself (the execution role reads them at
task start), the ARN or name of a secret that `secrets:` also hands over (`secretsmanager:`, or
`from_cfn` of its export), addon outputs that `!Ref` a secret (Copilot injects its value), App
Runner services whose instance role reads tagged secrets, and workloads with an `overrides/`
folder or a `TaskRoleArn` task-definition override (their role is not the one this rule sees).

`--fix` adds `copilot/<workload>/addons/read-<secret>-secret.yml`: a ManagedPolicy allowing
`secretsmanager:GetSecretValue` on exactly that secret (`!Ref` when the workload's addons define
it, the literal ARN, or the `${App}`/`${Env}` name pattern of an environment addon's secret),
output by `!Ref`. Not when the workload's addons `Deny` the action, nor for secrets with a
generated name defined elsewhere.

## Why is this bad?
Copilot's task role grants nothing on Secrets Manager. The deploy succeeds and the service
starts, then the first `GetSecretValue` call fails with `AccessDeniedException`, typically when
the application opens its database connection.

## Example
```yaml
# copilot/worker/manifest.yml
secrets:
  # the SSM parameter's value is the ARN of the database secret (!Ref DBSecret in an addon)
  DB_SECRET_ARN: /copilot/shop/${COPILOT_ENVIRONMENT_NAME}/secrets/db-secret-arn
```

## Use instead
```yaml
# copilot/worker/addons/db-access.yml
Resources:
  DBSecretAccess:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: secretsmanager:GetSecretValue
            Resource: '*'
            Condition:
              StringEquals:
                secretsmanager:ResourceTag/copilot-environment: !Ref Env
Outputs:
  DBSecretAccessArn:
    Value: !Ref DBSecretAccess
```

## Known problems
Secrets read through another route the linter cannot see (an override of the task role, a role
the application assumes) are reported; suppress the finding there.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from copilot_lint.api import (
    Context, AddonSet, Finding, Node, Rule, Workload, WorkloadType, addon_eval, environments,
    index_of, manifest_for,
)
from copilot_lint.rules.iam._support import (
    INDEX_INPUTS,
    ECS_TYPES, MANAGED_POLICY, SECRET, SecretTarget, covered, export_targets, first_definitions,
    handed_over, is_text, literal_targets, opaque_parts, readable, ref_target, same_secret,
    secret_policy_fix, snake_case, targets_in, task_role_grants, task_role_replaced,
)

APP_RUNNER = WorkloadType.RD_WEB_SERVICE
SSM_PARAMETER = "AWS::SSM::Parameter"


@dataclass
class Delivery:
    """A place where a container receives a secret's ARN or name as data."""

    node: Node
    what: str
    via: str
    key: str
    target: SecretTarget
    noun: str = "ARN"


class MissingSecretPolicy(Rule):
    id = "CL402"
    name = "missing-secret-policy"
    severity = "error"
    reads = INDEX_INPUTS | {"override-patch"}
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        for workload in ws.workloads:
            if workload.type not in ECS_TYPES + (APP_RUNNER,) or task_role_replaced(workload):
                continue
            for env in environments(ws):
                root = manifest_for(ws, workload, env)
                if root is None or not root.is_map:
                    continue
                deliveries = list(_deliveries(ws, workload, env, root))
                if not deliveries or _reads_tagged_secrets(ws, workload, env, root):
                    continue
                grants = task_role_grants(ws, workload, env)
                values = handed_over(ws, env, root)
                for delivery in deliveries:
                    target = delivery.target
                    if covered(ws, grants, target) or \
                            any(same_secret(target, given) for given in values):
                        continue
                    message, hint = _message(delivery, workload)
                    fix = secret_policy_fix(ws, workload, env, target, delivery.node)
                    yield Finding.at(delivery.node, message, env=env, hint=hint, fix=fix,
                                     key=f"{delivery.key}->{target.label}")


def _message(delivery: Delivery, workload: Workload) -> tuple[str, str]:
    """The message (the via part moves to the hint when it would make it long) and the hint."""
    target, via, tail = delivery.target, delivery.via, ", which the task role may not read"
    head = f'{delivery.what} holds the {delivery.noun} of "{target.label}"'
    hint = f'output an addon ManagedPolicy allowing secretsmanager:GetSecretValue on ' \
           f'"{target.label}"{f" ({target.where})" if target.where else ""} to the task role ' \
           f'of "{workload.name}"'
    short = len(head + via + tail) <= 100 or not via
    return (head + via + tail, hint) if short else (head + tail, f"it arrives{via}; {hint}")


def _reads_tagged_secrets(ws: Context, workload: Workload, env: str, root: Node) -> bool:
    """App Runner's instance role reads tagged secrets when the service has any secret."""
    if workload.type != APP_RUNNER:
        return False
    secrets = root.get("secrets")
    if secrets is not None and secrets.is_map and secrets.value:
        return True
    if workload.addons is None:
        return False
    ev = addon_eval(ws, workload.addons, env)
    return any(output.is_map and ev.resource_type(ref_target(output.get("Value")) or "") == SECRET
               for output in ev.outputs.values())


def _deliveries(ws: Context, workload: Workload, env: str, root: Node) -> Iterator[Delivery]:
    containers = [("", root)]
    sidecars = root.get("sidecars")
    containers += [(f"sidecars.{name}.", node) for name, node in
                   (sidecars.items() if sidecars is not None else []) if node.is_map]
    for prefix, container in containers:
        variables = container.get("variables")
        for name, node in variables.items() if variables is not None else []:
            yield from _variable(ws, env, f"{prefix}variables.{name}", node)
        secrets = container.get("secrets")
        for name, node in secrets.items() if secrets is not None else []:
            yield from _secret(ws, env, f"{prefix}secrets.{name}", node)
    yield from _outputs(ws, workload, env)


def _variable(ws: Context, env: str, path: str, node: Node) -> Iterator[Delivery]:
    what = f'variable "{path.rsplit(".", 1)[-1]}"'
    if node.is_str:
        noun = "ARN" if ":secretsmanager:" in node.value else "name"
        for target in literal_targets(ws, env, node.value):
            yield Delivery(node, what, "", path, target, noun)
        return
    source = node.get("from_cfn")
    if source is not None and source.is_str:
        for target in export_targets(ws, env, source.value):
            yield Delivery(source, what, "", path, target)


def _secret(ws: Context, env: str, path: str, node: Node) -> Iterator[Delivery]:
    what = f'secret "{path.rsplit(".", 1)[-1]}"'
    index = index_of(ws)
    if node.is_str:
        for name in _ssm_names(node.value):
            for param in index.ssm.get(env, {}).get(name, []):
                for target in _parameter_targets(ws, env, param.addons, param.logical_id):
                    yield Delivery(node, what, f' through SSM parameter "{param.logical_id}"',
                                   path, target)
        return
    source = node.get("from_cfn")
    if source is None or not source.is_str:
        return
    for export in index.exported(env, source.value):
        if export.addons is None or not is_text(export.value):
            continue
        ev = addon_eval(ws, export.addons, env)
        for part in opaque_parts(export.value):
            kind, _, logical_id = part.name.partition(":")
            if kind == "Ref" and ev.resource_type(logical_id) == SSM_PARAMETER:
                for target in _parameter_targets(ws, env, export.addons, logical_id):
                    yield Delivery(source, what, f' through SSM parameter "{logical_id}"',
                                   path, target)


def _ssm_names(value: str) -> list[str]:
    """The parameter names a ``secrets:`` string can stand for (a name or an SSM ARN)."""
    if value.startswith("arn:") and ":parameter" in value:
        rest = value.split(":parameter", 1)[1]
        return [rest, rest.lstrip("/")] if rest.startswith("/") else [rest]
    return [value]


def _parameter_targets(ws: Context, env: str, addons: AddonSet,
                       logical_id: str) -> list[SecretTarget]:
    ev = addon_eval(ws, addons, env)
    resource = ev.resources.get(logical_id)
    value = resource.get("Properties", "Value") if resource is not None else None
    return targets_in(ws, ev, ev.ev(value)) if value is not None else []


def _outputs(ws: Context, workload: Workload, env: str) -> Iterator[Delivery]:
    if workload.addons is None or not readable(ws, workload.addons):
        return
    ev = addon_eval(ws, workload.addons, env)
    keys = first_definitions(workload.addons, "Outputs")
    for name, output in ev.outputs.items():
        if not output.is_map or not ev.active(name) or name not in keys:
            continue
        value = output.get("Value")
        target_id = ref_target(value)
        if target_id is not None and ev.resource_type(target_id) in (SECRET, MANAGED_POLICY):
            continue
        for target in targets_in(ws, ev, ev.ev(value)):
            yield Delivery(keys[name][0], f'output "{name}"', f" as variable {snake_case(name)}",
                           f"{workload.addons.dir_path}:Outputs.{name}", target)
