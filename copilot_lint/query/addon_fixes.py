"""The ``--fix`` of the addon-contract rules (not a rule): CL201, CL203 and CL205.

Each helper returns a :class:`~copilot_lint.model.fix.Fix` only when the repair is unambiguous, and
``None`` otherwise; :mod:`copilot_lint.fix.plan` does the YAML work.
"""
from __future__ import annotations

from copilot_lint.query.addon_template import first_definitions, referenced_ids

from copilot_lint.model.fix import Fix, Tagged, add_key, replace_node
from copilot_lint.model.workspace import AddonSet, SourceFile
from copilot_lint.model.node import Node

_PARAMETER = {"Type": "String"}


def parameters_fix(addons: AddonSet, missing: list[str]) -> Fix | None:
    """CL201: declare the ``missing`` parameters (``{Type: String}``) in the first template
    with a ``Parameters`` section, or else in the first template."""
    template = next((t for t in addons.templates if t.mapping is not None and
                     t.mapping.get("Parameters") is not None), None)
    if template is None:
        template = next((t for t in addons.templates if t.mapping is not None), None)
    if template is None or not missing:
        return None
    return Fix(f"declare {', '.join(missing)} under Parameters of {template.path}",
               [add_key(template.path, ("Parameters",), name, dict(_PARAMETER))
                for name in missing])


def policy_output_fix(addons: AddonSet, logical_id: str, resource: Node) -> Fix | None:
    """CL203: add ``<Policy>Arn: {Value: !Ref <Policy>}`` to the ``Outputs`` of the template
    that defines the policy (with the policy's ``Condition``, so the output exists exactly where
    the policy does). Not when some output already names the policy (under a condition, in some
    environments): whether it should be attached everywhere is the author's call."""
    outputs = first_definitions(addons, "Outputs")
    for _, value in outputs.values():
        if value.is_map and logical_id in referenced_ids(value.get("Value")):
            return None
    name = next((n for n in (f"{logical_id}Arn", logical_id) if n not in outputs), None)
    template = _template_of(addons, resource)
    if name is None or template is None:
        return None
    entry: dict = {}
    condition = resource.get("Condition") if resource.is_map else None
    if condition is not None:
        if not condition.is_str:
            return None
        entry["Condition"] = condition.value
    entry["Value"] = Tagged("!Ref", logical_id)
    return Fix(f"output {name}: !Ref {logical_id}",
               [add_key(template.path, ("Outputs",), name, entry)])


def output_ref_fix(value: Node | None, logical_id: str) -> Fix | None:
    """CL205: rewrite an output ``Value`` that is exactly the resource's ARN or id as
    ``!Ref <LogicalId>``. Only a ``GetAtt``, ``Sub`` or ``Join`` that no condition or mapping
    steers: an ``!If`` would make the rewrite change other environments."""
    call = value.intrinsic() if value is not None else None
    if call is None or call[0] not in ("Fn::GetAtt", "Fn::Sub", "Fn::Join"):
        return None
    for node in value.nodes():
        inner = node.intrinsic()
        if inner is not None and inner[0] not in ("Fn::GetAtt", "Fn::Sub", "Fn::Join", "Ref"):
            return None
    return Fix(f"write Value: !Ref {logical_id}",
               [replace_node(value, Tagged("!Ref", logical_id))])


def _template_of(addons: AddonSet, node: Node) -> SourceFile | None:
    return next((t for t in addons.templates if t.path == node.file and t.mapping is not None),
                None)
