"""The places of a manifest that take only a string (or a string or a map), where a JSON-array
string that Copilot turns into a list fails to decode.

CL109 reports such a value at these places; the schema check (CL101) leaves them to it, so one
defect is one finding.
"""
from __future__ import annotations

ANY = "*"

WORKLOAD_STRINGS: tuple[tuple[str, ...], ...] = (
    ("name",), ("type",), ("platform",), ("image", "location"), ("image", "build"),
    ("image", "labels", ANY), ("image", "build", "args", ANY), ("variables", ANY),
    ("secrets", ANY), ("http", "path"), ("http", "healthcheck"),
    ("on", "schedule"), ("sidecars", ANY, "variables", ANY),
    ("sidecars", ANY, "secrets", ANY), ("sidecars", ANY, "image"),
    ("sidecars", ANY, "labels", ANY), ("logging", "variables", ANY),
    ("logging", "secrets", ANY), ("logging", "secretOptions", ANY),
    ("logging", "destination", ANY), ("network", "vpc", "placement"), ("env_file",),
    ("image", "credentials"),
)
"""A workload manifest's (or one ``environments.<env>`` override's) string-only places."""
RDWS_STRINGS = WORKLOAD_STRINGS + (("tags", ANY),)
ENVIRONMENT_STRINGS: tuple[tuple[str, ...], ...] = (
    ("name",), ("type",), ("network", "vpc", "id"), ("network", "vpc", "cidr"))

_BY_SCHEMA = {"request-driven-web-service": RDWS_STRINGS, "environment": ENVIRONMENT_STRINGS,
              "pipeline": ()}


def string_places(schema: str) -> tuple[tuple[str, ...], ...]:
    """The string-only places of a manifest of schema ``schema`` (``lb-web-service``, …)."""
    return _BY_SCHEMA.get(schema, WORKLOAD_STRINGS)


def at_string_place(path: tuple, places: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the key path ``path`` is one of ``places`` (``*`` matches any key)."""
    return any(len(path) == len(place) and all(p == ANY or p == s for p, s in zip(place, path))
               for place in places)
