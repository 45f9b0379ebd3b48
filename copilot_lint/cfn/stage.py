"""The cfn-lint pass: cfn-lint's findings on every addon folder, re-reported as ``CFN-<id>``.

Each ``addons/`` folder is one unit of work: Copilot merges its templates into one and deploys
it once per environment, so the folder is linted as that merged template with the parameter
values Copilot passes in each environment (see :mod:`copilot_lint.cfn.runner` for what makes
the pass Copilot-aware). Findings keep cfn-lint's id (``CFN-E3012``), its severity letter
(E → error, W → warning, I → info) and message, at the position in the file that declared the
item, except where Copilot changes the verdict (:mod:`copilot_lint.cfn.advice`: retired engine
versions are errors, a ``Ref`` to the parent stack gets Copilot's remedy as a hint);
configuration, ``--select``/``--ignore`` and suppression comments apply to them as to every other
finding (the engine's :func:`~copilot_lint.engine.run.finalize` does that).

Fast by construction: cfn-lint is imported only when some unit misses the cache (never for
``--version``, ``--no-cfn-lint``, a workspace without addons, or a warm cache); its rule set is
built once per process; units are spread over ``--jobs`` worker processes forked after that;
results are cached (:mod:`copilot_lint.cfn.cache`) by content, parameters, cfn-lint version and
options. Each unit has a time limit; running over it is a ``CFN-timeout`` finding, and such a
result is never cached (a cached entry would otherwise stand in for the real findings of a later
run, with another limit or on a less busy machine).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

from copilot_lint import __version__
from copilot_lint.cfn.entry import valid_rows
from copilot_lint.cfn.version import cfn_lint_version
from copilot_lint.cfn.workers import Unit, execute
from copilot_lint.load.config import MAX_TIMEOUT, Config, ConfigError
from copilot_lint.model.finding import Finding
from copilot_lint.model.context import Context
from copilot_lint.model.workspace import AddonSet, SourceFile
from copilot_lint.query.env_stack import env_stack
from copilot_lint.resolve.addon import addon_eval
from copilot_lint.resolve.opaque import is_known, to_str

PASS_VERSION = 1
"""Bump when the pass's own processing changes (it is part of every cache key)."""


DEFAULT_ENABLED = True


DEFAULT_TIMEOUT = 60.0


DEFAULT_REGIONS = ("us-east-1",)


TIMEOUT_RULE = "CFN-timeout"


MAX_MESSAGE = 300


SEVERITIES = {"E": "error", "W": "warning", "I": "info"}


@dataclass
class PassResult:
    """The pass's findings, and how many folders cfn-lint failed on."""

    findings: list[Finding] = field(default_factory=list)
    internal_errors: int = 0


def enabled(config: Config) -> bool:
    """Whether the configuration turns the pass on and selects any ``CFN-`` finding."""
    if not config.cfn_lint.get("enabled", DEFAULT_ENABLED):
        return False
    if any(_covers(ref) for ref in config.ignore):
        return False
    return not config.select or any(_covers(ref) or ref.upper().startswith("CFN")
                                    for ref in config.select)


def _covers(ref: str) -> bool:
    """True when ``ref`` names every ``CFN-`` finding (``CFN``, ``CFN-``, ``ALL``, ``C``…)."""
    ref = ref.strip().upper()
    return bool(ref) and (ref == "ALL" or "CFN-".startswith(ref))


def explain(ref: str) -> str | None:
    """The ``--explain`` text of a ``CFN-<id>`` rule, from cfn-lint's own description; ``None``
    when ``ref`` is not one. Raises :class:`ConfigError` when cfn-lint is not installed."""
    native = ref.strip()[4:].upper() if ref.strip().upper().startswith("CFN-") else ""
    if not native:
        return None
    if cfn_lint_version() is None:
        raise ConfigError("explaining a CFN- rule needs cfn-lint (pip install "
                          "'cfn-lint>=1.37,<2')")
    from copilot_lint.cfn import runner as cfn_runner

    rule = cfn_runner.describe(native)
    if rule is None:
        return None
    severity = SEVERITIES.get(native[:1], "warning")
    lines = [f"## CFN-{native}", "",
             f"**cfn-lint {native}** · severity: {severity} · from cfn-lint "
             f"{cfn_lint_version()}", "", str(rule["shortdesc"]).rstrip(".") + ".", "",
             rule["description"], ""]
    if rule["source_url"]:
        lines += [f"Source: {rule['source_url']}", ""]
    lines += ["copilot-lint runs cfn-lint on each merged addons folder, with the parameter values "
              "Copilot passes in each environment, and reports its findings as CFN-<id>. Turn "
              "this one off with `--ignore CFN-" + native + "` or `cfn-lint: {ignore-checks: ["
              + native + "]}`.", ""]
    return "\n".join(lines)


def rule_ids() -> list[str] | None:
    """cfn-lint's rule ids (``E3012``…), for checking ``CFN-`` selectors; ``None`` when cfn-lint
    is not installed. Imports cfn-lint and builds its rule set (about half a second)."""
    if cfn_lint_version() is None:
        return None
    from copilot_lint.cfn import runner as cfn_runner

    return cfn_runner.rule_ids()


def job_count(config: Config) -> int:
    """``--jobs``/``jobs:``, else the number of CPUs this process may use."""
    if config.jobs:
        return max(1, int(config.jobs))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_pass(ws: Context, config: Config, *, env: str | None = None,
             only_files: set[str] | None = None, cache: Any = None,
             stderr: TextIO | None = None) -> PassResult:
    """Lint the workspace's addon folders with cfn-lint; raises :class:`ConfigError` for bad
    cfn-lint options (an unknown region, no cfn-lint installed). ``cache``: a
    :class:`~copilot_lint.cfn.cache.Cache` (default: the user's cache folder)."""
    from copilot_lint.cfn.cache import Cache

    result = PassResult()
    options = _options(config)
    units_input = [a for a in ws.addon_sets() if _wanted(a, only_files)]
    if not units_input:
        return result
    version = cfn_lint_version()
    if version is None:
        raise ConfigError("the cfn-lint pass needs cfn-lint (pip install 'cfn-lint>=1.37,<2'), "
                          "or turn it off with --no-cfn-lint or `cfn-lint: {enabled: false}`")
    cache = cache if cache is not None else Cache()
    units = [_unit(ws, a, env, options, version) for a in units_input]
    pending: list[Unit] = []
    for unit in units:
        entry = cache.get(unit.digest)
        rows = valid_rows(entry, _line_counts(unit), set(ws.env_names)) \
            if entry is not None else None
        if rows is None:
            pending.append(unit)
            continue
        result.findings.extend(_findings(ws, unit, rows, False, options["timeout"]))
    if pending:
        outcomes = execute(pending, options, job_count(config), stderr or sys.stderr)
        for unit, outcome in zip(pending, outcomes):
            if outcome.get("error"):
                result.internal_errors += 1
                result.findings.append(_crash(unit, outcome["error"]))
                continue
            rows = outcome.get("findings") or []
            timed_out = bool(outcome.get("timed_out"))
            result.findings.extend(_findings(ws, unit, rows, timed_out, options["timeout"]))
            if not timed_out:
                cache.put(unit.digest, {"findings": rows})
        cache.prune()
    return result


def _wanted(addons: AddonSet, only_files: set[str] | None) -> bool:
    """A folder to lint: every template parsed to a mapping (else Copilot refuses the folder,
    CL001/CL005 say why, and the merged template would miss what the broken file declares),
    and, for a run on some files, one of them is in it."""
    if not addons.templates or any(t.mapping is None or t.text is None
                                   for t in addons.templates):
        return False
    if only_files is None:
        return True
    paths = {t.path for t in addons.templates}
    if addons.params is not None:
        paths.add(addons.params.path)
    return bool(paths & only_files)


def _options(config: Config) -> dict[str, Any]:
    raw = config.cfn_lint
    regions = [str(r) for r in raw.get("regions") or DEFAULT_REGIONS]
    timeout = raw.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, (int, float)) and not 0 < timeout <= MAX_TIMEOUT:
        raise ConfigError(f"cfn-lint: timeout {timeout!r} is not a number of seconds between 0 "
                          f"and {MAX_TIMEOUT}")
    checks = [*(raw.get("ignore-checks") or []), *(raw.get("include-checks") or [])]
    if any(not str(c).strip() for c in checks):
        raise ConfigError("cfn-lint: an empty check id in `ignore-checks` or `include-checks` "
                          "would match every check")
    return {"regions": regions,
            "ignore_checks": sorted(str(c) for c in raw.get("ignore-checks") or []),
            "include_checks": sorted(str(c) for c in raw.get("include-checks") or []),
            "timeout": float(timeout) if isinstance(timeout, (int, float)) else DEFAULT_TIMEOUT}


def _unit(ws: Context, addons: AddonSet, env: str | None, options: dict,
          version: str) -> Unit:
    from copilot_lint.cfn.cache import key

    templates = addons.templates
    kind = "environment" if addons.is_environment else "workload"
    reserved = ["App", "Env"] + ([] if addons.is_environment else ["Name"])
    param_sets, unknown = _parameter_sets(ws, addons, env, reserved)
    payload = {
        "files": [(t.abspath.name, t.text) for t in templates], "kind": kind,
        "reserved": reserved, "param_sets": param_sets, "parent_unknown": unknown,
        "regions": options["regions"], "ignore_checks": options["ignore_checks"],
        "include_checks": options["include_checks"], "timeout": options["timeout"]}
    digest = key({"pass": PASS_VERSION, "copilot-lint": __version__, "cfn-lint": version,
                  **{k: v for k, v in payload.items() if k != "timeout"}})
    return Unit(addons, templates, payload, digest)


def _parameter_sets(ws: Context, addons: AddonSet, env: str | None,
                    reserved: list[str]) -> tuple[list[dict], list[str]]:
    """One parameter set per environment (``{"env", "values"}``) with every value Copilot passes
    that can be known, and the names of the parameters whose passed value cannot be known."""
    envs = [env] if env and env in ws.env_names else list(ws.env_names)
    supplied_node = addons.params.mapping.get("Parameters") if (
        addons.params is not None and addons.params.mapping is not None) else None
    supplied = [k for k, _ in supplied_node.items()] if supplied_node is not None else []
    sets: list[dict] = []
    unknown: set[str] = set()
    for name in envs or [None]:
        evaluation = addon_eval(ws, addons, name or "")
        declared = evaluation.params_nodes
        values = evaluation.params
        chosen: dict[str, Any] = {}
        for param in reserved + [s for s in supplied if s not in reserved]:
            if param not in declared or param not in values or (param == "Env" and not name):
                continue
            value = _plain(values[param])
            if value is None:
                if param in supplied:
                    unknown.add(param)
                continue
            chosen[param] = value
        if chosen and chosen not in [s["values"] for s in sets]:
            sets.append({"env": name if "Env" in chosen else None, "values": chosen})
    return sets, sorted(unknown)


def _plain(value: Any) -> str | list[str] | None:
    """A known parameter value as cfn-lint takes it (a string, or a list of strings)."""
    if isinstance(value, list):
        return [to_str(v) for v in value] if is_known(value) and all(
            isinstance(v, (str, int, float, bool)) for v in value) else None
    if isinstance(value, (str, int, float, bool)) and is_known(value):
        return to_str(value)
    return None


def _line_counts(unit: Unit) -> dict[str, int]:
    """Each template's file name with its number of lines (to check cached positions)."""
    return {t.abspath.name: (t.text or "").count("\n") + 1 for t in unit.templates}


def _findings(ws: Context, unit: Unit, rows: list[list], timed_out: bool,
              timeout: float) -> list[Finding]:
    from copilot_lint.cfn.advice import refine  # only a pass that ran needs it

    by_name = {t.abspath.name: t for t in unit.templates}
    first = unit.templates[0]
    out = []
    ends: dict[str, dict[tuple[int, int], tuple[int, int]]] = {}
    for name, line, col, rule_id, message, path, envs in rows:
        source = by_name.get(name, first)
        imported = frozenset(env_stack(ws, env).imported_vpc
                             for env in (envs or ws.env_names)) \
            if unit.addons.is_environment and rule_id == "E1020" else frozenset()
        shown = refine(rule_id, _message(message), SEVERITIES.get(rule_id[:1].upper(), "warning"),
                       unit.addons.is_environment, imported)
        if shown is None:
            continue
        if source.path not in ends:
            ends[source.path] = _token_ends(source)
        end_line, end_column = ends[source.path].get((line, col), (0, 0))
        out.append(Finding(source.path, max(1, line), max(1, col), shown.message,
                           rule=f"CFN-{rule_id}", severity=shown.severity, hint=shown.hint,
                           environments=list(envs), key=path or "template",
                           end_line=end_line, end_column=end_column))
    if timed_out:
        out.append(Finding(
            first.path, 1, 1,
            f"cfn-lint did not finish on {unit.addons.dir_path} within {timeout:g} s",
            rule=TIMEOUT_RULE, severity="warning", key="timeout",
            hint="its findings for this folder are missing: raise `cfn-lint: {timeout: …}` in "
                 "the configuration"))
    return out


def _token_ends(source: SourceFile) -> dict[tuple[int, int], tuple[int, int]]:
    """Where the finding that cfn-lint places at each (line, column) of ``source`` ends: the
    span of the key or value that starts there (:meth:`~copilot_lint.model.node.Node.span`, as
    for the own rules' findings); a position no node starts at has no known end."""
    found: dict[tuple[int, int], tuple[int, int]] = {}
    if source.root is None:
        return found
    for node in source.root.nodes():
        for start in ([node] + list(node.keys.values())) if node.is_map and node.keys else [node]:
            end = start.span()
            if end != (0, 0):
                found.setdefault((start.line, start.col), end)
    return found


def _crash(unit: Unit, error: str) -> Finding:
    return Finding(unit.templates[0].path, 1, 1,
                   f"internal error: cfn-lint failed on {unit.addons.dir_path} ({error}); "
                   "please report it", rule="CFN", severity="error", internal=True)


def _message(text: str) -> str:
    """cfn-lint's message on one line, lower-case start, no trailing period, bounded length."""
    text = " ".join(text.split()).rstrip(".")
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and (len(first) == 1 or (first[1:].isalpha()
                                                    and first[1:].islower())):
        text = text[:1].lower() + text[1:]
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE - 1].rstrip() + "…"
    return text
