"""Values an addon's evaluation cannot know, kept apart from the text it knows.

An evaluated string is either a plain :class:`str` (wholly known: whatever characters the
workspace wrote, a NUL included) or a *partly known* string: an immutable sequence of literal
text and *opaque parts* (:class:`Opaque`: ``Ref:Bucket@prod``, ``Import:<export name>``,
``AWS::Region``…). There is no in-band encoding: a partly known string is its own type, private
to the resolver, and text from the workspace can never forge or hide an opaque part.

Every reader goes through this module: :func:`is_text`, :func:`is_known`, :func:`parts`,
:func:`opaque_parts`, :func:`only_opaque`, :func:`flatten`, :func:`imports_in`, :func:`show`,
and :func:`startswith`, :func:`endswith` and :func:`rpartition` on the literal text. The
evaluators build values with :func:`token`, :func:`labelled`, :func:`to_str`, :func:`join`,
:func:`substitute` and :func:`split`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, NamedTuple

NOVALUE = type("NoValue", (), {"__repr__": lambda self: "NOVALUE"})()
UNKNOWN_BOOL = type("UnknownBool", (), {"__repr__": lambda self: "UNKNOWN"})()


class Opaque(NamedTuple):
    """A part of an evaluated value that cannot be known statically."""

    label: str
    """``Ref:Bucket@prod``, ``GetAtt:Db.Endpoint.Address@prod``, ``Import:<export name>``,
    ``Param:Name``, ``AWS::Region``, ``App``, ``Env``, an intrinsic's name…"""
    of: Any = None
    """The partly known value the label was built from (an import of a name that is not wholly
    known: ``Import:${Param:Prefix}-VpcId``), else ``None``."""

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


class _Partial(tuple):
    """A partly known string: literal text (non-empty, never two in a row) and at least one
    :class:`Opaque` part, in order. Equal values are equal tuples, so they compare and hash
    like the strings they stand for."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Partial({tuple.__repr__(self)})"

    def __add__(self, other: Any) -> Any:
        return join("", (self, other))

    def __radd__(self, other: Any) -> Any:
        return join("", (other, self))


def _build(pieces: Iterable[Any]) -> str | _Partial:
    """Literal text and opaque parts (and partly known strings) as one value: a ``str`` when
    nothing is opaque."""
    out: list[Any] = []
    text = ""
    for piece in pieces:
        if isinstance(piece, str):
            text += piece
        elif type(piece) is _Partial:
            for inner in piece:
                if type(inner) is str:
                    text += inner
                else:
                    if text:
                        out.append(text)
                        text = ""
                    out.append(inner)
        else:
            if text:
                out.append(text)
                text = ""
            out.append(piece)
    if not out:
        return text
    if text:
        out.append(text)
    return _Partial(out)


@lru_cache(maxsize=4096)
def token(label: str, of: Any = None) -> _Partial:
    """A value that is one opaque part labelled ``label`` (for the evaluators; immutable, so
    shared: the same labels come back for every property of every environment)."""
    return _Partial((Opaque(label, of),))


def labelled(prefix: str, value: Any, suffix: str = "") -> _Partial:
    """One opaque part whose label holds an evaluated value (``Import:`` + an export name):
    when the value is not wholly known, the label shows it (``${…}``) and the part keeps it."""
    text = to_str(value)
    if isinstance(text, str):
        return token(prefix + text + suffix)
    return token(prefix + show(text) + suffix, text)


def is_text(value: Any) -> bool:
    """True for an evaluated string, wholly or partly known."""
    return isinstance(value, (str, _Partial))


def is_known(value: Any) -> bool:
    """True when ``value`` has no opaque part."""
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(is_known(v) for v in value)
    return value is not NOVALUE and value is not UNKNOWN_BOOL and type(value) is not _Partial


def parts(value: Any) -> list[str | Opaque]:
    """The literal text and the opaque parts of an evaluated string, in order (no empty text)."""
    if type(value) is _Partial:
        return list(value)
    return [value] if value else []


def opaque_parts(value: Any) -> list[Opaque]:
    """The opaque parts of an evaluated string (none for anything else)."""
    if type(value) is _Partial:
        return [p for p in value if type(p) is Opaque]
    return []


def only_opaque(value: Any) -> Opaque | None:
    """The opaque part when ``value`` is exactly one, with no text around it."""
    if type(value) is _Partial and len(value) == 1:
        return value[0]
    return None


def flatten(value: Any, opaque: Callable[[Opaque], str]) -> str:
    """``value`` (an evaluated string) with each opaque part replaced by ``opaque(part)``."""
    if type(value) is not _Partial:
        return value
    return "".join([p if type(p) is str else opaque(p) for p in value])


def imports_in(value: Any) -> list[str]:
    """The export names a value imports with ``Fn::ImportValue`` (known names only)."""
    return [p.label[len("Import:"):] for p in opaque_parts(value)
            if p.label.startswith("Import:") and p.of is None]


def show(value: Any) -> str:
    """A readable form of an evaluated value for messages (``${…}`` for opaque parts)."""
    if isinstance(value, str):
        return value
    if type(value) is _Partial:
        return "".join([p if type(p) is str else "${" + p.label.split("@")[0] + "}"
                        for p in value])
    return str(value)


def to_str(value: Any) -> str | _Partial:
    """An evaluated value as a string, wholly or partly known (a list or an unknown value as
    an opaque part)."""
    if isinstance(value, str) or type(value) is _Partial:
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return token("list")
    return token("?")


def join(delimiter: Any, items: Iterable[Any]) -> str | _Partial:
    """``Fn::Join``: the items (as strings) with ``delimiter`` between them."""
    delimiter = to_str(delimiter)
    pieces: list[Any] = []
    for item in items:
        if pieces:
            pieces.append(delimiter)
        pieces.append(to_str(item))
    if all(type(p) is str for p in pieces):
        return "".join(pieces)
    return _build(pieces)


def substitute(pattern: re.Pattern, replace: Callable[[str], Any], template: Any) \
        -> str | _Partial:
    """``Fn::Sub``: each match of ``pattern`` (one group: the variable) in the literal text of
    ``template`` replaced by ``replace(group)`` (a string, wholly or partly known)."""
    if not isinstance(template, str):
        return _build(substitute(pattern, replace, p) if type(p) is str else p for p in template)
    if "${" not in template:
        return template
    pieces: list[Any] = pattern.split(template)
    known = True
    for index in range(1, len(pieces), 2):
        value = pieces[index] = replace(pieces[index])
        if type(value) is not str:
            known = False
    return "".join(pieces) if known else _build(pieces)


def split(text: Any, delimiter: str) -> list[Any]:
    """``Fn::Split`` of an evaluated string on a known, non-empty ``delimiter``: its literal
    text is split, an opaque part stays whole in its item."""
    if isinstance(text, str):
        return text.split(delimiter)
    items: list[list[Any]] = [[]]
    for piece in text:
        if type(piece) is str:
            first, *rest = piece.split(delimiter)
            items[-1].append(first)
            items.extend([r] for r in rest)
        else:
            items[-1].append(piece)
    return [_build(item) for item in items]


def startswith(value: Any, prefix: str) -> bool:
    """True when the literal text an evaluated string starts with starts with ``prefix``."""
    if type(value) is _Partial:
        return type(value[0]) is str and value[0].startswith(prefix)
    return isinstance(value, str) and value.startswith(prefix)


def endswith(value: Any, suffix: str) -> bool:
    """True when the literal text an evaluated string ends with ends with ``suffix``."""
    if type(value) is _Partial:
        return type(value[-1]) is str and value[-1].endswith(suffix)
    return isinstance(value, str) and value.endswith(suffix)


def rpartition(value: Any, separator: str) -> tuple[Any, str, Any]:
    """``str.rpartition`` of an evaluated string on its literal text: the head and the tail are
    evaluated strings (an opaque part never holds the separator)."""
    if type(value) is not _Partial:
        return value.rpartition(separator)
    for index in range(len(value) - 1, -1, -1):
        piece = value[index]
        if type(piece) is str and separator in piece:
            head, found, tail = piece.rpartition(separator)
            return _build((*value[:index], head)), found, _build((tail, *value[index + 1:]))
    return "", "", value
