"""An addons folder does not declare a parameter that Copilot always passes.

## What it does
Merges the templates of each `addons/` folder as Copilot does and reports when the merged
`Parameters` lack `App`, `Env` or (for workload addons) `Name`. Copilot passes these three to
every workload addon stack (`App` and `Env` to environment addons) and requires the template to
declare them. The finding points at the first template's `Parameters` section (or its first
line when no template has one).

`--fix` declares the missing parameters (`Name: {Type: String}`) in that template.

## Why is this bad?
Copilot refuses to deploy the workload or environment: `required parameter "Name" is missing
from the template`. Templates copied from plain CloudFormation projects often lack them.

## Example
```yaml
# copilot/api/addons/bucket.yml
Parameters:
  App: {Type: String}
  Env: {Type: String}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
```

## Use instead
```yaml
Parameters:
  App: {Type: String}
  Env: {Type: String}
  Name: {Type: String}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, AddonSet, Finding, Fix, Rule, add_key
from copilot_lint.rules.addons._support import ADDON_INPUTS, first_definitions, readable, reserved


_PARAMETER = {"Type": "String"}

class AddonParameters(Rule):
    id = "CL201"
    name = "addon-parameters"
    severity = "error"
    reads = ADDON_INPUTS
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        for addons in ws.addon_sets():
            if addons.templates and readable(ws, addons):
                yield from _check(addons)


def _check(addons: AddonSet) -> Iterator[Finding]:
    declared = first_definitions(addons, "Parameters")
    missing = [name for name in reserved(addons) if name not in declared]
    if not missing:
        return
    names = " and ".join(f"\"{name}\"" for name in missing)
    plural = "parameters" if len(missing) > 1 else "parameter"
    owner = "environment addons" if addons.is_environment else \
        f'the addons of "{addons.owner}"'
    passed = "App and Env" if addons.is_environment else "App, Env and Name"
    message = f"{owner} declare no {names} {plural}, which Copilot always passes"
    hint = (f"add {' and '.join(f'{n}: {{Type: String}}' for n in missing)} under Parameters "
            f"(Copilot passes {passed})")
    key = f"{addons.dir_path}:Parameters.{'+'.join(missing)}"
    fix = parameters_fix(addons, missing)
    for template in addons.templates:
        where = template.mapping.key_node("Parameters") if template.mapping is not None else None
        if where is not None:
            yield Finding.at(where, message, key=key, fix=fix, hint=hint)
            return
    yield Finding(addons.templates[0].path, 1, 1, message, key=key, fix=fix, hint=hint)


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
