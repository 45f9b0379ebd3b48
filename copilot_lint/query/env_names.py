"""Where a value names another environment or application than the one it is deployed to, and
the names CloudFormation generates once per environment (secrets and SSM parameters without a
``Name``), for the cross-environment reference rule (CL303).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from copilot_lint.model.context import Context
from copilot_lint.model.workspace import AddonSet
from copilot_lint.query.naming import brief, fitting
from copilot_lint.resolve.addon import AddonEval, addon_eval
from copilot_lint.resolve.opaque import flatten, is_known

_OPAQUE = "\ufffc"
"""What stands for an opaque part when a value is searched for names (matches no name)."""
_COPILOT_PATH = re.compile(r"/copilot/([^/\s]+)/([^/\s]+)/(\S*)")
_GENERATED = {
    "AWS::SecretsManager::Secret": "{}-[A-Za-z0-9]{{12}}",
    "AWS::SSM::Parameter": "CFN-{}-[A-Za-z0-9]{{12}}",
}


@dataclass
class CrossRef:
    """One cross reference found in a string."""

    other: str
    """The other environment or application named."""
    kind: str
    """``environment`` or ``application``."""


class EnvNameMatcher:
    """Finds names of other environments and applications where the current one belongs."""

    def __init__(self, ws: Context) -> None:
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

    def text(self, value: str, env: str) -> list[CrossRef]:
        """Cross references in a name, ARN, path or any other string value."""
        plain = flatten(value, lambda part: _OPAQUE)
        if not self.may_name(plain):
            return []
        hits: list[CrossRef] = []
        for match in _COPILOT_PATH.finditer(plain):
            app, other, rest = match.groups()
            if app == "applications":
                continue
            if other in self.envs and other != env:
                hits.append(CrossRef(other, "environment"))
            elif self.app and app != self.app and "$" not in app and rest.startswith("secrets/"):
                hits.append(CrossRef(app, "application"))
        if not hits and self.app_env is not None:
            url = "://" in plain
            hits.extend(CrossRef(m.group(2), "environment") for m in self.app_env.finditer(plain)
                        if m.group(2) != env and not (url and m.group(1) == "/"))
        return hits

    def import_name(self, value: str, env: str) -> list[CrossRef]:
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
        return [CrossRef(other, "environment") for other in dict.fromkeys(found)]


@dataclass
class GeneratedName:
    """A secret or parameter whose name CloudFormation generates, once per environment."""

    logical_id: str
    file: str
    envs: list[str]
    source: str
    """The regular expression that finds the name in a value (compiled on first use: most
    values are ruled out before any name is looked for)."""
    export: str | None

    def matches(self, value: str) -> bool:
        return self.pattern.search(value) is not None

    @cached_property
    def pattern(self) -> re.Pattern:
        return re.compile(self.source)

    def message(self, label: str, value: str) -> tuple[str, str]:
        """The message and the hint of a value that holds this generated name."""
        fix = (f"use from_cfn: {self.export}" if self.export else
               "export it from the addon with ${App}-${Env} in the name and use from_cfn")
        tail = f'is the generated name of one environment\'s "{self.logical_id}"'
        return (fitting(f'{label} "{brief(value)}" {tail}', f'"{brief(value, 40)}" {tail}'),
                f"{fix}: each environment has its own ({self.file})")


GENERATED_NAMES = "generated-names"
"""What a rule that asks :func:`generated_names` names in :attr:`Rule.reads`."""


def generated_names(ws: Context) -> list[GeneratedName]:
    """Secrets and SSM parameters without a ``Name``, with the environments they exist in
    (kept in ``ws.analysis``)."""
    if ws.analysis.generated_names is None:
        ws.analysis.generated_names = _generated_names(ws)
    return ws.analysis.generated_names


def _generated_names(ws: Context) -> list[GeneratedName]:
    if len(ws.env_names) < 2:
        return []
    found: list[GeneratedName] = []
    for addons in ws.addon_sets():
        evals = [addon_eval(ws, addons, env) for env in ws.env_names]
        for logical_id, resource in evals[0].resources.items():
            pattern = _GENERATED.get(evals[0].resource_type(logical_id) or "")
            props = resource.get("Properties") if resource.is_map else None
            if pattern is None or (props is not None and props.get("Name") is not None):
                continue
            envs = [ev.env for ev in evals if ev.active(logical_id)]
            if envs:
                regex = r"(?<![A-Za-z0-9])" + pattern.format(re.escape(logical_id)) \
                    + r"(?![A-Za-z0-9])"
                found.append(GeneratedName(logical_id, _file_of(addons, logical_id), envs, regex,
                                        _export_of(ws, evals[0], logical_id)))
    return found


def _file_of(addons: AddonSet, logical_id: str) -> str:
    for template in addons.templates:
        resources = template.mapping.get("Resources") if template.mapping else None
        if resources is not None and resources.get(logical_id) is not None:
            return template.path
    return addons.dir_path


def _export_of(ws: Context, ev: AddonEval, logical_id: str) -> str | None:
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
