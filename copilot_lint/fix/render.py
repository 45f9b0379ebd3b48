"""New values rendered as YAML text in a file's own indentation and quoting (ruamel.yaml's
round-trip emitter; imported only by ``--fix`` and ``--diff``).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, Tag, TaggedScalar
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from copilot_lint.load.parse import type_plain_scalar
from copilot_lint.model.fix import Tagged

_YAML11_WORDS = frozenset(
    w for word in ("y", "yes", "n", "no", "on", "off", "true", "false", "null", "~", "=", "<<")
    for w in (word, word.capitalize(), word.upper()))


@dataclass
class Indent:
    """The file's indentation: spaces per mapping level, and a sequence dash's offset."""

    mapping: int
    offset: int


def _yaml(fmt: Indent, flow: bool = False) -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 1 << 30
    yaml.brace_single_entry_mapping_in_flow_sequence = True
    yaml.indent(mapping=fmt.mapping, sequence=fmt.offset + 2, offset=fmt.offset)
    if flow:
        yaml.default_flow_style = True
    return yaml


def dump_yaml(data: Any, fmt: Indent, flow: bool = False) -> str:
    out = io.StringIO()
    _yaml(fmt, flow).dump(data, out)
    return out.getvalue()


def to_ruamel(value: Any) -> Any:
    """Plain data and :class:`Tagged` as ruamel.yaml objects; strings that YAML 1.1 readers
    (CloudFormation) would take for a boolean, a number or null are quoted."""
    if isinstance(value, Tagged):
        inner = to_ruamel(value.value)
        if isinstance(inner, str):
            style = "'" if value.tag == "!Sub" or _needs_quotes(inner) else None
            return TaggedScalar(str(inner), style=style, tag=value.tag)
        inner.yaml_set_ctag(Tag(suffix=value.tag))
        return inner
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[to_ruamel(str(key))] = to_ruamel(item)
        return out
    if isinstance(value, (list, tuple)):
        return CommentedSeq(to_ruamel(v) for v in value)
    if isinstance(value, str) and not isinstance(value, (SingleQuotedScalarString,
                                                          DoubleQuotedScalarString)) \
            and _needs_quotes(value):
        return SingleQuotedScalarString(value)
    return value


def _needs_quotes(text: str) -> bool:
    """True when a YAML 1.1 or 1.2 reader would not read ``text`` written plain as a string."""
    if text in _YAML11_WORDS or not isinstance(type_plain_scalar(text), str):
        return True
    return bool(text) and text[0] in "0123456789+-." and \
        all(c in "0123456789_:.+-eE" for c in text)


def inline(value: Any, flow: bool) -> str:
    """``value`` on one line: plain or quoted scalar, short form, or flow collection."""
    data = to_ruamel(value)
    if isinstance(data, (CommentedMap, CommentedSeq)):
        return dump_yaml(data, Indent(2, 0), flow=True).strip()
    if flow:
        return dump_yaml(CommentedSeq([data]), Indent(2, 0), flow=True).strip()[1:-1]
    text = dump_yaml(CommentedMap([("_", data)]), Indent(2, 0)).rstrip("\n")
    if not text.startswith("_: ") or "\n" in text:
        return inline(value, True)
    return text[3:]


def block_lines(entries: list[tuple[str, Any]], col: int, fmt: Indent) -> list[str]:
    """``key: value`` entries as block lines, indented to ``col``."""
    text = dump_yaml(to_ruamel(dict(entries)), fmt)
    return [(" " * col + line) if line.strip() else "" for line in text.rstrip("\n").split("\n")]
