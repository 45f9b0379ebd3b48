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

A free-text value such as `NODE_ENV: production` is not a reference. A literal chosen by a
condition that is only true in its own environment, or written in that environment's own
`environments.<env>` override, is not cross-environment. Descriptions, tags and physical names
(CL301's business) are not references.

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
    MAP, MARK, PHYSICAL_NAMES, SEQ, AddonEval, AddonSet, Finding, Node, Rule, Workload, Workspace,
    addon_eval, brief, is_known, manifest_for, predefined, show, substitute,
)


_TOKEN = re.compile(f"{MARK}[^{MARK}]*{MARK}")
_IMPORT = re.compile(f"{MARK}Import:([^{MARK}]*){MARK}")
_COPILOT_PATH = re.compile(r"/copilot/([^/\s]+)/([^/\s]+)/(\S*)")
# Addon keys whose strings are not references: labels, and inline code that may choose a
# value per environment at run time.
_SKIP_KEYS = ("Tags", "Metadata", "Condition", "DependsOn", "Comment", "ZipFile", "InlineCode",
              "UserData", "BuildSpec")
# Manifest keys whose strings are not environment resources: container images.
_SKIP_MANIFEST = ("image",)
_GENERATED = {
    "AWS::SecretsManager::Secret": "{}-[A-Za-z0-9]{{12}}",
    "AWS::SSM::Parameter": "CFN-{}-[A-Za-z0-9]{{12}}",
}


@dataclass
class _Hit:
    """One cross reference found in a string."""

    other: str
    """The other environment or application named."""
    kind: str
    """``environment`` or ``application``."""


class CrossEnvReference(Rule):
    id = "CL303"
    name = "cross-env-reference"
    severity = "error"

    def check(self, ws: Workspace) -> Iterator[Finding]:
        matcher = _Matcher(ws)
        if not matcher.useful:
            return
        generated = _generated_names(ws)
        for workload in ws.workloads:
            for env in ws.env_names:
                yield from self._manifest(ws, matcher, generated, workload, env)
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

    def _manifest(self, ws: Workspace, matcher: _Matcher, generated: list[_Generated],
                  workload: Workload, env: str) -> Iterator[Finding]:
        root = manifest_for(ws, workload, env)
        if root is None or not root.is_map:
            return
        own = _positions(workload.root.get("environments", env) if workload.root else None)
        for path, node in root.walk():
            if not node.is_str or not path or any(step in _SKIP_MANIFEST for step in path):
                continue
            label = _label(path)
            value = node.value
            written = node.text if isinstance(node.text, str) else value
            hits = matcher.import_name(value, env) if path[-1] == "from_cfn" else \
                matcher.text(value, env)
            yield from _report(hits, node, label, written, env, manifest=True)
            if (node.file, node.line, node.col) in own:
                continue
            for gen in generated:
                if gen.matches(value) and gen.envs != [env]:
                    yield Finding.at(node, gen.message(label, written), env=env,
                                     key=f"{label}={written}")


class _Matcher:
    """Finds names of other environments and applications where the current one belongs."""

    def __init__(self, ws: Workspace) -> None:
        self.app = ws.app
        self.envs = sorted(ws.env_names, key=len, reverse=True)
        alternation = "|".join(re.escape(e) for e in self.envs)
        self.useful = bool(self.envs) and (len(self.envs) > 1 or bool(self.app))
        self.app_env = re.compile(
            rf"(?<![A-Za-z0-9]){re.escape(self.app)}([-/])({alternation})(?![A-Za-z0-9])"
        ) if self.app and self.envs else None
        self.segment = re.compile(rf"(?<![A-Za-z0-9])({alternation})(?![A-Za-z0-9])") \
            if self.envs else None
        self.any_env = re.compile(alternation) if self.envs else None

    def may_name(self, value: str) -> bool:
        """Whether :meth:`text` can find anything in ``value`` (in any environment)."""
        return "/copilot/" in value or (self.any_env is not None and
                                        self.any_env.search(value) is not None)

    def text(self, value: str, env: str) -> list[_Hit]:
        """Cross references in a name, ARN, path or any other string value."""
        if not self.may_name(value):
            return []
        plain = _TOKEN.sub(MARK, value)
        hits: list[_Hit] = []
        for match in _COPILOT_PATH.finditer(plain):
            app, other, rest = match.groups()
            if app == "applications":
                continue
            if other in self.envs and other != env:
                hits.append(_Hit(other, "environment"))
            elif self.app and app != self.app and "$" not in app and rest.startswith("secrets/"):
                hits.append(_Hit(app, "application"))
        if not hits and self.app_env is not None:
            url = "://" in plain
            hits.extend(_Hit(m.group(2), "environment") for m in self.app_env.finditer(plain)
                        if m.group(2) != env and not (url and m.group(1) == "/"))
        return hits

    def import_name(self, value: str, env: str) -> list[_Hit]:
        """Cross references in an export name: also a bare segment naming another env."""
        hits = self.text(value, env)
        if hits or self.segment is None or not is_known(value):
            return hits
        if (self.app_env is not None and self.app_env.search(value)) or _COPILOT_PATH.search(
                value):
            return hits
        found = [m.group(1) for m in self.segment.finditer(value)]
        if env in found:
            return hits
        return [_Hit(other, "environment") for other in dict.fromkeys(found)]


@dataclass
class _Generated:
    """A secret or parameter whose name CloudFormation generates, once per environment."""

    logical_id: str
    file: str
    envs: list[str]
    pattern: re.Pattern
    export: str | None

    def matches(self, value: str) -> bool:
        return self.pattern.search(value) is not None

    def message(self, label: str, value: str) -> str:
        fix = (f"use from_cfn: {self.export}" if self.export else
               "export it from the addon with ${App}-${Env} in the name and use from_cfn")
        return (f'{label} "{brief(value)}" is the name CloudFormation generated for one '
                f'environment\'s "{self.logical_id}" ({self.file}), but each environment has its '
                f'own; {fix}')


def _generated_names(ws: Workspace) -> list[_Generated]:
    """Secrets and SSM parameters without a ``Name``, with the environments they exist in."""
    if len(ws.env_names) < 2:
        return []
    found: list[_Generated] = []
    for addons in ws.addon_sets():
        evals = [addon_eval(ws, addons, env) for env in ws.env_names]
        for logical_id, resource in evals[0].resources.items():
            pattern = _GENERATED.get(evals[0].resource_type(logical_id) or "")
            props = resource.get("Properties") if resource.is_map else None
            if pattern is None or (props is not None and props.get("Name") is not None):
                continue
            envs = [ev.env for ev in evals if ev.active(logical_id)]
            if envs:
                regex = re.compile(r"(?<![A-Za-z0-9])" + pattern.format(re.escape(logical_id))
                                   + r"(?![A-Za-z0-9])")
                found.append(_Generated(logical_id, _file_of(addons, logical_id), envs, regex,
                                        _export_of(ws, evals[0], logical_id)))
    return found


def _file_of(addons: AddonSet, logical_id: str) -> str:
    for template in addons.templates:
        resources = template.mapping.get("Resources") if template.mapping else None
        if resources is not None and resources.get(logical_id) is not None:
            return template.path
    return addons.dir_path


def _export_of(ws: Workspace, ev: AddonEval, logical_id: str) -> str | None:
    """The ``from_cfn`` spelling of an export whose value is ``!Ref logical_id``."""
    for node in ev.outputs.values():
        value = node.get("Value") if node.is_map else None
        fn = value.intrinsic() if value is not None else None
        name = ev.ev(node.get("Export", "Name")) if fn and fn[0] == "Ref" else None
        if fn and fn[1].value == logical_id and isinstance(name, str) and is_known(name):
            if ws.app:
                name = name.replace(f"{ws.app}-{ev.env}-", "${COPILOT_APPLICATION_NAME}-"
                                                            "${COPILOT_ENVIRONMENT_NAME}-")
            return re.sub(rf"(?<![A-Za-z0-9]){re.escape(ev.env)}(?![A-Za-z0-9])",
                          "${COPILOT_ENVIRONMENT_NAME}", name)
    return None


@dataclass(frozen=True)
class _Point:
    """A value of an addon folder that may name an environment: an outermost intrinsic (whose
    result depends on the environment) or a plain string that mentions an environment name or
    a ``/copilot/`` path (which :meth:`_Matcher.text` looks at; it skips any other string)."""

    owner: str
    """The resource or output whose condition decides whether the value exists."""
    node: Node
    where: tuple
    intrinsic: bool


def _points(matcher: _Matcher, ev: AddonEval) -> list[_Point]:
    """The values to check in every environment: the template's shape is the same in all."""
    points: list[_Point] = []
    for logical_id, resource in ev.resources.items():
        props = resource.get("Properties") if resource.is_map else None
        if props is None or not props.is_map:
            continue
        names = {n for n, _ in PHYSICAL_NAMES.get(ev.resource_type(logical_id) or "", ())}
        for key, value in props.items():
            if key not in names and key not in _SKIP_KEYS and not key.endswith("Description"):
                _collect(matcher, logical_id, value, (logical_id, key), points)
    for output, node in ev.outputs.items():
        value = node.get("Value") if node.is_map else None
        if value is not None:
            _collect(matcher, output, value, ("Outputs", output, "Value"), points)
    return points


def _collect(matcher: _Matcher, owner: str, node: Node, path: tuple,
             points: list[_Point]) -> None:
    stack = [(node, path)]
    while stack:
        current, where = stack.pop()
        if current.intrinsic() is not None:
            points.append(_Point(owner, current, where, True))
        elif current.kind == MAP:
            stack.extend((v, where + (k,)) for k, v in current.value.items()
                         if k not in _SKIP_KEYS)
        elif current.kind == SEQ:
            stack.extend((v, where + (i,)) for i, v in enumerate(current.value))
        elif current.is_str and matcher.may_name(current.value):
            points.append(_Point(owner, current, where, False))


def _addons(matcher: _Matcher, ev: AddonEval, points: list[_Point]) -> Iterator[Finding]:
    """Check the points of one addon folder in the environment of ``ev``."""
    for point in points:
        if not ev.active(point.owner):
            continue
        node, where = point.node, point.where
        if not point.intrinsic:
            yield from _report(matcher.text(node.value, ev.env), node, where, node.value,
                               ev.env, manifest=False)
            continue
        for text in _strings(ev.ev(node)):
            for name in _IMPORT.findall(text):
                yield from _report(matcher.import_name(name, ev.env), node, where, name,
                                   ev.env, manifest=False)
            hits = matcher.text(text, ev.env)
            if hits:
                yield from _report(hits, node, where, show(text), ev.env, manifest=False)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _report(hits: list[_Hit], node: Node, label: str | tuple, value: str, env: str, *,
            manifest: bool) -> Iterator[Finding]:
    if hits and isinstance(label, tuple):
        label = _label(label)
    for hit in {(h.other, h.kind): h for h in hits}.values():
        if hit.kind == "environment":
            fix = "${COPILOT_ENVIRONMENT_NAME}" if manifest else "${Env}"
        else:
            fix = "${COPILOT_APPLICATION_NAME}" if manifest else "${App}"
        yield Finding.at(node, f'{label} "{brief(value)}" names {hit.kind} "{hit.other}", not '
                               f'the one it is deployed to; write {fix} in place of "{hit.other}"',
                         env=env, key=f"{label}={value}")


def _positions(node: Node | None) -> set[tuple[str, int, int]]:
    return {(n.file, n.line, n.col) for n in node.nodes()} if node is not None else set()


def _label(path: tuple) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
