"""A pipeline whose build stage has no buildspec to run.

## What it does
For each pipeline manifest Copilot reads (`copilot/pipelines/<dir>/manifest.yml` and the legacy
`copilot/pipeline.yml`), reports a manifest without `build.buildspec` when there is no
`buildspec.yml` next to it either: without `build.buildspec`, Copilot points the CodeBuild
project at `<manifest folder>/buildspec.yml` (`copilot/pipelines/<dir>/buildspec.yml`, or
`copilot/buildspec.yml` for the legacy manifest), a path in the repository the pipeline checks
out. The finding sits on the manifest's `build` key, else on its `name`.

A manifest that sets `build.buildspec` is left alone (the path is relative to the repository,
which may hold more than this workspace), as is a manifest that does not parse (Copilot skips
it).

## Why is this bad?
`copilot pipeline deploy` creates the pipeline without looking for the file; the first run then
fails in the build stage because CodeBuild finds no buildspec at the path it was given, and no
image is built or deployed. `copilot pipeline init` writes the file, so this usually means it
was deleted, renamed, or never committed.

## Example
```yaml
# copilot/pipelines/release/manifest.yml, with no copilot/pipelines/release/buildspec.yml
name: release
version: 1
source:
  provider: GitHub
  properties:
    repository: https://github.com/acme/shop
stages:
  - name: test
```

## Use instead
Commit `copilot/pipelines/release/buildspec.yml` (as `copilot pipeline init` generates it), or
point the build at the buildspec you keep elsewhere:
```yaml
build:
  buildspec: ci/buildspec.yml
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule


class PipelineBuildspec(Rule):
    id = "CL602"
    name = "pipeline-buildspec"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        for pipeline in ws.pipelines:
            root = pipeline.root
            if root is None or pipeline.has_default_buildspec:
                continue
            build = root.get("build")
            buildspec = build.get("buildspec") if build is not None and build.is_map else None
            if buildspec is not None and (buildspec.str_value() or "").strip():
                continue
            where = root.key_node("build") or root.get("name") or root
            yield Finding.at(where, f'pipeline "{pipeline.name}" has no buildspec: its build stage '
                                    f"has nothing to run",
                             key=f"{pipeline.name}.build.buildspec",
                             hint=f"add {pipeline.default_buildspec} (copilot pipeline init "
                                  f"writes it) or set build.buildspec")
