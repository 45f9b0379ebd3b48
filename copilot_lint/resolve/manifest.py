"""Workload and environment manifests as Copilot sees them in one environment.

``manifest_for(ws, workload, env)`` applies the ``environments.<env>`` override with Copilot's
merge semantics (copilot-facts §3.1: scalars override, even with ``false``/``0``; lists replace;
maps merge per key; union forms clear each other) and substitutes
``${COPILOT_APPLICATION_NAME}`` / ``${COPILOT_ENVIRONMENT_NAME}``. Every node of the result keeps
the position it came from, so a finding on an overridden value points into the override.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

from copilot_lint.model.node import MAP, SCALAR, SEQ, Node
from copilot_lint.model.vocabulary import ECS_TYPES
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import Workload

INTERPOLATION = re.compile(r"(\\?)\$\{([_a-zA-Z][_a-zA-Z0-9]*)\}")
PREDEFINED = ("COPILOT_APPLICATION_NAME", "COPILOT_ENVIRONMENT_NAME")

# Keys of one mapping that are alternative forms: setting one in an override drops the others.
_EXCLUSIVE_GROUPS = {
    "image": ({"build"}, {"location"}),
    "count": ({"spot"}, {"range", "cpu_percentage", "memory_percentage", "requests",
                         "response_time", "queue_delay", "cooldown"}),
    "efs": ({"uid", "gid"}, {"id", "root_dir", "auth"}),
}
_SECRET_FORMS = ({"secretsmanager"}, {"from_cfn"})


def merge(base: Node | None, override: Node | None, key: str = "") -> Node | None:
    """Copilot's override merge of two manifest nodes (``override`` wins)."""
    if override is None or (override.kind == SCALAR and override.value is None):
        return base
    if base is None or base.kind != MAP or override.kind != MAP:
        return override
    items = dict(base.value)
    keys = dict(base.keys or {})
    groups = _EXCLUSIVE_GROUPS.get(key, _SECRET_FORMS if _is_secret_form(base) else ())
    for group in groups:
        if group & override.value.keys():
            for other in groups:
                if other is not group:
                    for k in other:
                        items.pop(k, None)
                        keys.pop(k, None)
    for k, v in override.value.items():
        items[k] = merge(items.get(k), v, k) if k in items else v
        if override.keys and k in override.keys:
            keys[k] = override.keys[k]
    return Node(MAP, items, base.file, base.line, base.col, keys=keys, tag=base.tag,
                end_line=base.end_line, style=base.style, end_col=base.end_col)


def _is_secret_form(node: Node) -> bool:
    return node.kind == MAP and bool(node.value.keys() & {"secretsmanager", "from_cfn"})


def interpolate(node: Node, values: dict[str, str]) -> Node:
    """Substitute ``${NAME}`` for the names in ``values`` in string values (never in keys).

    As Copilot does after substituting, a string value that is a non-empty JSON array of strings
    (and not a ``|`` block) becomes a sequence, at the position of the string (style ``json``).
    """
    if node.kind == SCALAR:
        if not isinstance(node.value, str):
            return node
        new = substitute(node.value, values) if "${" in node.value else node.value
        if new.lstrip().startswith("[") and node.style != "|":
            items = _json_strings(new)
            if items:
                return Node(SEQ, [Node(SCALAR, item, node.file, node.line, node.col, text=item,
                                       end_line=node.end_line, end_col=node.end_col)
                                  for item in items], node.file, node.line, node.col,
                            end_line=node.end_line, style="json", text=new, end_col=node.end_col)
        return node if new == node.value else node.with_value(new)
    if node.kind == SEQ:
        items = [interpolate(v, values) for v in node.value]
        if all(a is b for a, b in zip(items, node.value)):
            return node
        return Node(SEQ, items, node.file, node.line, node.col, tag=node.tag,
                    end_line=node.end_line, style=node.style, end_col=node.end_col)
    new_items = {k: interpolate(v, values) for k, v in node.value.items()}
    if all(new_items[k] is v for k, v in node.value.items()):
        return node
    return Node(MAP, new_items, node.file, node.line, node.col, keys=node.keys, tag=node.tag,
                end_line=node.end_line, style=node.style, end_col=node.end_col)


def _json_strings(text: str) -> list[str] | None:
    try:
        items = json.loads(text)
    except ValueError:
        return None
    if isinstance(items, list) and items and all(isinstance(i, str) or i is None for i in items):
        return [i or "" for i in items]
    return None


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace ``${NAME}`` in ``text`` for known names; ``\\${NAME}`` is an escape."""
    def one(match: re.Match) -> str:
        escaped, name = match.group(1), match.group(2)
        if escaped:
            return match.group(0)[1:]
        return values.get(name, match.group(0))
    return INTERPOLATION.sub(one, text)


def interpolated_scalars(root: Node) -> Iterator[tuple[tuple, Node]]:
    """Every scalar Copilot's interpolation reads, with its key path, in document order.

    Those are the string scalars (plain or quoted, or tagged ``!!str``) that are mapping values
    or sequence items; keys never are. A value under a CloudFormation short form (``!Sub``)
    is not a ``!!str`` node for Copilot and is skipped. A node shared through a YAML merge key
    is yielded once.
    """
    seen: set[int] = set()
    stack: list[tuple[tuple, Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if id(node) in seen or (node.tag is not None and not node.tag.startswith("!!")):
            continue
        seen.add(id(node))
        if node.kind == MAP:
            stack.extend((path + (k,), v) for k, v in reversed(list(node.value.items())))
        elif node.kind == SEQ:
            stack.extend((path + (i,), v) for i, v in reversed(list(enumerate(node.value))))
        elif isinstance(node.value, str) and node.tag in (None, "!!str"):
            yield path, node


def becomes_list(node: Node, values: dict[str, str]) -> list[str] | None:
    """The list Copilot turns this string into, or ``None`` when it stays a string.

    After substitution, a string that parses as a non-empty JSON array of strings and is not a
    ``|`` literal block becomes a YAML sequence (copilot-facts §4.1); names missing from
    ``values`` are left as written.
    """
    if not isinstance(node.value, str) or node.style == "|" or "[" not in node.value:
        return None
    try:
        parsed = json.loads(substitute(node.value, values))
    except (ValueError, RecursionError):
        return None
    if isinstance(parsed, list) and parsed and all(isinstance(v, str) for v in parsed):
        return parsed
    return None


def predefined(ws: Context, env: str) -> dict[str, str]:
    """The two variables Copilot always defines when deploying to ``env``."""
    values = {"COPILOT_ENVIRONMENT_NAME": env}
    if ws.app:
        values["COPILOT_APPLICATION_NAME"] = ws.app
    return values


def manifest_for(ws: Context, workload: Workload, env: str) -> Node | None:
    """The workload manifest merged for ``env`` and interpolated (cached per workspace)."""
    views, key = ws.analysis.manifests, (workload.name, env)
    if key not in views:
        root = workload.root
        if root is None:
            views[key] = None
        else:
            override = root.get("environments", env)
            base = _without(root, "environments")
            merged = merge(base, override) if override is not None and override.is_map else base
            views[key] = interpolate(merged, predefined(ws, env))
    return views[key]


def public_ip_workloads(ws: Context, env: str) -> list[Workload]:
    """The ECS workloads whose tasks may get a public IP in ``env``: ``network.vpc.placement``
    is ``public`` (the default) or anything but exactly ``private`` (a ``subnets`` placement
    counts, since which subnets those are is not known here)."""
    found = []
    for workload in ws.workloads:
        root = manifest_for(ws, workload, env) if workload.type in ECS_TYPES else None
        placement = root.get("network", "vpc", "placement") if root is not None else None
        if workload.type in ECS_TYPES and (placement is None or
                                           placement.str_value() != "private"):
            found.append(workload)
    return found


def base_manifest(workload: Workload) -> Node | None:
    """The workload manifest without its ``environments`` overrides, not interpolated."""
    return _without(workload.root, "environments") if workload.root is not None else None


def _without(node: Node, key: str) -> Node:
    if key not in node.value:
        return node
    items = {k: v for k, v in node.value.items() if k != key}
    keys = {k: v for k, v in (node.keys or {}).items() if k != key}
    return Node(MAP, items, node.file, node.line, node.col, keys=keys, tag=node.tag,
                end_line=node.end_line, style=node.style, end_col=node.end_col)
