"""Evaluate an addon folder's CloudFormation in one environment, as far as it can be known.

Copilot merges an ``addons/`` folder into one template and deploys it once per environment with
``App``, ``Env`` and (for workloads) ``Name`` bound, plus ``addons.parameters.yml``. An
:class:`AddonEval` binds those values, evaluates ``Conditions`` and folds ``Ref``, ``Fn::Sub``
(both forms, ``${ X }`` spacing, ``${!Literal}`` escapes), ``Fn::Join``, ``Fn::Select``,
``Fn::Split``, ``Fn::If``, ``Fn::FindInMap`` and the condition functions.

What cannot be known becomes an *opaque part* of a partly known string: an
:class:`~copilot_lint.resolve.opaque.Opaque`
(``Ref:Bucket@prod``, ``Import:shop-prod-VpcId``, ``AWS::Region``…). A label ending in
``@<env>`` is unique to that environment (``AWS::StackName``, a resource's generated name or
attribute: each environment has its own addon stack), so comparing the evaluated strings of two
environments tells whether a name varies with the environment.

:mod:`copilot_lint.resolve.opaque` says how evaluated values are read (never by hand).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from copilot_lint.model.analysis import environments
from copilot_lint.model.node import Node
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import AddonSet
from copilot_lint.resolve.opaque import (
    NOVALUE,
    UNKNOWN_BOOL,
    is_known,
    is_text,
    join,
    labelled,
    split,
    substitute,
    to_str,
    token,
)

_SUB_VAR = re.compile(r"\$\{([^}]*)\}")
_SHARED_PSEUDO = ("AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::URLSuffix")
_LIST_TYPES = ("CommaDelimitedList",)
_UNSEEN = object()


class AddonEval:
    """The merged addon folder evaluated in one environment."""

    def __init__(self, ws: Context, addons: AddonSet, env: str) -> None:
        self.ws, self.addons, self.env = ws, addons, env
        sections = _merged_sections(ws, addons)
        self.params_nodes: dict[str, Node] = sections["Parameters"]
        self.conditions: dict[str, Node] = sections["Conditions"]
        self.mappings: dict[str, Node] = sections["Mappings"]
        self.resources: dict[str, Node] = sections["Resources"]
        self.outputs: dict[str, Node] = sections["Outputs"]
        self._params: dict[str, Any] | None = None
        self._cond_cache: dict[str, Any] = {}
        self._cond_busy: set[str] = set()
        self._types: dict[str, str | None] = {}
        self._active: dict[str, bool] = {}

    # -- parameters -------------------------------------------------------------------------
    @property
    def params(self) -> dict[str, Any]:
        if self._params is None:
            self._params = self._bind_params()
        return self._params

    def _bind_params(self) -> dict[str, Any]:
        app = self.ws.app if self.ws.app else token("App")
        env = self.env if self.env else token("Env")
        parent = {"AppName": app, "EnvName": env}
        values: dict[str, Any] = {"App": app, "Env": env}
        if self.addons.workload is not None:
            values["Name"] = parent["WorkloadName"] = self.addons.workload.name
        supplied = self.addons.params.mapping.get("Parameters") if (
            self.addons.params and self.addons.params.mapping) else None
        for name, node in self.params_nodes.items():
            if name in values:
                continue
            given = supplied.get(name) if supplied is not None else None
            if given is not None:
                value = _ParentEval(parent, self.env).ev(given)
            else:
                default = node.get("Default") if node.is_map else None
                value = (default.value if default.is_scalar else default.plain()) \
                    if default is not None else token(f"Param:{name}")
            ptype = node.get("Type") if node.is_map else None
            if ptype is not None and isinstance(value, str) and (
                    ptype.value in _LIST_TYPES or str(ptype.value).startswith("List<")):
                value = value.split(",")
            values[name] = value
        return values

    # -- conditions -------------------------------------------------------------------------
    def condition(self, name: str) -> Any:
        """``True``/``False`` for a condition, or ``UNKNOWN_BOOL``."""
        if name in self._cond_cache:
            return self._cond_cache[name]
        node = self.conditions.get(name)
        if node is None or name in self._cond_busy:
            return UNKNOWN_BOOL
        self._cond_busy.add(name)
        result = self._bool(node)
        self._cond_busy.discard(name)
        self._cond_cache[name] = result
        return result

    def _bool(self, node: Node) -> Any:
        value = self.ev(node)
        return value if isinstance(value, bool) else UNKNOWN_BOOL

    # -- evaluation -------------------------------------------------------------------------
    def ev(self, node: Node | None, depth: int = 0) -> Any:
        """The value of ``node`` in this environment (a string may be partly known: see
        :mod:`~copilot_lint.resolve.opaque`)."""
        if node is None:
            return NOVALUE
        if depth > 60:
            return token("?")
        if node.is_scalar:
            return node.value
        if node.is_seq:
            return [v for v in (self.ev(x, depth + 1) for x in node.value) if v is not NOVALUE]
        fn = node.intrinsic()
        if fn is None:
            return {k: self.ev(v, depth + 1) for k, v in node.value.items()}
        name, arg = fn
        handler = getattr(self, "_fn_" + name.replace("Fn::", ""), None)
        if handler is None:
            return token(name)
        try:
            return handler(arg, depth + 1)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError):
            return token(name)

    def ref(self, name: str) -> Any:
        if name in self.params:
            return self.params[name]
        if name == "AWS::NoValue":
            return NOVALUE
        if name in ("AWS::StackName", "AWS::StackId"):
            return token(f"{name}@{self.env}")
        if name in _SHARED_PSEUDO or name.startswith("AWS::"):
            return token(name)
        return token(f"Ref:{name}@{self.env}")

    def _fn_Ref(self, arg: Node, depth: int) -> Any:
        name = self.ev(arg, depth)
        return self.ref(name) if isinstance(name, str) else token("Ref")

    def _fn_GetAtt(self, arg: Node, depth: int) -> Any:
        parts = self.ev(arg, depth)
        return labelled("GetAtt:", parts if is_text(parts) else join(".", parts), f"@{self.env}")

    def _fn_ImportValue(self, arg: Node, depth: int) -> Any:
        return labelled("Import:", self.ev(arg, depth))

    def _fn_Sub(self, arg: Node, depth: int) -> Any:
        if arg.is_seq and len(arg.value) >= 1:
            template = self.ev(arg.value[0], depth)
            extra = arg.value[1] if len(arg.value) > 1 else None
            local = {k: self.ev(v, depth) for k, v in (extra.items() if extra else [])}
        else:
            template, local = self.ev(arg, depth), {}
        if not is_text(template):
            return token("Sub")

        def one(inner: str) -> Any:
            if inner.startswith("!"):
                return "${" + inner[1:] + "}"
            name = inner.strip()
            if name in local:
                return to_str(local[name])
            if "." in name and not name.startswith("AWS::"):
                return token(f"GetAtt:{name}@{self.env}")
            return to_str(self.ref(name))
        return substitute(_SUB_VAR, one, template)

    def _fn_Join(self, arg: Node, depth: int) -> Any:
        delim, items = self.ev(arg.value[0], depth), self.ev(arg.value[1], depth)
        if not isinstance(items, list):
            return token("Join")
        return join(delim, items)

    def _fn_Select(self, arg: Node, depth: int) -> Any:
        index, items = self.ev(arg.value[0], depth), self.ev(arg.value[1], depth)
        if isinstance(items, list) and str(index).lstrip("-").isdigit():
            return items[int(index)]
        return token("Select")

    def _fn_Split(self, arg: Node, depth: int) -> Any:
        delim, text = self.ev(arg.value[0], depth), self.ev(arg.value[1], depth)
        if isinstance(delim, str) and is_text(text) and delim:
            return split(text, delim)
        return token("Split")

    def _fn_If(self, arg: Node, depth: int) -> Any:
        cond = self.condition(self.ev(arg.value[0], depth))
        if cond is UNKNOWN_BOOL:
            return token("If")
        return self.ev(arg.value[1] if cond else arg.value[2], depth)

    def _fn_FindInMap(self, arg: Node, depth: int) -> Any:
        names = [self.ev(x, depth) for x in arg.value[:3]]
        if not all(isinstance(n, str) and is_known(n) for n in names):
            return token("FindInMap")
        node = self.mappings.get(names[0])
        node = node.get(names[1], names[2]) if node is not None else None
        return self.ev(node, depth) if node is not None else token("FindInMap")

    def _fn_Equals(self, arg: Node, depth: int) -> Any:
        a, b = (self.ev(x, depth) for x in arg.value[:2])
        if is_known(a) and is_known(b):
            return to_str(a) == to_str(b)
        return UNKNOWN_BOOL

    def _fn_Condition(self, arg: Node, depth: int) -> Any:
        return self.condition(self.ev(arg, depth))

    def _fn_Not(self, arg: Node, depth: int) -> Any:
        value = self._bool(arg.value[0] if arg.is_seq else arg)
        return UNKNOWN_BOOL if value is UNKNOWN_BOOL else not value

    def _fn_And(self, arg: Node, depth: int) -> Any:
        values = [self._bool(x) for x in arg.value]
        if False in values:
            return False
        return UNKNOWN_BOOL if UNKNOWN_BOOL in values else True

    def _fn_Or(self, arg: Node, depth: int) -> Any:
        values = [self._bool(x) for x in arg.value]
        if True in values:
            return True
        return UNKNOWN_BOOL if UNKNOWN_BOOL in values else False

    # -- resources --------------------------------------------------------------------------
    def resource_type(self, logical_id: str) -> str | None:
        """The ``Type`` of a resource (remembered: rules ask for the same ids again and again)."""
        known = self._types.get(logical_id, _UNSEEN)
        if known is _UNSEEN:
            node = self.resources.get(logical_id)
            rtype = node.get("Type") if node is not None else None
            known = rtype.value if rtype is not None and rtype.is_str else None
            self._types[logical_id] = known
        return known

    def active(self, logical_id: str) -> bool:
        """False when the resource's (or output's) condition is known to be false here."""
        known = self._active.get(logical_id)
        if known is None:
            node = self.resources.get(logical_id) or self.outputs.get(logical_id)
            cond = node.get("Condition") if node is not None else None
            known = cond is None or not cond.is_str or self.condition(cond.value) is not False
            self._active[logical_id] = known
        return known

    def active_resources(self) -> Iterator[tuple[str, str | None, Node]]:
        """``(logical id, type, Properties)`` of each resource that exists in this environment
        and has a ``Properties`` mapping."""
        for logical_id, resource in self.resources.items():
            props = resource.get("Properties") if resource.is_map else None
            if props is not None and props.is_map and self.active(logical_id):
                yield logical_id, self.resource_type(logical_id), props


class _ParentEval:
    """Evaluates ``addons.parameters.yml`` values, which live in the parent (Copilot) stack."""

    def __init__(self, parent: dict[str, Any], env: str) -> None:
        self.parent, self.env = parent, env

    def ev(self, node: Node) -> Any:
        if node.is_scalar:
            return node.value
        fn = node.intrinsic()
        if fn is None:
            return token(f"Parent@{self.env}")
        name, arg = fn
        if name == "Ref" and arg.is_str:
            return self.parent.get(arg.value, token(f"Parent:{arg.value}@{self.env}"))
        if name == "Fn::Sub" and arg.is_str:
            return substitute(_SUB_VAR, lambda inner: to_str(self.parent.get(
                inner.strip(), token(f"Parent:{inner.strip()}@{self.env}"))), arg.value)
        return token(f"Parent:{name}@{self.env}")


_EMPTY = Node("map", {}, "", 0, 0)


def every_addon_eval(ws: Context) -> Iterator[AddonEval]:
    """Every addons folder evaluated in every environment (in ``""``, Env unknown, when the
    workspace names no environment)."""
    for addons in ws.addon_sets():
        for env in environments(ws):
            yield addon_eval(ws, addons, env)


def _merged_sections(ws: Context, addons: AddonSet) -> dict[str, dict[str, Node]]:
    """The folder's templates merged section by section (the first definition of a name wins).

    The same in every environment, so built once per folder and shared (read-only) by its
    evaluations.
    """
    views, key = ws.analysis.addon_sections, addons.dir_path
    if key not in views:
        sections: dict[str, dict[str, Node]] = {
            name: {} for name in ("Parameters", "Conditions", "Mappings", "Resources", "Outputs")}
        for template in addons.templates:
            root = template.mapping
            if root is None:
                continue
            for section, target in sections.items():
                for name, node in (root.get(section) or _EMPTY).items():
                    target.setdefault(name, node)
        views[key] = sections
    return views[key]


def addon_eval(ws: Context, addons: AddonSet, env: str) -> AddonEval:
    """The (cached) evaluation of ``addons`` in ``env``.

    An empty ``env`` stands for an environment the workspace does not name (a workspace without
    environments): ``Env`` is then opaque, so conditions on it stay undecided.
    """
    views, key = ws.analysis.addon_evals, (addons.dir_path, env)
    if key not in views:
        views[key] = AddonEval(ws, addons, env)
    return views[key]
