"""`image.location` names a Dockerfile or a local path instead of an image.

## What it does
Reports, per environment, an image reference — the main container's `image.location`, a
sidecar's `image` (or `image.location`), the log router's `logging.image` — that is a local
path: it starts with `./`, `../`, `/` or `~`, its last part is a Dockerfile name
(`Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`), or it names a file that exists in the
workspace root.

Not reported: registry references (`nginx`, `public.ecr.aws/…`, `…dkr.ecr…/api:1.2`) and values
with `${VARS}`.

## Why is this bad?
Copilot copies `location` into the task definition's `Image` as it is, without building
anything (copilot-facts §2.1.1). ECS then cannot pull `./Dockerfile`: every task stops with
`CannotPullContainerError: failed to normalize image reference` and the deployment never
stabilises (aws/copilot-cli#4386, #2640). Building from a Dockerfile is `image.build`.

## Example
```yaml
image:
  location: ./Dockerfile
```

## Use instead
```yaml
image:
  build: ./Dockerfile
```
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule, Workload, manifest_for
from copilot_lint.rules.manifest._support import FILE, LOGGING, MAIN, containers, named_file

_DOCKERFILE = re.compile(r"(?i)(dockerfile(\.[^/]*)?|[^/]+\.dockerfile)")


class ImageLocationPath(Rule):
    id = "CL121"
    name = "image-location-path"
    severity = "error"

    def check_workload(self, ws: Context, workload: Workload, env: str) -> Iterator[Finding]:
        for container in containers(manifest_for(ws, workload, env), workload.name):
            node = container.location
            if node is None or not node.is_str or not _local_path(ws, node.value):
                continue
            where = "image.location" if container.kind == MAIN else \
                "logging.image" if container.kind == LOGGING else \
                f'sidecar "{container.name}" image'
            yield Finding.at(
                node, f'{where} "{node.value}" is a local path, not an image ECS can pull',
                hint=f"build it with image.build: {node.value.strip()} (or give a "
                     "registry URI)",
                env=env, key=f"{workload.name}:{container.name}:image={node.value}")


def _local_path(ws: Context, value: str) -> bool:
    text = value.strip()
    if not text or "${" in text:
        return False
    if text.startswith(("./", "../", "/", "~", ".\\")) or "\\" in text:
        return True
    if _DOCKERFILE.fullmatch(text.replace("\\", "/").rsplit("/", 1)[-1]):
        return True
    return ":" not in text and "@" not in text and named_file(ws, text).state == FILE
