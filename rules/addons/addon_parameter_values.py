"""An addon parameter gets no value, or `addons.parameters.yml` passes one it must not.

## What it does
Checks an `addons/` folder's merged `Parameters` against its `addons.parameters.yml` the way
Copilot does before deploying:

- a template parameter without `Default` that is neither passed by Copilot (`App`, `Env`,
  `Name`) nor given in `addons.parameters.yml` (reported at the parameter);
- a key of `addons.parameters.yml` that no template of the folder declares (at the key);
- `App`, `Env` or (for workload addons) `Name` in `addons.parameters.yml`: Copilot passes those
  itself and refuses to let the file set them (at the key).

## Why is this bad?
Copilot refuses the folder before anything is deployed: `parameter "X" in template must have a
default value or is included in parameters file`, `template does not require the parameter "X"
in parameters file`, or `reserved parameters "App", "Env", and "Name" cannot be declared`.

## Example
```yaml
# copilot/api/addons/apigateway.yml
Parameters:
  App: {Type: String}
  Env: {Type: String}
  Name: {Type: String}
  DiscoveryServiceARN: {Type: String}
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: !Sub '${App}-${Env}-${Name}', ProtocolType: HTTP}
```

## Use instead
```yaml
# copilot/api/addons/addons.parameters.yml
Parameters:
  DiscoveryServiceARN: !GetAtt DiscoveryService.Arn
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, AddonSet, Finding, Node, Rule, closest
from copilot_lint.rules.addons._support import ADDON_INPUTS, first_definitions, readable, reserved


class AddonParameterValues(Rule):
    id = "CL202"
    name = "addon-parameter-values"
    severity = "error"
    reads = ADDON_INPUTS
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        for addons in ws.addon_sets():
            if not addons.templates:
                continue
            supplied = _supplied(addons)
            yield from _reserved_in_file(addons, supplied)
            if supplied is None or not readable(ws, addons):
                continue
            declared = first_definitions(addons, "Parameters")
            yield from _undeclared(addons, supplied, declared)
            yield from _without_value(addons, supplied, declared)


def _supplied(addons: AddonSet) -> Node | None:
    """The ``Parameters`` mapping of the parameters file; an empty one when there is no file.

    ``None`` when the file exists but is unusable (CL001/CL005 report it).
    """
    if addons.params is None:
        return Node("map", {}, "", 0, 0)
    root = addons.params.mapping
    params = root.get("Parameters") if root is not None else None
    return params if params is not None and params.is_map and params.value else None


def _reserved_in_file(addons: AddonSet, supplied: Node | None) -> Iterator[Finding]:
    names = reserved(addons)
    for key, value in supplied.items() if supplied is not None else []:
        if key in names:
            yield Finding.at(
                supplied.key_node(key) or value,
                f'addons.parameters.yml sets "{key}", which Copilot passes itself',
                key=f"{addons.dir_path}:parameters.{key}",
                hint=f'remove it: Copilot passes {", ".join(names[:-1])} and {names[-1]} itself '
                     "and refuses them in the file")


def _undeclared(addons: AddonSet, supplied: Node,
                declared: dict[str, tuple[Node, Node]]) -> Iterator[Finding]:
    names = reserved(addons)
    for key, value in supplied.items():
        if key in names or key in declared:
            continue
        close = closest(key, [d for d in declared if d not in names])
        hint = f'did you mean "{close}"?' if close else \
            f"declare it under Parameters in a template of {addons.dir_path}, or remove it"
        yield Finding.at(supplied.key_node(key) or value,
                         f'addons.parameters.yml passes "{key}", which no template declares',
                         key=f"{addons.dir_path}:parameters.{key}", hint=hint)


def _without_value(addons: AddonSet, supplied: Node,
                   declared: dict[str, tuple[Node, Node]]) -> Iterator[Finding]:
    names = reserved(addons)
    for key, (key_node, value) in declared.items():
        if key in names or key in supplied.value:
            continue
        if not value.is_map or "Default" in value.value:
            continue
        yield Finding.at(key_node,
                         f'parameter "{key}" has no Default and addons.parameters.yml does not '
                         "pass it", key=f"{addons.dir_path}:Parameters.{key}",
                         hint="add a Default or pass it in addons.parameters.yml: Copilot "
                              "refuses the addons as they are")
