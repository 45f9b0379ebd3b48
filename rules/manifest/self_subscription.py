"""A Worker Service subscribes to a topic it publishes itself.

## What it does
For every environment, on the Worker Service manifest merged for that environment, reports each
`subscribe.topics[]` entry whose `service` is the worker itself and whose `name` is one of the
worker's own `publish.topics` there.

## Why is this bad?
Before it deploys a worker, Copilot lists the SNS topics already deployed in the environment
and refuses any subscription to a topic that is not among them (`validateTopicsExist` in
`internal/pkg/cli/deploy/worker.go`: `SNS topic shop-test-worker-events does not exist in
environment test`). The worker's own topics are created by the worker's own stack, so they do
not exist before its first deploy: the first `copilot svc deploy` of the worker fails in every
new environment, and no later deploy can break the cycle without editing the manifest.

## Example
```yaml
# copilot/worker/manifest.yml
type: Worker Service
publish:
  topics:
    - name: events
subscribe:
  topics:
    - name: events
      service: worker
```

## Use instead
```yaml
# publish the topic from another service (copilot/api/manifest.yml) and subscribe to it
subscribe:
  topics:
    - name: events
      service: api
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import Context, Finding, Rule, WorkloadType, manifest_for


class SelfSubscription(Rule):
    id = "CL114"
    name = "self-subscription"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        for worker in ws.workloads:
            if worker.type != WorkloadType.WORKER_SERVICE:
                continue
            for env in ws.env_names:
                root = manifest_for(ws, worker, env)
                if root is None or not root.is_map:
                    continue
                published = root.get("publish", "topics")
                own = {t.get("name").str_value() for t in (
                    published.elements() if published is not None else [])
                    if t.is_map and t.get("name") is not None}
                topics = root.get("subscribe", "topics")
                for index, entry in enumerate(topics.elements() if topics is not None else []):
                    if not entry.is_map:
                        continue
                    name, service = entry.get("name"), entry.get("service")
                    if name is None or service is None or service.str_value() != worker.name \
                            or name.str_value() not in own:
                        continue
                    yield Finding.at(name, f'worker "{worker.name}" subscribes to its own topic '
                                           f'"{name.str_value()}"', env=env,
                                     key=f"subscribe.topics[{index}]={worker.name}:"
                                         f"{name.str_value()}",
                                     hint="Copilot requires the topic to exist before the worker "
                                          "deploys, so the first deploy fails: publish it from "
                                          "another service")
