"""A team policy as a rule: each policy becomes a :class:`~copilot_lint.api.Rule` subclass, so
the engine, suppressions, configuration, baselines, reporters, ``--list-rules`` and
``--explain`` treat it exactly like a built-in rule."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from copilot_lint.api import Finding, Node, Rule, Workspace
from copilot_lint.policy.locate import at_key, matched_path, node_at, violation_node
from copilot_lint.policy.spec import Policy
from copilot_lint.policy.targets import Target, targets
from copilot_lint.policy.validator import build_validator


class PolicyRule(Rule):
    """The base of the rule classes made from policies; ``policy`` is set per subclass."""

    policy: ClassVar[Policy]
    validator: ClassVar[Any]

    def check(self, ws: Workspace) -> Iterator[Finding]:
        policy = self.policy
        for target in targets(ws, policy):
            instance = target.node.plain()
            if policy.forbid:
                if self.validator.is_valid(instance):
                    path = matched_path(self.validator, policy.schema, instance)
                    node, key = node_at(target.node, path, target.key)
                    yield self._finding(at_key(node, key), target, path)
                continue
            seen: set[tuple[int, int]] = set()
            for error in self.validator.iter_errors(instance):
                node, path = violation_node(target.node, error, target.key)
                if (node.line, node.col) not in seen:
                    seen.add((node.line, node.col))
                    yield self._finding(node, target, path)

    def _finding(self, node: Node, target: Target, path: tuple) -> Finding:
        where = "/".join(str(step) for step in path)
        value = node.str_value() if node.is_scalar else None
        key = f"{target.label}:{where}" + (f"={value}" if value is not None else "")
        return Finding.at(node, self.policy.message, env=target.env, key=key)

    @classmethod
    def doc(cls) -> str:
        policy = cls.policy
        scope = _scope(policy)
        verb = "must not match" if policy.forbid else "must match"
        parts = [policy.message, f"## What it does\n{policy.description or policy.message}",
                 f"## Policy\nDefined in `{policy.origin}`. Applies to {scope}; each target "
                 f"{verb} this JSON Schema:\n\n```yaml\n{_yaml(policy.schema)}```"]
        return "\n\n".join(p for p in parts if p)

    @classmethod
    def summary(cls) -> str:
        return cls.policy.message.rstrip(".")


def _yaml(schema: Any) -> str:
    import yaml

    return yaml.safe_dump(schema, sort_keys=False, allow_unicode=True, width=96)


def _scope(policy: Policy) -> str:
    if policy.resource:
        scope = "addon resources of type " + ", ".join(f"`{r}`" for r in policy.resource)
    elif policy.manifest:
        scope = "manifests of type " + ", ".join(f"`{m}`" for m in policy.manifest)
    else:
        scope = "every workload manifest"
    if policy.environments:
        scope += " in environment " + ", ".join(f"`{e}`" for e in policy.environments)
    else:
        scope += ", resolved for each environment" if not policy.resource else ""
    return scope


def policy_rule(policy: Policy) -> type[Rule]:
    """The rule class of one checked policy."""
    validator = build_validator(policy.schema)
    name = "Policy_" + policy.id.replace("-", "_")
    return type(name, (PolicyRule,), {
        "id": policy.id, "name": policy.id.lower(), "severity": policy.severity,
        "origin": f"policy {policy.origin}", "policy": policy, "validator": validator,
        "__module__": __name__, "__doc__": policy.message,
    })
