"""A team policy as a rule: each policy becomes a :class:`~copilot_lint.api.Rule` subclass, so
the engine, suppressions, configuration, baselines, reporters, ``--list-rules`` and
``--explain`` treat it exactly like a built-in rule."""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any, ClassVar

from copilot_lint.model.context import Context
from copilot_lint.api import Finding, Node, Rule
from copilot_lint.policy.locate import at_key, matched_path, node_at, violation_node
from copilot_lint.policy.relations import relations
from copilot_lint.policy.spec import Policy
from copilot_lint.policy.targets import Target, targets, unknown_environments
from copilot_lint.policy.validator import build_validator

BUDGET_SECONDS = 10.0
"""How long one policy may spend on one workspace; past it the policy stops with a finding
(schemas are checked to end and patterns run in linear time, so only a huge workspace or a
pathological schema comes near it)."""
VALUE_LIMIT = 60


class PolicyRule(Rule):
    """The base of the rule classes made from policies; ``policy`` is set per subclass."""

    policy: ClassVar[Policy]
    validator: ClassVar[Any]

    def check(self, ws: Context) -> Iterator[Finding]:
        policy = self.policy
        yield from self._warnings(ws)
        deadline = time.monotonic() + BUDGET_SECONDS
        for target in targets(ws, policy):
            if time.monotonic() > deadline:
                yield self._note(ws, f"policy {policy.id} stopped after {BUDGET_SECONDS:.0f} s "
                                     "without checking every target", "error")
                return
            if policy.expression:
                yield from self._expression(ws, target)
            elif policy.forbid:
                if self.validator.is_valid(target.instance):
                    path = matched_path(self.validator, policy.schema, target.instance)
                    node, key = node_at(target.node, path, target.key)
                    yield self._finding(at_key(node, key), target, path)
            else:
                seen: set[tuple[str, int, int]] = set()
                for error in self.validator.iter_errors(target.instance):
                    node, path = violation_node(target.node, error, target.key)
                    if (node.file, node.line, node.col) not in seen:
                        seen.add((node.file, node.line, node.col))
                        yield self._finding(node, target, path)

    def _expression(self, ws: Context, target: Target) -> Iterator[Finding]:
        from copilot_lint.policy.expression import Failed, evaluate

        policy = self.policy
        try:
            result = evaluate(policy.expression, relations(ws, policy, target))
        except Failed as failed:
            node = at_key(target.node, target.key)
            yield Finding.at(node, f"{policy.id}: the expression could not be evaluated here: "
                                   f"{failed.reason}", env=target.env,
                             key=f"{target.label}:expression-failed",
                             hint="guard optional keys with has() and compare like types")
            return
        if result is True:
            return
        if result is False:
            path = policy.blame
            node, key = node_at(target.node, path, target.key)
            found = _found_path(target.node, path)
            yield self._finding(at_key(node, key) if found == path else
                                at_key(*node_at(target.node, found, target.key)), target, found)
            return
        if isinstance(result, list) and all(isinstance(p, (str, list)) for p in result):
            seen: set[tuple[str, int, int]] = set()
            for item in result:
                path = tuple(item.strip("/").split("/")) if isinstance(item, str) \
                    else tuple(item)
                found = _found_path(target.node, path)
                node, key = node_at(target.node, found, target.key)
                node = at_key(node, key)
                if (node.file, node.line, node.col) not in seen:
                    seen.add((node.file, node.line, node.col))
                    yield self._finding(node, target, found)
            return
        node = at_key(target.node, target.key)
        yield Finding.at(node, f"{policy.id}: the expression gave neither true/false nor a list "
                               "of key paths", env=target.env,
                         key=f"{target.label}:expression-type")

    def _warnings(self, ws: Context) -> Iterator[Finding]:
        policy = self.policy
        for name in unknown_environments(ws, policy):
            shown = repr(name)[1:-1][:40]
            yield self._note(ws, f"policy {policy.id} names environment {shown!r}, which this "
                                 "workspace does not have", "warning",
                             hint=f"environments here: {', '.join(ws.env_names)}")
        for warning in policy.warnings:
            yield self._note(ws, f"policy {policy.id}: {warning}", "warning")

    def _note(self, ws: Context, message: str, severity: str, hint: str = "") -> Finding:
        """A finding about the policy itself, at the line that defines it."""
        return Finding(_display(self.policy.file), self.policy.line, 1, message,
                       severity=severity, key=f"policy:{message}", hint=hint)

    def _finding(self, node: Node, target: Target, path: tuple) -> Finding:
        where = "/".join(str(step) for step in path)
        value = _value(node, target, path)
        written = node.str_value() if node.is_scalar else None
        key = f"{target.label}:{where}" + (f"={written}" if written is not None else "")
        message = self.policy.message
        if "{" in message:
            shown = value if value is not None else _compact(target.instance, path) or \
                where or target.label
            shown = shown if len(shown) <= VALUE_LIMIT else shown[:VALUE_LIMIT - 1] + "…"
            for name, text in (("value", shown), ("path", where), ("env", target.env or ""),
                               ("target", target.label)):
                message = message.replace("{" + name + "}", text)
        return Finding.at(node, message, env=target.env, key=key)

    @classmethod
    def doc(cls) -> str:
        policy = cls.policy
        scope = _scope(policy)
        if policy.expression:
            body = (f"each target makes this CEL expression true (or gives no key path):\n\n"
                    f"```cel\n{policy.expression.strip()}\n```")
        else:
            verb = "must not match" if policy.forbid else "must match"
            body = f"each target {verb} this JSON Schema:\n\n```yaml\n{_yaml(policy.schema)}```"
        parts = [policy.message, f"## What it does\n{policy.description or policy.message}",
                 f"## Policy\nDefined in `{policy.origin}`. Applies to {scope}; {body}"]
        return "\n\n".join(p for p in parts if p)

    @classmethod
    def summary(cls) -> str:
        return cls.policy.message.rstrip(".")


def _value(node: Node, target: Target, path: tuple) -> str | None:
    """The offending value as the policy saw it (Copilot's types), for the message and the
    baseline identity; ``None`` for a mapping or a list."""
    if not node.is_scalar:
        return None
    data = target.instance
    for step in path:
        if isinstance(data, dict) and step in data:
            data = data[step]
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return node.str_value()
    if isinstance(data, bool):
        return "true" if data else "false"
    return str(data) if not isinstance(data, (dict, list)) else None


def _compact(data: Any, path: tuple) -> str:
    """A mapping or list at ``path`` of ``data`` as compact JSON (for ``{value}``)."""
    import json

    for step in path:
        if isinstance(data, dict) and step in data:
            data = data[step]
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return ""
    return json.dumps(data, separators=(",", ":"), default=str, ensure_ascii=False)


def _found_path(root: Node, path: tuple) -> tuple:
    """The longest prefix of ``path`` that exists below ``root`` (list steps as numbers)."""
    node, found = root, ()
    for step in path:
        if node.is_map and str(step) in node.value:
            node, found = node.value[str(step)], found + (str(step),)
        elif node.is_seq and str(step).isdigit() and int(step) < len(node.value):
            node, found = node.value[int(step)], found + (int(step),)
        else:
            break
    return found


def _display(path: str) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return relative if not relative.startswith("..") else path


def _yaml(schema: Any) -> str:
    import yaml

    return yaml.safe_dump(schema, sort_keys=False, allow_unicode=True, width=96)


def _scope(policy: Policy) -> str:
    if policy.template:
        scope = "the addons folders' " + ", ".join(f"`{t}`" for t in policy.template)
    elif policy.resource:
        scope = "addon resources of type " + ", ".join(f"`{r}`" for r in policy.resource)
    elif policy.manifest:
        scope = "manifests of type " + ", ".join(f"`{m}`" for m in policy.manifest)
    else:
        scope = "every workload manifest"
    if policy.owner:
        scope += " owned by " + ", ".join(f"`{o}`" for o in policy.owner)
    if policy.environments:
        scope += " in environment " + ", ".join(f"`{e}`" for e in policy.environments)
    elif policy.except_environments:
        scope += " in every environment but " + ", ".join(
            f"`{e}`" for e in policy.except_environments)
    else:
        scope += ", for each environment"
    return scope


def policy_rule(policy: Policy) -> type[Rule]:
    """The rule class of one checked policy."""
    validator = build_validator(policy.schema) if not policy.expression else None
    name = "Policy_" + policy.id.replace("-", "_")
    return type(name, (PolicyRule,), {
        "id": policy.id, "name": policy.id.lower(), "severity": policy.severity,
        "origin": f"policy {policy.origin}", "policy": policy, "validator": validator,
        "__module__": __name__, "__doc__": policy.message,
    })
