"""Internal errors: one line naming what was being processed, exit code 2, traceback on demand.

Exit code 1 tells CI "the workspace has findings", so a crash must never end with it (nor with
Python's own traceback, which is exit 1 too). Code that works on one file or one workspace wraps
the work in :func:`processing`; when an exception escapes, the innermost such label is attached
to it, and :func:`describe` turns it into ``internal error while processing <label>: <type>:
<message>``. The traceback is printed only with ``--debug`` or ``COPILOT_LINT_DEBUG=1``.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

DEBUG_VARIABLE = "COPILOT_LINT_DEBUG"
_WHERE = "copilot_lint_where"
MAX_DETAIL = 300


@contextmanager
def processing(label: str) -> Iterator[None]:
    """Label the work inside the block (a file's display path, a workspace, an output)."""
    try:
        yield
    except Exception as err:
        if getattr(err, _WHERE, None) is None:
            try:
                setattr(err, _WHERE, label)
            except AttributeError:
                pass
        raise


def describe(err: BaseException) -> str:
    """One line for an internal error: where, the exception type and its message (escaped,
    bounded), and how to get the traceback."""
    from copilot_lint.model.escape import visible

    where = getattr(err, _WHERE, None)
    detail = visible(" ".join(str(err).split()))
    if len(detail) > MAX_DETAIL:
        detail = detail[:MAX_DETAIL - 1] + "…"
    place = f" while processing {visible(where)}" if where else ""
    return (f"copilot-lint: internal error{place}: {type(err).__name__}"
            f"{': ' + detail if detail else ''}; please report it (run with --debug or "
            f"{DEBUG_VARIABLE}=1 for the traceback)")


_DEBUG = False


def set_debug(on: bool) -> None:
    """``--debug`` was given: print tracebacks (of internal errors and crashing rules)."""
    global _DEBUG
    _DEBUG = on


def debug_wanted(flag: bool = False) -> bool:
    """Whether to print tracebacks: ``--debug`` (``flag``, or :func:`set_debug`) or
    ``COPILOT_LINT_DEBUG`` set to a true value."""
    return flag or _DEBUG or os.environ.get(DEBUG_VARIABLE, "").strip().lower() in (
        "1", "true", "yes", "on")


def print_rule_traceback(rule_id: str, origin: str, err: BaseException) -> None:
    """With ``--debug``, the traceback of a rule that crashed (the run goes on, and the crash is
    an internal-error finding): what a plugin or policy author needs."""
    if not debug_wanted():
        return
    import sys
    import traceback

    print(f"copilot-lint: traceback of the crash in rule {rule_id}"
          f"{' (' + origin + ')' if origin else ''}:", file=sys.stderr)
    traceback.print_exception(type(err), err, err.__traceback__, file=sys.stderr)
