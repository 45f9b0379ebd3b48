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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from copilot_lint.model.vocabulary import SEVERITIES as LEVELS
from copilot_lint.model.vocabulary import WORKLOAD_TYPES
from copilot_lint.load.config import ConfigError
from copilot_lint.policy.checked import CheckedSchemas, digest
from copilot_lint.policy.safety import MAX_DEPTH, UnsafeSchema, check_depth, check_safe

ID_PATTERN = re.compile(r"[A-Z][A-Z0-9]*-?[0-9]+")
RESERVED_ID = re.compile(r"(CL[0-9]+|CFN-.*)", re.I)
"""Ids copilot-lint keeps for itself: its own rules and the cfn-lint pass."""
MANIFEST_KINDS = WORKLOAD_TYPES + ("Environment", "Pipeline")
SEVERITIES = tuple(reversed(LEVELS))
"""The severities a policy may have, most serious first (as its error message lists them)."""
KEYS = {"id", "message", "severity", "applies-to", "require", "forbid", "expression", "blame",
        "description"}
CONDITIONS = ("require", "forbid", "expression")
APPLIES_TO_KEYS = {"manifest", "environments", "resource", "owner", "template"}
SECTIONS = ("Parameters", "Conditions", "Mappings", "Resources", "Outputs")
TEMPLATE_PARTS = SECTIONS + ("addons", "addons.parameters.yml")
PARAM = re.compile(r"\$\{params\.([A-Za-z0-9_-]+)\}")
"""A pack parameter inside a schema's strings or a message: ``${params.registry}``."""


@dataclass(frozen=True)
class Entry:
    """One raw ``policies:`` item and where it is written."""

    data: Any
    file: str
    line: int
    index: int
    definitions: Any = None
    """The pack's shared schemas (``definitions:`` of the policy file), for ``#/$defs/NAME``."""
    params: Any = None
    """The pack's parameters (``parameters:`` of the file, then the configuration's
    ``policy-parameters``)."""


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
    except_environments: tuple[str, ...] = ()
    owner: tuple[str, ...] = ()
    template: tuple[str, ...] = ()
    expression: str = ""
    blame: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    """What the self-check found (:mod:`~copilot_lint.policy.selfcheck`)."""

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
    given = [c for c in CONDITIONS if c in data]
    if len(given) != 1:
        _fail(entry, policy_id, "a policy needs exactly one of require, forbid or expression")
    params = _params(entry, policy_id)
    message = _substitute(entry, policy_id, " ".join(message.split()), params, regex=False)
    manifest, resource, environments, excluded, owner, template = _applies_to(
        entry, policy_id, data.get("applies-to"))
    blame = _blame(entry, policy_id, data.get("blame"))
    policy = Policy(policy_id, message, severity, True, given[0] == "forbid", entry.file,
                    entry.line, description.strip(), manifest, resource, environments, excluded,
                    owner, template, blame=blame, params=params)
    if given[0] == "expression":
        policy.expression = _expression(entry, policy_id, data["expression"])
        if blame and not isinstance(blame, tuple):
            _fail(entry, policy_id, "blame must be a key path such as count/range")
    else:
        if "blame" in data:
            _fail(entry, policy_id, "blame goes with expression (require and forbid find the "
                                    "node themselves)")
        schema = _with_definitions(entry, policy_id, data[given[0]])
        schema = _substitute(entry, policy_id, schema, params, regex=False)
        _check_schema(entry, policy_id, given[0], schema)
        policy.schema = schema
        from copilot_lint.policy.selfcheck import traps

        policy.warnings = tuple(traps(schema, policy.forbid))
    return policy


def _params(entry: Entry, policy_id: str) -> dict[str, Any]:
    params = entry.params if entry.params is not None else {}
    if not isinstance(params, dict) or not all(isinstance(k, str) for k in params):
        _fail(entry, policy_id, "parameters must be a mapping of names to values")
    return params


def _substitute(entry: Entry, policy_id: str, value: Any, params: dict[str, Any],
                regex: bool = False, keys_regex: bool = False) -> Any:
    """``value`` with every ``${params.NAME}`` replaced by the pack parameter, escaped inside
    regular expressions (``pattern`` values, ``patternProperties`` keys)."""
    if isinstance(value, str):
        def one(match: re.Match) -> str:
            name = match[1]
            if name not in params:
                _fail(entry, policy_id, f"unknown parameter {name!r} (the pack's parameters: "
                                        f"{', '.join(sorted(params)) or 'none'})")
            text = str(params[name])
            return re.escape(text) if regex else text
        return PARAM.sub(one, value) if "${params." in value else value
    if isinstance(value, list):
        return [_substitute(entry, policy_id, v, params) for v in value]
    if isinstance(value, dict):
        return {_substitute(entry, policy_id, k, params, keys_regex):
                _substitute(entry, policy_id, v, params, k == "pattern",
                            k == "patternProperties")
                for k, v in value.items()}
    return value


def _with_definitions(entry: Entry, policy_id: str, schema: Any) -> Any:
    """The schema with the pack's shared definitions under ``$defs`` (its own win)."""
    shared = entry.definitions
    if not shared:
        return schema
    if not isinstance(shared, dict):
        _fail(entry, policy_id, "definitions must be a mapping of names to JSON Schemas")
    if not isinstance(schema, dict):
        return schema
    own = schema.get("$defs", {})
    if not isinstance(own, dict):
        return schema
    return {**schema, "$defs": {**shared, **own}}


def _expression(entry: Entry, policy_id: str, text: Any) -> str:
    from copilot_lint.policy.expression import ExpressionError, compiled

    if not isinstance(text, str) or not text.strip():
        _fail(entry, policy_id, "expression must be a CEL expression (text)")
    if len(text) > 4000:
        _fail(entry, policy_id, "expression is longer than 4000 characters")
    try:
        compiled(text)
    except ExpressionError as err:
        _fail(entry, policy_id, f"expression {err}")
    return text


def _blame(entry: Entry, policy_id: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, str) or not value.strip("/"):
        _fail(entry, policy_id, "blame must be a key path such as count/range")
    return tuple(value.strip("/").split("/"))


def _applies_to(entry: Entry, policy_id: str, value: Any) -> tuple[tuple[str, ...], ...]:
    if value is None:
        return (), (), (), (), (), ()
    if not isinstance(value, dict):
        _fail(entry, policy_id, "applies-to must be a mapping (manifest, environments, resource, "
                                "owner, template)")
    unknown = sorted(set(value) - APPLIES_TO_KEYS)
    if unknown:
        _fail(entry, policy_id, f"unknown applies-to key {unknown[0]!r} "
                                f"(allowed: {', '.join(sorted(APPLIES_TO_KEYS))})")
    if len({"manifest", "resource", "template"} & set(value)) > 1:
        _fail(entry, policy_id, "applies-to takes one of manifest, resource or template")
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
    template = _strings(entry, policy_id, "template", value.get("template"))
    for part in template:
        if part not in TEMPLATE_PARTS:
            _fail(entry, policy_id, f"unknown template part {part!r} "
                                    f"(choose from {', '.join(TEMPLATE_PARTS)})")
    owner = _strings(entry, policy_id, "owner", value.get("owner"))
    if owner and not (resource or template):
        _fail(entry, policy_id, "owner goes with resource or template (whose addons folder)")
    environments, excluded = _environments(entry, policy_id, value.get("environments"))
    return manifest, resource, environments, excluded, owner, template


def _environments(entry: Entry, policy_id: str,
                  value: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``[prod]`` (only these) or ``{not: [prod]}`` (all but these)."""
    if isinstance(value, dict):
        if set(value) != {"not"}:
            _fail(entry, policy_id, "applies-to environments is a list of names, or "
                                    "{not: [names]} for every environment but those")
        return (), _strings(entry, policy_id, "environments", value["not"])
    return _strings(entry, policy_id, "environments", value), ()


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


CHECKED = CheckedSchemas()
"""Schemas known (from earlier runs) to pass their meta-schema: :mod:`.checked`."""


def schema_problem(schema: Any) -> str | None:
    """Why ``schema`` cannot be a policy's schema (one line), or ``None``; cached by content
    in the process, and the meta-schema part across runs (:data:`CHECKED`)."""
    return _schema_problem(json.dumps(schema, sort_keys=True))


@lru_cache(maxsize=2048)
def _schema_problem(text: str) -> str | None:
    from jsonschema import exceptions, validators

    schema = json.loads(text)
    try:
        check_depth(schema)
        known = digest(text)
        if known not in CHECKED:
            cls = validators.validator_for(schema, default=validators.Draft202012Validator)
            try:
                cls.check_schema(schema)
            except exceptions.SchemaError as err:
                where = "/".join(str(p) for p in err.absolute_path)
                return (f"is not a valid JSON Schema{' at ' + where if where else ''}: "
                        f"{_one_line(err.message)}")
            CHECKED.add(known)
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
