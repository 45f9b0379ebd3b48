"""A Worker Service subscribes to a topic that the named service does not publish.

## What it does
For every environment, resolves each Worker Service manifest and each `subscribe.topics` entry's
`service` manifest (with their `environments.<env>` overrides) and reports a subscription whose
topic `name` is not in that service's `publish.topics`. When the named service is not a workload
of this workspace, the subscription is only reported if another workload publishes a topic of
that name (a likely mix-up of services); otherwise the service may live in another repository.

## Why is this bad?
Copilot looks the topic up among the topics deployed in the environment before it deploys the
worker, and stops with `SNS topic <name> does not exist in environment <env>`. When a topic is
only published in some environments (a `publish` override), the worker deploys in those and
fails in the others.

## Example
```yaml
# copilot/worker/manifest.yml
type: Worker Service
subscribe:
  topics:
    - name: order-created
      service: orders
# copilot/orders/manifest.yml publishes only "orders-created"
```

## Use instead
```yaml
subscribe:
  topics:
    - name: orders-created
      service: orders
```
"""
from __future__ import annotations

from collections.abc import Iterator

from copilot_lint.api import (
    Context, Finding, Node, Rule, Workload, WorkloadType, closest, environments, manifest_for,
)


class UnknownTopic(Rule):
    id = "CL104"
    name = "unknown-topic"
    severity = "error"

    def check(self, ws: Context) -> Iterator[Finding]:
        for worker in ws.workloads:
            if worker.type != WorkloadType.WORKER_SERVICE:
                continue
            for env in environments(ws):
                yield from _worker(ws, worker, env)


def _worker(ws: Context, worker: Workload, env: str) -> Iterator[Finding]:
    root = _manifest(ws, worker, env)
    topics = root.get("subscribe", "topics") if root is not None else None
    for index, entry in enumerate(topics.elements() if topics is not None else []):
        name_node, service_node = (entry.get("name"), entry.get("service")) if entry.is_map \
            else (None, None)
        topic = name_node.str_value() if name_node is not None else None
        service = service_node.str_value() if service_node is not None else None
        if topic is None or service is None:
            continue
        key = f"subscribe.topics[{index}]={service}:{topic}"
        publisher = ws.workload(service)
        if publisher is None:
            others = [w.name for w in ws.workloads if topic in _published(ws, w, env)]
            if others:
                yield Finding.at(service_node, f'service "{service}" is not a workload of this '
                                               f'workspace', env=env or None, key=key,
                                 hint=f'did you mean service "{others[0]}"? it publishes topic '
                                      f'"{topic}"')
            continue
        if topic in _published(ws, publisher, env):
            continue
        elsewhere = [e for e in ws.env_names if e != env and topic in _published(ws, publisher, e)]
        if elsewhere:
            where = ("environment " if len(elsewhere) == 1 else "environments ") + \
                ", ".join(f'"{e}"' for e in elsewhere)
            message = f'topic "{topic}" is published by service "{service}" only in {where}'
            fix = ("publish it everywhere the worker is deployed, or subscribe only in those "
                   "environments' overrides")
        else:
            known = sorted({t for e in environments(ws) for t in _published(ws, publisher, e)})
            close = closest(topic, known, cutoff=0.6)
            fix = f'did you mean "{close}"?' if close else \
                f"add it to publish.topics in {publisher.manifest.path}"
            message = f'topic "{topic}" is not published by service "{service}"'
        yield Finding.at(name_node, message, env=env or None, key=key, hint=fix)


def _manifest(ws: Context, workload: Workload, env: str) -> Node | None:
    root = manifest_for(ws, workload, env) if env else workload.root
    return root if root is not None and root.is_map else None


def _published(ws: Context, workload: Workload, env: str) -> list[str]:
    root = _manifest(ws, workload, env)
    topics = root.get("publish", "topics") if root is not None else None
    names = []
    for entry in topics.elements() if topics is not None else []:
        node = entry.get("name") if entry.is_map else None
        if node is not None and node.str_value() is not None:
            names.append(node.str_value())
    return names
