"""Team policies: declarative rules written in the configuration.

A policy (``policies:`` in ``.copilot-lint.yml`` or ``[tool.copilot-lint]``, or in the files
named by ``policy-paths``) states a JSON Schema that every target it applies to must satisfy
(``require``) or must not (``forbid``). :mod:`spec` reads and checks policies, :mod:`targets`
lists what they apply to (each workload manifest as resolved per environment, or addon
resources), :mod:`locate` maps a schema verdict to a position, and :mod:`rule` turns each
policy into a rule class the engine runs like any other. jsonschema is imported only here, so a
run without policies does not pay for it.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from copilot_lint.api import Rule
from copilot_lint.load.config import Config, ConfigError
from copilot_lint.policy.paths import policy_files
from copilot_lint.policy.spec import Entry, entries_from, parse_policies

__all__ = ["policy_rules"]

PACK_KEYS = {"policies", "definitions", "parameters"}


_BUILT: dict[str, list[type[Rule]]] = {}
"""Rule classes by the policies they were built from: linting many workspaces with one
configuration checks and compiles each policy once."""


def policy_rules(config: Config, taken_ids: set[str]) -> list[type[Rule]]:
    """The rule classes of the configuration's policies; raises :class:`ConfigError` naming
    the first broken policy. ``taken_ids`` are the ids (and names) of the rules already
    registered, built-in and plugins."""
    cached = getattr(config, "_policy_rules", None)
    if cached is not None:
        return cached
    entries = _entries(config)
    key = json.dumps([[e.data, e.file, e.line, e.index, e.definitions, e.params]
                      for e in entries] + sorted(taken_ids),
                     default=repr)
    if key not in _BUILT:
        from copilot_lint.policy.rule import policy_rule
        from copilot_lint.policy.spec import CHECKED

        _BUILT[key] = [policy_rule(p) for p in parse_policies(entries, taken_ids)]
        CHECKED.save()
    config._policy_rules = _BUILT[key]
    return _BUILT[key]


def _entries(config: Config) -> list[Entry]:
    source = config.source or "configuration"
    overrides = config.policy_parameters
    entries = [replace(e, params=dict(overrides)) for e in
               entries_from(config.policies, source, config.policy_lines, "policies")]
    base = Path(config.source).parent if config.source else Path.cwd()
    declared: set[str] = set()
    for path in policy_files(base, config.policy_paths, source):
        entries.extend(_file_entries(path, overrides, declared))
    _check_overrides(config, entries, declared)
    return entries


_USES = re.compile(r"params\.([A-Za-z0-9_-]+)|params\[\s*\\?[\"']([^\"'\\]+)")


def _check_overrides(config: Config, entries: list[Entry], declared: set[str]) -> None:
    """A ``policy-parameters`` name that no pack file declares and no policy uses (``${params.
    NAME}``, ``params.NAME``) is a configuration error: a misspelt override would otherwise
    leave the pack's own value in force without a word."""
    if not config.policy_parameters:
        return
    known = set(declared)
    for entry in entries:
        text = json.dumps([entry.data, entry.definitions], default=repr)
        known.update(a or b for a, b in _USES.findall(text))
    for name in config.policy_parameters:
        if name not in known:
            from copilot_lint.model.vocabulary import closest

            hint = closest(name, known)
            raise ConfigError(
                f"{config.where('policy-parameters', name)}: policy-parameters sets {name!r}, "
                "which no policy pack declares and no policy uses"
                + (f" (did you mean {hint!r}?)" if hint else
                   f" (the packs' parameters: {', '.join(sorted(known)) or 'none'})"))


def _file_entries(path: Path, overrides: dict, declared: set[str]) -> list[Entry]:
    """The policies of one pack file, with the file's shared ``definitions`` and its
    ``parameters`` (the configuration's ``policy-parameters`` win); the names of its
    parameters are added to ``declared``."""
    from copilot_lint.load.config import describe_problem
    from copilot_lint.load.parse import load_bytes

    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ConfigError(f"{path}: cannot read policy file: {err.strerror}") from None
    loaded = load_bytes(str(path), raw)
    if loaded.problems:
        first = loaded.problems[0]
        raise ConfigError(f"{path}:{first.line}:{first.column}: {describe_problem(first)}")
    root = loaded.root
    if root is None or not root.is_map or set(root.value) - PACK_KEYS or \
            root.get("policies") is None:
        raise ConfigError(f"{path}:{root.line if root is not None else 1}: a policy file is a "
                          "mapping with policies (a list), and optionally definitions and "
                          "parameters")
    data = root.plain()
    for key in ("definitions", "parameters"):
        if not isinstance(data.get(key, {}), dict):
            node = root.get(key)
            raise ConfigError(f"{path}:{node.line}: {key} must be a mapping of names")
    items = root.get("policies")
    lines = [item.line for item in items.elements()]
    declared.update(str(name) for name in data.get("parameters", {}))
    params = {**data.get("parameters", {}), **overrides}
    return [replace(e, definitions=data.get("definitions"), params=params)
            for e in entries_from(data["policies"], str(path), lines, "policies")]
