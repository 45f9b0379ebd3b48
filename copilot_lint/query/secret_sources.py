"""Manifest secrets as the ECS task execution role fetches them at task start.

Not a rule: every ``secrets:`` entry of every container (main, sidecars, the log router's
``secrets``/``secretOptions``), in one environment (the ``environments.<env>`` override merged,
``${COPILOT_*}`` substituted), classified the way Copilot renders it (copilot-facts §4.3, §4.4;
``internal/pkg/template/templates/workloads/partials/cf/secrets.yml``):

- a plain string is passed verbatim as ``ValueFrom``: an SSM parameter name (``ssm``), an SSM
  parameter ARN (``ssm-arn``) or a Secrets Manager ARN (``secretsmanager-arn``);
- ``{secretsmanager: <name>[:json-key:stage:version]}`` becomes the partial ARN
  ``arn:${Partition}:secretsmanager:${Region}:${AccountId}:secret:<value>`` (``secretsmanager``);
- ``{from_cfn: <export>}`` becomes ``Fn::ImportValue`` (``from_cfn``).

The execution role may read a parameter or secret only when it carries the tags
``copilot-application`` = app and ``copilot-environment`` = the deploying environment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from copilot_lint.model.node import Node
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import Workload
from copilot_lint.query.containers import containers
from copilot_lint.resolve.manifest import manifest_for

SSM, SSM_ARN, SM, SM_ARN, FROM_CFN = ("ssm", "ssm-arn", "secretsmanager", "secretsmanager-arn",
                                      "from_cfn")
SSM_REFERENCE_PREFIX = "/aws/reference/secretsmanager/"
"""SSM's read-only view of Secrets Manager secrets (``GetParameter`` on this path)."""
_ARN = re.compile(r"arn:[^:]*:(ssm|secretsmanager):[^:]*:[^:]*:(.*)\Z", re.DOTALL)
_SUFFIX_LIKE = re.compile(r"-([A-Za-z0-9]{6})\Z")


@dataclass(frozen=True)
class SecretSource:
    """One ``secrets:`` entry of one container in one environment."""

    workload: Workload
    env: str
    container: str
    variable: str
    node: Node
    """The value scalar (for the map forms, the scalar under ``secretsmanager``/``from_cfn``)."""
    form: str
    value: str

    @property
    def name(self) -> str:
        """The parameter or secret name the entry names: an SSM name with its leading path, or
        a Secrets Manager name without the ``:json-key:stage:version`` suffix (for an ARN, what
        follows ``secret:``, which keeps any random suffix)."""
        if self.form == SM:
            return self.value.split(":", 1)[0]
        match = _ARN.match(self.value)
        if match is None:
            return self.value
        rest = match.group(2)
        if self.form == SSM_ARN:
            return "/" + rest.removeprefix("parameter/").lstrip("/") if rest.startswith(
                "parameter/") else rest
        return rest.removeprefix("secret:").split(":", 1)[0]


def secret_sources(ws: Context, workload: Workload, env: str) -> list[SecretSource]:
    """Every secret entry of ``workload``'s containers in ``env`` (cached)."""
    views, key = ws.analysis.secret_sources, (workload.name, env)
    if key not in views:
        views[key] = list(_sources(ws, workload, env))
    return views[key]


def _sources(ws: Context, workload: Workload, env: str):
    for container in containers(manifest_for(ws, workload, env), workload.name):
        for variable, value in container.secrets():
            if value.is_str:
                yield SecretSource(workload, env, container.name, variable, value,
                                   form_of(value.value), value.value)
            elif value.is_map:
                for form in (SM, FROM_CFN):
                    inner = value.get(form)
                    if inner is not None and inner.is_str:
                        yield SecretSource(workload, env, container.name, variable, inner, form,
                                           inner.value)


def execution_role_replaced(workload: Workload) -> bool:
    """True when the workload may not use Copilot's execution role: it has an ``overrides/``
    folder (CDK or YAML patches), or a ``taskdef_overrides`` entry on ``ExecutionRoleArn``."""
    return workload.role_replaced("ExecutionRoleArn")


def form_of(text: str) -> str:
    """How ECS reads a plain ``secrets:`` string: an SSM name, an SSM ARN or a secret ARN."""
    match = _ARN.match(text.strip())
    if match is None:
        return SSM
    return SSM_ARN if match.group(1) == "ssm" else SM_ARN


def suffix_like(name: str) -> str | None:
    """The last six characters when ``name`` ends in a hyphen and six letters that read as a
    word (all lower or all upper case, no digit), which Secrets Manager takes for the random
    suffix of a full ARN; ``None`` for names that do not, or whose ending is a real suffix
    (mixed case or digits, as Secrets Manager generates)."""
    match = _SUFFIX_LIKE.search(name)
    if match is None:
        return None
    tail = match.group(1)
    return tail if tail.isalpha() and (tail.islower() or tail.isupper()) else None


def reference_secret(source: SecretSource) -> str | None:
    """The Secrets Manager name behind an SSM ``/aws/reference/secretsmanager/<name>`` entry."""
    if source.form not in (SSM, SSM_ARN):
        return None
    name = source.name
    if not name.startswith(SSM_REFERENCE_PREFIX):
        return None
    return name[len(SSM_REFERENCE_PREFIX):] or None
