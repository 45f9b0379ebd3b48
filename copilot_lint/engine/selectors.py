"""Rule selectors that name nothing are usage errors, never a silent no-op.

A selector (in ``--select``, ``--ignore``, ``--severity`` and the configuration's ``select``,
``ignore`` and ``severity``) is a rule id or name (any case), a prefix of some rule id (``CL3``,
``CFN``, ``ORG-``), ``ALL``, or a cfn-lint rule id or prefix under ``CFN-`` (``CFN-E3012``,
``CFN-W``). Anything else matches no rule, so a typo would switch a check off (or keep it on)
without a word: :func:`problem` says what is wrong, with the closest known selector.

cfn-lint's rule ids come from the caller (``cfn_ids``, :func:`copilot_lint.cfn.stage.rule_ids`:
the engine comes before the cfn-lint pass) and are only asked for when a selector names one.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from copilot_lint.load.config import Config, ConfigError
from copilot_lint.model.rule import Rule
from copilot_lint.model.vocabulary import closest

CFN_SPECIAL = ("CFN-TIMEOUT",)
"""``CFN-`` ids of the cfn-lint pass itself, not of a cfn-lint rule."""


def problem(ref: str, rules: Iterable[type[Rule]],
            cfn_ids: Callable[[], list[str] | None] | None = None) -> str | None:
    """Why ``ref`` selects no rule (``unknown rule 'CL999'; did you mean 'CL099'?``), or
    ``None`` when it selects some."""
    wanted = ref.strip().upper()
    rules = list(rules)
    if not wanted:
        return "empty rule selector"
    if wanted == "ALL":
        return None
    if any(r.id.upper().startswith(wanted) or r.name.upper() == wanted for r in rules):
        return None
    if "CFN-".startswith(wanted) or wanted in CFN_SPECIAL:
        return None
    if wanted.startswith("CFN-"):
        known = cfn_ids() if cfn_ids is not None else None
        if known is None or any(k.startswith(wanted[4:]) for k in known):
            return None
        close = closest(wanted[4:], known, cutoff=0.8)
        hint = f"; did you mean 'CFN-{close}'?" if close else "; see cfn-lint --list-rules"
        return f"cfn-lint has no rule {ref.strip()[4:]!r}{hint}"
    return f"unknown rule {ref.strip()!r}{_did_you_mean(ref.strip(), rules)}"


def _did_you_mean(ref: str, rules: list[type[Rule]]) -> str:
    ids = {r.id.upper(): r.id for r in rules}
    names = {r.name.lower(): r.name for r in rules}
    close = closest(ref.upper(), ids)
    if close:
        return f"; did you mean {ids[close]!r}?"
    close = closest(ref.lower(), names)
    if close:
        return f"; did you mean {names[close]!r}?"
    return "; see --list-rules"



def check_config(config: Config, rules: list[type[Rule]],
                 cfn_ids: Callable[[], list[str] | None] | None = None) -> None:
    """Raise :class:`~copilot_lint.load.config.ConfigError` at the first selector of the
    configuration file that names no rule (``file:line:col: … unknown rule 'CL999' …``)."""
    fields = (("select", list(enumerate(config.select))),
              ("ignore", list(enumerate(config.ignore))),
              ("severity", [(ref, ref) for ref in config.severity]))
    for name, refs in fields:
        for step, ref in refs:
            why = problem(ref, rules, cfn_ids)
            if why is not None:
                where = config.where(name, step, value=ref if name != "severity" else None)
                raise ConfigError(f"{where}: invalid configuration at {name}/{step}: {why}")


def check_arguments(option: str, refs: Iterable[str], rules: list[type[Rule]],
                    cfn_ids: Callable[[], list[str] | None] | None = None) -> None:
    """Raise :class:`~copilot_lint.load.config.ConfigError` for the first command-line selector
    (``--select`` …) that names no rule."""
    for ref in refs:
        why = problem(ref, rules, cfn_ids)
        if why is not None:
            raise ConfigError(f"{option} {ref.strip()!r}: {why}")
