"""Which Secrets Manager secret a value names, and whether a workload's task role may read it.

Not a rule: helpers for CL402 (and CL205). :func:`handed_over` lists the secrets a manifest's
``secrets:`` already hands over as values. A value names a secret when, evaluated, it holds a
reference to an `AWS::SecretsManager::Secret` (`Ref`, `GetAtt …Id`), to an RDS-managed master
secret (`GetAtt X.MasterUserSecret.SecretArn`), an import of an export whose value is one of
those, or a literal secret ARN. A grant covers a secret when an Allow statement of a policy the
task role receives allows `secretsmanager:GetSecretValue` on `*`, on a reference to that very
secret, on an ARN pattern that matches its name, or on something that cannot be resolved
(unknown counts as covered: the rule must not cry wolf).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from copilot_lint.model.context import Context
from copilot_lint.model.workspace import Workload
from copilot_lint.query.addon_template import MANAGED_POLICY, SECRET, ref_target
from copilot_lint.query.index import index_of
from copilot_lint.query.policies import Statement, grants, statements
from copilot_lint.resolve.addon import AddonEval, addon_eval
from copilot_lint.resolve.opaque import flatten, is_known, is_text, opaque_parts, show

GET_SECRET_VALUE = "secretsmanager:GetSecretValue"
RDS_TYPES = ("AWS::RDS::DBCluster", "AWS::RDS::DBInstance")
ATTACHMENT = "AWS::SecretsManager::SecretTargetAttachment"
_SECRET_ARN = re.compile(r"arn:[^:\s'\"]*:secretsmanager:[^:\s'\"]*:[^:\s'\"]*:secret:([^:\s'\"]+)")
_SUFFIX = re.compile(r"-[A-Za-z0-9]{6}\Z")
_PSEUDO = ("AWS::Partition", "AWS::Region", "AWS::AccountId", "AWS::URLSuffix")
_UNKNOWN = "\x01"


@dataclass(frozen=True)
class SecretTarget:
    """A secret as far as it can be identified."""

    label: str
    """How messages name it: the logical id, or the name from a literal ARN."""
    addons: str | None = None
    """The addons folder that defines it (``None`` for a literal ARN)."""
    logical_id: str | None = None
    name: str | None = None
    """Its known name (a literal ARN's name keeps the random suffix); ``None`` when generated."""
    where: str = ""
    """The file that defines it, for messages."""


def targets_in(ws: Context, ev: AddonEval, value: object, depth: int = 0) -> list[SecretTarget]:
    """The secrets an evaluated addon value names (in ``ev``'s folder and environment)."""
    if not is_text(value) or depth > 4 or "{{resolve:" in show(value):
        return []
    found = [_literal(m.group(1)) for m in _SECRET_ARN.finditer(_plain(value))]
    for part in opaque_parts(value):
        found.extend(_token_target(ws, ev, part.name, depth))
    return _unique(found)


def literal_targets(ws: Context, env: str, text: str) -> list[SecretTarget]:
    """The secrets a manifest literal names: a secret ARN, or the exact name of an addon secret."""
    found = [_literal(m.group(1)) for m in _SECRET_ARN.finditer(text)]
    if not found:
        for secret in index_of(ws).secrets:
            if secret.env == env and isinstance(secret.name, str) and is_known(secret.name) \
                    and secret.name == text:
                found.append(SecretTarget(secret.logical_id, secret.addons.dir_path,
                                          secret.logical_id, secret.name, secret.node.file))
    return _unique(found)


def export_targets(ws: Context, env: str, export_name: str, depth: int = 0) -> list[SecretTarget]:
    """The secrets the value of an export names in ``env``."""
    found: list[SecretTarget] = []
    for export in index_of(ws).exported(env, export_name):
        if export.addons is None:
            continue
        ev = addon_eval(ws, export.addons, env)
        output = ev.outputs.get(export.output)
        if output is not None and output.is_map:
            found.extend(targets_in(ws, ev, ev.ev(output.get("Value")), depth + 1))
    return found


def handed_over(ws: Context, env: str, root) -> list[SecretTarget]:
    """The secrets a workload manifest resolved for ``env`` (``root``) hands to its containers
    as values through ``secrets:`` (main container and sidecars): ``secretsmanager:`` names
    (with or without a JSON key) and ARNs, and ``from_cfn`` of an export naming a secret. The
    execution role reads them at task start; the task role needs no policy for them."""
    containers = [root]
    sidecars = root.get("sidecars")
    containers += [node for _, node in (sidecars.items() if sidecars is not None else [])
                   if node.is_map]
    found: list[SecretTarget] = []
    for container in containers:
        secrets = container.get("secrets")
        for _, entry in secrets.items() if secrets is not None and secrets.is_map else []:
            manager = entry.get("secretsmanager") if entry.is_map else None
            source = entry.get("from_cfn") if entry.is_map else None
            if manager is not None and manager.is_str:
                text = manager.value
                found.extend(literal_targets(ws, env, text if text.startswith("arn:")
                                             else text.split(":", 1)[0]))
            elif source is not None and source.is_str:
                found.extend(export_targets(ws, env, source.value))
    return _unique(found)


def same_secret(a: SecretTarget, b: SecretTarget) -> bool:
    """True when both name the very same secret: one resource of one folder, or the same known
    name (an ARN's random suffix aside)."""
    if a.logical_id and b.logical_id and a.addons and b.addons:
        return (a.addons, a.logical_id) == (b.addons, b.logical_id)
    return a.name is not None and b.name is not None and \
        _strip_suffix(a.name) == _strip_suffix(b.name)


def _token_target(ws: Context, ev: AddonEval, label: str, depth: int) -> list[SecretTarget]:
    kind, _, rest = label.partition(":")
    if kind == "Import":
        return export_targets(ws, ev.env, rest, depth)
    if kind not in ("Ref", "GetAtt"):
        return []
    logical_id, _, attribute = rest.partition(".")
    rtype = ev.resource_type(logical_id)
    if rtype == SECRET and (kind == "Ref" or attribute == "Id"):
        return [_defined(ev, logical_id)]
    if rtype in RDS_TYPES and kind == "GetAtt" and attribute == "MasterUserSecret.SecretArn":
        target = _defined(ev, logical_id, named=False)
        return [SecretTarget(f"{logical_id}.MasterUserSecret", target.addons, logical_id,
                             None, target.where)]
    if rtype == ATTACHMENT and kind == "Ref":
        props = ev.resources[logical_id].get("Properties")
        secret_id = props.get("SecretId") if props is not None else None
        return targets_in(ws, ev, ev.ev(secret_id), depth + 1) if secret_id is not None else []
    return []


def _defined(ev: AddonEval, logical_id: str, named: bool = True) -> SecretTarget:
    resource = ev.resources[logical_id]
    name_node = resource.get("Properties", "Name") if named else None
    name = ev.ev(name_node) if name_node is not None else None
    known = name if isinstance(name, str) and is_known(name) else None
    return SecretTarget(logical_id, ev.addons.dir_path, logical_id, known, resource.file)


def _literal(name: str) -> SecretTarget:
    return SecretTarget(name, name=name)


def _unique(found: list[SecretTarget]) -> list[SecretTarget]:
    return list(dict.fromkeys(found))


def _plain(value: str) -> str:
    """``value`` with pseudo-parameter tokens as ``*`` and other tokens as an unknown mark."""
    return flatten(value, lambda part: "*" if part.label in _PSEUDO else _UNKNOWN)


# -- grants -------------------------------------------------------------------------------------
@dataclass
class Grant:
    """An Allow of ``secretsmanager:GetSecretValue`` the task role receives, in one environment."""

    ev: AddonEval
    statement: Statement


def task_role_grants(ws: Context, workload: Workload, env: str) -> list[Grant]:
    """The GetSecretValue grants of a workload's task role that its addons provide in ``env``."""
    if workload.addons is None:
        return []
    ev = addon_eval(ws, workload.addons, env)
    attached = {target for name, output in ev.outputs.items()
                if output.is_map and ev.active(name)
                for target in [ref_target(output.get("Value"))]
                if target is not None and ev.resource_type(target) == MANAGED_POLICY}
    attached |= _attached_by_roles(ev)
    return [Grant(ev, s) for s in statements(ev, only=attached) if grants(s, GET_SECRET_VALUE)]


def _attached_by_roles(ev: AddonEval) -> set[str]:
    """Policies of the folder whose ``Roles`` name a parameter (the parent's task role)."""
    params = set(ev.params_nodes)
    found = set()
    for logical_id, resource in ev.resources.items():
        if ev.resource_type(logical_id) not in (MANAGED_POLICY, "AWS::IAM::Policy"):
            continue
        roles = resource.get("Properties", "Roles")
        for item in roles.nodes() if roles is not None else []:
            fn = item.intrinsic()
            if fn and fn[0] == "Ref" and fn[1].is_str and fn[1].value in params:
                found.add(logical_id)
    return found


def covered(ws: Context, grant_list: list[Grant], target: SecretTarget) -> bool:
    """True when some grant can cover ``target``."""
    return any(_covers(ws, g.ev, value, target)
               for g in grant_list for _, value in g.statement.resources
               if not g.statement.not_resource) or any(
        g.statement.not_resource for g in grant_list)


def _covers(ws: Context, ev: AddonEval, resource: object, target: SecretTarget) -> bool:
    if not is_text(resource):
        return True
    if resource == "*":
        return True
    named = [t for part in opaque_parts(resource)
             for t in _token_target(ws, ev, part.name, 0)]
    if named:
        return any(_same(n, target) for n in named)
    if any(part.label not in _PSEUDO for part in opaque_parts(resource)):
        return True  # a part only known at deploy time may name the secret
    return _pattern_covers(_plain(resource), target)


def _same(granted: SecretTarget, target: SecretTarget) -> bool:
    if granted.logical_id and target.logical_id:
        return (granted.addons, granted.logical_id) == (target.addons, target.logical_id)
    if granted.name is None or target.name is None:
        return True
    return _strip_suffix(granted.name) == _strip_suffix(target.name)


def _pattern_covers(pattern: str, target: SecretTarget) -> bool:
    parts = pattern.split(":", 5)
    if len(parts) < 6 or not _glob(parts[0], "arn") or not _glob(parts[2], "secretsmanager"):
        return False
    if target.name is None:
        return True
    candidates = [target.name] if _SUFFIX.search(target.name) and target.logical_id is None \
        else [target.name, target.name + "-AbCdEf"]
    return any(_glob(parts[5], "secret:" + name) for name in candidates)


def _glob(pattern: str, text: str) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text, re.IGNORECASE | re.DOTALL) is not None


def _strip_suffix(name: str) -> str:
    return _SUFFIX.sub("", name)

