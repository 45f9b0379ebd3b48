"""Who produces and who consumes what, per environment: the graph cross-file rules read.

Built once per run (lazily, on first use) from the resolved workspace:

- exports: addon ``Outputs.*.Export.Name``, the exports Copilot's own environment, workload
  and application stacks make (copilot-facts §6), and those a YAML patch of an ``overrides/``
  folder adds to a workload or environment stack;
- imports: ``Fn::ImportValue`` in addons and ``from_cfn`` in manifests;
- SSM parameters and Secrets Manager secrets defined by addons (incl. RDS-managed secrets);
- the managed policies each workload's task role receives (ManagedPolicy outputs by ``Ref``);
- every manifest ``secrets:`` entry, with the form it takes.

With an :class:`~copilot_lint.query.index_parts.IndexParts` in ``ws.analysis.index_parts`` (the
language server), the parts of unchanged folders and manifests are taken from the previous run.
"""
from __future__ import annotations

import re
from collections import defaultdict
from copy import copy
from dataclasses import dataclass
from typing import Any

from copilot_lint.model.node import MAP, SCALAR, Node
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import AddonSet, SourceFile, Workload
from copilot_lint.query.index_parts import IndexParts, signature
from copilot_lint.query.override_exports import patched_exports
from copilot_lint.resolve.addon import AddonEval, addon_eval
from copilot_lint.resolve.opaque import is_known, is_text, show, token
from copilot_lint.resolve.manifest import manifest_for
from copilot_lint.model.vocabulary import WorkloadType

ENV_STACK_EXPORTS = (
    "VpcId", "PublicSubnets", "PrivateSubnets", "InternetGatewayID", "PublicRouteTableID",
    "PrivateRouteTableIDs", "ServiceDiscoveryNamespaceID", "EnvironmentSecurityGroup",
    "PublicLoadBalancerDNS", "PublicLoadBalancerFullName", "CanonicalHostedZoneID",
    "HTTPListenerArn", "HTTPSListenerArn", "DefaultHTTPTargetGroup", "InternalLoadBalancerDNS",
    "InternalLoadBalancerFullName", "InternalLoadBalancerCanonicalHostedZoneID",
    "InternalWorkloadsHostedZoneID", "InternalWorkloadsHostedZoneName", "InternalHTTPListenerArn",
    "InternalHTTPSListenerArn", "InternalLoadBalancerSecurityGroup", "ClusterId",
    "EnvironmentManagerRoleARN", "CFNExecutionRoleARN", "HostedZone", "SubDomain",
    "FilesystemID", "CloudFrontDomainName", "AppRunnerVpcEndpointId",
)
WORKLOAD_STACK_EXPORTS = {
    WorkloadType.LB_WEB_SERVICE: ("DiscoveryServiceARN", "PublicNetworkLoadBalancerDNSName"),
    WorkloadType.BACKEND_SERVICE: ("DiscoveryServiceARN",),
    WorkloadType.STATIC_SITE: ("CloudFrontDistributionDomainName",
                    "CloudFrontDistributionAlternativeDomainName"),
}
SECRET_TYPES = ("AWS::SecretsManager::Secret",)
DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:(ssm|ssm-secure|secretsmanager):([^}]*)\}\}")


@dataclass
class Export:
    name: str
    env: str
    node: Node | None
    producer: str
    """``copilot`` for Copilot's own stacks, else the addons or ``overrides/`` folder path."""
    output: str = ""
    value: Any = None
    addons: AddonSet | None = None
    workload: str | None = None
    """The workload whose own stack makes the export (Copilot's template or a YAML patch of
    its ``overrides/``), else ``None`` (environment, application and addon stacks)."""
    value_node: Node | None = None
    """The output's ``Value`` as written, for an export a YAML patch adds."""


@dataclass
class Import:
    name: Any
    env: str
    node: Node
    consumer: str
    """The addons folder path or the manifest path that imports."""
    kind: str
    """``ImportValue`` or ``from_cfn``."""
    workload: Workload | None = None


@dataclass
class DynamicReference:
    """A ``{{resolve:ssm|ssm-secure|secretsmanager:…}}`` in an addon template."""

    service: str
    name: str
    env: str
    node: Node
    addons: AddonSet


@dataclass
class SsmParameter:
    name: Any
    env: str
    node: Node
    value: Any
    addons: AddonSet
    logical_id: str


@dataclass
class SecretDef:
    logical_id: str
    env: str
    node: Node
    name: Any
    """The evaluated ``Name`` property, or ``None`` when CloudFormation generates it."""
    addons: AddonSet
    rds_managed: bool = False


@dataclass
class PolicyAttachment:
    workload: Workload
    env: str
    logical_id: str
    resource: Node
    output: str
    addons: AddonSet


@dataclass
class SecretUse:
    workload: Workload
    env: str
    variable: str
    node: Node
    form: str
    """``name`` (plain string), ``secretsmanager`` or ``from_cfn``."""
    value: Any


class Index:
    """The producer/consumer graph of a workspace, per environment."""

    def __init__(self, ws: Context, build: bool = True) -> None:
        self.ws = ws
        self.exports: dict[str, dict[str, list[Export]]] = defaultdict(lambda: defaultdict(list))
        self.imports: list[Import] = []
        self.ssm: dict[str, dict[str, list[SsmParameter]]] = defaultdict(lambda: defaultdict(list))
        self.secrets: list[SecretDef] = []
        self.policies: dict[tuple[str, str], list[PolicyAttachment]] = defaultdict(list)
        self.secret_uses: list[SecretUse] = []
        self.dynamic_refs: list[DynamicReference] = []
        parts = ws.analysis.index_parts if build else None
        for env in ws.env_names if build else ():
            self._copilot_exports(env)
            for addons in ws.addon_sets():
                if parts is None:
                    self._addons(addon_eval(ws, addons, env))
                else:
                    self._add_part(parts, ("addons", env, ws.app, addons.dir_path),
                                   _inputs(addons.templates, addons.params),
                                   lambda p, a=addons, e=env: p._addons(addon_eval(ws, a, e)),
                                   addons=addons, workload=addons.workload)
            for workload in ws.workloads:
                if parts is None:
                    self._manifest(workload, env)
                else:
                    self._add_part(parts, ("manifest", env, ws.app, workload.name),
                                   _inputs([workload.manifest]),
                                   lambda p, w=workload, e=env: p._manifest(w, e),
                                   workload=workload)
            patched_here = []
            for overrides in ws.overrides:
                for patched in patched_exports(ws, overrides, env):
                    if is_text(patched.name):
                        patched_here.append(Export(
                            patched.name, env, patched.name_node, overrides.dir_path,
                            patched.output, None, None, patched.workload, patched.value_node))
                        self.exports[env][patched.name].append(patched_here[-1])
            if parts is not None:
                parts.note(("override-exports", env), signature(patched_here))
        if parts is not None:
            parts.note("copilot-exports", (ws.app, tuple(ws.env_names), tuple(
                (w.name, w.type) for w in ws.workloads)))

    def _add_part(self, parts: IndexParts, key: tuple, inputs: tuple, fill, **owners) -> None:
        """Add the part ``key`` (kept from an earlier run when its files are unchanged, with
        its entries re-bound to this workspace's ``owners``; else built with ``fill``)."""

        def build() -> Index:
            part = Index(self.ws, build=False)
            fill(part)
            part.ws = None
            return part

        part, kept = parts.part(key, inputs, build)
        rebind = owners if kept else {}
        for env, names in part.exports.items():
            for name, found in names.items():
                self.exports[env][name].extend(_rebound(e, rebind) for e in found)
        for env, names in part.ssm.items():
            for name, found in names.items():
                self.ssm[env][name].extend(_rebound(e, rebind) for e in found)
        for key_, found in part.policies.items():
            self.policies[key_].extend(_rebound(e, rebind) for e in found)
        self.imports.extend(_rebound(e, rebind) for e in part.imports)
        self.secrets.extend(_rebound(e, rebind) for e in part.secrets)
        self.secret_uses.extend(_rebound(e, rebind) for e in part.secret_uses)
        self.dynamic_refs.extend(_rebound(e, rebind) for e in part.dynamic_refs)

    def exported(self, env: str, name: str) -> list[Export]:
        return self.exports.get(env, {}).get(name, [])

    def _copilot_exports(self, env: str) -> None:
        app = self.ws.app
        if not app:
            return
        for suffix in ENV_STACK_EXPORTS:
            name = f"{app}-{env}-{suffix}"
            self.exports[env][name].append(Export(name, env, None, "copilot", suffix))
        self.exports[env][f"{app}-ArtifactKey"].append(
            Export(f"{app}-ArtifactKey", env, None, "copilot", "ArtifactKey"))
        for workload in self.ws.workloads:
            for suffix in WORKLOAD_STACK_EXPORTS.get(workload.type or "", ()):
                name = f"{app}-{env}-{workload.name}-{suffix}"
                self.exports[env][name].append(Export(name, env, None, "copilot", suffix,
                                                      workload=workload.name))

    def _addons(self, ev: AddonEval) -> None:
        env, addons = ev.env, ev.addons
        for output, node in ev.outputs.items():
            export_name = node.get("Export", "Name") if node.is_map else None
            if export_name is not None and ev.active(output):
                name = ev.ev(export_name)
                if is_text(name):
                    self.exports[env][name].append(Export(
                        name, env, export_name, addons.dir_path, output,
                        ev.ev(node.get("Value")), addons))
            if addons.workload is not None and ev.active(output):
                target = _ref_target(node.get("Value") if node.is_map else None)
                if target and ev.resource_type(target) == "AWS::IAM::ManagedPolicy":
                    self.policies[(addons.workload.name, env)].append(PolicyAttachment(
                        addons.workload, env, target, ev.resources[target], output, addons))
        for logical_id, resource in ev.resources.items():
            if not resource.is_map or not ev.active(logical_id):
                continue
            rtype = ev.resource_type(logical_id)
            props = resource.get("Properties")
            if rtype == "AWS::SSM::Parameter" and props is not None:
                name = ev.ev(props.get("Name")) if props.get("Name") else None
                self.ssm[env][name if is_text(name) else token(f"Ref:{logical_id}@{env}")
                              ].append(SsmParameter(name, env, props.get("Name") or resource,
                                                    ev.ev(props.get("Value")), addons, logical_id))
            elif rtype in SECRET_TYPES:
                name_node = props.get("Name") if props is not None else None
                self.secrets.append(SecretDef(logical_id, env, name_node or resource,
                                              ev.ev(name_node) if name_node else None, addons))
            elif rtype in ("AWS::RDS::DBCluster", "AWS::RDS::DBInstance") and props is not None:
                managed = props.get("ManageMasterUserPassword")
                if managed is not None and ev.ev(managed) in (True, "true", "True"):
                    self.secrets.append(SecretDef(logical_id, env, managed, None, addons, True))
        for path, node, template in _consumer_nodes(self.ws, addons):
            if not _path_active(ev, path):
                continue
            fn = node.intrinsic()
            if fn:
                self.imports.append(Import(ev.ev(fn[1]), env, node, addons.dir_path,
                                           "ImportValue", addons.workload))
                continue
            text = ev.ev(_sub_of(template.mapping, path) or node)
            for match in DYNAMIC_REFERENCE.finditer(show(text) if is_text(text) else ""):
                self.dynamic_refs.append(DynamicReference(
                    match.group(1), match.group(2), env, node, addons))

    def _manifest(self, workload: Workload, env: str) -> None:
        root = manifest_for(self.ws, workload, env)
        if root is None or not root.is_map:
            return
        for path, node in root.walk() if workload.manifest.may_spell("from_cfn") else ():
            if path and path[-1] == "from_cfn" and node.is_str:
                self.imports.append(Import(node.value, env, node, workload.manifest.path,
                                           "from_cfn", workload))
        secrets = root.get("secrets")
        for variable, node in secrets.items() if secrets is not None else []:
            if node.is_str:
                self.secret_uses.append(SecretUse(workload, env, variable, node, "name",
                                                  node.value))
            elif node.is_map:
                for form in ("secretsmanager", "from_cfn"):
                    value = node.get(form)
                    if value is not None and value.is_str:
                        self.secret_uses.append(SecretUse(workload, env, variable, value, form,
                                                          value.value))


def _consumer_nodes(ws: Context, addons: AddonSet) -> list[tuple[tuple, Node, SourceFile]]:
    """``Fn::ImportValue`` nodes and strings holding ``{{resolve:…}}`` of an addons folder.

    Found with one walk per folder (cached), whatever the number of environments.
    """
    views, key = ws.analysis.consumer_nodes, addons.dir_path
    if key not in views:
        found = []
        for template in addons.templates:
            if template.mapping is None or not (template.may_spell("ImportValue")
                                                or template.may_spell("{{resolve:")):
                continue
            for path, node in template.mapping.walk():
                value = node.value
                if node.kind == MAP:
                    if len(value) == 1 and "Fn::ImportValue" in value:
                        found.append((path, node, template))
                elif node.kind == SCALAR and isinstance(value, str) and "{{resolve:" in value:
                    found.append((path, node, template))
        views[key] = found
    return views[key]


def _ref_target(node: Node | None) -> str | None:
    fn = node.intrinsic() if node is not None else None
    if fn and fn[0] == "Ref" and fn[1].is_str:
        return fn[1].value
    return None


def _sub_of(root: Node, path: tuple) -> Node | None:
    """The ``Fn::Sub`` node whose template string is at ``path``, if any."""
    for cut in (1, 2):
        if len(path) > cut and "Fn::Sub" in path[-cut:]:
            parent = root.get(*path[:len(path) - cut])
            if parent is not None and parent.intrinsic() and parent.intrinsic()[0] == "Fn::Sub":
                return parent
    return None


def _path_active(ev: AddonEval, path: tuple) -> bool:
    if len(path) >= 2 and path[0] in ("Resources", "Outputs"):
        return ev.active(path[1])
    return True


def _inputs(files: list, params: SourceFile | None = None) -> tuple:
    """What an index part is built from: each file's parsed tree (its text when broken)."""
    found = [*files, params] if params is not None else list(files)
    return tuple(f.root if f.root is not None else (f.text or "") for f in found)


def _rebound(entry: Any, owners: dict[str, Any]) -> Any:
    """``entry`` pointing at this run's addons folder and workload objects (a copy), when kept
    (fields holding something else, such as ``Export.workload``'s name, stay as they are)."""
    wanted = {name: value for name, value in owners.items() if value is not None and
              isinstance(getattr(entry, name, None), type(value))}
    if not wanted:
        return entry
    entry = copy(entry)
    for name, value in wanted.items():
        setattr(entry, name, value)
    return entry


def index_of(ws: Context) -> Index:
    """The workspace's index, built on first use."""
    if ws.analysis.index is None:
        ws.analysis.index = Index(ws)
    return ws.analysis.index


__all__ = ["DynamicReference", "Export", "Import", "Index", "PolicyAttachment", "SecretDef",
           "SecretUse",
           "SsmParameter", "index_of", "is_known"]
