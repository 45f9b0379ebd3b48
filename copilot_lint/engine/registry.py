"""Find every rule under ``copilot_lint.rules`` and in installed plugins, and index it by id and
by name. Team policies come from the configuration and join them in
:func:`copilot_lint.engine.run.known_rules`."""
from __future__ import annotations

import importlib
import pkgutil

from copilot_lint.model.rule import Rule

PACKAGE = "copilot_lint.rules"
"""The package of the built-in rules, and the entry-point group of plugin rules."""
_RULES: list[type[Rule]] | None = None
_PLUGIN_PROBLEMS: list[str] = []


def all_rules() -> list[type[Rule]]:
    """Every built-in and plugin rule class, built-ins first, each sorted by id."""
    global _RULES
    if _RULES is None:
        from copilot_lint.engine.plugins import discover

        built_in = builtin_rules()
        taken = {r.id.upper() for r in built_in} | {r.name.upper() for r in built_in}
        plugins = discover(PACKAGE, taken)
        _PLUGIN_PROBLEMS[:] = plugins.problems
        _RULES = built_in + sorted(plugins.rules, key=lambda r: r.id)
    return _RULES


def plugin_problems() -> list[str]:
    """Why some installed plugins were skipped (after :func:`all_rules` ran)."""
    return list(_PLUGIN_PROBLEMS)


_BUILTIN: list[type[Rule]] | None = None


def builtin_rules() -> list[type[Rule]]:
    """Every rule class of copilot-lint itself, sorted by id; fails loudly on a duplicate."""
    global _BUILTIN
    if _BUILTIN is None:
        package = importlib.import_module(PACKAGE)
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
        _BUILTIN = [found[k] for k in sorted(found)]
    return _BUILTIN


def find_rule(ref: str) -> type[Rule] | None:
    """The rule whose id or name is ``ref`` (either in any case)."""
    for rule in all_rules():
        if rule.id.lower() == ref.lower() or rule.name.lower() == ref.lower():
            return rule
    return None


def canonical_id(ref: str) -> str:
    """The rule id for an id or a name; other strings (``CFN-E3012``, prefixes) unchanged."""
    rule = find_rule(ref)
    return rule.id if rule else ref
