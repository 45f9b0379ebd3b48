"""Configuration: ``.copilot-lint.yml`` or ``[tool.copilot-lint]`` in ``pyproject.toml``.

Looked up next to the ``copilot/`` folder (the project root), then in the working directory,
unless ``--config FILE`` names one. Validated with a JSON Schema; a bad configuration is one
clear error (exit code 2), never a traceback. A configuration comes with the repository, so it is
untrusted: only a regular file of at most :data:`MAX_BYTES` is read, numbers must be finite and in
range (``cfn-lint.timeout`` at most :data:`MAX_TIMEOUT` seconds) and ids must not be empty (an
empty cfn-lint id would silently switch off every check).
"""
from __future__ import annotations

import math
import os
import stat
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

CONFIG_FILES = (".copilot-lint.yml", ".copilot-lint.yaml")
LEVELS = ["info", "warning", "error"]
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
                           "domain": {"type": ["string", "null"]}},
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
        "rules": {"type": "object", "additionalProperties": {"type": "object"}},
        "policies": {"type": "array"},
        "policy-paths": {"type": "array", "items": {"type": "string"}},
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
    deploy_variables: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    jobs: int | None = None
    cfn_lint: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, dict] = field(default_factory=dict)
    policies: list = field(default_factory=list)
    """Raw ``policies:`` entries, checked by :mod:`copilot_lint.policy` (see ``policy_lines``)."""
    policy_lines: list[int] = field(default_factory=list)
    """The line of each ``policies:`` entry in ``source``, when known."""
    policy_paths: list[str] = field(default_factory=list)
    source: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any], source: str | None = None) -> Config:
        """A config from already-parsed data; raises :class:`ConfigError` when invalid."""
        _validate(data, source or "configuration")
        app = data.get("application", {})
        return cls(
            select=list(data.get("select", [])), ignore=list(data.get("ignore", [])),
            severity=dict(data.get("severity", {})), fail_level=data.get("fail-level", "error"),
            environments=list(data.get("environments", [])), app_name=app.get("name"),
            domain=app.get("domain"), domain_known="domain" in app,
            deploy_variables=list(data.get("deploy-variables", [])),
            exclude=list(data.get("exclude", [])), jobs=data.get("jobs"),
            cfn_lint=dict(data.get("cfn-lint", {})), rules=dict(data.get("rules", {})),
            policies=list(data.get("policies", [])),
            policy_paths=list(data.get("policy-paths", [])), source=source)

    def rule_options(self, rule_id: str, rule_name: str) -> dict:
        """Options configured for one rule under ``rules:`` (by id or by name)."""
        return {**self.rules.get(rule_name, {}), **self.rules.get(rule_id, {})}


@cache
def _validator() -> Any:
    """The configuration schema's validator, built once (checking the schema itself costs
    about 30 ms, once per configuration file when ``jsonschema.validate`` is used)."""
    import jsonschema

    return jsonschema.Draft202012Validator(SCHEMA)


def _validate(data: Any, source: str) -> None:
    from jsonschema.exceptions import best_match

    where = _not_finite(data)
    if where is not None:
        raise ConfigError(f"{source}: invalid configuration at {'/'.join(where) or 'top level'}:"
                          " expected a finite number")
    err = best_match(_validator().iter_errors(data))
    if err is not None:
        where = "/".join(str(p) for p in err.absolute_path) or "top level"
        raise ConfigError(f"{source}: invalid configuration at {where}: {err.message}")


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
        if _is_file(pyproject) and b"[tool.copilot-lint]" in _read(pyproject):
            return pyproject
    return None


def load_config(path: Path | None) -> Config:
    """Read and validate a configuration file; ``Config()`` when ``path`` is ``None``."""
    if path is None:
        return Config()
    raw = _read(path)
    if path.name == "pyproject.toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:
            import tomli as tomllib

        try:
            data = tomllib.loads(raw.decode("utf-8")).get("tool", {}).get("copilot-lint", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise ConfigError(f"{path}: invalid TOML: {err}") from None
        lines = [n for n, line in enumerate(raw.decode("utf-8").splitlines(), start=1)
                 if line.strip().replace(" ", "") == "[[tool.copilot-lint.policies]]"]
    else:
        from copilot_lint.load.parse import load_bytes

        loaded = load_bytes(str(path), raw)
        if loaded.findings:
            first = loaded.findings[0]
            raise ConfigError(f"{path}:{first.line}:{first.column}: {first.message}")
        data = loaded.root.plain() if loaded.root is not None else {}
        policies = loaded.root.get("policies") if loaded.root is not None else None
        lines = [item.line for item in policies.elements()] if policies is not None else []
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: configuration must be a mapping")
    config = Config.from_data(data, str(path))
    config.policy_lines = lines
    return config
