"""Comparing one addon value across environments (the physical-name rules CL301, CL302):
evaluate the value in every environment, group the environments that get the same string, and
decide whether equal strings really are the same name; and the helpers messages share (a value
cut short, a list of environments, a did-you-mean suggestion).
"""
from __future__ import annotations

from collections.abc import Callable

from copilot_lint.resolve.addon import AddonEval
from copilot_lint.resolve.opaque import NOVALUE, opaque_parts, show, to_str

# Opaque parts that are the same in every environment of one application.
_CONSTANT = ("App", "AWS::Partition", "AWS::URLSuffix")


def comparable(value: str) -> bool:
    """True when two environments getting ``value`` certainly get the same name.

    Opaque parts other than the application name and the partition make equality meaningless:
    ``AWS::AccountId``/``AWS::Region`` (environments may live in different accounts or
    regions), an unbound parameter, a condition that cannot be decided.
    """
    return all(part.label in _CONSTANT for part in opaque_parts(value))


def as_name(value: object) -> str | None:
    """An evaluated property as a name string, or ``None`` (left to CloudFormation, or not a
    scalar)."""
    if value is NOVALUE or value is None or isinstance(value, (list, dict)):
        return None
    return to_str(value)


def same_in_envs(evals: list[AddonEval], logical_id: str,
                 identity: Callable[[AddonEval], str | None]) -> list[tuple[str, list[str]]]:
    """Groups of two or more environments in which ``identity`` gives the same comparable
    string, for a resource or output ``logical_id`` active there."""
    groups: dict[str, list[str]] = {}
    for ev in evals:
        if not ev.active(logical_id):
            continue
        ident = identity(ev)
        if ident is not None:
            groups.setdefault(ident, []).append(ev.env)
    return [(ident, envs) for ident, envs in groups.items()
            if len(envs) >= 2 and comparable(ident)]


def brief(text: str, limit: int = 120) -> str:
    """``text`` on one line, cut to ``limit`` characters with "…", for a message."""
    text = " ".join(text.split()) if "\n" in text else text
    return text if len(text) <= limit else text[:limit - 1] + "…"


MESSAGE_LIMIT = 100
"""The longest message a finding should have (the team's limit; the hint carries the rest)."""


def fitting(*messages: str) -> str:
    """The first of ``messages`` (most detailed first) that fits :data:`MESSAGE_LIMIT`, else the
    last one cut to it with "…"."""
    for message in messages:
        if len(message) <= MESSAGE_LIMIT:
            return message
    return brief(messages[-1], MESSAGE_LIMIT)


def where(envs: list[str], all_envs: list[str]) -> str:
    """``every environment`` or ``environments "a" and "b"``."""
    if len(envs) == len(all_envs):
        return "every environment"
    quoted = [f'"{e}"' for e in envs]
    return "environments " + ", ".join(quoted[:-1]) + " and " + quoted[-1]


def suggestion(value: str, app: str | None) -> str:
    """A ``!Sub`` spelling of ``value`` that includes the environment."""
    text = show(value)
    for prefix in [p for p in (app, "${App}") if p]:
        if text.startswith(f"{prefix}-"):
            return "!Sub '${App}-${Env}-" + text[len(prefix) + 1:] + "'"
        if text.startswith(f"/{prefix}/"):
            return "!Sub '/${App}/${Env}/" + text[len(prefix) + 2:] + "'"
    if text.startswith("/"):
        return "!Sub '/${App}/${Env}" + text + "'"
    return "!Sub '${App}-${Env}-" + text + "'"
