"""Read and check team policies: the ``policies:`` entries of the configuration and of the files
under ``policy-paths``.

A policy is small: an ``id``, a ``message``, a ``severity``, what it ``applies-to`` and one JSON
Schema, either ``require`` (the target must satisfy it) or ``forbid`` (it must not). Anything
wrong with a policy is a :class:`~copilot_lint.load.config.ConfigError` of one line that names the
policy and the file (and line) it is written in, so a broken policy stops the run before
anything is linted.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from copilot_lint.api import WORKLOAD_TYPES
from copilot_lint.load.config import ConfigError
from copilot_lint.policy.safety import MAX_DEPTH, UnsafeSchema, check_depth, check_safe

ID_PATTERN = re.compile(r"[A-Z][A-Z0-9]*-?[0-9]+")
RESERVED_ID = re.compile(r"(CL[0-9]+|CFN-.*)", re.I)
"""Ids copilot-lint keeps for itself: its own rules and the cfn-lint pass."""
MANIFEST_KINDS = WORKLOAD_TYPES + ("Environment", "Pipeline")
SEVERITIES = ("error", "warning", "info")
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
        _fail(entry, policy_id, f"severity {severity!r} is not one of {', '.join(SEVERITIES)}")
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
    problem = schema_problem(schema)
    if problem:
        _fail(entry, policy_id, f"{key} {problem}")


def schema_problem(schema: Any) -> str | None:
    """Why ``schema`` cannot be a policy's schema (one line), or ``None``; cached by content."""
    return _schema_problem(json.dumps(schema, sort_keys=True))


@lru_cache(maxsize=2048)
def _schema_problem(text: str) -> str | None:
    from jsonschema import exceptions, validators

    schema = json.loads(text)
    try:
        check_depth(schema)
        cls = validators.validator_for(schema, default=validators.Draft202012Validator)
        try:
            cls.check_schema(schema)
        except exceptions.SchemaError as err:
            where = "/".join(str(p) for p in err.absolute_path)
            return (f"is not a valid JSON Schema{' at ' + where if where else ''}: "
                    f"{_one_line(err.message)}")
        check_safe(schema)
    except UnsafeSchema as err:
        return f"is refused: {err}"
    except RecursionError:
        return f"is refused: nested more than {MAX_DEPTH} levels deep"
    return None


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


def policy_files(base: Path, paths: list[str], source: str = "configuration") -> list[Path]:
    """The policy files named by ``policy-paths`` (files, or folders of ``*.yml``), in order.

    Paths are relative to ``base``, the configuration file's folder, and must stay inside it
    (symbolic links included): a configuration from a pull request cannot read other files.
    An entry that cannot be read (no such file, no permission to search a folder, a name too
    long, a NUL byte) is a configuration error naming ``source`` and the entry.
    """
    root = base.resolve()
    files: list[Path] = []
    for raw in paths:
        shown = _shown(raw)
        try:
            files.extend(_policy_files_of(base, root, raw))
        except _Unreadable as err:
            raise ConfigError(f"{source}: policy-paths: {shown}: {err}") from None
        except (OSError, ValueError) as err:
            reason = getattr(err, "strerror", None) or "not a usable path"
            raise ConfigError(f"{source}: policy-paths: {shown}: cannot be read ({reason})"
                              ) from None
    return files


class _Unreadable(Exception):
    """A ``policy-paths`` entry that names nothing usable; the message says why."""


def _policy_files_of(base: Path, root: Path, raw: str) -> list[Path]:
    if not isinstance(raw, str) or not raw or "\0" in raw:
        raise _Unreadable("not a usable path")
    path = base / raw
    if not _inside(path, root):
        raise _Unreadable(f"outside the configuration's folder {_shown(str(base))}")
    if path.is_dir():
        found = sorted(p for p in _walk(path) if p.suffix in POLICY_FILE_SUFFIXES
                       and p.is_file() and _inside(p, root))
        if not found:
            raise _Unreadable("no .yml policy files in this folder")
        return found
    if path.is_file():
        return [path]
    raise _Unreadable("no such file or folder")


def _walk(folder: Path) -> list[Path]:
    """Every file below ``folder``; a folder that cannot be listed or searched is an error
    (``rglob`` would skip it silently and drop its policies)."""
    found: list[Path] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            children = list(current.iterdir())
        except OSError as err:
            raise _Unreadable(f"cannot read folder {_shown(str(current))} "
                              f"({err.strerror or 'unreadable'})") from None
        for child in children:
            try:
                is_folder = child.is_dir() and not child.is_symlink()
            except OSError as err:
                raise _Unreadable(f"cannot read {_shown(str(child))} "
                                  f"({err.strerror or 'unreadable'})") from None
            (stack if is_folder else found).append(child)
    return found


def _shown(text: str) -> str:
    """``text`` for a one-line error message: control characters escaped, shortened."""
    shown = repr(str(text))[1:-1]
    return shown if len(shown) <= 120 else shown[:119] + "…"


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError, ValueError):
        return False
