"""IAM policy statements of addon templates, read per environment (shared by CL2xx and CL4xx).

Not a rule: helpers that find the policy documents of an addon folder, unwrap ``Fn::If`` with
the environment's conditions (both branches when a condition cannot be decided), and evaluate
``Effect``, ``Action`` and ``Resource`` to strings while keeping each value's node for findings.
A workspace without any environment is evaluated once, in the unknown environment ``""``.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from copilot_lint.model.node import Node
from copilot_lint.resolve.addon import AddonEval
from copilot_lint.resolve.opaque import NOVALUE, UNKNOWN_BOOL, is_known

IDENTITY_DOCUMENTS = {
    "AWS::IAM::ManagedPolicy": "single", "AWS::IAM::Policy": "single",
    "AWS::IAM::RolePolicy": "single", "AWS::IAM::UserPolicy": "single",
    "AWS::IAM::GroupPolicy": "single", "AWS::IAM::Role": "inline",
    "AWS::IAM::User": "inline", "AWS::IAM::Group": "inline",
}
RESOURCE_DOCUMENTS = {"AWS::S3::BucketPolicy": "single"}


def branches(ev: AddonEval, node: Node | None, depth: int = 0) -> list[Node]:
    """The nodes ``node`` can stand for here: ``Fn::If`` unwrapped, ``AWS::NoValue`` dropped."""
    if node is None or depth > 20:
        return []
    fn = node.intrinsic()
    if fn is None:
        return [node]
    name, arg = fn
    if name == "Ref" and arg.is_str and arg.value == "AWS::NoValue":
        return []
    if name != "Fn::If" or not arg.is_seq or len(arg.value) != 3:
        return [node]
    cond_name = arg.value[0].value if arg.value[0].is_str else None
    cond = ev.condition(cond_name) if cond_name else UNKNOWN_BOOL
    if cond is True:
        return branches(ev, arg.value[1], depth + 1)
    if cond is False:
        return branches(ev, arg.value[2], depth + 1)
    return branches(ev, arg.value[1], depth + 1) + branches(ev, arg.value[2], depth + 1)


def values(ev: AddonEval, node: Node | None) -> list[tuple[Node, Any]]:
    """Each element of a scalar-or-list field with its evaluated value (lists flattened)."""
    out: list[tuple[Node, Any]] = []
    for branch in branches(ev, node):
        items = branch.elements() if branch.is_seq else [branch]
        for item in items:
            for leaf in branches(ev, item):
                value = ev.ev(leaf)
                if value is NOVALUE:
                    continue
                for one in value if isinstance(value, list) else [value]:
                    out.append((leaf, one))
    return out


@dataclass
class Statement:
    """One statement of a policy document, evaluated in one environment."""

    node: Node
    logical_id: str
    resource_type: str
    effect: Any
    actions: list[tuple[Node, Any]] = field(default_factory=list)
    not_action: bool = False
    resources: list[tuple[Node, Any]] = field(default_factory=list)
    not_resource: bool = False
    condition: Node | None = None

    @property
    def allows(self) -> bool:
        return self.effect == "Allow"


def documents(ev: AddonEval, resource: Node, *, resource_policies: bool = False) -> list[Node]:
    """The policy documents a resource holds (identity policies, optionally bucket policies)."""
    rtype = _type(resource)
    shape = IDENTITY_DOCUMENTS.get(rtype or "") or (
        RESOURCE_DOCUMENTS.get(rtype or "") if resource_policies else None)
    props = resource.get("Properties")
    if shape is None or props is None or not props.is_map:
        return []
    if shape == "single":
        return [d for d in branches(ev, props.get("PolicyDocument")) if d.is_map]
    docs = []
    for policies in branches(ev, props.get("Policies")):
        for policy in policies.elements():
            for item in branches(ev, policy):
                if item.is_map:
                    docs.extend(d for d in branches(ev, item.get("PolicyDocument")) if d.is_map)
    return docs


def statements(ev: AddonEval, *, resource_policies: bool = False,
               only: set[str] | None = None) -> Iterator[Statement]:
    """Every statement of every active policy resource of the folder (or of ``only``) here;
    worked out once per folder and environment (several rules ask)."""
    views, key = ev.ws.analysis.statements, (ev.addons.dir_path, ev.env)
    if key not in views:
        views[key] = list(_statements(ev))
    for statement in views[key]:
        if (only is None or statement.logical_id in only) and (
                resource_policies or statement.resource_type not in RESOURCE_DOCUMENTS):
            yield statement


def _statements(ev: AddonEval) -> Iterator[Statement]:
    """Statements of identity and resource policies alike; :func:`statements` filters."""
    for logical_id, resource in ev.resources.items():
        if not resource.is_map or not ev.active(logical_id):
            continue
        rtype = _type(resource) or ""
        for doc in documents(ev, resource, resource_policies=True):
            for group in branches(ev, doc.get("Statement")):
                items = group.elements() if group.is_seq else [group]
                for item in items:
                    for node in branches(ev, item):
                        if node.is_map:
                            yield _statement(ev, logical_id, rtype, node)


def _statement(ev: AddonEval, logical_id: str, rtype: str, node: Node) -> Statement:
    effect = ev.ev(node.get("Effect")) if node.get("Effect") is not None else None
    action_key = "Action" if node.get("Action") is not None else "NotAction"
    resource_key = "Resource" if node.get("Resource") is not None else "NotResource"
    conditions = branches(ev, node.get("Condition"))
    return Statement(node, logical_id, rtype, effect,
                     values(ev, node.get(action_key)), action_key == "NotAction",
                     values(ev, node.get(resource_key)), resource_key == "NotResource",
                     conditions[0] if conditions and conditions[0].is_map else None)


def _type(resource: Node) -> str | None:
    rtype = resource.get("Type")
    return rtype.value if rtype is not None and rtype.is_str else None


def action_matches(pattern: Any, action: str) -> bool:
    """True when the IAM action pattern (``*``/``?`` wildcards, any case) covers ``action``."""
    if not isinstance(pattern, str) or not is_known(pattern):
        return False
    if "*" not in pattern and "?" not in pattern:
        return pattern.lower() == action.lower()
    return _action_regex(pattern).fullmatch(action) is not None


@lru_cache(maxsize=1024)
def _action_regex(pattern: str) -> re.Pattern:
    """The compiled form of a wildcard action pattern (workspaces repeat the same few)."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(regex, re.IGNORECASE | re.DOTALL)


def grants(statement: Statement, action: str) -> bool:
    """True when an Allow statement's actions include ``action``."""
    if not statement.allows:
        return False
    matched = any(action_matches(value, action) for _, value in statement.actions)
    if statement.not_action:
        return not matched and all(is_known(v) for _, v in statement.actions)
    return matched
