"""Run the selected rules over a workspace and turn their output into the final findings.

Order of work: each rule's ``check`` (an exception becomes one internal-error finding for that
rule and the others still run) → stamp id and default severity → drop suppressed findings →
apply ``select``/``ignore``, severity overrides and the environment filter → de-duplicate
(one finding per location and message, listing its environments) → sort.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from copilot_lint.engine.registry import all_rules, canonical_id
from copilot_lint.engine.suppress import Suppressions
from copilot_lint.load.config import Config
from copilot_lint.model.crash import DEBUG_VARIABLE, print_rule_traceback
from copilot_lint.model.escape import shorten_quoted
from copilot_lint.model.finding import Finding
from copilot_lint.model.rule import Rule
from copilot_lint.model.vocabulary import Severity
from copilot_lint.model.context import Context


@dataclass
class Result:
    """The findings of one run and whether any rule crashed."""

    findings: list[Finding] = field(default_factory=list)
    internal_errors: int = 0


def matches(rule_id: str, refs: Iterable[str]) -> bool:
    """True when ``rule_id`` is named by a ref: an id, a name, a prefix (``CL3``, ``CFN``)."""
    for ref in refs:
        ref = canonical_id(ref.strip())
        if rule_id == ref or (ref and rule_id.upper().startswith(ref.upper())) or \
                ref.upper() == "ALL":
            return True
    return False


def known_rules(config: Config) -> list[type[Rule]]:
    """Built-in and plugin rules, plus the configuration's team policies; raises
    :class:`~copilot_lint.load.config.ConfigError` when a policy is broken."""
    rules = all_rules()
    if config.policies or config.policy_paths:
        from copilot_lint.policy import policy_rules

        taken = {r.id.upper() for r in rules} | {r.name.upper() for r in rules}
        rules = rules + policy_rules(config, taken)
    return rules


def selected_rules(config: Config) -> list[type[Rule]]:
    """The rules the configuration enables."""
    rules = known_rules(config)
    if config.select:
        rules = [r for r in rules if matches(r.id, config.select)]
    return [r for r in rules if not matches(r.id, config.ignore)]


def findings_of(rule: Rule, ws: Context) -> Iterator[Finding]:
    """What ``rule`` finds: its ``check``, then its traversal hooks walked over every
    environment (:meth:`Context.envs`), workload and addons folder."""
    yield from rule.check(ws)
    hooks = rule.hooks()
    if not hooks:
        return
    envs = ws.envs()
    if "check_environment" in hooks:
        for env in envs:
            yield from rule.check_environment(ws, env)
    if "check_workload" in hooks:
        for workload in ws.workloads:
            for env in envs:
                yield from rule.check_workload(ws, workload, env)
    if "check_addons" in hooks:
        for addons in ws.addon_sets():
            for env in envs:
                yield from rule.check_addons(ws, addons, env)


def run_rules(ws: Context, rules: list[type[Rule]]) -> Result:
    """Run ``rules``; a crashing rule yields one internal-error finding."""
    result = Result()
    for rule_class in rules:
        try:
            for finding in findings_of(rule_class(), ws):
                finding.rule = finding.rule or rule_class.id
                finding.severity = finding.severity or rule_class.severity
                result.findings.append(finding)
        except Exception as err:  # noqa: BLE001 - one broken rule must not hide the others
            import traceback

            result.internal_errors += 1
            print_rule_traceback(rule_class.id, rule_class.origin, err)
            where = traceback.extract_tb(err.__traceback__)[-1]
            result.findings.append(Finding(
                ws.display_root, 1, 1,
                f"internal error in rule {rule_class.id}"
                f"{' (' + rule_class.origin + ')' if rule_class.origin else ''} "
                f"({type(err).__name__} at "
                f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno}); please report it",
                rule=rule_class.id, severity=Severity.ERROR, internal=True,
                hint=f"run with --debug (or {DEBUG_VARIABLE}=1) for the traceback"))
    return result


def suppressions_of(ws: Context, config: Config) -> Suppressions:
    """The suppression comments of ``ws``, each knowing whether it names a rule (built-in,
    plugin, policy or any ``CFN-`` id)."""
    rules = known_rules(config)
    names = {r.id.upper() for r in rules} | {r.name.upper() for r in rules}
    return Suppressions(ws, canonical_id, lambda ref: ref.upper() in names
                        or ref.upper().startswith("CFN-") or ref.upper() == "CFN")


def finalize(ws: Context, findings: list[Finding], config: Config,
             env_filter: str | None = None,
             suppressions: Suppressions | None = None) -> list[Finding]:
    """Suppress, filter, re-level, de-duplicate and sort findings (``suppressions``: to keep
    the record of which comments were used; built here when not given); values quoted at length
    in a message or hint are shortened (:func:`~copilot_lint.model.escape.shorten_quoted`)."""
    suppressions = suppressions or Suppressions(ws, canonical_id)
    overrides = {canonical_id(k): v for k, v in config.severity.items()}
    kept: dict[tuple, Finding] = {}
    order = {name: i for i, name in enumerate(ws.env_names)}
    for finding in findings:
        internal = finding.internal
        if not internal and (suppressions.silenced(finding)
                             or (config.select and not matches(finding.rule, config.select))
                             or matches(finding.rule, config.ignore)):
            continue
        if env_filter and finding.environments and env_filter not in finding.environments:
            continue
        for ref, level in overrides.items():
            if not internal and matches(finding.rule, [ref]):
                finding.severity = level
        key = (finding.file, finding.line, finding.column, finding.rule, finding.message)
        if key in kept:
            merged = kept[key].environments
            if not finding.environments or not merged:
                merged.clear()
            else:
                merged.extend(e for e in finding.environments if e not in merged)
            kept[key].fix = kept[key].fix or finding.fix
        else:
            kept[key] = finding
    for finding in kept.values():
        finding.environments.sort(key=lambda e: (order.get(e, len(order)), e))
        finding.message = shorten_quoted(finding.message)
        if finding.hint:
            finding.hint = shorten_quoted(finding.hint)
    return sorted(kept.values(), key=Finding.sort_key)


def run_after_suppressions(ws: Context, config: Config, late: list[type[Rule]],
                           suppressions: Suppressions, ran: set[str], cfn_ran: bool,
                           env_filter: str | None = None) -> Result:
    """Run the rules that report on suppressions (``late``), after the other findings went
    through ``suppressions``; returns their finalized findings.

    ``ran`` are the ids of the rules that ran. A comment naming a rule that did not run (not
    selected) is checked by running that rule too, its findings used only to mark the comments
    that would silence them. ``CFN-`` comments are checked only when the cfn-lint pass ran
    (``cfn_ran``); ``all`` only when every rule and the cfn-lint pass ran.
    """
    named = {c.rule for c in suppressions.comments} - ran
    probes = [r for r in known_rules(config) if r.id in named and not r.after_suppressions]
    for finding in run_rules(ws, probes).findings:
        if not finding.internal:
            suppressions.silenced(finding)
    ran = ran | {r.id for r in probes}
    everything = cfn_ran and not config.select and not config.ignore

    def checked(rule: str) -> bool:
        if rule == "all":
            return everything
        return cfn_ran if rule.upper().startswith("CFN") else rule in ran

    suppressions.report(ws, checked)
    result = run_rules(ws, late)
    result.findings = finalize(ws, result.findings, config, env_filter, suppressions)
    return result
