"""Configuration: ``.copilot-lint.yml`` or ``[tool.copilot-lint]`` in ``pyproject.toml``.

Looked up next to the ``copilot/`` folder (the project root), then in the working directory,
unless ``--config FILE`` names one; ``pyproject.toml`` counts when it has a ``tool.copilot-lint``
table in any TOML spelling. Validated with a JSON Schema; a bad configuration is one clear error
naming the file, line and column, with a did-you-mean for a misspelt key (exit code 2), never a
traceback. A configuration comes with the repository, so it is
untrusted: only a regular file of at most :data:`MAX_BYTES` is read, numbers must be finite and in
range (``cfn-lint.timeout`` at most :data:`MAX_TIMEOUT` seconds) and ids must not be empty (an
empty cfn-lint id would silently switch off every check).
"""
from __future__ import annotations

import math
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from copilot_lint.model.problem import LoadProblem, ProblemKind
from copilot_lint.model.vocabulary import SEVERITIES, closest
from copilot_lint.load.config_positions import (MAX_TOML_DEPTH, Locate, toml_locator,
                                                toml_too_deep, yaml_locator)

CONFIG_FILES = (".copilot-lint.yml", ".copilot-lint.yaml")
LEVELS = list(SEVERITIES)
MAX_BYTES = 1024 * 1024
MAX_TIMEOUT = 3600
MAX_JOBS = 1024
_IDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_CFN_IDS = {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9]*$"}}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "select": _IDS,
        "ignore": _IDS,
        "severity": {"type": "object", "additionalProperties": {"enum": LEVELS}},
        "fail-level": {"enum": LEVELS + ["none"]},
        "environments": {"type": "array", "items": {"type": "string"}},
        "application": {
            "type": "object", "additionalProperties": False,
            "properties": {"name": {"type": "string"},
                           "domain": {"type": ["string", "null"]},
                           "separate-accounts": {"type": "boolean"}},
        },
        "deploy-variables": {"type": "array", "items": {"type": "string"}},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "jobs": {"type": "integer", "minimum": 1, "maximum": MAX_JOBS},
        "cfn-lint": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "enabled": {"type": "boolean"},
                "regions": _IDS,
                "ignore-checks": _CFN_IDS,
                "include-checks": _CFN_IDS,
                "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_TIMEOUT},
            },
        },
        "policies": {"type": "array"},
        "policy-paths": {"type": "array", "items": {"type": "string"}},
        "policy-parameters": {"type": "object"},
    },
}


class ConfigError(Exception):
    """A configuration file that cannot be used; the message says where and why."""


@dataclass
class Config:
    """The effective configuration of one run (file values, then command-line overrides)."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_level: str = "error"
    environments: list[str] = field(default_factory=list)
    app_name: str | None = None
    domain: str | None = None
    domain_known: bool = False
    separate_accounts: bool = False
    """Each environment lives in an account or region of its own (``application:
    separate-accounts``): the same SSM or secret name is then a different resource in each, and
    the same export name does not clash."""
    deploy_variables: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    jobs: int | None = None
    cfn_lint: dict[str, Any] = field(default_factory=dict)
    policies: list = field(default_factory=list)
    """Raw ``policies:`` entries, checked by :mod:`copilot_lint.policy` (see ``policy_lines``)."""
    policy_lines: list[int] = field(default_factory=list)
    """The line of each ``policies:`` entry in ``source``, when known."""
    policy_paths: list[str] = field(default_factory=list)
    policy_parameters: dict[str, Any] = field(default_factory=dict)
    """Values for the policy packs' ``parameters`` (``${params.NAME}``, ``params.NAME``)."""
    source: str | None = None
    locate: Locate | None = field(default=None, repr=False, compare=False)
    """Where a key path of the configuration file is (see :meth:`where`)."""

    def where(self, *path: str | int, value: Any = None) -> str:
        """``file:line:col`` of a key path of the configuration file (``file`` alone when the
        place is unknown; ``configuration`` without a file)."""
        return _where(self.source or "configuration", self.locate, path, value)

    @classmethod
    def from_data(cls, data: dict[str, Any], source: str | None = None,
                  locate: Locate | None = None) -> Config:
        """A config from already-parsed data; raises :class:`ConfigError` when invalid."""
        _validate(data, source or "configuration", locate)
        app = data.get("application", {})
        return cls(
            select=list(data.get("select", [])), ignore=list(data.get("ignore", [])),
            severity=dict(data.get("severity", {})), fail_level=data.get("fail-level", "error"),
            environments=list(data.get("environments", [])), app_name=app.get("name"),
            domain=app.get("domain"), domain_known="domain" in app,
            separate_accounts=app.get("separate-accounts") is True,
            deploy_variables=list(data.get("deploy-variables", [])),
            exclude=list(data.get("exclude", [])), jobs=data.get("jobs"),
            cfn_lint=dict(data.get("cfn-lint", {})),
            policies=list(data.get("policies", [])),
            policy_paths=list(data.get("policy-paths", [])),
            policy_parameters=dict(data.get("policy-parameters", {})), source=source,
            locate=locate)


def _where(source: str, locate: Locate | None, path: tuple, value: Any = None) -> str:
    place = locate(tuple(path), value) if locate is not None else None
    return f"{source}:{place[0]}:{place[1]}" if place else source


@cache
def _validator() -> Any:
    """The configuration schema's validator, built once (checking the schema itself costs
    about 30 ms, once per configuration file when ``jsonschema.validate`` is used)."""
    import jsonschema

    return jsonschema.Draft202012Validator(SCHEMA)


def _validate(data: Any, source: str, locate: Locate | None = None) -> None:
    from jsonschema.exceptions import best_match

    if "rules" in data:
        raise ConfigError(f"{_where(source, locate, ('rules',))}: invalid configuration: "
                          "'rules' is not supported (no rule takes options); use select, "
                          "ignore and severity")
    where = _not_finite(data)
    if where is not None:
        raise ConfigError(f"{_where(source, locate, where)}: invalid configuration at "
                          f"{'/'.join(where) or 'top level'}: expected a finite number")
    err = best_match(_validator().iter_errors(data))
    if err is None:
        return
    path = tuple(err.absolute_path)
    where = "/".join(str(p) for p in path) or "top level"
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = list(err.schema.get("properties", {}))
        unknown = next(str(k) for k in err.instance if k not in allowed)
        close = closest(unknown, allowed)
        hint = f"; did you mean {close!r}?" if close else \
            f"; expected one of: {', '.join(allowed)}"
        raise ConfigError(f"{_where(source, locate, path + (unknown,))}: invalid configuration "
                          f"at {where}: unknown key {unknown!r}{hint}")
    raise ConfigError(f"{_where(source, locate, path, err.instance)}: invalid configuration at "
                      f"{where}: {err.message}")


def _not_finite(data: Any, path: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """Where ``data`` holds a NaN or an infinity (which pass JSON Schema's number checks)."""
    if isinstance(data, float) and not math.isfinite(data):
        return path
    items = data.items() if isinstance(data, dict) else enumerate(data) \
        if isinstance(data, list) else ()
    for key, value in items:
        found = _not_finite(value, path + (str(key),))
        if found is not None:
            return found
    return None


def _read(path: Path) -> bytes:
    from copilot_lint.load.confined import NotRegular, TooLarge, read_regular

    try:
        return read_regular(path, MAX_BYTES)
    except NotRegular as err:
        raise ConfigError(f"{path}: cannot read configuration: it is {err.kind}") from None
    except TooLarge:
        raise ConfigError(f"{path}: cannot read configuration: over "
                          f"{MAX_BYTES // 1024} KiB") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot read configuration: "
                          f"{err.strerror or err}") from None
    except ValueError:  # a NUL in the name
        raise ConfigError(f"{path}: cannot read configuration: not a valid file name") from None


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; a configuration that cannot even be looked at (a folder that
    can be listed but not searched) is a :class:`ConfigError`, not silently no configuration."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as err:
        raise ConfigError(f"{path}: cannot read configuration: "
                          f"{(err.strerror or str(err)).lower()}") from None


def find_config(candidates: list[Path]) -> Path | None:
    """The first configuration file found in ``candidates`` (folders), in order."""
    for folder in candidates:
        for name in CONFIG_FILES:
            if _is_file(folder / name):
                return folder / name
        pyproject = folder / "pyproject.toml"
        if _is_file(pyproject) and _has_our_table(pyproject):
            return pyproject
    return None


def _toml() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    return tomllib


def _has_our_table(pyproject: Path) -> bool:
    """Whether ``pyproject.toml`` has a ``tool.copilot-lint`` table, however it is spelt
    (``[tool.copilot-lint]``, ``[[tool.copilot-lint.policies]]``, ``[tool."copilot-lint"]``,
    dotted keys, an inline table). A file that is not valid TOML counts when it mentions
    ``copilot-lint`` (loading it then reports the error), so a broken one is never skipped.
    The byte screen lets through a file with a ``\\u``/``\\U`` escape too: a quoted key can
    spell the name with one (``[tool."copilot\\u002dlint"]``)."""
    raw = _read(pyproject)
    if b"copilot" not in raw.lower() and b"\\u" not in raw and b"\\U" not in raw:
        return False
    try:
        data = _parse_toml(pyproject, raw)
    except ConfigError:
        return b"copilot-lint" in raw
    tool = data.get("tool")
    return isinstance(tool, dict) and ("copilot-lint" in tool or _near_miss(tool) is not None)


def _near_miss(tool: Any) -> str | None:
    """A ``tool`` table spelt almost like ``copilot-lint`` (``copilot_lint``, ``copilotlint``,
    ``Copilot-Lint``) when there is no ``copilot-lint`` one: it would be ignored without a word,
    so it counts as the configuration and loading it says what is wrong."""
    if not isinstance(tool, dict) or "copilot-lint" in tool:
        return None
    return next((key for key in tool if isinstance(key, str)
                 and re.sub(r"[-_. ]", "", key).lower() == "copilotlint"), None)


def _parse_toml(path: Path, raw: bytes) -> dict:
    """The whole TOML document; :class:`ConfigError` (with a line) when it cannot be read."""
    tomllib = _toml()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 (byte {err.start})") from None
    deep = toml_too_deep(text)
    if deep is not None:
        raise ConfigError(f"{path}:{deep[0]}:{deep[1]}: invalid configuration: arrays and "
                          f"tables nested more than {MAX_TOML_DEPTH} levels deep")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = " ".join(str(err).split())
        place = re.search(r" \(at (?:line (\d+), column (\d+)|end of document)\)$", message)
        end = (text.count("\n") + (not text.endswith("\n")), len(text.rsplit("\n", 1)[-1]) + 1)
        where = str(path) if not place else f"{path}:{place[1]}:{place[2]}" if place[1] else \
            f"{path}:{end[0]}:{end[1]}"
        message = message[:place.start()] if place else message
        raise ConfigError(f"{where}: invalid TOML: {message}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid configuration: nested too deeply") from None
    deep_path = _too_deep(data)
    if deep_path is not None:
        where = _where(str(path), toml_locator(text, ()), deep_path)
        raise ConfigError(f"{where}: invalid configuration: keys nested more than "
                          f"{MAX_TOML_DEPTH} levels deep")
    return data


def _too_deep(data: Any, limit: int = MAX_TOML_DEPTH) -> tuple | None:
    """The key path where ``data`` nests deeper than ``limit`` (checked without recursion:
    the validation and the policies walk the data recursively)."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if len(path) > limit:
            return path[:limit + 1]
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
    return None


def load_config(path: Path | None) -> Config:
    """Read and validate a configuration file; ``Config()`` when ``path`` is ``None``."""
    if path is None:
        return Config()
    raw = _read(path)
    if path.name == "pyproject.toml":
        tool = _parse_toml(path, raw).get("tool", {})
        miss = _near_miss(tool)
        if miss is not None:
            where = _where(str(path), toml_locator(raw.decode("utf-8"), ("tool",)), (miss,))
            raise ConfigError(f'{where}: table [tool."{miss}"] is not read: did you mean '
                              "[tool.copilot-lint]?")
        data = tool.get("copilot-lint", {}) if isinstance(tool, dict) else {}
        locate = toml_locator(raw.decode("utf-8"))
    else:
        from copilot_lint.load.parse import load_bytes

        loaded = load_bytes(str(path), raw)
        if loaded.problems:
            first = loaded.problems[0]
            raise ConfigError(f"{path}:{first.line}:{first.column}: {describe_problem(first)}")
        data = loaded.root.plain() if loaded.root is not None else {}
        locate = yaml_locator(loaded.root)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{_where(str(path), locate, ())}: configuration must be a mapping")
    config = Config.from_data(data, str(path), locate)
    policies = data.get("policies")
    config.policy_lines = [(locate(("policies", i)) or (1, 1))[0]
                           for i in range(len(policies))] if isinstance(policies, list) else []
    return config


def describe_problem(problem: LoadProblem) -> str:
    """Why a configuration or policy file cannot be used, in a few words."""
    if problem.kind is ProblemKind.SYNTAX:
        return f"invalid YAML: {problem.get('problem')}"
    if problem.kind is ProblemKind.DUPLICATE_KEY:
        return f"duplicate key \"{problem.get('key')}\""
    if problem.kind is ProblemKind.UNKNOWN_TAG:
        return f"unknown tag \"{problem.get('tag')}\""
    return f"not a YAML text file ({problem.kind})"
