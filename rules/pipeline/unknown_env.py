"""A pipeline stage names an environment that the workspace does not have.

## What it does
Compares the `name` of every stage of every pipeline manifest (`copilot/pipelines/*/manifest.yml`
and the legacy `copilot/pipeline.yml`) with the environments of the workspace (the folders under
`copilot/environments/`, or the `environments` list of the configuration) and reports the names
that are not among them, suggesting the closest one. A workspace without environment folders
or configured environments is not checked: its environments are not known.

## Why is this bad?
`copilot pipeline deploy` looks every stage's environment up in the application and refuses a
name it does not know, and a pipeline that was deployed before an environment was renamed or
deleted fails in its deploy stage. Either way the release does not reach that environment.

## Example
```yaml
# copilot/pipelines/release/manifest.yml
stages:
  - name: test
  - name: prodution
```

## Use instead
```yaml
stages:
  - name: test
  - name: production
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule, closest


class PipelineUnknownEnv(Rule):
    id = "CL601"
    name = "pipeline-unknown-env"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        if not ws.environments_known:
            return
        envs = ws.env_names
        known = ", ".join(f'"{e}"' for e in envs)
        for pipeline in ws.pipelines:
            stages = pipeline.root.get("stages") if pipeline.root is not None else None
            for index, stage in enumerate(stages.elements() if stages is not None else []):
                node = stage.get("name") if stage.is_map else None
                name = node.str_value() if node is not None else None
                if name is None or name in envs:
                    continue
                close = closest(name, envs, cutoff=0.6)
                fix = f'did you mean "{close}"?' if close else \
                    f"create it (copilot env init) or use one of {known}"
                yield Finding.at(node, f'pipeline stage "{name}" is not an environment of this '
                                       f"workspace", hint=fix,
                                 key=f"{pipeline.name}.stages[{index}].name={name}")
