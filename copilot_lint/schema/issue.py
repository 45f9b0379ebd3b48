"""A problem a manifest check found: :class:`Issue` (kind, key path, message), and how a key
path reads in a message. Checks write a message as ``problem; how to fix``; a finding shows the
two apart (:attr:`Issue.problem`, :attr:`Issue.hint`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from copilot_lint.model.vocabulary import StringEnum


class IssueKind(StringEnum):
    """What is wrong, as the manifest contract sees it (no rule id: rules choose their kinds)."""

    INVALID = "invalid"
    """A value, a combination of values or a shape that Copilot rejects."""
    UNKNOWN_KEY = "unknown-key"
    """A key that Copilot does not read at that place (and silently ignores)."""
    AWS_LIMIT = "aws-limit"
    """A value Copilot passes through that AWS refuses at deploy time."""
    IGNORED = "ignored"
    """A value Copilot accepts and then silently ignores."""


SCHEMA, UNKNOWN_KEY = IssueKind.INVALID, IssueKind.UNKNOWN_KEY


@dataclass(frozen=True)
class Issue:
    """One problem in a manifest: its kind, where (keys and list indexes), and the message."""

    kind: IssueKind
    path: tuple
    message: str
    at_key: bool = False
    key: str = ""
    rename_to: str = ""
    """For an unknown key with exactly one close known key: that key (``--fix`` renames)."""
    decode: bool = False
    """Copilot cannot even decode the value (a type its YAML decoder cannot read): the whole
    file fails, in every environment, wherever the value is (an override of any environment)."""

    @property
    def problem(self) -> str:
        """What is wrong: the message up to its first ``; `` outside quotes."""
        return split_advice(self.message)[0]

    @property
    def hint(self) -> str:
        """How to fix it: the message after its first ``; `` outside quotes (or empty)."""
        return split_advice(self.message)[1]


def split_advice(message: str) -> tuple[str, str]:
    """``"problem; how to fix"`` as ``("problem", "how to fix")``; a ``; `` inside a quoted
    value (``"a; b"``, with ``\\"`` escapes) does not split."""
    quoted = escaped = False
    for index, char in enumerate(message):
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == ";" and not quoted and message[index + 1:index + 2] == " ":
            return message[:index], message[index + 2:]
    return message, ""


MESSAGE_LIMIT = 100
_MUST_BE = re.compile(r'^("[^"]+") must be (.+), got (.+)$')
_ASIDE = re.compile(r" \(([^()]*)\)")
_EXAMPLE = re.compile(r' such as ("[^"]*"( or "[^"]*")*|\S+)')
_QUALIFIER = re.compile(r" (?:made of|of|with) ")
_CLAUSE = re.compile(r", (?:so|but) ")
_TWO_KEYS = re.compile(r'^"([^"]+)"( \([^()]*\))? and "([^"]+)"( \([^()]*\))? (are .+)$')


def fit(problem: str, hint: str) -> tuple[str, str]:
    """``problem`` made to fit :data:`MESSAGE_LIMIT` characters, what it leaves out moved to the
    front of ``hint``: one closing aside in parentheses, ``must be <form>, got <value>`` with the
    form's examples and qualifiers left out, or as ``cannot be <value>`` (the form goes to the
    hint), the common start of two key paths, or a
    trailing ``, so …``/``, but …`` clause. A message none of these shortens stays as it is."""
    def joined(first: str) -> str:
        return f"{first}: {hint}" if hint else first

    if len(problem) <= MESSAGE_LIMIT:
        return problem, hint
    asides = _ASIDE.findall(problem)
    if len(asides) == 1 and problem.endswith(")") and not _ASIDE.sub("", problem).count('"') % 2:
        problem, hint = _ASIDE.sub("", problem), joined("; ".join(asides))
        if len(problem) <= MESSAGE_LIMIT:
            return problem, hint
    must = _MUST_BE.match(problem)
    if must:
        form = _EXAMPLE.sub("", _ASIDE.sub("", must[2]))
        for short in (form, _QUALIFIER.split(form, 1)[0]):
            message = f"{must[1]} must be {short}, got {must[3]}"
            if short != must[2] and len(message) <= MESSAGE_LIMIT:
                return message, joined(f"it must be {must[2]}")
        return f"{must[1]} cannot be {must[3]}", joined(f"it must be {must[2]}")
    two = _TWO_KEYS.match(problem)
    if two:
        first, second = two[1].split("."), two[3].split(".")
        shared = 0
        while shared < min(len(first), len(second)) - 1 and first[shared] == second[shared]:
            shared += 1
        if shared:
            return (f'"{".".join(first[:shared])}": "{".".join(first[shared:])}"{two[2] or ""} '
                    f'and "{".".join(second[shared:])}"{two[4] or ""} {two[5]}'), hint
    clause = _CLAUSE.search(problem)
    if clause and not problem[:clause.start()].count('"') % 2:
        return problem[:clause.start()], joined(problem[clause.end():])
    return problem, hint


def show_path(path: tuple) -> str:
    """``http.additional_rules[0].path`` for a path of keys and list indexes."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out
