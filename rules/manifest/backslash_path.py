r"""A build or env-file path written with backslashes.

## What it does
Reports, per environment, a path with `\` in `image.build` (the string form, or
`build.dockerfile` / `build.context`) of the main container or a sidecar, and in any
`env_file` (main container, sidecars, `logging`).

`--fix` writes the path with forward slashes.

## Why is this bad?
Copilot joins these paths to the workspace root with the operating system's rules. On Windows
`copilot\\api\\Dockerfile` works; on Linux — every CodeBuild pipeline and most CI runners — a
backslash is an ordinary character in a file name, so the Dockerfile or env file is not found
and the deploy fails (aws/copilot-cli#2371).

## Example
```yaml
image:
  build: copilot\api\Dockerfile
```

## Use instead
```yaml
image:
  build: copilot/api/Dockerfile
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Fix, Rule, Workload, manifest_for, replace_node
from copilot_lint.rules.manifest._support import MANIFEST_INPUTS, containers


class BackslashPath(Rule):
    id = "CL122"
    name = "backslash-path"
    severity = "warning"
    reads = MANIFEST_INPUTS
    scope = "workload"

    def check_workload(self, ws: Context, workload: Workload, env: str) -> Iterator[Finding]:
        for container in containers(manifest_for(ws, workload, env), workload.name):
            paths = container.build_paths()
            if container.env_file is not None and container.env_file.is_str:
                paths.append(container.env_file)
            for node in paths:
                if "\\" not in node.value:
                    continue
                forward = node.value.replace("\\", "/")
                yield Finding.at(
                    node, f'path "{node.value}" uses backslashes, which Linux pipelines '
                          "do not read as separators",
                    hint=f'write "{forward}"', env=env,
                    key=f"{workload.name}:{container.name}:path={node.value}",
                    fix=Fix(f'write "{forward}"', [replace_node(node, forward)]))
