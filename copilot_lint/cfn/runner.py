"""The part of the cfn-lint pass that imports cfn-lint: lint one addon folder, Copilot's way.

Imported only when the pass has work to do (``import cfnlint`` alone costs most of a second).
:func:`prepare` builds cfn-lint's rule set once per process; worker processes forked after it
inherit it. :func:`lint_unit` takes one addon folder (plain data, so it can cross a process
boundary) and returns plain rows.

What makes the pass Copilot-aware:

- **One merged template per folder.** Copilot merges every template of an ``addons/`` folder
  into one (copilot-facts §5.1): ``Metadata``, ``Parameters``, ``Conditions``, ``Resources`` and
  ``Outputs`` by key, ``Mappings`` on two levels, ``Transform`` as a set. A ``Ref`` to a resource
  declared in a sibling file is therefore valid; linting the merged template says so, and every
  finding is mapped back to the file and line it points at.
- **The values Copilot passes.** One cfn-lint parameter set per environment binds ``App``,
  ``Env``, ``Name`` and the known values of ``addons.parameters.yml``. A parameter whose value
  comes from the parent stack (``!Ref VPC``) is unknowable here: its ``Default`` is dropped so
  that cfn-lint does not check the placeholder default instead of the real value.
- **Packaging.** Copilot uploads local paths (``Code: ./lambda``) and substitutes S3 locations
  before deploying (copilot-facts §5.2 A13); they are replaced by such locations here.
- **Noise that is wrong for Copilot** is dropped: W2001 "parameter not used" on the parameters
  Copilot always passes (``App``, ``Env``, and ``Name`` for workload addons), W6001 "output
  is an import" in workload addons, whose outputs Copilot injects into the containers, and
  E2900, which would check the pass's own parameter sets.

The tree given to cfn-lint is built from copilot-lint's own parse (YAML 1.2 typing, as Copilot
re-serialises the merged template), with cfn-lint's node types so that its positions work.
"""
from __future__ import annotations

import re
import signal
import threading
from typing import Any

from cfnlint.config import ConfigMixIn
from cfnlint.context.parameters import ParameterSet
from cfnlint.decode.mark import Mark
from cfnlint.decode.node import dict_node, list_node, str_node
from cfnlint.helpers import REGIONS
from cfnlint.runner.cli import Runner
from cfnlint.runner.template.runner import run_template_by_data

from copilot_lint.load.parse import load_text
from copilot_lint.model.node import MAP, SEQ, Node

FILE_STRIDE = 1 << 24
"""Lines reserved per file in the merged template (the loader refuses files this long)."""
SINGLE_LEVEL = ("Metadata", "Parameters", "Conditions", "Resources", "Outputs")
_LOCAL_PREFIXES = ("s3://", "http://", "https://")
_BUCKET, _KEY = "copilot-lint-packaged-assets", "addons/asset.zip"
_S3_URI = f"s3://{_BUCKET}/{_KEY}"
_HTTPS_URL = f"https://{_BUCKET}.s3.amazonaws.com/{_KEY}"
# Resource type → property path whose local-path value Copilot uploads, and what replaces it.
PACKAGED: dict[str, list[tuple[tuple[str, ...], Any]]] = {
    "AWS::Lambda::Function": [(("Code",), {"S3Bucket": _BUCKET, "S3Key": _KEY})],
    "AWS::Lambda::LayerVersion": [(("Content",), {"S3Bucket": _BUCKET, "S3Key": _KEY})],
    "AWS::Serverless::Function": [(("CodeUri",), _S3_URI)],
    "AWS::Serverless::LayerVersion": [(("ContentUri",), _S3_URI)],
    "AWS::Serverless::Application": [(("Location",), _HTTPS_URL)],
    "AWS::Serverless::Api": [(("DefinitionUri",), _S3_URI)],
    "AWS::Serverless::StateMachine": [(("DefinitionUri",), _S3_URI)],
    "AWS::StepFunctions::StateMachine": [(("DefinitionS3Location",),
                                          {"Bucket": _BUCKET, "Key": _KEY})],
    "AWS::ApiGateway::RestApi": [(("BodyS3Location",), {"Bucket": _BUCKET, "Key": _KEY})],
    "AWS::AppSync::GraphQLSchema": [(("DefinitionS3Location",), _S3_URI)],
    "AWS::AppSync::Resolver": [(("RequestMappingTemplateS3Location",), _S3_URI),
                               (("ResponseMappingTemplateS3Location",), _S3_URI)],
    "AWS::AppSync::FunctionConfiguration": [(("RequestMappingTemplateS3Location",), _S3_URI),
                                            (("ResponseMappingTemplateS3Location",), _S3_URI)],
    "AWS::ElasticBeanstalk::ApplicationVersion": [(("SourceBundle",),
                                                   {"S3Bucket": _BUCKET, "S3Key": _KEY})],
    "AWS::CloudFormation::Stack": [(("TemplateURL",), _HTTPS_URL)],
    "AWS::Glue::Job": [(("Command", "ScriptLocation"), _S3_URI)],
    "AWS::CodeCommit::Repository": [(("Code", "S3"), {"Bucket": _BUCKET, "Key": _KEY})],
}

_SOURCES = re.compile(r" from \[('[^']*'(?:, '[^']*')*)\]$")
_QUOTED = re.compile(r"'([^']*)'")
_rules = None


class _Config(ConfigMixIn):
    """cfn-lint's configuration with the ``.cfnlintrc`` lookup (home and working dir) turned off."""

    def _find_config(self) -> tuple[str, str]:
        return "", ""


def prepare() -> None:
    """Build cfn-lint's rule set once for this process (forked workers inherit it)."""
    global _rules
    if _rules is None:
        _rules = Runner(_Config([], regions=["us-east-1"])).rules
        narrow_by_engine(_rules.get("E3062"))


def rule_ids() -> list[str]:
    """The ids of cfn-lint's rules, sorted."""
    prepare()
    return sorted(_rules.keys()) if _rules is not None else []


def describe(rule_id: str) -> dict[str, Any] | None:
    """cfn-lint's own description of one of its rules (``E3012``), or ``None`` if it has none."""
    prepare()
    rule = _rules.get(rule_id) if _rules is not None else None
    if rule is None:
        return None
    return {"shortdesc": rule.shortdesc, "description": rule.description,
            "source_url": rule.source_url}


def narrow_by_engine(rule: Any) -> bool:
    """Let cfn-lint's E3062 (DB instance class for the engine and version) test only the
    branches of its engine.

    E3062's schema is an ``allOf`` of about 900 ``if: {Engine: const …, EngineVersion: pattern}
    then: {DBInstanceClass: enum}`` branches, all evaluated for every ``AWS::RDS::DBInstance``:
    a third of cfn-lint's time on an Aurora addon. A branch whose ``Engine`` constant differs
    from the instance's engine cannot apply, so evaluating only the branches of that engine (in
    their order) gives the same findings. Applied only when the schema has exactly that shape;
    returns whether it was applied.
    """
    schema = getattr(rule, "_schema", None)
    branches = schema.get("allOf") if isinstance(schema, dict) else None
    if not isinstance(branches, list) or not branches:
        return False
    by_engine: dict[str, list] = {}
    for branch in branches:
        engine = branch.get("if", {}).get("properties", {}).get("Engine", {}).get("const") \
            if isinstance(branch, dict) else None
        if not isinstance(engine, str) or engine != engine.lower():
            return False
        by_engine.setdefault(engine, []).append(branch)
    narrowed = {engine: {**schema, "allOf": found} for engine, found in by_engine.items()}
    empty = {**schema, "allOf": []}
    validate = rule.validate

    def validate_one_engine(validator: Any, keywords: Any, instance: Any, given: Any) -> Any:
        engine = instance.get("Engine") if isinstance(instance, dict) else None
        rule._schema = narrowed.get(engine.lower(), empty) if isinstance(engine, str) else empty
        try:
            yield from validate(validator, keywords, instance, given)
        finally:
            rule._schema = schema

    rule.validate = validate_one_engine
    return True


def unknown_regions(regions: list[str]) -> list[str]:
    """The names in ``regions`` that cfn-lint does not know."""
    return [r for r in regions if r not in REGIONS]


def lint_unit(unit: dict) -> dict:
    """Lint one addon folder within its time limit.

    ``unit``: ``files`` [(name, text)], ``kind`` (``workload``/``environment``), ``reserved``
    parameter names, ``param_sets`` (``{"env": name or None, "values": {parameter: value}}``),
    ``parent_unknown`` (parameter names whose value Copilot passes but that cannot be known),
    ``regions``, ``ignore_checks``, ``include_checks``, ``timeout`` (seconds). The result:
    ``findings`` (rows ``[file name, line, column, rule id, message, path, environments]``),
    ``timed_out``, ``error``.

    The limit here is an alarm: it usually ends the unit in time, but cfn-lint catches
    exceptions broadly (its handlers would turn the alarm into a finding of their own and carry
    on), so a unit during which the alarm went off is timed out whatever came back, with no
    findings; and the alarm cannot interrupt code that never returns to the interpreter. The
    pass therefore runs units in worker processes and kills one that overruns
    (:mod:`copilot_lint.cfn.workers`).
    """
    prepare()
    result: dict[str, Any] = {"findings": [], "timed_out": False, "error": None}
    limit = _time_limit(float(unit.get("timeout") or 0))
    try:
        with limit:
            result["findings"] = _lint(unit)
    except _Timeout:
        pass
    except RecursionError:
        result["error"] = "RecursionError: template nested too deeply for cfn-lint"
    except Exception as err:  # noqa: BLE001 - cfn-lint on arbitrary input; reported, never fatal
        result["error"] = f"{type(err).__name__}: {err}"
    if limit.fired:
        result.update(findings=[], timed_out=True, error=None)
    return result


class _Timeout(BaseException):
    """The alarm: a ``BaseException``, so that ``except Exception`` handlers let it through."""


class _time_limit:
    """Raise :class:`_Timeout` after ``seconds`` (SIGALRM; a no-op off the main thread or OS);
    ``fired`` tells afterwards whether it went off (even if something caught it)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = False
        self.fired = False
        self.previous: Any = None

    def __enter__(self) -> None:
        if self.seconds <= 0 or not hasattr(signal, "setitimer") or \
                threading.current_thread() is not threading.main_thread():
            return
        self.previous = signal.signal(signal.SIGALRM, self._fire)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        self.armed = True

    def _fire(self, signum: int, frame: Any) -> None:
        self.fired = True
        raise _Timeout()

    def __exit__(self, *exc: Any) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous or signal.SIG_DFL)


def _lint(unit: dict) -> list[list]:
    roots = []
    for name, text in unit["files"]:
        root = load_text(name, text).root
        if root is not None and root.kind == MAP:
            roots.append((name, root))
    if not roots:
        return []
    template = merge(roots)
    _drop_defaults(template, unit.get("parent_unknown") or [])
    package_local_paths(template)
    config = _Config(
        [], regions=list(unit.get("regions") or ["us-east-1"]),
        ignore_checks=list(unit.get("ignore_checks") or []),
        include_checks=list(unit.get("include_checks") or []),
        parameters=[ParameterSet(source=p.get("env"), parameters=dict(p["values"]))
                    for p in unit.get("param_sets") or []])
    environments = {p["env"] for p in unit.get("param_sets") or [] if p.get("env")}
    reserved = set(unit.get("reserved") or ())
    rows = []
    for match in run_template_by_data(template, config, _rules):
        rule_id = getattr(match.rule, "id", "") or "E0000"
        path = [p for p in (getattr(match, "path", None) or []) if isinstance(p, (str, int))]
        if noise(rule_id, path, unit["kind"], reserved):
            continue
        index, line = locate(int(match.linenumber or 1))
        name = roots[index][0] if index < len(roots) else roots[0][0]
        message, envs = split_sources(str(match.message), environments)
        rows.append([name, line, int(match.columnnumber or 1), rule_id, message,
                     "/".join(str(p) for p in path), envs])
    return rows


def split_sources(message: str, environments: set[str]) -> tuple[str, list[str]]:
    """cfn-lint ends a message about a resolved ``Ref`` with ``from ['<set>', …]``, naming the
    parameter sets (here: environments) that gave the value: move them to the environments."""
    found = _SOURCES.search(message)
    names = _QUOTED.findall(found.group(1)) if found else []
    if names and all(n in environments for n in names):
        return message[:found.start()], sorted(set(names))
    return message, []


def noise(rule_id: str, path: list, kind: str, reserved: set[str]) -> bool:
    """True for a cfn-lint finding that is wrong for a Copilot addon.

    E2900 checks cfn-lint's parameter sets as a deployment file; here they are built by the
    pass (copilot-lint's CL202 checks ``addons.parameters.yml`` itself), so its findings would
    point at nothing the user wrote.
    """
    if rule_id == "W2001" and len(path) >= 2 and path[0] == "Parameters" and path[1] in reserved:
        return True
    return (rule_id == "W6001" and kind == "workload") or rule_id == "E2900"


# -- building the merged template ------------------------------------------------------------
def merge(roots: list[tuple[str, Node]]) -> dict:
    """Copilot's merge of an addon folder as cfn-lint nodes (first definition wins; Copilot
    refuses a real conflict, which CL204 reports).

    Node positions of the ``i``-th file are shifted by ``i * FILE_STRIDE`` lines, so that
    cfn-lint's positions say which file a finding is in (:func:`locate`) and cfn-lint's
    de-duplication never folds findings of two files at the same line into one.
    """
    template = dict_node({}, Mark(0, 0), Mark(0, 0))
    for index, (_, root) in enumerate(roots):
        tree = _Converter(index * FILE_STRIDE)
        for key, value in root.items():
            key_node = tree.key(root, key)
            if key in SINGLE_LEVEL or key == "Mappings":
                if value.kind != MAP:
                    continue
                if key not in template:
                    template[key_node] = dict_node({}, tree.start(value), tree.end(value))
                section = template[key]
                for item, item_value in value.items():
                    if item not in section:
                        section[tree.key(value, item)] = tree.convert(item_value)
                    elif key == "Mappings" and item_value.kind == MAP and \
                            isinstance(section[item], dict):
                        for second, second_value in item_value.items():
                            if second not in section[item]:
                                section[item][tree.key(item_value, second)] = \
                                    tree.convert(second_value)
            elif key == "Transform":
                if key not in template:
                    template[key_node] = list_node([], tree.start(value), tree.end(value))
                target = template[key]
                for element in value.elements() if value.kind == SEQ else [value]:
                    converted = tree.convert(element)
                    if converted not in target:
                        target.append(converted)
            elif key not in template:
                template[key_node] = tree.convert(value)
    return template


def locate(line: int) -> tuple[int, int]:
    """``(file index, line)`` for a line number cfn-lint reported on the merged template."""
    index, rest = divmod(max(0, line - 1), FILE_STRIDE)
    return index, rest + 1


class _Converter:
    """copilot-lint nodes → the cfn-lint nodes its decoder would have built, lines shifted."""

    def __init__(self, base: int) -> None:
        self.base = base

    def convert(self, node: Node) -> Any:
        if node.kind == MAP:
            out = dict_node({}, self.start(node), self.end(node))
            for key, value in node.value.items():
                out[self.key(node, key)] = self._getatt(value, node.tag) \
                    if key == "Fn::GetAtt" else self.convert(value)
            return out
        if node.kind == SEQ:
            return list_node([self.convert(v) for v in node.value], self.start(node),
                             self.end(node))
        if isinstance(node.value, str):
            return str_node(node.value, self.start(node), self.end(node))
        return node.value

    def _getatt(self, arg: Node, tag: str | None) -> Any:
        """``!GetAtt a`` (no dot) is ``[a]`` to cfn-lint; the loader gives ``[a, ""]``."""
        if tag == "!GetAtt" and arg.kind == SEQ and len(arg.value) == 2:
            name, attr = arg.value
            if attr.value == "" and "." not in (name.text or ""):
                return list_node([self.convert(name)], self.start(arg), self.end(arg))
        return self.convert(arg)

    def key(self, parent: Node, key: str) -> str:
        node = (parent.keys.get(key) if parent.keys else None) or parent
        return str_node(key, self.start(node), self.end(node))

    def start(self, node: Node) -> Mark:
        return Mark(self.base + node.line - 1, node.col - 1)

    def end(self, node: Node) -> Mark:
        return Mark(self.base + node.end_line - 1, node.col - 1)


# -- Copilot's substitutions -----------------------------------------------------------------
def _drop_defaults(template: dict, names: list[str]) -> None:
    parameters = template.get("Parameters")
    for name in names:
        parameter = parameters.get(name) if isinstance(parameters, dict) else None
        if isinstance(parameter, dict):
            parameter.pop("Default", None)


def package_local_paths(template: dict) -> None:
    """Replace local-path values that Copilot uploads by the S3 locations it substitutes."""
    resources = template.get("Resources")
    for resource in resources.values() if isinstance(resources, dict) else []:
        if not isinstance(resource, dict) or not isinstance(resource.get("Type"), str):
            continue
        for path, replacement in PACKAGED.get(resource["Type"], ()):
            parent = resource.get("Properties")
            for step in path[:-1]:
                parent = parent.get(step) if isinstance(parent, dict) else None
            value = parent.get(path[-1]) if isinstance(parent, dict) else None
            if isinstance(value, str) and not value.startswith(_LOCAL_PREFIXES):
                parent[path[-1]] = _placeholder(replacement, value)


def _placeholder(replacement: Any, where: Any) -> Any:
    start, end = getattr(where, "start_mark", Mark()), getattr(where, "end_mark", Mark())
    if isinstance(replacement, dict):
        return dict_node({str_node(k, start, end): str_node(v, start, end)
                          for k, v in replacement.items()}, start, end)
    return str_node(replacement, start, end)
