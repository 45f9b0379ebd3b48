"""A file parses as YAML but does not have the shape its role requires.

## What it does
Reports a workload, environment or pipeline manifest that is empty or not a mapping, an addon
template that is not a mapping or whose `Resources` section is missing or not a mapping (or whose
`Parameters`, `Conditions`, `Outputs` or `Mappings` is not a mapping), and an
`addons.parameters.yml` without a non-empty `Parameters` mapping.

## Why is this bad?
Copilot refuses all of these before anything is deployed (`"Resources" field in cloudformation
template is not a map`, `must define field 'Parameters'`), and no other check can read them.

## Example
```yaml
# copilot/api/addons/bucket.yml
Resources:
  - Type: AWS::S3::Bucket
```

## Use instead
```yaml
Resources:
  Bucket:
    Type: AWS::S3::Bucket
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Node, Rule, SourceFile

_KINDS = {"map": "a mapping", "seq": "a list", "scalar": "a single value"}
_SECTIONS = ("Parameters", "Conditions", "Mappings", "Outputs", "Metadata")
_ROLES = {"manifest": "a workload manifest", "env-manifest": "an environment manifest",
          "pipeline": "a pipeline manifest", "workspace": "copilot/.workspace"}


class DocumentShape(Rule):
    id = "CL005"
    name = "document-shape"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        loaded = [f for f in ws.files if f.text is not None and not _has_syntax_error(ws, f)]
        for source in loaded:
            if source.role in _ROLES:
                yield from _top(source, _ROLES[source.role])
            elif source.role == "addon":
                yield from _template(source)
            elif source.role == "addon-params":
                yield from _params(source)


def _has_syntax_error(ws: Context, source: SourceFile) -> bool:
    return any(p.file == source.path and p.kind.breaks_file for p in ws.problems)


def _kind(node: Node | None) -> str:
    if node is None or (node.is_scalar and node.value is None):
        return "empty"
    return _KINDS[node.kind]


def _at(source: SourceFile, node: Node | None, message: str) -> Finding:
    if node is None:
        return Finding(source.path, 1, 1, message)
    return Finding.at(node, message)


def _top(source: SourceFile, role: str) -> Iterator[Finding]:
    if source.mapping is None:
        yield _at(source, source.root, f"{role} must be a YAML mapping, got {_kind(source.root)}")


def _template(source: SourceFile) -> Iterator[Finding]:
    root = source.mapping
    if root is None:
        yield _at(source, source.root,
                  f"an addon template must be a YAML mapping, got {_kind(source.root)}")
        return
    resources = root.get("Resources")
    if resources is None or not resources.is_map or not resources.value:
        where = root.key_node("Resources") or root
        yield Finding.at(where, '"Resources" must be a mapping with at least one resource, got '
                                f"{_kind(resources)}",
                         hint="add a resource: Copilot refuses a template without one")
    for section in _SECTIONS:
        node = root.get(section)
        if node is not None and not node.is_map and not (node.is_scalar and node.value is None):
            yield Finding.at(node, f'"{section}" must be a mapping, got {_kind(node)}')


def _params(source: SourceFile) -> Iterator[Finding]:
    root = source.mapping
    params = root.get("Parameters") if root is not None else None
    if params is None or not params.is_map or not params.value:
        where = (root.key_node("Parameters") if root is not None else None) or source.root
        yield _at(source, where, 'addons.parameters.yml must define a non-empty "Parameters" '
                                 "mapping; Copilot refuses the file")
