"""A manifest needs shell variables (`${VAR}`) that whoever deploys must define.

## What it does
Lists, once per workload or environment manifest, the `${NAME}` references other than
`${COPILOT_APPLICATION_NAME}` and `${COPILOT_ENVIRONMENT_NAME}`, with the lines they are used on,
and points at the first use. It reads only what Copilot interpolates: string values and list
items, never keys; `\\${NAME}` is an escape and is skipped; pipeline manifests and addon
templates are not interpolated by Copilot and are not read. The `${COPILOT_…}` names Copilot
sets only inside the container (`${COPILOT_SERVICE_DISCOVERY_ENDPOINT}`, …) and look-alikes of
Copilot's names (`${COPILOT_ENV}`, `${COPILOT_QUEUE_URL}`) are left to CL123: exporting them is
never the fix. Any other `${COPILOT_…}` name (`${COPILOT_VPC_ID}`) is the team's own shell
variable and is listed like the others.

## Why is this bad?
Copilot substitutes `${NAME}` from the environment of the process that runs `copilot deploy`.
When the variable is not set there, the deploy stops with `environment variable "NAME" is not
defined` — and because the whole file is interpolated before the `environments:` override is
picked, a variable used only under `environments.prod` also breaks deploys to every other
environment. A manifest that deploys from a laptop then fails in a pipeline, or the other way
round. This is information, not an error: list the names so CI can be checked.

## Example
```yaml
# copilot/api/manifest.yml
image:
  location: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:${IMAGE_TAG}
```

## Use instead
Make sure every shell and CI job that deploys exports `IMAGE_TAG`, then declare it so the
finding goes away:
```yaml
# .copilot-lint.yml
deploy-variables: [IMAGE_TAG]
```

## Options
- `deploy-variables` (top-level configuration, list of names): variables the deploy
  environment is known to define; they are not reported.
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Node, Rule, SourceFile
from copilot_lint.rules.manifest._support import (
    MANIFEST_INPUTS,
    INTERPOLATION, PREDEFINED, interpolated_scalars, is_runtime_name,
)


class DeployVariable(Rule):
    id = "CL107"
    name = "deploy-variable"
    severity = "info"
    reads = MANIFEST_INPUTS
    scope = "workload"

    def check(self, ws: Context) -> Iterator[Finding]:
        declared = set(getattr(ws.config, "deploy_variables", None) or [])
        sources = [w.manifest for w in ws.workloads]
        sources += [e.manifest for e in ws.environments if e.manifest is not None]
        for source in sources:
            if source.root is None:
                continue
            uses = _uses(source, declared)
            if uses:
                yield _finding(uses)


def _uses(source: SourceFile, declared: set[str]) -> list[tuple[str, int, int, Node]]:
    """``(name, line, col, node)`` of every undeclared variable reference, in file order."""
    lines = source.text.splitlines() if source.text else []
    found = []
    for _, node in interpolated_scalars(source.root):
        if "${" not in node.value:
            continue
        spots = _raw_spots(lines, node)
        refs = [m for m in INTERPOLATION.finditer(node.value) if not m.group(1)]
        for i, match in enumerate(refs):
            name = match.group(2)
            if name in PREDEFINED or name in declared or is_runtime_name(name):
                continue  # CL123's: exporting them is never the fix
            line, col = spots[i] if len(spots) == len(refs) else (node.line, node.col)
            found.append((name, line, col, node))
    return sorted(found, key=lambda u: (u[1], u[2]))


def _raw_spots(lines: list[str], node: Node) -> list[tuple[int, int]]:
    """Positions of the unescaped ``${NAME}`` in the source text of ``node`` (1-based)."""
    spots = []
    for number in range(node.line, min(node.end_line, len(lines)) + 1):
        text = lines[number - 1]
        start = node.col - 1 if number == node.line else 0
        spots.extend((number, m.start() + 1) for m in INTERPOLATION.finditer(text, start)
                     if not m.group(1))
    return spots


def _finding(uses: list[tuple[str, int, int, Node]]) -> Finding:
    by_name: dict[str, list[int]] = {}
    for name, line, _, _ in uses:
        lines = by_name.setdefault(name, [])
        if line not in lines:
            lines.append(line)
    parts = [f"${{{name}}} ({'lines' if len(lines) > 1 else 'line'} "
             f"{', '.join(str(n) for n in lines)})" for name, lines in by_name.items()]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    one = len(parts) == 1
    noun, where, it = ("variable", "it is", "it") if one else ("variables", "one is", "them")
    first = uses[0]
    message = f"manifest needs the shell {noun} {listed} at deploy time"
    if len(message) > 100:
        names = [f"${{{name}}}" for name in by_name]
        message = f"manifest needs the shell {noun} {', '.join(names)} at deploy time"
        if len(message) > 100:
            message = f"manifest needs {len(names)} shell variables at deploy time ({names[0]}, …)"
    return Finding(first[3].file, first[1], first[2], message,
                   key="deploy-variables:" + ",".join(sorted(by_name)),
                   hint=f"copilot deploy fails wherever {where} unset: export {it} in every shell "
                        f"and CI job that deploys, then list {it} under deploy-variables in the "
                        f"configuration",
                   end_line=first[1], end_column=first[2] + len(first[0]) + 3)
