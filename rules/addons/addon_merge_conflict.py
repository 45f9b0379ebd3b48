"""Two templates of one addons folder define the same key differently.

## What it does
Merges the templates of each `addons/` folder in file-name order, as Copilot does, and reports
a `Metadata`, `Parameters`, `Conditions`, `Resources` or `Outputs` key that a later template
defines with content different from the first definition, and a `Mappings` entry
(`Mapping.Key`) defined differently in two templates. The same key with identical content is
fine (repeating the `App`/`Env`/`Name` parameters in every file is the usual case).

Identical means what Copilot compares: the YAML content ignoring quotes, comments and layout,
but counting key order, scalars as written (`1.0` is not `1.00`), and short forms (`!Ref X` is
not `Ref: X`, `!GetAtt A.B` is not `!GetAtt [A, B]`).

## Why is this bad?
Copilot refuses to deploy the workload or environment: `parameter logical ID "Env" defined in
"a.yml" at Ln 3, Col 5 is different than in "b.yml" …`. A different `Description` on a
repeated parameter is enough.

## Example
```yaml
# copilot/api/addons/bucket.yml
Parameters:
  Env: {Type: String, Description: The environment name.}
# copilot/api/addons/queue.yml
Parameters:
  Env: {Type: String}
```

## Use instead
```yaml
# copilot/api/addons/queue.yml
Parameters:
  Env: {Type: String, Description: The environment name.}
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, AddonSet, Finding, Node, Rule
from copilot_lint.rules.addons._support import ADDON_INPUTS, entries, same_content


_SINGLE_LEVEL = {"Metadata": "metadata key", "Parameters": "parameter",
                 "Conditions": "condition", "Resources": "resource", "Outputs": "output"}


class AddonMergeConflict(Rule):
    id = "CL204"
    name = "addon-merge-conflict"
    severity = "error"
    reads = ADDON_INPUTS
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        for addons in ws.addon_sets():
            if len(addons.templates) < 2:
                continue
            for section, label in _SINGLE_LEVEL.items():
                yield from _single_level(addons, section, label)
            yield from _mappings(addons)


def _single_level(addons: AddonSet, section: str, label: str) -> Iterator[Finding]:
    first: dict[str, tuple[Node, Node]] = {}
    for _, key, key_node, value in entries(addons, section):
        if key not in first:
            first[key] = (key_node, value)
        elif not same_content(first[key][1], value):
            yield _conflict(addons, f'{label} "{key}"', f"{section}.{key}", first[key][0],
                            key_node)


def _mappings(addons: AddonSet) -> Iterator[Finding]:
    merged: dict[str, dict[str, tuple[Node, Node]]] = {}
    for _, name, _, mapping in entries(addons, "Mappings"):
        if not mapping.is_map:
            continue
        owned = merged.setdefault(name, {})
        for key, value in mapping.items():
            key_node = mapping.key_node(key) or value
            if key not in owned:
                owned[key] = (key_node, value)
            elif not same_content(owned[key][1], value):
                yield _conflict(addons, f'mapping "{name}.{key}"', f"Mappings.{name}.{key}",
                                owned[key][0], key_node)


def _conflict(addons: AddonSet, what: str, key: str, first: Node, second: Node) -> Finding:
    return Finding.at(
        second,
        f"{what} is already defined differently in {_name(first.file)} (line {first.line})",
        key=f"{addons.dir_path}:{key}",
        hint="Copilot merges the folder into one template and refuses the conflict: make both "
             "definitions identical or rename one")


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]
