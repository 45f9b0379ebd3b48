"""A sidecar runs the application but gets none of its configuration.

## What it does
Reports, per environment, a sidecar of an ECS workload that runs the application itself — it
builds the main container's Dockerfile (same `dockerfile` and `target`), uses the same image
repository as `image.location`, or runs an application command (migrations: `migrate`,
`manage.py`, `rake db:`, `alembic`, `prisma`, `knex`, `sequelize`, `artisan`) from an image
built from the repository or kept in a private ECR repository — while the main container has
`variables`, `secrets`, an `env_file` or secrets injected from addon outputs, and the sidecar
declares none of them (and no `env_file`).

Not reported: sidecars with an image of their own (agents, proxies, log routers), and
sidecars that declare at least one of the main container's variables or secrets.

## Why is this bad?
Copilot gives a sidecar only what the sidecar's own block declares: the manifest's `variables`,
`secrets` and `env_file` belong to the main container, and secrets from addon outputs are
injected into the main container only (`partials/cf/secrets.yml`; aws/copilot-cli#5639,
#5655). A migration or worker sidecar built from the application's image then starts without
its database URL or credentials and fails, often taking the task with it when it is
essential.

## Example
```yaml
image:
  build: Dockerfile
secrets:
  DATABASE_URL: /copilot/shop/${COPILOT_ENVIRONMENT_NAME}/secrets/db-url
sidecars:
  migrate:
    image:
      build: Dockerfile
    command: python manage.py migrate
    essential: false
```

## Use instead
```yaml
sidecars:
  migrate:
    image:
      build: Dockerfile
    command: python manage.py migrate
    essential: false
    secrets:
      DATABASE_URL: /copilot/shop/${COPILOT_ENVIRONMENT_NAME}/secrets/db-url
```
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Node, Rule, Workload, addon_eval, manifest_for
from copilot_lint.rules.manifest._support import (
    MANIFEST_INPUTS,
    ECS_TYPES, MAIN, SECRET, SIDECAR, Container, containers, ref_target, snake_case,
)

_APP_COMMAND = re.compile(r"\b(migrate|migrations?|manage\.py|rake\s+db:|alembic|prisma|knex|"
                          r"sequelize|artisan)\b", re.IGNORECASE)
_PRIVATE_ECR = re.compile(r"\d{12}\.dkr\.ecr\.")


class SidecarConfig(Rule):
    id = "CL120"
    name = "sidecar-config"
    severity = "warning"
    reads = MANIFEST_INPUTS
    scope = "workload"

    def check_workload(self, ws: Context, workload: Workload, env: str) -> Iterator[Finding]:
        if workload.type not in ECS_TYPES:
            return
        root = manifest_for(ws, workload, env)
        found = containers(root, workload.name)
        main = next((c for c in found if c.kind == MAIN), None)
        if main is None or not any(c.kind == SIDECAR for c in found):
            return
        config = _configuration(ws, workload, env, main)
        if not config:
            return
        names = {n for n in config if not n.startswith("env_file ")}
        for sidecar in found:
            if sidecar.kind != SIDECAR or not _runs_app(main, sidecar) or \
                    sidecar.env_file is not None or \
                    (sidecar.variable_names() | sidecar.secret_names()) & names:
                continue
            brief = ", ".join(config[:2]) + (f" and {len(config) - 2} more"
                                             if len(config) > 2 else "")
            listed = ", ".join(config[:8]) + (", …" if len(config) > 8 else "")
            yield Finding.at(
                _at(root, sidecar), f'sidecar "{sidecar.name}" runs the application '
                                    f"without its {brief}",
                hint=f"declare what it needs in the sidecar's own block ({listed})",
                env=env, key=f"{workload.name}:sidecars.{sidecar.name}")


def _configuration(ws: Context, workload: Workload, env: str, main: Container) -> list[str]:
    """What the main container is given: variables, secrets, addon secrets, its env file."""
    found = sorted(main.variable_names()) + sorted(main.secret_names())
    if workload.addons is not None:
        ev = addon_eval(ws, workload.addons, env)
        found += sorted(snake_case(name) for name, output in ev.outputs.items()
                        if output.is_map and ev.active(name)
                        and ev.resource_type(ref_target(output.get("Value")) or "") == SECRET)
    if main.env_file is not None and main.env_file.is_str:
        found.append(f"env_file {main.env_file.value}")
    return list(dict.fromkeys(found))


def _runs_app(main: Container, sidecar: Container) -> bool:
    built = _dockerfile(main.build) if main.build is not None else None
    if built is not None and sidecar.build is not None and _dockerfile(sidecar.build) == built:
        return True
    repo = _repository(sidecar.location)
    if repo is not None and repo == _repository(main.location):
        return True
    command = sidecar.command.plain() if sidecar.command is not None else None
    text = " ".join(map(str, command)) if isinstance(command, list) else str(command or "")
    return bool(_APP_COMMAND.search(text)) and (sidecar.build is not None or (
        repo is not None and _PRIVATE_ECR.match(repo) is not None))


def _dockerfile(build: Node) -> tuple[str, str] | None:
    """The Dockerfile and build target of ``image.build``, as Copilot resolves them
    (``ImageLocationOrBuild.BuildConfig``: the named Dockerfile, else ``Dockerfile`` in the
    context, else ``Dockerfile`` in the workspace root), normalised."""
    if build.is_str:
        return posixpath.normpath(build.value.strip().replace("\\", "/")), ""
    if not build.is_map:
        return None
    dockerfile, target = build.get("dockerfile"), build.get("target")
    context = build.get("context")
    path = dockerfile.str_value() if dockerfile is not None else None
    if path is None:
        folder = context.str_value() if context is not None else ""
        if folder is None:
            return None
        path = posixpath.join(folder.strip().replace("\\", "/"), "Dockerfile")
    target_text = target.str_value() if target is not None else ""
    return posixpath.normpath(path.strip().replace("\\", "/")), target_text or ""


def _repository(location: Node | None) -> str | None:
    """An image reference without its tag or digest."""
    if location is None or not location.is_str or "${" in location.value.split(":")[0]:
        return None
    ref = location.value.strip().split("@", 1)[0]
    head, _, tail = ref.rpartition(":")
    return head if head and "/" not in tail else ref


def _at(root: Node, sidecar: Container) -> Node:
    sidecars = root.get("sidecars")
    key = sidecars.key_node(sidecar.name) if sidecars is not None else None
    return key or sidecar.block
