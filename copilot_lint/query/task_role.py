"""What a workload's task role (App Runner: instance role) receives from its addons, and what it
can never do.

Not a rule: Copilot's task role (``partials/cf/taskrole.yml``) and App Runner instance role
(``partials/cf/instancerole.yml``) both carry the inline policy ``DenyIAM``, an explicit
``Deny iam:*`` on ``*``. An explicit deny wins over every allow, so no addon policy can give
these roles an IAM action; only an override of the role removes the statement
(aws/copilot-cli#1507, #5291; copilot-facts §4.4).

A policy of a workload's addons reaches the role when an ``Outputs`` value ``!Ref``s the
``AWS::IAM::ManagedPolicy`` (Copilot adds it to ``ManagedPolicyArns``), or when its ``Roles``
name a parameter that ``addons.parameters.yml`` fills with the parent stack's ``TaskRole`` /
``InstanceRole``.
"""
from __future__ import annotations

from copilot_lint.model.vocabulary import ECS_TYPES, WorkloadType
from copilot_lint.model.node import Node
from copilot_lint.model.workspace import Workload
from copilot_lint.query.addon_template import MANAGED_POLICY, ref_target
from copilot_lint.resolve.addon import AddonEval
from copilot_lint.resolve.opaque import is_known

ROLE_TYPES = (*ECS_TYPES, WorkloadType.RD_WEB_SERVICE)
"""Workload types whose role Copilot creates with ``DenyIAM`` and extends with addon policies."""
PARENT_ROLES = ("TaskRole", "InstanceRole")
DENIED_SERVICE = "iam"
_POLICY_TYPES = (MANAGED_POLICY, "AWS::IAM::Policy")


def task_role_policies(ev: AddonEval) -> dict[str, str]:
    """The policies of a workload's addons (evaluated in one environment) that Copilot's role
    receives: logical id → how (``output <name>`` or ``Roles``)."""
    if ev.addons.workload is None:
        return {}
    found: dict[str, str] = {}
    for name, output in ev.outputs.items():
        target = ref_target(output.get("Value")) if output.is_map and ev.active(name) else None
        if target is not None and ev.resource_type(target) == MANAGED_POLICY:
            found.setdefault(target, f"output {name}")
    role_params = _parent_role_parameters(ev)
    for logical_id, resource in ev.resources.items():
        if ev.resource_type(logical_id) not in _POLICY_TYPES or not ev.active(logical_id):
            continue
        roles = resource.get("Properties", "Roles")
        if any(_names(item, role_params) for item in roles.nodes()) if roles is not None \
                else False:
            found.setdefault(logical_id, "Roles")
    return found


def task_role_replaced(workload: Workload) -> bool:
    """True when the workload's role may not be Copilot's as rendered: it has an ``overrides/``
    folder (a YAML patch or CDK can remove ``DenyIAM``, the documented way out), or a
    ``taskdef_overrides`` entry on ``TaskRoleArn``."""
    return workload.role_replaced("TaskRoleArn")


def own_principals(ev: AddonEval, logical_id: str) -> bool:
    """True when a policy also names roles, users or groups other than Copilot's role (the
    addon's own, where its IAM actions work)."""
    props = ev.resources[logical_id].get("Properties")
    if props is None or not props.is_map:
        return False
    if props.get("Users") is not None or props.get("Groups") is not None:
        return True
    roles = props.get("Roles")
    params = _parent_role_parameters(ev)
    return roles is not None and any(not _names(item, params) for item in (
        roles.elements() if roles.is_seq else [roles]))


def denied_action(action: object) -> bool:
    """True when the role's ``Deny iam:*`` covers every action ``action`` names: a known
    ``iam:`` action or pattern (``iam:PassRole``, ``iam:Get*``)."""
    return isinstance(action, str) and is_known(action) and \
        action.strip().lower().startswith(DENIED_SERVICE + ":")


def _parent_role_parameters(ev: AddonEval) -> set[str]:
    params = ev.addons.params.mapping.get("Parameters") if (
        ev.addons.params is not None and ev.addons.params.mapping is not None) else None
    found = set()
    for name, value in params.items() if params is not None else []:
        fn = value.intrinsic()
        if fn is None:
            continue
        arg = fn[1].elements()[0] if fn[1].is_seq and fn[1].elements() else fn[1]
        target = arg.value.split(".", 1)[0] if arg.is_str else None
        if fn[0] in ("Ref", "Fn::GetAtt") and target in PARENT_ROLES:
            found.add(name)
    return found


def _names(item: Node, params: set[str]) -> bool:
    fn = item.intrinsic()
    return bool(fn and fn[0] == "Ref" and fn[1].is_str and fn[1].value in params)
