"""A CloudFormation intrinsic function whose argument has the wrong shape.

## What it does
Checks the argument of every intrinsic function in addon templates and `addons.parameters.yml`:
`!Ref` takes a name; `!GetAtt` takes `Resource.Attribute` or `[Resource, Attribute]`; `!Sub` a
string or `[string, {variables}]`; `!Join` `[delimiter, [values]]`; `!Select` `[index, list]`;
`!Split` `[delimiter, string]`; `!If` `[condition, value, value]`; `!FindInMap`
`[map, key, key]`; `!Equals` two values; `!And`/`!Or` 2 to 10 conditions; `!Not` one. It also
reports `Fn::` keys that are not CloudFormation functions (`Fn::Subb`).

## Why is this bad?
CloudFormation rejects the whole template (`Template error: every Fn::Join object requires two
parameters`) only when the addon stack is created, after Copilot has built and pushed the image.
Copilot itself never checks intrinsic functions.

## Example
```yaml
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Join ['-', !Ref App, !Ref Env]
```

## Use instead
```yaml
      BucketName: !Join ['-', [!Ref App, !Ref Env]]
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Node, Rule, closest
from copilot_lint.rules.files._support import ADDON_INPUTS, INTRINSICS, MAP


def _list(node: Node, low: int, high: int) -> bool:
    return node.is_seq and low <= len(node.value) <= high


def _str_or_fn(node: Node) -> bool:
    return node.is_str or node.intrinsic() is not None


_SHAPES = {
    "Ref": (lambda a: a.is_str and bool(a.value), "a resource or parameter name"),
    "Fn::GetAtt": (lambda a: (a.is_str and "." in a.value) or (
        _list(a, 2, 2) and a.value[0].is_str), '"Resource.Attribute" or [Resource, Attribute]'),
    "Fn::Sub": (lambda a: (a.is_str and a.value != "") or (
        _list(a, 1, 2) and _str_or_fn(a.value[0]) and (len(a.value) == 1 or a.value[1].is_map)),
        "a string or [string, {variables}]"),
    "Fn::Join": (lambda a: _list(a, 2, 2) and a.value[0].is_str and (
        a.value[1].is_seq or a.value[1].intrinsic() is not None), "[delimiter, [values]]"),
    "Fn::Select": (lambda a: _list(a, 2, 2), "[index, list]"),
    "Fn::Split": (lambda a: _list(a, 2, 2) and a.value[0].is_str, "[delimiter, string]"),
    "Fn::If": (lambda a: _list(a, 3, 3) and a.value[0].is_str, "[condition, value, value]"),
    "Fn::FindInMap": (lambda a: _list(a, 3, 4), "[map, top-level key, second-level key]"),
    "Fn::Equals": (lambda a: _list(a, 2, 2), "a list of two values"),
    "Fn::And": (lambda a: _list(a, 2, 10), "a list of 2 to 10 conditions"),
    "Fn::Or": (lambda a: _list(a, 2, 10), "a list of 2 to 10 conditions"),
    "Fn::Not": (lambda a: _list(a, 1, 1), "a list of one condition"),
    "Fn::ImportValue": (lambda a: _str_or_fn(a) and not (a.is_str and not a.value),
                        "an export name"),
    "Fn::Base64": (lambda a: not a.is_seq and not (a.is_map and a.intrinsic() is None),
                   "a string"),
    "Fn::GetAZs": (lambda a: a.is_scalar or a.intrinsic() is not None, "a region or ''"),
    "Condition": (lambda a: a.is_str and bool(a.value), "a condition name"),
}


class MalformedIntrinsic(Rule):
    id = "CL006"
    name = "malformed-intrinsic"
    severity = "error"
    reads = ADDON_INPUTS
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        for source in ws.files:
            if source.role not in ("addon", "addon-params") or source.mapping is None or \
                    not any(_problem(node, key, arg) for node in source.mapping.nodes()
                            if node.kind == MAP for key, arg in node.value.items()):
                continue  # one quick pass without key paths; the positioned one only on a hit
            for path, node in source.mapping.walk():
                if node.kind != MAP:
                    continue
                for key, arg in node.value.items():
                    problem = _problem(node, key, arg)
                    if problem is not None:
                        message, on_argument, hint = problem
                        where = node.key_node(key) or node
                        yield Finding.at(arg if on_argument and arg.line else where, message,
                                         key=f"{'.'.join(map(str, path))}.{key}", hint=hint)


def _problem(parent: Node, key: str, arg: Node) -> tuple[str, bool, str] | None:
    """What is wrong with ``key: arg`` of the mapping ``parent``, whether it is about the
    argument (else about the key), and how to fix it; ``None`` when nothing is."""
    if key.startswith("Fn::") and key not in INTRINSICS:
        close = closest(key, [k for k in INTRINSICS if k.startswith("Fn::")], cutoff=0.7)
        return f'"{key}" is not a CloudFormation function', False, \
            f'did you mean "{close}"?' if close else "check the spelling"
    if len(parent.value) != 1 or key not in _SHAPES:
        return None
    valid, expected = _SHAPES[key]
    if valid(arg):
        return None
    shown = parent.tag if parent.tag else key
    return f"{shown} expects {expected}, got {_describe(arg)}", True, ""


def _describe(node: Node) -> str:
    if node.is_map:
        return "a mapping"
    if node.is_seq:
        return f"a list of {len(node.value)}"
    if node.value is None or node.value == "":
        return "nothing"
    return f'"{node.str_value()}"'
