"""An `overrides/` folder or `cfn.patches.yml` that Copilot rejects or misapplies.

## What it does
Checks every `overrides/` folder Copilot reads (a workload's, `environments/overrides/` and a
pipeline's) the way `copilot svc|env|pipeline package` and `deploy` do:

- an empty folder, or one with neither `cfn.patches.yml` nor a CDK app (`cdk.json`): Copilot
  stops with an error (a `cfn.patches.yaml` is not read);
- a `cfn.patches.yml` that is not a list of `{op, path, value}` mappings;
- an `op` other than `add`, `remove` or `replace`;
- `add` or `replace` without a `value` (Copilot: "value required"); `remove` with a `value`
  (a warning: the value is ignored, the whole node at `path` is removed);
- a `path` that is missing or does not start with `/` (Copilot reads it as a JSON pointer: the
  first segment is dropped, so `Resources/X` looks for `X` at the top of the template), that
  names a top-level section CloudFormation does not have (`/Resource/...`), or that uses `-`
  (the end of a list) anywhere but as the last segment of an `add`;
- an `add` or `replace` of `/Resources/<id>/<key>` where `<key>` is not a resource attribute
  (`Type`, `Properties`, `DependsOn`, `Condition`, `Metadata`, `DeletionPolicy`,
  `UpdateReplacePolicy`, `UpdatePolicy`, `CreationPolicy`): Copilot writes it, and
  CloudFormation rejects the template with `Invalid template resource property 'LaunchType'`
  (aws/copilot-cli#4945); the key belongs under `Properties`. A `remove` of such a path stops
  Copilot itself (`key "/Resources/Service": "PlatformVersion" not found in map`), unless an
  earlier `add` of the file wrote it.

An empty patch list is accepted by Copilot and left alone. Whether a path exists in the template
Copilot renders is not checked beyond its first segment (`copilot svc package` shows it).

## Why is this bad?
Overrides are applied to the generated template on every `package` and `deploy`: a rejected
patch blocks every deployment of the workload or environment, and a patch whose pointer starts
in the wrong place fails or, with `add`, writes a key CloudFormation rejects.

## Example
```yaml
# copilot/api/overrides/cfn.patches.yml
- op: set
  path: Resources/LogGroup/Properties/RetentionInDays
- op: replace
  path: /Resources/TaskRole/Properties/Policies/-
```

## Use instead
```yaml
- op: replace
  path: /Resources/LogGroup/Properties/RetentionInDays
  value: 90
- op: add
  path: /Resources/TaskRole/Properties/Policies/-
  value:
    PolicyName: ReadReports
    PolicyDocument: {Version: '2012-10-17', Statement: []}
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Node, Rule
from copilot_lint.rules.manifest._support import Overrides

OPERATIONS = ("add", "remove", "replace")
SECTIONS = ("AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules",
            "Mappings", "Conditions", "Transform", "Resources", "Outputs")
PATCH_FILE = "cfn.patches.yml"
RESOURCE_ATTRIBUTES = ("Type", "Properties", "DependsOn", "Condition", "Metadata",
                       "DeletionPolicy", "UpdateReplacePolicy", "UpdatePolicy", "CreationPolicy")


class OverridePatch(Rule):
    id = "CL110"
    name = "override-patch"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        for overrides in ws.overrides:
            yield from _folder(overrides)
            root = overrides.patches.root if overrides.patches is not None else None
            if root is None or (root.is_scalar and root.value is None):
                continue
            if not root.is_seq:
                yield Finding.at(root, f"{PATCH_FILE} must be a list of {{op, path, value}} "
                                       f"patches", key=f"{overrides.owner}.overrides",
                                 hint="write it as a list: Copilot rejects the file as it is")
                continue
            added: list[str] = []
            for index, item in enumerate(root.elements()):
                where = f"{overrides.owner}.overrides[{index}]"
                yield from _patch(item, where, added)


def _folder(overrides: Overrides) -> Iterator[Finding]:
    if overrides.patches is not None or "cdk.json" in overrides.entries or \
            not overrides.readable:
        return
    fix = "add cfn.patches.yml or a CDK app, or remove the folder"
    if not overrides.entries:
        why = "is empty"
    elif "cfn.patches.yaml" in overrides.entries:
        why, fix = "holds cfn.patches.yaml, which Copilot does not read", \
            "rename it to cfn.patches.yml"
    else:
        why = "holds neither cfn.patches.yml nor a CDK app (cdk.json)"
    owner = overrides.owner
    what = "any environment" if owner == "environments" else \
        f'pipeline "{owner.partition("/")[2]}"' if owner.startswith("pipelines/") else f'"{owner}"'
    yield Finding(overrides.dir_path, 1, 1, f"the overrides folder {why}",
                  key=f"{owner}.overrides",
                  hint=f"{fix}: Copilot refuses to package or deploy {what} until then")


def _patch(item: Node, where: str, added: list[str]) -> Iterator[Finding]:
    if not item.is_map:
        yield Finding.at(item, "a patch must be a mapping with op, path and value", key=where,
                         hint="rewrite it as {op, path, value}: Copilot rejects the file")
        return
    op_node = item.get("op")
    op = op_node.str_value() if op_node is not None else None
    if op not in OPERATIONS:
        shown = f'"{op}"' if op is not None else "no op"
        yield Finding.at(op_node or item, f"unsupported patch operation {shown}",
                         key=f"{where}.op={op}", hint="use add, remove or replace")
        return
    value = item.get("value")
    if value is None and op != "remove":
        yield Finding.at(op_node, f'"{op}" patch without a value', key=f"{where}.value",
                         hint='add the value to write: Copilot stops with "value required"')
    elif value is not None and op == "remove":
        yield Finding(value.file, value.line, value.col,
                      '"remove" ignores its value and removes the whole node at path',
                      severity="warning", key=f"{where}.value",
                      hint="drop value, or point path at the element to remove")
    yield from _path(item.get("path"), op, item, where, added)
    path = item.get("path")
    if op == "add" and path is not None and path.str_value():
        added.append(path.str_value())


def _path(node: Node | None, op: str, item: Node, where: str,
          added: list[str]) -> Iterator[Finding]:
    text = node.str_value() if node is not None else None
    if not text:
        yield Finding.at(node or item, f'"{op}" patch without a path would apply to the whole '
                                       f"template", key=f"{where}.path",
                         hint="set path to a JSON pointer such as "
                              "/Resources/<LogicalId>/Properties/...")
        return
    if not text.startswith("/"):
        yield Finding.at(node, f'path "{_short(text)}" does not start with "/"',
                         key=f"{where}.path={text}",
                         hint=f'write "/{text}": Copilot reads it as a JSON pointer and drops its '
                              f"first segment")
        return
    segments = text.split("/")[1:]
    section = segments[0].replace("~1", "/").replace("~0", "~")
    if section not in SECTIONS:
        yield Finding.at(node, f'path "{_short(text)}" starts at "{section}", not a template '
                               f"section", key=f"{where}.path={text}",
                         hint="start it at Resources, Outputs, Parameters, Conditions, …")
        return
    if section == "Resources" and len(segments) >= 3 and op != "remove" \
            and segments[2] not in RESOURCE_ATTRIBUTES:
        yield Finding.at(node, f'path "{text}": "{segments[2]}" is not a resource attribute',
                         key=f"{where}.path={text}",
                         hint=f"CloudFormation rejects it (\"Invalid template resource property\");"
                              f" write /Resources/{segments[1]}/Properties/{segments[2]}")
        return
    if section == "Resources" and len(segments) >= 3 and op == "remove" \
            and segments[2] not in RESOURCE_ATTRIBUTES \
            and not any(text == a or text.startswith(a.rstrip("/") + "/") for a in added):
        yield Finding.at(node, f'path "{_short(text)}": "{segments[2]}" is not a resource '
                               f"attribute", key=f"{where}.path={text}",
                         hint=f"Copilot stops with \"key not found\" (nothing is there): write "
                              f"/Resources/{segments[1]}/Properties/{segments[2]}")
        return
    dash = [i for i, s in enumerate(segments) if s == "-"]
    if dash and (op != "add" or dash != [len(segments) - 1]):
        yield Finding.at(node, f'path "{_short(text)}" misplaces "-" (the end of a list)',
                         key=f"{where}.path",
                         hint='use an index: only the last segment of an "add" may be "-"')


def _short(text: str) -> str:
    """A path as messages quote it: at most 40 characters."""
    return text if len(text) <= 40 else text[:39] + "…"
