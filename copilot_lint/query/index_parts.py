"""Parts of the index kept from one run to the next, for a caller that lints the same workspace
again and again (the language server).

The index (:mod:`copilot_lint.query.index`) is the sum of one part per addons folder and
environment and one per workload manifest and environment. A part depends only on its own
files (the same parsed trees: the parse cache hands unchanged files back as the very same
objects), the application name and the environment, so after an edit every part but the edited
folder's is taken from the previous run. :attr:`IndexParts.changed` tells whether any part (or
the exports Copilot's own stacks make) came out different from the previous run, positions
included: when it is false, a rule that reads the index sees what it saw before.

Put an :class:`IndexParts` in ``ws.analysis.index_parts`` before the index is built; without one
the index is built from scratch, as on the command line.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import fields, is_dataclass
from typing import Any

class IndexParts:
    """Index parts by key, each kept with the inputs it was built from."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[tuple, Any, tuple]] = {}
        self._used: set[Hashable] = set()
        self.changed = False

    def begin(self) -> None:
        """Start a run: nothing has changed yet, nothing is used yet."""
        self.changed = False
        self._used = set()

    def part(self, key: Hashable, inputs: tuple, build: Callable[[], Any]) -> tuple[Any, bool]:
        """The part for ``key``: the kept one when ``inputs`` are the same objects as when it
        was built (then ``True``), else ``build()``'s (then ``False``)."""
        self._used.add(key)
        kept = self._entries.get(key)
        if kept is not None and _same(kept[0], inputs):
            return kept[1], True
        part = build()
        signature = digest(part)
        if kept is None or kept[2] != signature:
            self.changed = True
        self._entries[key] = (inputs, part, signature)
        return part, False

    def note(self, key: Hashable, signature: tuple) -> None:
        """Record what a part computed afresh every run depends on (the exports Copilot's own
        stacks make depend on the application, environments and workload types); a different
        ``signature`` marks a change."""
        self._used.add(key)
        kept = self._entries.get(key)
        if kept is None or kept[2] != signature:
            self.changed = True
        self._entries[key] = ((), None, signature)

    def prune(self) -> None:
        """Forget the parts the last run did not use (one generation is kept)."""
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}

    def __len__(self) -> int:
        return len(self._entries)


def _same(old: tuple, new: tuple) -> bool:
    return len(old) == len(new) and all(
        a is b or (isinstance(a, str) and a == b) for a, b in zip(old, new))


def digest(part: Any) -> tuple:
    """What a part holds, as comparable data: every entry's fields, nodes by position."""
    out = []
    for name in ("exports", "imports", "ssm", "secrets", "policies", "secret_uses",
                 "dynamic_refs"):
        out.append((name, _plain(getattr(part, name, None))))
    return tuple(out)


def signature(value: Any) -> Any:
    """Any index data (entries, lists, maps of them) as comparable data, nodes by position."""
    return _plain(value)


def _plain(value: Any, depth: int = 0) -> Any:
    if depth > 6:
        return "…"
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return tuple(sorted(((repr(k), _plain(v, depth + 1)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v, depth + 1) for v in value)
    if hasattr(value, "line") and hasattr(value, "col") and hasattr(value, "file"):
        return ("node", value.file, value.line, value.col, getattr(value, "end_line", None))
    if is_dataclass(value) and type(value).__name__ in _ENTRIES:
        return (type(value).__name__,) + tuple(
            _plain(getattr(value, f.name), depth + 1) for f in fields(value))
    if hasattr(value, "dir_path"):
        return ("addons", value.dir_path)
    if hasattr(value, "name") and hasattr(value, "manifest"):
        return ("workload", value.name)
    return repr(value)


_ENTRIES = frozenset({"Export", "Import", "DynamicReference", "SsmParameter", "SecretDef",
                      "PolicyAttachment", "SecretUse"})
