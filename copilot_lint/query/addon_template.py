"""The merged view of an ``addons/`` folder that the addon-contract rules share.

Not a rule. Copilot merges the templates of a folder in file-name order, the first definition of
a key owning it (copilot-facts §5.2); it passes ``App``, ``Env`` and, for workloads, ``Name``
itself; and it classifies an output only when its ``Value`` is ``!Ref X`` or ``{Ref: X}``
(§5.4). These helpers implement exactly that, on the positioned nodes.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from copilot_lint.model.node import Node
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import AddonSet, SourceFile

SECTIONS = ("Metadata", "Parameters", "Mappings", "Conditions", "Resources", "Outputs")
WORKLOAD_RESERVED = ("App", "Env", "Name")
ENVIRONMENT_RESERVED = ("App", "Env")

MANAGED_POLICY = "AWS::IAM::ManagedPolicy"
SECRET = "AWS::SecretsManager::Secret"
SECURITY_GROUP = "AWS::EC2::SecurityGroup"

_LOWER_UPPER = re.compile(r"([a-z0-9]+)([A-Z])")
_UPPER_LOWER = re.compile(r"([A-Z0-9])([A-Z][a-z])")
_SUB_NAME = re.compile(r"\$\{([^}!][^}]*)\}")


def reserved(addons: AddonSet) -> tuple[str, ...]:
    """The parameters Copilot passes to this folder's stack itself."""
    return ENVIRONMENT_RESERVED if addons.is_environment else WORKLOAD_RESERVED


def readable(ws: Context, addons: AddonSet) -> bool:
    """True when Copilot can merge every template (a mapping, or an empty document).

    A template that did not parse, or whose top level or sections are of the wrong kind, makes
    the merged view unknown; the yaml-syntax and document-shape rules report those files.
    """
    broken = {p.file for p in ws.problems if p.kind.breaks_file}
    for template in addons.templates:
        if template.text is None or template.path in broken:
            return False
        root = template.root
        if root is not None and not root.is_map and not (root.is_scalar and root.value is None):
            return False
        for name in SECTIONS:
            node = root.get(name) if root is not None and root.is_map else None
            if node is not None and not node.is_map and not (node.is_scalar and node.value is None):
                return False
    return True


def section(template: SourceFile, name: str) -> Node | None:
    """A top-level section of a template when it is a mapping."""
    node = template.mapping.get(name) if template.mapping is not None else None
    return node if node is not None and node.is_map else None


def entries(addons: AddonSet, name: str) -> Iterator[tuple[SourceFile, str, Node, Node]]:
    """``(template, key, key node, value node)`` of a section in every template, merge order."""
    for template in addons.templates:
        node = section(template, name)
        for key, value in node.items() if node is not None else []:
            yield template, key, node.key_node(key) or value, value


def first_definitions(addons: AddonSet, name: str) -> dict[str, tuple[Node, Node]]:
    """``key → (key node, value node)`` of the definition that owns each key after the merge."""
    owned: dict[str, tuple[Node, Node]] = {}
    for _, key, key_node, value in entries(addons, name):
        owned.setdefault(key, (key_node, value))
    return owned


def ref_target(value: Node | None) -> str | None:
    """The logical id an output ``Value`` names by ``!Ref``/``Ref:`` (Copilot's classification)."""
    if value is None or not value.is_map:
        return None
    target = value.value.get("Ref")
    if target is None or not target.is_str:
        return None
    if value.tag is not None and value.tag != "!Ref":
        return None
    return target.value.strip() or None


def referenced_ids(node: Node | None) -> set[str]:
    """Logical ids that ``node`` references through ``Ref``, ``Fn::GetAtt`` or ``Fn::Sub``."""
    found: set[str] = set()
    if node is None:
        return found
    for item in node.nodes():
        fn = item.intrinsic()
        if fn is None:
            continue
        name, arg = fn
        if name == "Ref" and arg.is_str:
            found.add(arg.value.strip())
        elif name == "Fn::GetAtt":
            first = arg.elements()[0] if arg.is_seq and arg.elements() else arg
            if first.is_str:
                found.add(first.value.split(".", 1)[0].strip())
        elif name == "Fn::Sub":
            template = arg.elements()[0] if arg.is_seq and arg.elements() else arg
            if template.is_str:
                found.update(m.group(1).split(".", 1)[0].strip()
                             for m in _SUB_NAME.finditer(template.value))
    return found


@lru_cache(maxsize=4096)
def snake_case(name: str) -> str:
    """The variable name Copilot injects for an output (``MyBucketName`` → ``MY_BUCKET_NAME``)."""
    return _UPPER_LOWER.sub(r"\1_\2", _LOWER_UPPER.sub(r"\1_\2", name)).upper()
