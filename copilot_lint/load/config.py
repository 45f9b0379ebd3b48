"""Configuration: ``.copilot-lint.yml`` or ``[tool.copilot-lint]`` in ``pyproject.toml``.

Looked up next to the ``copilot/`` folder (the project root), then in the working directory,
unless ``--config FILE`` names one. Validated with a JSON Schema; a bad configuration is one
clear error (exit code 2), never a traceback.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_FILES = (".copilot-lint.yml", ".copilot-lint.yaml")
LEVELS = ["info", "warning", "error"]

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "select": {"type": "array", "items": {"type": "string"}},
        "ignore": {"type": "array", "items": {"type": "string"}},
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
        "jobs": {"type": "integer", "minimum": 1},
        "cfn-lint": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "enabled": {"type": "boolean"},
                "regions": {"type": "array", "items": {"type": "string"}},
                "ignore-checks": {"type": "array", "items": {"type": "string"}},
                "include-checks": {"type": "array", "items": {"type": "string"}},
                "timeout": {"type": "number", "exclusiveMinimum": 0},
            },
        },
        "rules": {"type": "object", "additionalProperties": {"type": "object"}},
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
            source=source)

    def rule_options(self, rule_id: str, rule_name: str) -> dict:
        """Options configured for one rule under ``rules:`` (by id or by name)."""
        return {**self.rules.get(rule_name, {}), **self.rules.get(rule_id, {})}


def _validate(data: Any, source: str) -> None:
    import jsonschema

    try:
        jsonschema.validate(data, SCHEMA)
    except jsonschema.ValidationError as err:
        where = "/".join(str(p) for p in err.absolute_path) or "top level"
        raise ConfigError(f"{source}: invalid configuration at {where}: {err.message}") from None


def find_config(candidates: list[Path]) -> Path | None:
    """The first configuration file found in ``candidates`` (folders), in order."""
    for folder in candidates:
        for name in CONFIG_FILES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.copilot-lint]" in pyproject.read_text(errors="replace"):
            return pyproject
    return None


def load_config(path: Path | None) -> Config:
    """Read and validate a configuration file; ``Config()`` when ``path`` is ``None``."""
    if path is None:
        return Config()
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ConfigError(f"{path}: cannot read configuration: {err.strerror}") from None
    if path.name == "pyproject.toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:
            import tomli as tomllib

        try:
            data = tomllib.loads(raw.decode("utf-8")).get("tool", {}).get("copilot-lint", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise ConfigError(f"{path}: invalid TOML: {err}") from None
    else:
        from copilot_lint.load.parse import load_bytes

        loaded = load_bytes(str(path), raw)
        if loaded.findings:
            first = loaded.findings[0]
            raise ConfigError(f"{path}:{first.line}:{first.column}: {first.message}")
        data = loaded.root.plain() if loaded.root is not None else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: configuration must be a mapping")
    return Config.from_data(data, str(path))
