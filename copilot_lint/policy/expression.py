"""The expression form of a policy: a CEL expression over the target and its relations.

CEL (the Common Expression Language, which Kubernetes ValidatingAdmissionPolicy uses) is
evaluated by Google's C++ implementation through ``cel-expr-python`` (the ``cel`` extra). It
has no file, network or clock access, its regular expressions (``matches``) are RE2, and its
runtime stops a comprehension that exceeds its iteration budget; a policy's expression is
compiled once per process (cached by text). CEL's standard library comes with the strings
(``split``, ``lowerAscii``, …), math (``math.greatest``), bindings (``cel.bind``) and optional
(``self.?a.?b.orValue(x)``) extensions.

An expression gives either a boolean (``false`` is one finding, on ``blame`` or on the target)
or a list of key paths (``"sidecars/nginx/image"`` or ``["sidecars", "nginx", "image"]``), one
finding on each. The variables it can use are :data:`VARIABLES`; only those it names are built.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

VARIABLES = {
    "self": "the target: a manifest (resolved for the environment, Copilot's types), an addon "
            "resource, or a template section",
    "env": "the environment's name ('' when the target has none)",
    "app": "the application's name",
    "workload": "the workload's name (the target's, or the addon folder's owner; '' for "
                "environment addons)",
    "environment": "the environment manifest of env ({} when none)",
    "workloads": "every workload's manifest resolved for env, by workload name",
    "envs": "this workload's manifest resolved for every environment, by environment name",
    "id": "an addon resource's logical id",
    "owner": "an addon's owner: {kind: 'workload' or 'environment', name}",
    "template": "the addons folder, merged: {Parameters, Conditions, Mappings, Resources, "
                "Outputs}, intrinsics in JSON form",
    "values": "an addon resource evaluated for env: Ref, Sub, If, Join … folded, unknown parts "
              "shown as ${…}",
    "parameters": "the Parameters of addons.parameters.yml",
    "refs": "for addon targets: the names self refers to (Ref, Fn::GetAtt, ${X} in Fn::Sub)",
    "params": "the pack's parameters",
}
INSTALL_HINT = ("pip install 'cel-expr-python>=0.1.3' beside copilot-lint, or '.[cel]' in a "
                "checkout (CPython 3.11 or later)")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ExpressionError(ValueError):
    """An expression that cannot be compiled; the message is one line."""


def available() -> bool:
    """True when the CEL runtime is installed."""
    try:
        import cel_expr_python.cel  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _env() -> Any:
    from cel_expr_python import cel
    from cel_expr_python.ext.ext_bindings import ExtBindings
    from cel_expr_python.ext.ext_math import ExtMath
    from cel_expr_python.ext.ext_optional import ExtOptional
    from cel_expr_python.ext.ext_strings import ExtStrings

    return cel.NewEnv(variables={name: cel.Type.DYN for name in VARIABLES},
                      extensions=[ExtStrings(), ExtMath(), ExtBindings(), ExtOptional()])


@lru_cache(maxsize=4096)
def compiled(text: str) -> Any:
    """The compiled program of ``text``; raises :class:`ExpressionError`."""
    if not available():
        raise ExpressionError(f"needs the CEL runtime: {INSTALL_HINT}")
    try:
        return _env().compile(text)
    except Exception as err:  # noqa: BLE001 - the binding raises RuntimeError or ValueError
        raise ExpressionError(_compile_message(str(err))) from None


def _compile_message(text: str) -> str:
    """The first CEL error of a compile failure, shortened to one line."""
    found = re.search(r"ERROR: <input>:(\d+):(\d+): ([^\n]*)", text)
    if not found:
        return "is not a valid CEL expression"
    reason = " ".join(found[3].split())
    reason = reason if len(reason) <= 100 else reason[:99] + "…"
    return f"is not a valid CEL expression (column {found[2]}: {reason})"


def names_used(text: str) -> set[str]:
    """The variables an expression may use (identifiers that are variable names)."""
    return set(_IDENTIFIER.findall(text)) & set(VARIABLES)


class Failed(Exception):
    """An evaluation that gave an error value; ``reason`` is a fixed phrase (never the
    runtime's text, which may quote workspace values)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def evaluate(text: str, data: dict[str, Any]) -> Any:
    """The plain value of the expression over ``data``; raises :class:`Failed`."""
    program = compiled(text)
    try:
        value = program.eval(data=data)
    except Exception as err:  # noqa: BLE001 - the runtime raises on budget exhaustion
        raise Failed(_reason(str(err))) from None
    if value.type().name() in ("ERROR", "error"):
        raise Failed(_reason(str(value.plain_value())))
    try:
        return value.plain_value()
    except Exception:  # noqa: BLE001 - a value with no Python form (a type, an optional)
        raise Failed("a value that is neither true/false nor a list of paths") from None


def _reason(text: str) -> str:
    lowered = text.lower()
    if "budget" in lowered:
        return "it exceeded CEL's iteration budget"
    if "not found" in lowered or "no such" in lowered:
        return "a key it reads is missing (guard it with has())"
    if "overload" in lowered:
        return "a value has another type than the expression expects"
    if "division" in lowered or "modulus" in lowered:
        return "a division by zero"
    return "an evaluation error"
