"""CL303's advice for a physical name that CloudFormation generated for one environment.

A resource without an explicit name (an addon's bucket, queue, table …) gets one built from
its stack's name, its logical id and a random suffix
(``shop-beta-web-addonsstac-filesbucket-1a2b3c4d5e6f``). Pasted into a manifest, it names that
environment's resource; ``${COPILOT_ENVIRONMENT_NAME}`` in place of the environment would not
give the other environments' names (their suffixes differ). The way to reach the resource in
every environment is the variable Copilot injects for an addon output that ``!Ref``s it.
"""
from __future__ import annotations

import re

from copilot_lint.api import Context, Workload, addon_eval
from copilot_lint.rules.naming._support import ref_target, snake_case

_GENERATED = re.compile(r"(?P<stack>.+)-(?P<logical>[A-Za-z0-9]+)-(?P<suffix>[A-Za-z0-9]{12,13})")
"""``<stack name>-<logical id, maybe cut>-<random suffix of 12 or 13 characters>``."""


def generated_name_hint(ws: Context, workload: Workload, env: str, value: str) -> str | None:
    """How to read the resource whose generated name ``value`` is, when it is a resource of the
    workload's own addons (``None`` otherwise)."""
    found = _GENERATED.fullmatch(value.strip())
    if found is None or workload.addons is None:
        return None
    part = found["logical"].lower()
    ev = addon_eval(ws, workload.addons, env)
    logical = next((lid for lid in ev.resources if lid.lower().startswith(part)), None)
    if logical is None:
        return None
    outputs = [name for name, node in ev.outputs.items()
               if node.is_map and ref_target(node.get("Value")) == logical]
    if outputs:
        return (f"it is the name CloudFormation generated for {logical} in one environment: use "
                f"the variable Copilot injects from its output, {snake_case(outputs[0])}")
    return (f"it is the name CloudFormation generated for {logical} in one environment: add an "
            f"addon output with Value: !Ref {logical} and use the variable Copilot injects")
