"""Find every rule under ``copilot_lint.rules`` and index it by id and by name."""
from __future__ import annotations

import importlib
import pkgutil

from copilot_lint.model.rule import Rule

_RULES: list[type[Rule]] | None = None


def all_rules() -> list[type[Rule]]:
    """Every rule class, sorted by id; fails loudly on a duplicate id or name."""
    global _RULES
    if _RULES is None:
        package = importlib.import_module("copilot_lint.rules")
        found: dict[str, type[Rule]] = {}
        names: set[str] = set()
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, Rule) and value is not Rule \
                        and value.__module__ == module.__name__ and value.id:
                    if value.id in found or value.name in names:
                        raise RuntimeError(f"duplicate rule id or name: {value.id} {value.name}")
                    found[value.id] = value
                    names.add(value.name)
        _RULES = [found[k] for k in sorted(found)]
    return _RULES


def find_rule(ref: str) -> type[Rule] | None:
    """The rule whose id or name is ``ref`` (case-insensitive id)."""
    for rule in all_rules():
        if rule.id.lower() == ref.lower() or rule.name == ref:
            return rule
    return None


def canonical_id(ref: str) -> str:
    """The rule id for an id or a name; other strings (``CFN-E3012``, prefixes) unchanged."""
    rule = find_rule(ref)
    return rule.id if rule else ref
