"""A manifest key that the manifest's type does not know at that place.

## What it does
Reports every key of a workload, environment or pipeline manifest that Copilot does not read
at that place, including keys inside `environments.<env>` overrides, and suggests the key that
was probably meant (`did you mean "secrets"`) or where the key belongs (`it belongs under
"image"`). A key that belongs in another kind of manifest says so instead of suggesting a
namesake: `variables` in an environment manifest is a workload setting, extra
`network.vpc.security_groups` go in the workload manifests, a pipeline deployment's `image` is
ignored (`build.image` is the CodeBuild image), and a sidecar's key is only sent elsewhere in
that sidecar.

`--fix` renames a key whose suggestion is the only close known key, when the map does not hold
that key already (`secret:` becomes `secrets:`); keys to move or remove are left to you.

## Why is this bad?
Copilot silently ignores unknown keys, so a typo (`secret:`, `healthceck:`) or a key at the wrong
level (`port:` at the top instead of under `image:`) simply never applies: the setting you wrote
is not the one that is deployed, and nothing tells you.

Keys that start with `x-` are left alone: by convention they hold YAML anchors
(`x-common: &common …`) or data for other tools.

## Example
```yaml
name: api
type: Backend Service
image:
  build: Dockerfile
  port: 8080
secret:
  DB_PASSWORD: /copilot/app/prod/secrets/db
```

## Use instead
```yaml
name: api
type: Backend Service
image:
  build: Dockerfile
  port: 8080
secrets:
  DB_PASSWORD: /copilot/app/prod/secrets/db
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Fix, Rule, rename_key_node
from copilot_lint.rules.manifest._support import (
    MANIFEST_INPUTS,
    IssueKind, ManifestIssue, fit, json_array_message, manifest_issues, misplaced_settings,
    split_advice,
)


def _message(found: ManifestIssue) -> tuple[str, str]:
    """The message and hint; a key of an ``environments.<env>`` override is named with it, and
    a schema issue's message is cut to the limit with its advice as the hint."""
    if found.issue is None:
        return found.message, found.hint
    override, node = found.override, found.node
    message = json_array_message(found.schema, found.root, found.issue) or found.message
    if override is not None and node.file == override.file \
            and override.line <= node.line <= override.end_line:
        message = message.replace('unknown key "', f'unknown key "environments.{found.env}.', 1)
    return fit(*split_advice(message))


def _rename_fix(found: ManifestIssue) -> Fix | None:
    """Rename a misspelt key to its one close known key, when the map has no such key yet."""
    issue, root = found.issue, found.root
    if issue is None or root is None or not issue.rename_to or not issue.path \
            or not isinstance(issue.path[-1], str):
        return None
    parent = root.get(*issue.path[:-1])
    if parent is None or not parent.is_map or issue.rename_to in parent.value or \
            parent.key_node(issue.path[-1]) is not found.node:
        return None
    return Fix(f'rename it to "{issue.rename_to}"', [rename_key_node(found.node, issue.rename_to)])


class UnknownKey(Rule):
    id = "CL106"
    name = "unknown-key"
    severity = "warning"
    reads = MANIFEST_INPUTS | {"pipeline"}
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        misplaced = {(w.manifest.path, name) for w in ws.workloads
                     for name in misplaced_settings(ws, w)}
        for found in manifest_issues(ws):
            if (found.node.file, found.env) in misplaced:
                continue    # a setting indented too shallow: CL103 reports the block once
            if found.kind is IssueKind.UNKNOWN_KEY:
                message, hint = _message(found)
                yield Finding.at(found.node, message, env=found.env, key=found.key, hint=hint,
                                 fix=_rename_fix(found))
