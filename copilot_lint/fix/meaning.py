"""What a YAML document means, as plain data: to check that an edited file says exactly what
was intended and nothing more.
"""
from __future__ import annotations

from typing import Any

from copilot_lint.fix.spans import Refused, path_text
from copilot_lint.load.parse import CFN_SHORT_FORMS
from copilot_lint.model.fix import Tagged


def same_data(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_data(v, b[k]) for k, v in a.items())
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    return type(a) is type(b) and a == b


def plain_data(value: Any) -> Any:
    """What the linter's loader makes of ``value`` once written."""
    if isinstance(value, Tagged):
        name = CFN_SHORT_FORMS.get(value.tag, value.tag)
        inner = plain_data(value.value)
        if name == "Fn::GetAtt" and isinstance(inner, str):
            inner = inner.split(".", 1) if "." in inner else [inner, ""]
        return {name: inner}
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_data(v) for v in value]
    return value


MISSING = object()


def walk_data(tree: Any, path: tuple, default: Any = None) -> Any:
    node = tree
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            if default is not None:
                return default
            raise Refused(f"no {path_text(path)} in the file") from None
    return node
