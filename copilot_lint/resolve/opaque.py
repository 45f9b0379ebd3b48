"""Values an addon's evaluation cannot know, kept apart from the text it knows.

An evaluated string may hold *opaque parts* (:class:`Opaque`): ``Ref:Bucket@prod``,
``Import:<export name>``, ``AWS::Region``… How they are kept inside a string is private to this
module; every reader uses :func:`parts`, :func:`opaque_parts`, :func:`only_opaque`,
:func:`flatten`, :func:`imports_in`, :func:`show` and :func:`is_known`. Text from the workspace
can never forge or hide one: :func:`source_text` escapes a NUL character (YAML's ``"\\0"``) as
the visible ``\\0`` before it is evaluated.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_MARK = "\x00"
NOVALUE = type("NoValue", (), {"__repr__": lambda self: "NOVALUE"})()
UNKNOWN_BOOL = type("UnknownBool", (), {"__repr__": lambda self: "UNKNOWN"})()



@dataclass(frozen=True)
class Opaque:
    """A part of an evaluated value that cannot be known statically."""

    label: str
    """``Ref:Bucket@prod``, ``GetAtt:Db.Endpoint.Address@prod``, ``Import:<export name>``,
    ``Param:Name``, ``AWS::Region``, ``App``, ``Env``, an intrinsic's name…"""

    @property
    def name(self) -> str:
        """The label without its environment: ``Ref:Bucket`` for ``Ref:Bucket@prod``."""
        return self.label.rsplit("@", 1)[0] if "@" in self.label else self.label

    @property
    def env(self) -> str | None:
        """The environment the part is unique to (its own stack's value), else ``None``."""
        return self.label.rsplit("@", 1)[1] if "@" in self.label else None

    @property
    def shown(self) -> str:
        """How a message shows it: ``${Ref:Bucket}``."""
        return "${" + self.label.split("@")[0] + "}"


def token(label: str) -> str:
    """A string that is one opaque part labelled ``label`` (for the evaluator)."""
    return f"{_MARK}{label}{_MARK}"


def source_text(value: Any) -> Any:
    """A value read from the workspace, with any NUL character escaped (``\\0``) so that text
    can never look like an opaque part; lists and mappings are escaped throughout."""
    if isinstance(value, str):
        return value.replace(_MARK, "\\0") if _MARK in value else value
    if isinstance(value, list):
        return [source_text(v) for v in value]
    if isinstance(value, dict):
        return {k: source_text(v) for k, v in value.items()}
    return value


def is_known(value: Any) -> bool:
    """True when ``value`` has no opaque part."""
    if isinstance(value, str):
        return _MARK not in value
    if isinstance(value, list):
        return all(is_known(v) for v in value)
    return value is not NOVALUE and value is not UNKNOWN_BOOL


def parts(value: str) -> list[str | Opaque]:
    """The literal text and the opaque parts of an evaluated string, in order (no empty text)."""
    pieces = value.split(_MARK)
    return [Opaque(p) if i % 2 else p for i, p in enumerate(pieces) if i % 2 or p]


def opaque_parts(value: Any) -> list[Opaque]:
    """The opaque parts of an evaluated string (none for anything else)."""
    return [Opaque(p) for p in value.split(_MARK)[1::2]] if isinstance(value, str) else []


def only_opaque(value: Any) -> Opaque | None:
    """The opaque part when ``value`` is exactly one, with no text around it."""
    if isinstance(value, str) and value.startswith(_MARK) and value.endswith(_MARK) \
            and value.count(_MARK) == 2:
        return Opaque(value[1:-1])
    return None


def flatten(value: str, opaque: Callable[[Opaque], str]) -> str:
    """``value`` with each opaque part replaced by ``opaque(part)``."""
    if _MARK not in value:
        return value
    return "".join(opaque(Opaque(p)) if i % 2 else p for i, p in enumerate(value.split(_MARK)))


def imports_in(value: Any) -> list[str]:
    """The export names a value imports with ``Fn::ImportValue`` (known names only)."""
    if not isinstance(value, str) or _MARK not in value:
        return []
    return [label[len("Import:"):] for label in value.split(_MARK)[1::2]
            if label.startswith("Import:") and is_known(label[len("Import:"):])]


def show(value: Any) -> str:
    """A readable form of an evaluated value for messages (``${…}`` for opaque parts)."""
    if isinstance(value, str):
        return flatten(value, lambda p: p.shown)
    return str(value)


def to_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return token("list")
    return token("?")
