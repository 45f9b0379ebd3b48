"""A Load Balanced Web Service whose load balancer health check requests `/`.

## What it does
Reports a Load Balanced Web Service whose Application Load Balancer health check path, as
resolved for an environment, is `/`: set explicitly (`http.healthcheck: /` or
`http.healthcheck.path: /`) or left out, since `/` is Copilot's default. Services with
`http: false` (no load balancer) are skipped.

## Why is this bad?
`/` is usually the application's home page: it may render templates, query the database,
redirect to a login page (a 302 the target group counts as unhealthy unless `success_codes`
allows it) or be rate limited. A slow or failing home page then takes every task out of the
load balancer at once. A cheap endpoint that only says "this process is up" keeps health
checks about health.

## Example
```yaml
http:
  path: /
```

## Use instead
```yaml
http:
  path: /
  healthcheck:
    path: /healthz
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import (
    Context, Finding, Node, Rule, Workload, WorkloadType, manifest_for,
)


class RootHealthCheck(Rule):
    id = "HC101"
    name = "healthcheck-on-root"
    severity = "warning"

    def check_workload(self, ws: Context, workload: Workload, env: str) -> Iterator[Finding]:
        if workload.type != WorkloadType.LB_WEB_SERVICE:
            return
        manifest = manifest_for(ws, workload, env)
        if manifest is None or not manifest.is_map:
            return
        http = manifest.get("http")
        if http is not None and http.is_scalar and http.value is False:
            return
        where = self._root_path(manifest, http)
        if where is not None:
            yield Finding.at(where, "the load balancer health-checks / (the home page); give "
                             "http.healthcheck a cheap path such as /healthz", env=env,
                             key=f"{workload.name}:healthcheck")

    @staticmethod
    def _root_path(manifest: Node, http: Node | None) -> Node | None:
        """The node to report when the health check path is ``/``, else ``None``."""
        if http is None:
            return manifest
        if not http.is_map:
            return http
        check = http.get("healthcheck")
        if check is None:
            return manifest.key_node("http") or http
        path = check.get("path") if check.is_map else check
        if path is None:
            return check
        return path if path.str_value() == "/" else None
