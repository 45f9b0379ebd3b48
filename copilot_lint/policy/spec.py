"""Read and check team policies: the ``policies:`` entries of the configuration and of the files
under ``policy-paths``.

A policy is small: an ``id``, a ``message``, a ``severity``, what it ``applies-to`` and one JSON
Schema, either ``require`` (the target must satisfy it) or ``forbid`` (it must not). Anything
wrong with a policy is a :class:`~copilot_lint.load.config.ConfigError` of one line that names the
policy and the file (and line) it is written in, so a broken policy stops the run before
anything is linted.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copilot_lint.api import SEVERITIES, WORKLOAD_TYPES
from copilot_lint.load.config import ConfigError
from copilot_lint.policy.locate import resolve_ref

ID_PATTERN = re.compile(r"[A-Z][A-Z0-9]*-?[0-9]+")
RESERVED_ID = re.compile(r"(CL[0-9]+|CFN-.*)", re.I)
"""Ids copilot-lint keeps for itself: its own rules and the cfn-lint pass."""
MANIFEST_KINDS = WORKLOAD_TYPES + ("Environment", "Pipeline")
KEYS = {"id", "message", "severity", "applies-to", "require", "forbid", "description"}
APPLIES_TO_KEYS = {"manifest", "environments", "resource"}
POLICY_FILE_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Entry:
    """One raw ``policies:`` item and where it is written."""

    data: Any
    file: str
    line: int
    index: int


@dataclass
class Policy:
    """A checked policy, ready to evaluate."""

    id: str
    message: str
    severity: str
    schema: Any
    forbid: bool
    file: str
    line: int
    description: str = ""
    manifest: tuple[str, ...] = ()
    resource: tuple[str, ...] = ()
    environments: tuple[str, ...] = ()

    @property
    def origin(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def targets_resources(self) -> bool:
        return bool(self.resource)


def parse_policies(entries: Iterable[Entry], taken_ids: set[str]) -> list[Policy]:
    """Check every entry; ``taken_ids`` are the ids of the rules already registered."""
    policies: list[Policy] = []
    seen: dict[str, Policy] = {}
    for entry in entries:
        policy = parse_policy(entry, taken_ids)
        if policy.id in seen:
            first = seen[policy.id]
            _fail(entry, policy.id, f"duplicate policy id (first defined at {first.origin})")
        seen[policy.id] = policy
        policies.append(policy)
    return policies


def parse_policy(entry: Entry, taken_ids: set[str]) -> Policy:
    """One checked :class:`Policy`; raises :class:`ConfigError` naming it when it is broken."""
    data = entry.data
    if not isinstance(data, dict):
        _fail(entry, None, "a policy must be a mapping with id, message and require or forbid")
    policy_id = data.get("id")
    if not isinstance(policy_id, str) or not policy_id:
        _fail(entry, None, "a policy needs an id (for example ORG-001)")
    if not ID_PATTERN.fullmatch(policy_id):
        _fail(entry, policy_id, "the id must look like ORG-001 or SEC12 "
                                "(capital letters and digits, ending in a number)")
    if RESERVED_ID.fullmatch(policy_id) or policy_id.upper() in taken_ids:
        _fail(entry, policy_id, "the id is a built-in rule id; choose your own prefix")
    unknown = sorted(set(data) - KEYS)
    if unknown:
        _fail(entry, policy_id, f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(KEYS))})")
    message = data.get("message")
    if not isinstance(message, str) or not message.strip():
        _fail(entry, policy_id, "a policy needs a message (the text of its findings)")
    severity = data.get("severity", "error")
    if severity not in SEVERITIES:
        _fail(entry, policy_id,
              f"severity {severity!r} is not one of {', '.join(reversed(SEVERITIES))}")
    description = data.get("description", "")
    if not isinstance(description, str):
        _fail(entry, policy_id, "description must be text")
    if ("require" in data) == ("forbid" in data):
        _fail(entry, policy_id, "a policy needs exactly one of require or forbid")
    forbid = "forbid" in data
    schema = data["forbid" if forbid else "require"]
    _check_schema(entry, policy_id, "forbid" if forbid else "require", schema)
    manifest, resource, environments = _applies_to(entry, policy_id, data.get("applies-to"))
    return Policy(policy_id, " ".join(message.split()), severity, schema, forbid, entry.file,
                  entry.line, description.strip(), manifest, resource, environments)


def _applies_to(entry: Entry, policy_id: str,
                value: Any) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    if value is None:
        return (), (), ()
    if not isinstance(value, dict):
        _fail(entry, policy_id, "applies-to must be a mapping (manifest, environments, resource)")
    unknown = sorted(set(value) - APPLIES_TO_KEYS)
    if unknown:
        _fail(entry, policy_id, f"unknown applies-to key {unknown[0]!r} "
                                f"(allowed: {', '.join(sorted(APPLIES_TO_KEYS))})")
    if "manifest" in value and "resource" in value:
        _fail(entry, policy_id, "applies-to takes manifest or resource, not both")
    manifest = _strings(entry, policy_id, "manifest", value.get("manifest"))
    for kind in manifest:
        if kind not in MANIFEST_KINDS:
            _fail(entry, policy_id, f"unknown manifest type {kind!r} "
                                    f"(choose from {', '.join(MANIFEST_KINDS)})")
    resource = _strings(entry, policy_id, "resource", value.get("resource"))
    for pattern in resource:
        if not re.fullmatch(r"[A-Za-z0-9:*?\[\]!_-]+", pattern):
            _fail(entry, policy_id, f"resource {pattern!r} is not a resource type or a glob "
                                    "such as AWS::S3::*")
    environments = _strings(entry, policy_id, "environments", value.get("environments"))
    return manifest, resource, environments


def _strings(entry: Entry, policy_id: str, key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or \
            not all(isinstance(v, str) and v for v in items):
        _fail(entry, policy_id, f"applies-to {key} must be a name or a list of names")
    return tuple(items)


def _check_schema(entry: Entry, policy_id: str, key: str, schema: Any) -> None:
    if not isinstance(schema, (dict, bool)):
        _fail(entry, policy_id, f"{key} must be a JSON Schema (a mapping)")
    from jsonschema import exceptions, validators

    cls = validators.validator_for(schema, default=validators.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except exceptions.SchemaError as err:
        where = "/".join(str(p) for p in err.absolute_path)
        _fail(entry, policy_id, f"{key} is not a valid JSON Schema"
                                f"{' at ' + where if where else ''}: {_one_line(err.message)}")
    for ref in _refs(schema):
        if not _resolves(schema, ref):
            _fail(entry, policy_id, f"{key}: $ref {ref!r} does not point into this schema "
                                    "(only local references such as #/$defs/name are allowed)")


def _refs(schema: Any) -> list[str]:
    """Every ``$ref`` in a schema."""
    found, stack = [], [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                found.append(node["$ref"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _resolves(schema: Any, ref: str) -> bool:
    """True when ``ref`` is a JSON pointer (``#/…``) to a part of ``schema``."""
    try:
        resolve_ref(schema, ref)
    except LookupError:
        return False
    return True


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _fail(entry: Entry, policy_id: str | None, reason: str) -> None:
    name = f"policy {policy_id}" if policy_id else f"policy #{entry.index + 1}"
    raise ConfigError(f"{entry.file}:{entry.line}: {name}: {reason}")


def entries_from(items: Any, file: str, lines: list[int], where: str) -> list[Entry]:
    """The entries of one ``policies:`` list; ``lines`` are the items' lines when known."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise ConfigError(f"{file}: {where} must be a list of policies")
    return [Entry(item, file, lines[i] if i < len(lines) else 1, i)
            for i, item in enumerate(items)]


def policy_files(base: Path, paths: list[str]) -> list[Path]:
    """The policy files named by ``policy-paths`` (files, or folders of ``*.yml``), in order.

    Paths are relative to ``base``, the configuration file's folder, and must stay inside it
    (symbolic links included): a configuration from a pull request cannot read other files.
    """
    root = base.resolve()
    files: list[Path] = []
    for raw in paths:
        path = base / raw
        if not _inside(path, root):
            raise ConfigError(f"policy-paths: {raw}: outside the configuration's folder {base}")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in POLICY_FILE_SUFFIXES
                           and p.is_file() and _inside(p, root))
            if not found:
                raise ConfigError(f"policy-paths: {raw}: no .yml policy files in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ConfigError(f"policy-paths: {raw}: no such file or folder")
    return files


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return False
