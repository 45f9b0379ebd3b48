"""The workspace as Copilot wires it: a graph of workloads, environments, data and flows.

Built from the model and the cross-file index (:func:`copilot_lint.query.index.index_of`), never by
re-reading files. Nodes: workloads (by type), environments, Copilot's environment stack, the
data-carrying resources of workload and environment addons (databases, caches, buckets, file
systems, queues, topics, streams, secrets, SSM parameters) and their managed policies, pipelines,
and what lives outside the workspace (secrets and parameters named by manifests, exports nobody
makes). Edges: exports → imports, secret flows (``secrets:`` entries and addon secrets Copilot
injects), policies → the task role they are attached to, policies → the resources they grant
access to, data resources → the resources whose properties use them (a secret in a database's
password, an ARN in a parameter's value), topics → subscribers, pipelines → the environments
they deploy to.

The picture is one per workspace, not one per environment: an element that exists only in some
environments says so. Findings are placed on the narrowest element whose source span holds them
(an edge's line, a resource's block, then a whole manifest or addons folder) and mark it.
:mod:`copilot_lint.graph.render` draws the graph as Mermaid or DOT.
"""
from __future__ import annotations

import re
from typing import Any

from copilot_lint.graph.elements import WHOLE, Graph, GraphEdge, Span, place_findings
from copilot_lint.model.finding import Finding
from copilot_lint.model.node import Node
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import AddonSet, SourceFile
from copilot_lint.query.index import Index, index_of
from copilot_lint.resolve.addon import AddonEval, addon_eval
from copilot_lint.resolve.opaque import is_known, is_text, show
from copilot_lint.resolve.manifest import manifest_for
from copilot_lint.model.analysis import environments
from copilot_lint.model.vocabulary import WorkloadType

WORKLOAD_KINDS = {
    WorkloadType.LB_WEB_SERVICE: "lb-web-service", WorkloadType.BACKEND_SERVICE: "backend-service",
    WorkloadType.WORKER_SERVICE: "worker-service", WorkloadType.RD_WEB_SERVICE: "rd-web-service",
    WorkloadType.STATIC_SITE: "static-site", WorkloadType.SCHEDULED_JOB: "scheduled-job",
}


DATA_TYPES = {
    "AWS::RDS::DBCluster": ("database", "Aurora/RDS cluster"),
    "AWS::RDS::DBInstance": ("database", "RDS instance"),
    "AWS::DynamoDB::Table": ("database", "DynamoDB table"),
    "AWS::DynamoDB::GlobalTable": ("database", "DynamoDB global table"),
    "AWS::DocDB::DBCluster": ("database", "DocumentDB cluster"),
    "AWS::Neptune::DBCluster": ("database", "Neptune cluster"),
    "AWS::OpenSearchService::Domain": ("database", "OpenSearch domain"),
    "AWS::Elasticsearch::Domain": ("database", "Elasticsearch domain"),
    "AWS::Redshift::Cluster": ("database", "Redshift cluster"),
    "AWS::ElastiCache::ReplicationGroup": ("cache", "ElastiCache replication group"),
    "AWS::ElastiCache::CacheCluster": ("cache", "ElastiCache cluster"),
    "AWS::ElastiCache::ServerlessCache": ("cache", "ElastiCache serverless"),
    "AWS::MemoryDB::Cluster": ("cache", "MemoryDB cluster"),
    "AWS::S3::Bucket": ("bucket", "S3 bucket"),
    "AWS::EFS::FileSystem": ("bucket", "EFS file system"),
    "AWS::SQS::Queue": ("queue", "SQS queue"),
    "AWS::SNS::Topic": ("queue", "SNS topic"),
    "AWS::Kinesis::Stream": ("queue", "Kinesis stream"),
    "AWS::SecretsManager::Secret": ("secret", "Secrets Manager secret"),
    "AWS::SSM::Parameter": ("parameter", "SSM parameter"),
    "AWS::IAM::ManagedPolicy": ("policy", "managed policy"),
}


SECRET_TYPE = "AWS::SecretsManager::Secret"


_SUB_REF = re.compile(r"\$\{\s*([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\s*\}")


def _span(node: Node | None) -> Span | None:
    """The lines a node covers. A block collection's end mark is where the next token starts,
    so its last line is the one before."""
    if node is None:
        return None
    end = node.end_line - 1 if not node.is_scalar and node.end_line > node.line else node.end_line
    return node.file, node.line, max(node.line, end)


def _whole(files: list[SourceFile | None]) -> list[Span]:
    return [(f.path, 1, WHOLE) for f in files if f is not None]


def _generic(value: Any, env: str) -> str:
    """A value as shown in a label, with the environment's name replaced by ``${Env}``."""
    text = show(value) if not isinstance(value, str) or not is_known(value) else value
    return re.sub(rf"(?<![A-Za-z0-9]){re.escape(env)}(?![A-Za-z0-9])", "${Env}", text) \
        if env else text


def snake(name: str) -> str:
    """The variable name Copilot injects for an addon output (``DbSecret`` → ``DB_SECRET``)."""
    name = re.sub(r"([a-z0-9]+)([A-Z])", r"\1_\2", name)
    return re.sub(r"([A-Z0-9])([A-Z][a-z])", r"\1_\2", name).upper()


def _targets(node: Node | None) -> list[str]:
    """Logical ids a value refers to: ``Ref``, ``Fn::GetAtt`` and ``${X}`` inside ``Fn::Sub``."""
    found: list[str] = []
    for item in node.nodes() if node is not None else []:
        fn = item.intrinsic()
        if fn is None:
            continue
        name, arg = fn
        if name == "Ref" and arg.is_str:
            found.append(arg.value)
        elif name == "Fn::GetAtt":
            first = arg.get(0) if arg.is_seq else arg
            if first is not None and first.is_str:
                found.append(first.value.split(".")[0])
        elif name == "Fn::Sub":
            text = arg.get(0) if arg.is_seq else arg
            if text is not None and text.is_str:
                found.extend(_SUB_REF.findall(text.value))
    return found


class _Builder:
    def __init__(self, ws: Context, index: Index) -> None:
        self.ws, self.index = ws, index
        self.graph = Graph(ws.app or ws.display_root, list(ws.env_names))

    def resource_key(self, addons: AddonSet, logical_id: str) -> str:
        return f"res:{addons.dir_path}:{logical_id}"

    def stack_key(self, addons: AddonSet | None) -> str:
        """The node standing for an addons stack as a whole (the workload's own node)."""
        if addons is not None and addons.workload is not None:
            return f"wl:{addons.workload.name}"
        return self.graph.node("env-addons", "environment addons stack", "stack",
                               "env-addons").key

    def build(self) -> Graph:
        g, ws = self.graph, self.ws
        g.group("envs", "environments")
        for env in ws.environments:
            g.node(f"env:{env.name}", env.name, "environment", "envs",
                   spans=_whole([env.manifest]))
        if ws.env_addons is not None:
            g.group("env-addons", "environment addons", "envs",
                    _whole([*ws.env_addons.templates, ws.env_addons.params]))
        for workload in ws.workloads:
            addons = workload.addons
            g.group(f"wl-group:{workload.name}", workload.name, None,
                    _whole([*addons.templates, addons.params]) if addons else [])
            g.node(f"wl:{workload.name}", f"{workload.name}\n{workload.type or 'unknown type'}",
                   WORKLOAD_KINDS.get(workload.type or "", "workload"),
                   f"wl-group:{workload.name}", spans=_whole([workload.manifest]))
        envs = environments(ws)  # without environments, still draw what addons define
        for addons in ws.addon_sets():
            for env in envs:
                self.resources(addon_eval(ws, addons, env))
        for publishing in (True, False):
            for env in envs:
                for workload in ws.workloads:
                    self.pubsub(workload, env, publishing)
        for secret in self.index.secrets:
            node = g.nodes.get(self.resource_key(secret.addons, secret.logical_id))
            if secret.rds_managed and node is not None and "master secret" not in node.label:
                node.label += "\nwith its master secret"
        self.imports()
        self.secrets()
        self.policies()
        self.pipelines()
        return g

    def resources(self, ev: AddonEval) -> None:
        addons = ev.addons
        group = "env-addons" if addons.is_environment else f"wl-group:{addons.workload.name}"
        for logical_id, resource in ev.resources.items():
            kind = DATA_TYPES.get(ev.resource_type(logical_id) or "")
            if kind is None or not resource.is_map or not ev.active(logical_id):
                continue
            key = self.graph.node(self.resource_key(addons, logical_id),
                                  f"{logical_id}\n{kind[1]}", kind[0], group, env=ev.env,
                                  spans=[_span(resource)]).key
            props = resource.get("Properties") if kind[0] != "policy" else None
            for prop, value in props.items() if props is not None else []:
                for target in dict.fromkeys(_targets(value)):
                    if target != logical_id and ev.resource_type(target) in DATA_TYPES:
                        self.graph.edge(self.resource_key(addons, target), key, prop, "uses",
                                        env=ev.env, span=_span(value))
        if addons.workload is None:
            return
        for output, node in ev.outputs.items():
            value = node.get("Value") if node.is_map else None
            fn = value.intrinsic() if value is not None else None
            if fn and fn[0] == "Ref" and fn[1].is_str and ev.active(output) \
                    and ev.resource_type(fn[1].value) == SECRET_TYPE:
                self.graph.edge(self.resource_key(addons, fn[1].value),
                                f"wl:{addons.workload.name}", f"{snake(output)} (injected)",
                                "secret", env=ev.env, span=_span(node))

    def producer(self, env: str, name: Any) -> tuple[str, str]:
        """The node that makes export ``name`` in ``env``, and the edge's label."""
        g = self.graph
        exports = self.index.exported(env, name) if is_text(name) else []
        if not exports:
            shown = _generic(name, env)
            return g.node(f"missing:{shown}", f"no such export\n{shown}", "missing",
                          "external").key, "import"
        export = exports[0]
        if export.workload is not None:
            return f"wl:{export.workload}", export.output
        if export.addons is None:   # Copilot's own stacks, or a patch of the environment stack
            return g.node("env-stack", "Copilot environment stack\n(VPC, cluster, load "
                          "balancers)", "env-stack", "envs").key, export.output
        ev = addon_eval(self.ws, export.addons, env)
        output = ev.outputs.get(export.output)
        for target in _targets(output.get("Value") if output is not None and output.is_map
                               else None):
            key = self.resource_key(export.addons, target)
            if key in g.nodes:
                return key, export.output
        return self.stack_key(export.addons), export.output

    def consumer(self, addons_path: str, node: Node, workload_name: str | None) -> str:
        """The drawn resource whose block holds ``node``, else the addons stack's node."""
        best = None
        for key, gnode in self.graph.nodes.items():
            if key.startswith(f"res:{addons_path}:"):
                for file, start, end in gnode.spans:
                    if file == node.file and start <= node.line <= end and \
                            (best is None or end - start < best[1]):
                        best = (key, end - start)
        if best:
            return best[0]
        if workload_name:
            return f"wl:{workload_name}"
        return self.stack_key(None)

    def imports(self) -> None:
        secret_nodes = {(u.node.file, u.node.line, u.node.col) for u in self.index.secret_uses}
        for imp in self.index.imports:
            if (imp.node.file, imp.node.line, imp.node.col) in secret_nodes:
                continue
            src, label = self.producer(imp.env, imp.name)
            name = imp.workload.name if imp.workload is not None else None
            dst = f"wl:{name}" if imp.kind == "from_cfn" else \
                self.consumer(imp.consumer, imp.node, name)
            self.graph.edge(src, dst, label, "import", env=imp.env, span=_span(imp.node))

    def secrets(self) -> None:
        """Secret flows; parameters outside the workspace are drawn once per folder."""
        g = self.graph
        shared: dict[tuple[str, str], list] = {}
        for use in self.index.secret_uses:
            env, value = use.env, use.value
            if use.form == "from_cfn":
                src, _ = self.producer(env, value)
                how = "from_cfn"
            elif use.form == "secretsmanager" or (value.startswith("arn:")
                                                  and ":secretsmanager:" in value):
                name = value.split(":")[0] if use.form == "secretsmanager" else \
                    value.split(":secret:", 1)[-1].split(":")[0]
                src = self.defined_secret(env, name) or g.node(
                    f"ext-secret:{_generic(name, env)}",
                    f"{_generic(name, env)}\nSecrets Manager secret", "external-secret",
                    "external").key
                how = "Secrets Manager"
            else:
                name = value.split(":parameter", 1)[-1] if value.startswith("arn:") else value
                params = self.index.ssm.get(env, {}).get(name)
                if not params:
                    folder = _generic(name, env).rpartition("/")[0]
                    src = g.node(f"ext-params:{folder}", f"{folder}/*\nSSM parameters" if folder
                                 else "SSM parameters", "external-secret", "external").key
                    shared.setdefault((src, use.workload.name), []).append(use)
                    continue
                src = self.resource_key(params[0].addons, params[0].logical_id)
                how = "SSM"
            g.edge(src, f"wl:{use.workload.name}", f"{use.variable} ({how})", "secret",
                   env=env, span=_span(use.node))
        for (src, workload), uses in shared.items():
            names = list(dict.fromkeys(u.variable for u in uses))
            label = ", ".join(names) if len(names) <= 3 else \
                f"{', '.join(names[:2])} +{len(names) - 2} more"
            for use in uses:
                g.edge(src, f"wl:{workload}", f"{label} (SSM)", "secret", env=use.env,
                       span=_span(use.node))

    def defined_secret(self, env: str, name: str) -> str | None:
        for secret in self.index.secrets:
            if secret.env == env and secret.name == name:
                return self.resource_key(secret.addons, secret.logical_id)
        return None

    def policies(self) -> None:
        g = self.graph
        for (workload, env), attachments in self.index.policies.items():
            for att in attachments:
                key = self.resource_key(att.addons, att.logical_id)
                ev = addon_eval(self.ws, att.addons, env)
                g.edge(key, f"wl:{workload}", "task role", "policy", env=env,
                       span=_span(ev.outputs.get(att.output)))
                self.grants(key, att.resource, att.addons, env)

    def grants(self, policy: str, resource: Node, addons: AddonSet, env: str) -> None:
        statements = resource.get("Properties", "PolicyDocument", "Statement")
        if statements is None:
            return
        for statement in statements.elements() if statements.is_seq else [statements]:
            effect = statement.get("Effect")
            if effect is None or effect.value != "Allow":
                continue
            actions = statement.get("Action")
            names = [a.value for a in (actions.elements() if actions is not None and
                                       actions.is_seq else [actions]) if a is not None and a.is_str]
            label = ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "")
            for target in dict.fromkeys(_targets(statement.get("Resource"))):
                key = self.resource_key(addons, target)
                if key in self.graph.nodes and key != policy:
                    self.graph.edge(policy, key, label or "access", "grants", env=env,
                                    span=_span(statement))

    def pubsub(self, workload, env: str, publishing: bool) -> None:
        """Published topics (first pass), then subscriptions to them (second pass)."""
        root = manifest_for(self.ws, workload, env)
        if root is None or not root.is_map:
            return
        g = self.graph
        topics = root.get("publish", "topics") if publishing else None
        for topic in topics.elements() if topics is not None else []:
            name = topic.get("name") if topic.is_map else None
            if name is not None and name.is_str:
                key = g.node(f"topic:{workload.name}:{name.value}", f"{name.value}\nSNS topic",
                             "queue", f"wl-group:{workload.name}", env=env,
                             spans=[_span(topic)]).key
                g.edge(f"wl:{workload.name}", key, "publishes", "subscribe", env=env,
                       span=_span(topic))
        subscriptions = None if publishing else root.get("subscribe", "topics")
        for topic in subscriptions.elements() if subscriptions is not None else []:
            name, service = (topic.get("name"), topic.get("service")) if topic.is_map else \
                (None, None)
            if name is None or service is None or not name.is_str or not service.is_str:
                continue
            key = g.node(f"topic:{service.value}:{name.value}",
                         f"{name.value}\nnot published by {service.value}", "missing",
                         "external", env=env).key
            g.edge(key, f"wl:{workload.name}", "subscribes", "subscribe", env=env,
                   span=_span(topic))

    def pipelines(self) -> None:
        g = self.graph
        for pipeline in self.ws.pipelines:
            key = g.node(f"pipeline:{pipeline.name}", f"pipeline\n{pipeline.name}", "pipeline",
                         "pipelines", spans=_whole([pipeline.manifest])).key
            g.group("pipelines", "pipelines")
            stages = pipeline.root.get("stages") if pipeline.root is not None else None
            for number, stage in enumerate(stages.elements() if stages is not None else [], 1):
                name = stage.get("name") if stage.is_map else None
                if name is None or not name.is_str:
                    continue
                target = f"env:{name.value}"
                if target not in g.nodes:
                    g.node(target, f"{name.value}\nno such environment", "missing", "envs")
                g.edge(key, target, f"stage {number}", "deploy", span=_span(stage))


def _merged(edges: dict[tuple, GraphEdge]) -> dict[tuple, GraphEdge]:
    """One edge per pair for imports and uses, its label listing what flows."""
    out: dict[tuple, GraphEdge] = {}
    for key, edge in edges.items():
        if edge.kind not in ("import", "uses"):
            out[key] = edge
            continue
        pair = (edge.src, edge.dst, "", edge.kind)
        if pair not in out:
            out[pair] = GraphEdge(src=edge.src, dst=edge.dst, kind=edge.kind)
        merged = out[pair]
        merged.label = ", ".join(filter(None, [merged.label, edge.label]))
        merged.spans += [s for s in edge.spans if s not in merged.spans]
        merged.envs |= edge.envs
    for edge in out.values():
        names = edge.label.split(", ")
        if edge.kind in ("import", "uses") and len(names) > 3:
            edge.label = f"{', '.join(names[:2])} +{len(names) - 2} more"
    return out


def build_graph(ws: Context, findings: list[Finding] | None = None) -> Graph:
    """The wiring graph of ``ws`` with ``findings`` placed on its elements."""
    graph = _Builder(ws, index_of(ws)).build()
    graph.group("external", "outside this workspace")
    graph.edges = _merged({k: e for k, e in graph.edges.items()
                           if e.src in graph.nodes and e.dst in graph.nodes})
    place_findings(graph, findings or [])
    return graph
