"""The ``--fix`` of CL402 (not a rule): a new addon template that lets the task role read the
one secret the workload receives.

The template (``copilot/<workload>/addons/read-<secret>-secret.yml``) holds an
``AWS::IAM::ManagedPolicy`` allowing ``secretsmanager:GetSecretValue`` on exactly that secret and
an output returning it with ``!Ref``, so Copilot attaches it to the task role. The secret is
named by ``!Ref`` (or ``!GetAtt …MasterUserSecret.SecretArn``) when the workload's own addons
define it, by the literal ARN the manifest holds, or by its name pattern
(``…:secret:<name>-??????``) when an addon of another folder creates it under a name built only
from ``${App}``, ``${Env}`` and literals. Anything else (a generated name, an explicit ``Deny``
in the workload's addons, a taken logical id or file name) gets no fix.
"""
from __future__ import annotations

import re
from typing import Any

from copilot_lint.model.fix import Fix, Tagged, create_file
from copilot_lint.model.node import Node
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import AddonSet, Workload
from copilot_lint.query.addon_template import first_definitions
from copilot_lint.query.index import index_of
from copilot_lint.query.policies import action_matches, statements
from copilot_lint.query.secret_access import GET_SECRET_VALUE, SecretTarget
from copilot_lint.resolve.addon import addon_eval

_SECRET_ARN = re.compile(r"arn:[^:\s'\"]*:secretsmanager:[^:\s'\"]*:[^:\s'\"]*:secret:([^:\s'\"]+)")
_SUB_VAR = re.compile(r"\$\{([^}]*)\}")
_ALLOWED_VARS = frozenset({"App", "Env", "AWS::Partition", "AWS::Region", "AWS::AccountId",
                           "AWS::URLSuffix"})
_PATTERN = "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:"


def secret_policy_fix(ws: Context, workload: Workload, env: str, target: SecretTarget,
                      delivered: Node) -> Fix | None:
    """The fix for a workload that receives ``target`` (at ``delivered``) without a grant."""
    addons = workload.addons
    if addons is not None and _denied(ws, addons, env):
        return None
    resource, condition = _resource(ws, workload, target, delivered)
    if resource is None:
        return None
    words = re.findall(r"[A-Za-z0-9]+", target.label)
    if not words:
        return None
    camel = "".join(w[:1].upper() + w[1:] for w in words)
    secret = "" if camel.lower().endswith("secret") else "Secret"
    policy = f"Read{camel}{secret}Policy"
    taken = set()
    if addons is not None:
        for section in ("Resources", "Outputs", "Conditions", "Parameters", "Mappings"):
            taken.update(first_definitions(addons, section))
    folder = ws.root / workload.name / "addons"
    path = folder / f"read-{'-'.join(w.lower() for w in words)}{'-secret' if secret else ''}.yml"
    if policy in taken or path.exists():
        return None
    body: dict[str, Any] = {"Type": "AWS::IAM::ManagedPolicy"}
    output: dict[str, Any] = {"Description": "Attached by Copilot to the task role.",
                              "Value": Tagged("!Ref", policy)}
    if condition is not None:
        body["Condition"] = output["Condition"] = condition
    body["Properties"] = {
        "Description": f'Lets the task role of "{workload.name}" read secret "{target.label}".',
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": GET_SECRET_VALUE, "Resource": resource}]}}
    document = {"Parameters": _parameters(addons), "Resources": {policy: body},
                "Outputs": {policy: output}}
    return Fix(f"add {path.name} granting {GET_SECRET_VALUE} on it", [create_file(path, document)])


def _resource(ws: Context, workload: Workload, target: SecretTarget,
              delivered: Node) -> tuple[Any, str | None]:
    """How the new policy names the secret, and the condition it must share (if any)."""
    if target.addons is None:
        text = delivered.value if delivered.is_str else ""
        match = next((m for m in _SECRET_ARN.finditer(text) if m.group(1) == target.name), None)
        return (match.group(0), None) if match else (None, None)
    source = _folder(ws, target.addons)
    defined = first_definitions(source, "Resources").get(target.logical_id or "") \
        if source is not None else None
    if defined is None or not defined[1].is_map:
        return None, None
    node = defined[1]
    if source is workload.addons:
        condition = node.get("Condition")
        if condition is not None and not condition.is_str:
            return None, None
        shown = condition.value if condition is not None else None
        if target.label.endswith(".MasterUserSecret"):
            return Tagged("!GetAtt", f"{target.logical_id}.MasterUserSecret.SecretArn"), shown
        return Tagged("!Ref", target.logical_id), shown
    if node.get("Condition") is not None or target.label.endswith(".MasterUserSecret"):
        return None, None
    name = _name_template(node.get("Properties", "Name"))
    return (Tagged("!Sub", f"{_PATTERN}{name}-??????"), None) if name else (None, None)


def _folder(ws: Context, dir_path: str) -> AddonSet | None:
    """The addons folder ``dir_path``: one of the workspace's, or (in a view of the workspace
    holding some workloads only, see :mod:`copilot_lint.engine.incremental`) the one the index
    knows as defining a secret or parameter there."""
    found = next((a for a in ws.addon_sets() if a.dir_path == dir_path), None)
    if found is not None:
        return found
    index = index_of(ws)
    defined = [s.addons for s in index.secrets] + \
        [p.addons for params in index.ssm.values() for found in params.values() for p in found]
    return next((a for a in defined if a is not None and a.dir_path == dir_path), None)


def _name_template(name: Node | None) -> str | None:
    """A secret's ``Name`` as a ``!Sub`` template using only App, Env and pseudo parameters."""
    if name is None:
        return None
    if name.is_str and name.tag is None:
        return name.value if "${" not in name.value and name.value else None
    call = name.intrinsic()
    if call is None or call[0] != "Fn::Sub" or not call[1].is_str:
        return None
    template = call[1].value
    if not template or any(v.strip() not in _ALLOWED_VARS for v in _SUB_VAR.findall(template)):
        return None
    return template


def _denied(ws: Context, addons: AddonSet, env: str) -> bool:
    """True when a Deny in the workload's addons may cover GetSecretValue: an Allow cannot win."""
    ev = addon_eval(ws, addons, env)
    return any(not s.allows and (s.not_action or any(action_matches(v, GET_SECRET_VALUE)
                                                     for _, v in s.actions))
               for s in statements(ev))


def _parameters(addons: AddonSet | None) -> dict:
    """App, Env and Name, declared exactly as the folder already declares them (Copilot refuses
    two templates of one folder that define a parameter differently)."""
    declared = first_definitions(addons, "Parameters") if addons is not None else {}
    out = {}
    for name in ("App", "Env", "Name"):
        node = declared.get(name)
        out[name] = _data(node[1]) if node is not None else {"Type": "String"}
    return out


def _data(node: Node) -> Any:
    """A parameter definition as plain data, short forms kept."""
    if node.tag is not None and node.intrinsic() is not None:
        return Tagged(node.tag, _data(node.intrinsic()[1]))
    if node.is_map:
        return {k: _data(v) for k, v in node.items()}
    if node.is_seq:
        return [_data(v) for v in node.elements()]
    return node.value
