"""The ``--fix`` of CL301 and CL302: put ``${Env}`` after the application segment of a name.

Only unambiguous cases are fixed: a literal or a ``!Sub`` template (short form, long form or
the list form's template) that starts with the application segment, ``<app>-`` or ``/<app>/``
(the application's literal name or ``${App}``), and has no ``${Env}`` yet. That segment becomes
``${App}-${Env}-`` (or ``/${App}/${Env}/``), e.g. ``acme-orders`` → ``!Sub
'${App}-${Env}-orders'``. A name built otherwise (``!Ref`` of a parameter, ``!Join``, ``!If``,
no application segment) has several reasonable repairs and is left to the author.
"""
from __future__ import annotations

from copilot_lint.model.fix import Fix, Tagged, replace
from copilot_lint.model.node import Node
from copilot_lint.model.paths import path_of
from copilot_lint.model.context import Context


def env_fix(ws: Context, node: Node, params: set[str]) -> Fix | None:
    """The fix that makes the name at ``node`` vary with the environment, or ``None``.

    ``params`` are the parameter names the addon folder declares: ``${Env}`` (and ``${App}``
    when the literal application name is replaced) must resolve.
    """
    path = path_of(ws, node)
    if path is None or "Env" not in params:
        return None
    if node.is_str and node.tag is None:
        if "${" in node.value:
            return None
        new = _with_env(node.value, ws.app)
        if new is None or ("${App}" in new and "App" not in params):
            return None
        return Fix(f"write it as !Sub '{new}'", [replace(node.file, path, Tagged("!Sub", new))])
    call = node.intrinsic()
    if call is None or call[0] != "Fn::Sub":
        return None
    arg = call[1]
    if arg.is_str:
        template, inner = arg.value, ("Fn::Sub",)
    elif arg.is_seq and arg.elements() and arg.elements()[0].is_str:
        variables = arg.get(1)
        if variables is not None and (not variables.is_map or
                                      {"App", "Env"} & set(variables.value)):
            return None
        template, inner = arg.elements()[0].value, ("Fn::Sub", 0)
    else:
        return None
    new = _with_env(template, ws.app)
    if new is None or "${Env}" in template or \
            ("${App}" in new and "${App}" not in template and "App" not in params):
        return None
    if node.tag == "!Sub" and arg.is_str:
        edit = replace(node.file, path, Tagged("!Sub", new))
    else:
        edit = replace(node.file, path + inner, new)
    return Fix(f"write it as !Sub '{new}'", [edit])


def _with_env(text: str, app: str | None) -> str | None:
    """``text`` with ``${Env}`` after its leading application segment, or ``None``."""
    for prefix in [p for p in ("${App}", app) if p]:
        if text.startswith(f"{prefix}-") and len(text) > len(prefix) + 1:
            return "${App}-${Env}-" + text[len(prefix) + 1:]
        if text.startswith(f"/{prefix}/") and len(text) > len(prefix) + 2:
            return "/${App}/${Env}/" + text[len(prefix) + 2:]
    return None
