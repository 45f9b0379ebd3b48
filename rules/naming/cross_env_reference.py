"""A reference that, in one environment, points at another environment's or application's resource.

## What it does
Resolves every workload manifest per environment (with its `environments.<env>` override and
`${COPILOT_*}` substituted), every environment manifest, and every active addon resource and
output per environment (conditions, `Fn::If`, `Fn::FindInMap` evaluated), and reports values
that spell another environment's (or another application's) name where the current one belongs:

- the `/copilot/<app>/<env>/…` convention of Copilot secrets (in `secrets:`, variables, SSM
  paths and ARNs);
- `<app>-<env>` or `<app>/<env>` in names, ARNs, SSM paths and export names;
- a segment naming another environment in a `from_cfn` or `Fn::ImportValue` name;
- the name CloudFormation generated for one environment's secret (`DbSecret-AbCdEf123456`),
  written literally in a manifest that every environment deploys.

When such a name is one CloudFormation generated for a resource of the workload's own addons
(`<stack>-<logical id>-<random suffix>`), the hint points at the variable Copilot injects from
the addon output that `!Ref`s it: `${COPILOT_ENVIRONMENT_NAME}` would not rebuild the suffix.

A free-text value such as `NODE_ENV: production` is not a reference. A literal chosen by a
condition that is only true in its own environment, or written in that environment's own
`environments.<env>` override, is not cross-environment. Descriptions, tags and physical names
(CL301's business) are not references.

The `secrets:` entries (of every container) of a workload whose overrides may change its
execution role (an `overrides/` folder, or a `taskdef_overrides` entry on `ExecutionRoleArn`)
are not reported: such overrides typically drop the role's tag condition (a YAML patch that
removes `/Resources/ExecutionRole/Properties/Policies/0/PolicyDocument/Statement/0/Condition`),
and then a parameter of another environment or application is readable on purpose.

## Why is this bad?
Copilot's execution role only reads secrets tagged with the deploying application and
environment, so a secret of another environment makes the task fail to start
(`ResourceInitializationError … AccessDeniedException`), often only seen as "service did not
stabilize". Everything else that works is worse: a staging task that writes to the production
bucket or queue, or imports production's database endpoint.

## Example
```yaml
# copilot/api/manifest.yml
secrets:
  DB_PASSWORD: /copilot/acme/prod/secrets/DB_PASSWORD
```

## Use instead
```yaml
secrets:
  DB_PASSWORD: /copilot/${COPILOT_APPLICATION_NAME}/${COPILOT_ENVIRONMENT_NAME}/secrets/DB_PASSWORD
```
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from copilot_lint.api import (
    Context, AddonEval, Finding, Node, Rule, Workload, addon_eval, manifest_for, show,
)
from copilot_lint.rules.naming._generated_resource_name import generated_name_hint
from copilot_lint.rules.naming._support import (
    ADDON_INPUTS,
    MAP, PHYSICAL_NAMES, SEQ, CrossRef, EnvNameMatcher, GeneratedName, brief,
    execution_role_replaced, fitting, generated_names, imports_in, is_text, predefined,
    secret_sources, substitute,
)


# Addon keys whose strings are not references: labels, and inline code that may choose a
# value per environment at run time.
_SKIP_KEYS = ("Tags", "Metadata", "Condition", "DependsOn", "Comment", "ZipFile", "InlineCode",
              "UserData", "BuildSpec")


# Manifest keys whose strings are not environment resources: container images.
_SKIP_MANIFEST = ("image",)


class CrossEnvReference(Rule):
    id = "CL303"
    name = "cross-env-reference"
    severity = "error"
    reads = ADDON_INPUTS | {"generated-names"}
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        matcher = EnvNameMatcher(ws)
        if not matcher.useful:
            return
        generated = generated_names(ws)
        screen = _screen(generated)
        for workload in ws.workloads:
            for env in ws.env_names:
                yield from self._manifest(ws, matcher, generated, screen, workload, env)
        for environment in ws.environments:
            root = environment.manifest.mapping if environment.manifest else None
            values = predefined(ws, environment.name)
            for path, node in root.walk() if root is not None else []:
                if node.is_str:
                    hits = matcher.text(substitute(node.value, values), environment.name)
                    yield from _report(hits, node, _label(path), node.value, environment.name,
                                       manifest=True)
        for addons in ws.addon_sets():
            points = _points(matcher, addon_eval(ws, addons, ws.env_names[0]))
            for env in ws.env_names:
                yield from _addons(matcher, addon_eval(ws, addons, env), points)

    def _manifest(self, ws: Context, matcher: EnvNameMatcher, generated: list[GeneratedName],
                  screen: re.Pattern | None, workload: Workload, env: str) -> Iterator[Finding]:
        root = manifest_for(ws, workload, env)
        if root is None or not root.is_map:
            return
        own = _positions(workload.root.get("environments", env) if workload.root else None)
        readable = {(s.node.file, s.node.line, s.node.col)
                    for s in secret_sources(ws, workload, env)} \
            if execution_role_replaced(workload) else set()
        for path, node in root.walk():
            if not node.is_str or not path or any(step in _SKIP_MANIFEST for step in path) or \
                    (node.file, node.line, node.col) in readable:
                continue
            label = _label(path)
            value = node.value
            written = node.text if isinstance(node.text, str) else value
            hits = matcher.import_name(value, env) if path[-1] == "from_cfn" else \
                matcher.text(value, env)
            advice = generated_name_hint(ws, workload, env, value) if hits else None
            yield from _report(hits, node, label, written, env, manifest=True, advice=advice)
            if screen is None or not screen.search(value) or \
                    (node.file, node.line, node.col) in own:
                continue
            for gen in generated:
                if gen.matches(value) and gen.envs != [env]:
                    message, hint = gen.message(label, written)
                    yield Finding.at(node, message, env=env, hint=hint, key=f"{label}={written}")


@dataclass(frozen=True)
class _Point:
    """A value of an addon folder that may name an environment: an outermost intrinsic (whose
    result depends on the environment) or a plain string that mentions an environment name or
    a ``/copilot/`` path (which :meth:`EnvNameMatcher.text` looks at; it skips any other string)."""

    owner: str
    """The resource or output whose condition decides whether the value exists."""
    node: Node
    where: tuple
    intrinsic: bool


def _points(matcher: EnvNameMatcher, ev: AddonEval) -> list[_Point]:
    """The values to check in every environment: the template's shape is the same in all."""
    points: list[_Point] = []
    for logical_id, resource in ev.resources.items():
        props = resource.get("Properties") if resource.is_map else None
        if props is None or not props.is_map:
            continue
        names = {n for n, _ in PHYSICAL_NAMES.get(ev.resource_type(logical_id) or "", ())}
        for key, value in props.items():
            if key not in names and key not in _SKIP_KEYS and not key.endswith("Description"):
                _collect(matcher, ev, logical_id, value, (logical_id, key), points)
    for output, node in ev.outputs.items():
        value = node.get("Value") if node.is_map else None
        if value is not None:
            _collect(matcher, ev, output, value, ("Outputs", output, "Value"), points)
    return points


def _collect(matcher: EnvNameMatcher, ev: AddonEval, owner: str, node: Node, path: tuple,
             points: list[_Point]) -> None:
    stack = [(node, path)]
    while stack:
        current, where = stack.pop()
        fn = current.intrinsic()
        if fn is not None:
            if not _opaque(ev, fn):
                points.append(_Point(owner, current, where, True))
        elif current.kind == MAP:
            stack.extend((v, where + (k,)) for k, v in current.value.items()
                         if k not in _SKIP_KEYS)
        elif current.kind == SEQ:
            stack.extend((v, where + (i,)) for i, v in enumerate(current.value))
        elif current.is_str and matcher.may_name(current.value):
            points.append(_Point(owner, current, where, False))


def _opaque(ev: AddonEval, fn: tuple[str, Node]) -> bool:
    """True for an intrinsic whose value is opaque in every environment, so names nothing: an
    attribute, or a ``Ref`` to a resource or a pseudo parameter."""
    name, arg = fn
    if name == "Fn::GetAtt":
        return arg.is_str or (arg.is_seq and all(part.is_str for part in arg.value))
    return name == "Ref" and arg.is_str and arg.value not in ev.params


def _addons(matcher: EnvNameMatcher, ev: AddonEval, points: list[_Point]) -> Iterator[Finding]:
    """Check the points of one addon folder in the environment of ``ev``."""
    for point in points:
        if not ev.active(point.owner):
            continue
        node, where = point.node, point.where
        if not point.intrinsic:
            hits = matcher.text(node.value, ev.env)
            if hits:
                yield from _report(hits, node, where, node.value, ev.env, manifest=False)
            continue
        for text in _strings(ev.ev(node)):
            for name in imports_in(text):
                yield from _report(matcher.import_name(name, ev.env), node, where, name,
                                   ev.env, manifest=False)
            hits = matcher.text(text, ev.env)
            if hits:
                yield from _report(hits, node, where, show(text), ev.env, manifest=False)


def _strings(value: object) -> Iterator[object]:
    if is_text(value):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _report(hits: list[CrossRef], node: Node, label: str | tuple, value: str, env: str, *,
            manifest: bool, advice: str | None = None) -> Iterator[Finding]:
    if hits and isinstance(label, tuple):
        label = _label(label)
    for hit in {(h.other, h.kind): h for h in hits}.values():
        if hit.kind == "environment":
            fix = "${COPILOT_ENVIRONMENT_NAME}" if manifest else "${Env}"
        else:
            fix = "${COPILOT_APPLICATION_NAME}" if manifest else "${App}"
        tail = f'names {hit.kind} "{hit.other}"'
        yield Finding.at(node, fitting(f'{label} "{brief(value)}" {tail}',
                                       f'{label} "{brief(value, 40)}" {tail}',
                                       f'"{brief(value, 40)}" {tail}'),
                         env=env, key=f"{label}={value}",
                         hint=advice or f'write {fix} in place of "{hit.other}": it is not the '
                                        f"{hit.kind} it is deployed to")


def _screen(generated: list[GeneratedName]) -> re.Pattern | None:
    """A quick test that a value may hold a generated name: each one contains its logical id,
    and most values contain none, which one search of all the ids rules out."""
    if not generated:
        return None
    return re.compile("|".join(re.escape(gen.logical_id) for gen in generated))


def _positions(node: Node | None) -> set[tuple[str, int, int]]:
    return {(n.file, n.line, n.col) for n in node.nodes()} if node is not None else set()


def _label(path: tuple) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
