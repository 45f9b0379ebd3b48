"""An `env_file` that the deploy cannot read: missing, a folder, or left out of git.

## What it does
Resolves every `env_file` of a workload manifest — the main container's, each sidecar's and the
log router's (`logging.env_file`), per environment — against the workspace root (the folder
that holds `copilot/`), as Copilot does, and reports:

- a path where no file exists, or a folder (error);
- a file that git ignores (`.gitignore` files of the workspace root and below, with git's own
  semantics: negation, anchoring, `**`, folder patterns, nested files), so a clean checkout —
  a pipeline, a colleague's clone — does not have it (warning).

Only the files a manifest names are looked at, only inside the workspace root, never through a
symlink that leaves it. Paths with `${VARS}` Copilot cannot substitute, and paths outside the
root (`../shared.env`), are not checked. A path written with backslashes is looked up in its
forward-slash form (CL122 reports the backslashes). When the workspace root holds nothing but
`copilot/` and a Dockerfile a manifest builds from outside it is missing as well (a `copilot/`
folder copied out of its repository), missing files outside `copilot/` are not reported.

## Why is this bad?
`copilot deploy` and `copilot svc package` read each env file from
`<workspace root>/<env_file>` and upload it to S3 before anything else
(`internal/pkg/cli/deploy/workload.go`); a missing file stops the deploy with
`read env file …: no such file or directory`. A file kept out of git on purpose (secrets in
`*.env`) deploys from the author's laptop and fails in every pipeline (aws/copilot-cli#4736).

## Example
```yaml
# copilot/web/manifest.yml, with "copilot/web/*.env" in .gitignore
env_file: copilot/web/prod.env
```

## Use instead
Commit the env file (without secrets), and keep secrets in `secrets:`:
```yaml
env_file: copilot/web/prod.env
secrets:
  DB_PASSWORD: /copilot/${COPILOT_APPLICATION_NAME}/${COPILOT_ENVIRONMENT_NAME}/secrets/db
```

## Known problems
A file that `.gitignore` matches but that was force-added (`git add -f`) is committed; the
linter does not read git's index and reports it. Suppress the finding there.
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule, Workload, manifest_for
from copilot_lint.rules.files._support import (
    FILE, FOLDER, MISSING, containers, copied_out, inside_copilot, named_file,
)


class EnvFile(Rule):
    id = "CL007"
    name = "env-file"
    severity = "error"

    def check_workload(self, ws: Context, workload: Workload, env: str) -> Iterator[Finding]:
        if not workload.manifest.may_spell("env_file"):
            return
        root = manifest_for(ws, workload, env)
        for container in containers(root, workload.name):
            node = container.env_file
            if node is None or not node.is_str or not node.value.strip() \
                    or "${" in node.value:
                continue
            written = node.value.replace("\\", "/")
            found = named_file(ws, written)
            key = f"{workload.name}:{container.name}:env_file={node.value}"
            if found.state == MISSING and copied_out(ws) and \
                    not inside_copilot(ws, written):
                continue
            if found.state in (MISSING, FOLDER):
                what = "does not exist" if found.state == MISSING else "is a folder"
                yield Finding.at(
                    node, f'env_file "{node.value}" {what} in the workspace',
                    hint=f"create {found.relative} (env_file paths are relative to the "
                         "folder that holds copilot/)",
                    env=env, key=key)
            elif found.state == FILE and found.ignored:
                yield Finding.at(
                    node, f'env_file "{node.value}" is ignored by git, so pipelines and '
                          "clones lack it",
                    hint="commit it without secrets (a ! line in .gitignore) and move "
                         "secrets to secrets:",
                    env=env, key=key, severity="warning")
