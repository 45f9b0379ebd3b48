"""Scheduled Job ``on.schedule`` values as Copilot converts them, and Go durations (§3.8).

A value holding ``rate(...)``, ``cron(...)`` or ``none`` is passed to AWS untouched; anything else
must be a standard 5-field cron expression or a ``@`` descriptor (robfig/cron's standard
parser), ``@every <duration>`` must be a whole number of minutes of at least one, and a 5-field
expression may not restrict both the day of month and the day of week.
"""
from __future__ import annotations

import re
from typing import Any

_AWS_FORM = re.compile(r"(?:rate|cron)\(.*\)|none")
_DESCRIPTORS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
_MONTHS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_DAYS = {d: i for i, d in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}
_FIELDS = (("minute", 0, 59, {}), ("hour", 0, 23, {}), ("day of month", 1, 31, {}),
           ("month", 1, 12, _MONTHS), ("day of week", 0, 6, _DAYS))
_PART = re.compile(r"(\*|\?|[0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?(?:/([0-9]+))?")
_DURATION = re.compile(r"([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}
_HINT = 'use a cron expression such as "0 12 * * *", "@daily", "@every 6h" or "rate(1 day)"'


def schedule_problem(schedule: str) -> str | None:
    """Why Copilot rejects ``schedule`` (a message tail ending in a fix), or ``None``."""
    if _AWS_FORM.search(schedule):
        return None
    spec = schedule.strip()
    if spec.startswith(("TZ=", "CRON_TZ=")):
        _, _, spec = spec.partition(" ")
        spec = spec.strip()
    if spec.startswith("@every "):
        value = seconds(spec[len("@every "):].strip())
        if value is None:
            return f"has an invalid @every duration; {_HINT}"
        if value < 60 or value % 60:
            return "must be a whole number of minutes, at least 1m; e.g. \"@every 5m\""
        return None
    if spec.startswith("@"):
        return None if spec in _DESCRIPTORS else f"is not a known @ descriptor; {_HINT}"
    fields = spec.split()
    if len(fields) != 5:
        return f"has {len(fields)} fields, but a cron expression needs 5; {_HINT}"
    for value, (label, low, high, names) in zip(fields, _FIELDS, strict=True):
        problem = _field_problem(value, low, high, names)
        if problem:
            return f"has an invalid {label} field ({problem}); {_HINT}"
    if not any(ch in fields[2] for ch in "*?") and not any(ch in fields[4] for ch in "*?"):
        return 'sets both the day of month and the day of week; use "*" or "?" in one of them'
    return None


def _field_problem(field: str, low: int, high: int, names: dict[str, int]) -> str | None:
    for part in field.split(","):
        match = _PART.fullmatch(part)
        if not match:
            return f'"{part}"'
        start, end, step = match.groups()
        if start in ("*", "?"):
            if end:
                return f'"{part}"'
            continue
        first = _number(start, names)
        last = _number(end, names) if end else first
        if first is None or last is None:
            return f'"{part}"'
        if not low <= first <= high or not low <= last <= high:
            return f'"{part}" is outside {low}-{high}'
        if first > last:
            return f'"{part}" starts after it ends'
        if step is not None and int(step) == 0:
            return f'"{part}" has a step of 0'
    return None


def _number(token: str, names: dict[str, int]) -> int | None:
    if token.isdigit():
        return int(token)
    return names.get(token.lower())


def seconds(value: Any) -> float | None:
    """A Go duration string (``time.ParseDuration``) in seconds, or ``None`` if it is not one."""
    if not isinstance(value, str):
        return None
    body = value[1:] if value[:1] in "+-" else value
    if body == "0":
        return 0.0
    parts = _DURATION.findall(body)
    if not parts or "".join(a + b for a, b in parts) != body:
        return None
    return (-1 if value.startswith("-") else 1) * sum(float(a) * _UNITS[b] for a, b in parts)
