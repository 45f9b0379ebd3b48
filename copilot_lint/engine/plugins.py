"""Rule plugins: rules from other installed distributions.

A distribution declares entry points in the group ``copilot_lint.rules``; each names a
:class:`~copilot_lint.api.Rule` subclass (``module:Class``) or a module whose ``Rule``
subclasses are all taken. A plugin that cannot be imported, names something that is not a rule,
or reuses an id already taken is skipped with one problem line naming it; the other rules run.

Start-up stays lean: ``importlib.metadata`` (about 25 ms to import) is used only when a
distribution on ``sys.path`` declares the group, which a quick look at the ``entry_points.txt``
files tells.

Plugins come only from the installed environment: the working directory and relative entries
of ``sys.path`` (``python -c``, ``PYTHONPATH=.``) are never searched for distributions, so a
checkout's committed ``*.dist-info`` folder declares nothing.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from types import ModuleType

from copilot_lint.model.rule import Rule

@dataclass
class Plugins:
    """The rules the installed plugins provide and what went wrong loading them."""

    rules: list[type[Rule]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def installed_paths() -> list[str]:
    """The entries of ``sys.path`` searched for plugins: absolute, not the working directory."""
    try:
        here = os.path.realpath(os.getcwd())
    except OSError:
        here = None
    return [folder for folder in dict.fromkeys(sys.path)
            if os.path.isabs(folder) and os.path.realpath(folder) != here]


def declared(group: str) -> bool:
    """True when some installed distribution declares entry points in ``group``."""
    header = f"[{group}]"
    for folder in installed_paths():
        try:
            entries = os.scandir(folder)
        except OSError:
            continue
        with entries:
            for entry in entries:
                if not entry.name.endswith((".dist-info", ".egg-info")):
                    continue
                try:
                    with open(os.path.join(entry.path, "entry_points.txt"),
                              encoding="utf-8", errors="replace") as handle:
                        if header in handle.read():
                            return True
                except OSError:
                    continue
    return False


def discover(group: str, taken: set[str]) -> Plugins:
    """Load every rule of the entry points in ``group`` whose id is not in ``taken`` (ids and
    names, compared upper-case); the registry names the group."""
    found = Plugins()
    if not declared(group):
        return found
    taken = set(taken)
    for point in _entry_points(group):
        dist = point.dist
        label = f"{dist.name} {dist.version}" if dist is not None else point.value
        where = f"plugin {point.name!r} ({label})"
        try:
            loaded = point.load()
        except Exception as err:  # noqa: BLE001 - a broken plugin must not stop the others
            found.problems.append(f"{where}: cannot import {point.value}: "
                                  f"{type(err).__name__}: {err}")
            continue
        classes = _rule_classes(loaded)
        if not classes:
            found.problems.append(f"{where}: {point.value} is not a Rule subclass nor a module "
                                  "holding one")
        for rule in classes:
            if not rule.id or not rule.name or rule.id.upper() in taken:
                found.problems.append(f"{where}: rule {rule.__name__} has no id or name, or its "
                                      f"id {rule.id!r} is already used; skipped")
                continue
            taken.add(rule.id.upper())
            rule.origin = f"plugin {label}"
            found.rules.append(rule)
    return found


def _entry_points(group: str) -> list:
    """The entry points in ``group`` of the distributions in :func:`installed_paths`, the first
    distribution of a name only (as ``importlib.metadata.entry_points`` does), sorted."""
    from importlib.metadata import distributions

    seen: set[str] = set()
    points = []
    for dist in distributions(path=installed_paths()):
        name = re.sub(r"[-_.]+", "-", dist.metadata["Name"] or "").lower()
        if name and name in seen:
            continue
        seen.add(name)
        points.extend(p for p in dist.entry_points if p.group == group)
    return sorted(points, key=lambda p: (p.name, p.value))


def _rule_classes(loaded: object) -> list[type[Rule]]:
    if isinstance(loaded, type):
        return [loaded] if issubclass(loaded, Rule) and loaded is not Rule else []
    if isinstance(loaded, ModuleType):
        return [value for value in vars(loaded).values()
                if isinstance(value, type) and issubclass(value, Rule) and value is not Rule
                and value.__module__ == loaded.__name__ and value.id]
    return []
