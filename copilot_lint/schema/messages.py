"""One-line messages for schema problems: what was expected, what was found, how to fix it,
and where an unknown key belongs instead.
"""
from __future__ import annotations

import json
from functools import cache
from typing import Any

from copilot_lint.model.vocabulary import close_matches
from copilot_lint.schema.assemble import KINDS, REF, assembled
from copilot_lint.schema.issue import SCHEMA, UNKNOWN_KEY, Issue, show_path
from copilot_lint.schema.key_advice import advice, environment_setting


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


_TYPE_WORDS = {"string": "a string", "integer": "an integer", "number": "a number",
               "boolean": "a boolean", "array": "a list", "object": "a map"}


def expected(node: dict) -> str:
    if node.get("x-expect"):
        return node["x-expect"]
    if node.get("x-enum-ci"):
        return "one of " + ", ".join(f'"{v}"' for v in node["x-enum-ci"]) + " (any case)"
    if "enum" in node:
        return "one of " + ", ".join(json.dumps(v) for v in node["enum"] if v is not None)
    types = node.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    words = [_TYPE_WORDS[t] for t in types if t in _TYPE_WORDS]
    return " or ".join(words) if words else "a valid value"


def type_fix(node: Any, value: Any) -> str:
    node = node if isinstance(node, dict) else {}
    wants = node.get("type") or []
    wants = [wants] if isinstance(wants, str) else wants
    if isinstance(value, str) and "${" in value:
        return ("; Copilot substitutes ${VAR} as a string, so this field cannot come from a "
                "variable")
    if isinstance(value, str) and "integer" in wants and _is_int_text(value):
        return "; remove the quotes: Copilot does not read a quoted number into an integer"
    if "duration" in (node.get("x-expect") or "") and isinstance(value, (int, float)) \
            and not isinstance(value, bool):
        return f'; add a unit, e.g. "{value}s"'
    if wants == ["string", "null"] and isinstance(value, (int, float, bool)):
        return f'; quote it: "{str(value).lower() if isinstance(value, bool) else value}"'
    return ""


def value_fix(node: dict, value: Any) -> str:
    if isinstance(value, str) and value.lower() in ("true", "false") \
            and True in node.get("enum", ()):
        return "remove the quotes: a quoted true or false is a string to Copilot"
    if node.get("x-enum-ci") or "enum" in node:
        return "use one of the allowed values"
    if node.get("format") == "copilot-cidr" and isinstance(value, str) and "/" not in value:
        return f'add the prefix length, e.g. "{value}/32"'
    return "fix the value"


def _is_int_text(text: str) -> bool:
    return text.strip().lstrip("+-").isdigit()


def missing_issue(name: str, path: tuple, key: str) -> Issue:
    where = show_path(path)
    hint = _MISSING_HINTS.get((where, key), "add it")
    if where:
        message = f'"{where}" is missing "{key}"; {hint}'
    else:
        message = f'missing "{key}", which a {_title(name)} requires; {hint}'
    return Issue(SCHEMA, path, message, at_key=bool(path), key=f"{where}.{key}".lstrip("."))


_MISSING_HINTS = {
    ("", "image"): "add image.build or image.location",
    ("", "http"): 'add "http" with a "path", or "http: false" with an "nlb"',
    ("", "on"): 'add on.schedule, e.g. "@daily"',
    ("", "source"): "add the source repository (provider and properties)",
    ("", "version"): "add version: 1",
    ("http", "path"): 'add path: "/" to route every request to this service',
    ("image", "port"): "add the port the container listens on",
    ("on", "schedule"): 'add a schedule, e.g. "@daily" or "cron(0 12 * * ? *)"',
}


def _title(name: str) -> str:
    return next((k for k, v in KINDS.items() if v == name), "pipeline") + " manifest"


def is_extension(key: Any) -> bool:
    """``x-…`` keys hold YAML anchors or tool data by convention; they are not typos."""
    return isinstance(key, str) and key.startswith("x-")


_WRONG_HOMES: dict[tuple[str, tuple], str] = {
    ("pipeline", ("stages", int, "deployments", "*", "image")):
        "a deployment deploys the image its workload manifest names (build.image is the "
        "CodeBuild image of the build stage), remove it",
    ("environment", ("network", "vpc", "security_groups")):
        "extra security groups for services go in each workload manifest's "
        "network.vpc.security_groups; network.vpc.security_group here configures the "
        "environment's own group",
    ("environment", ("tags",)):
        "environment stacks carry the application's tags: set them with \"copilot app init "
        "--resource-tags key=value\" and remove this key",
}
"""Keys whose nearest spelling or namesake elsewhere is the wrong place to send the reader."""

_WORKLOAD_SCHEMAS = ("lb-web-service", "backend-service", "worker-service",
                     "request-driven-web-service", "scheduled-job", "static-site")


def _wrong_home(name: str, steps: tuple) -> str | None:
    """A hint for a key that belongs in another kind of manifest, or ``None``."""
    for (kind, pattern), hint in _WRONG_HOMES.items():
        if kind == name and len(pattern) == len(steps) and all(
                isinstance(s, int) if p is int else isinstance(s, str) and p in ("*", s)
                for p, s in zip(pattern, steps)):
            return hint
    if name == "environment" and all(isinstance(s, str) for s in steps):
        parent, key = ".".join(steps[:-1]), steps[-1]
        if any(parent in _key_places(kind).get(key, ()) for kind in _WORKLOAD_SCHEMAS):
            return "it is a workload setting: set it in the manifests of the services that " \
                   "need it"
    if name in _WORKLOAD_SCHEMAS and all(isinstance(s, str) for s in steps) and \
            steps[:3] != ("network", "vpc", "subnets"):
        parent, key = ".".join(steps[:-1]), steps[-1]
        if parent in _key_places("environment").get(key, ()):
            return environment_setting()
    return None


def unknown_key_issue(name: str, path: tuple, key: str, known: list[str],
                      value: Any = None) -> Issue:
    where = show_path(path + (key,))
    close = close_matches(key, known, n=2, cutoff=0.7)
    if not close:
        close = close_matches(key.lower().replace("-", "_"), known, n=2, cutoff=0.7)
    home = advice(name, path + (key,), value) or _wrong_home(name, path + (key,))
    if home is not None:
        fix, close = home, []
    elif close:
        fix = f'did you mean "{close[0]}"'
    else:
        places = _places_for(name, key, [str(p) for p in path if isinstance(p, str)])
        if places:
            fix = "it belongs " + " or ".join(f'under "{p}"' if p else "at the top level"
                                              for p in places[:2])
        else:
            fix = "remove it or fix its spelling"
    return Issue(UNKNOWN_KEY, path + (key,), f'unknown key "{where}" is ignored by Copilot; {fix}',
                 at_key=True, key=where, rename_to=close[0] if len(close) == 1 else "")


def _places_for(name: str, key: str, parent: list[str]) -> list[str]:
    """Where else ``key`` is valid, nearest first: places that share the first steps of
    ``parent`` (with ``*`` filled in from it), then places at most one level deep or with the
    same last step (``image.healthcheck`` for ``http.healthcheck``). A sidecar's key is only
    sent to a place inside the same sidecar, never to the main container's."""
    ranked = []
    for place in _key_places(name).get(key, ()):
        steps = place.split(".") if place else []
        shared = 0
        while shared < min(len(steps), len(parent)) and steps[shared] in ("*", parent[shared]):
            shared += 1
        filled = [parent[i] if i < shared and s == "*" else s for i, s in enumerate(steps)]
        kin = shared or len(steps) <= 1 or parent and steps[-1] == parent[-1]
        if "*" in filled or filled == parent or not kin or \
                parent[:1] == ["sidecars"] and shared < 2:
            continue
        ranked.append((-shared, len(steps), ".".join(filled)))
    return [p for _, _, p in sorted(ranked)]


@cache
def _key_places(name: str) -> dict[str, tuple[str, ...]]:
    """Every key the schema ``name`` knows, with the dotted places where it is valid (``*``
    stands for any name, as in ``sidecars.*``)."""
    doc = assembled(name)
    defs = doc["definitions"]
    places: dict[str, list[str]] = {}

    def walk(node: Any, where: str, depth: int, seen: frozenset) -> None:
        if not isinstance(node, dict) or depth > 6:
            return
        ref = node.get("$ref", "")
        if ref.startswith(REF):
            target = ref[len(REF):]
            if target not in seen and target != "override":
                walk(defs.get(target), where, depth, seen | {target})
            return
        for key, sub in (node.get("properties") or {}).items():
            if key == "environments":
                continue
            places.setdefault(key, [])
            if where not in places[key]:
                places[key].append(where)
            walk(sub, f"{where}.{key}" if where else key, depth + 1, seen)
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], f"{where}.*" if where else "*", depth + 1, seen)
        for keyword in ("anyOf", "allOf"):
            for sub in node.get(keyword) or []:
                walk(sub, where, depth, seen)

    walk(doc, "", 0, frozenset())
    return {k: tuple(v) for k, v in places.items()}


def describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"integer {value}"
    if isinstance(value, float):
        return f"number {value:g}"
    if isinstance(value, str):
        return f'string "{short(value)}"'
    return "a list" if isinstance(value, list) else "a map"


def short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str) \
        if isinstance(value, (list, dict)) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"
