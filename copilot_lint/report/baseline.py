"""Baselines: adopt copilot-lint in a repository that already has findings.

``--write-baseline FILE`` records today's findings; ``--baseline FILE`` then reports only the
findings that are not in it. A finding is recorded by a fingerprint that survives unrelated edits:
its rule, its file, and its position-free identity (``Finding.key``: the resource or key path and
the offending value), never its line or column. A finding without a key falls back to its message
with every number replaced, so that "(first defined at line 12)" does not move it either.

Fingerprints are counted, not just collected: a baseline holding one "CL301 in db.yml with this
key" excuses one such finding, and a second identical one is new. File paths are stored relative
to the baseline file's folder, so the baseline works from any working directory (so a rule's
``key`` must not contain a display path, which depends on the working directory). A rule's
internal error is never recorded nor excused.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from copilot_lint.load.confined import read_regular, write_replacing
from copilot_lint.model.finding import Finding

FORMAT_VERSION = 1
MAX_BYTES = 64 * 1024 * 1024
"""A baseline file larger than this is refused (it comes with the repository: untrusted)."""
_NUMBER = re.compile(r"\d+")


class BaselineError(Exception):
    """A baseline file that cannot be read; the message says which and why."""


def identity(finding: Finding) -> str:
    """What the finding is about, without its position."""
    return finding.key or "message:" + _NUMBER.sub("#", finding.message)


def fingerprint(finding: Finding, path: str | None = None) -> str:
    """A short stable hash of rule, file (``path`` or the finding's own) and identity."""
    text = "\x1f".join((finding.rule, path if path is not None else finding.file,
                        identity(finding)))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _relative(finding: Finding, base: Path) -> str:
    try:
        rel = os.path.relpath(Path(finding.file).absolute(), base.absolute())
    except ValueError:
        rel = finding.file
    return rel.replace(os.sep, "/")


def write_baseline(path: Path, findings: list[Finding], within: Iterable[Path] = ()) -> int:
    """Record ``findings`` in ``path``; returns how many were recorded. ``within``: folders
    ``path`` must not leave through a link (see :func:`write_replacing`)."""
    base = path.parent
    entries = sorted(({"fingerprint": fingerprint(f, _relative(f, base)), "rule": f.rule,
                       "path": _relative(f, base), "identity": identity(f)}
                      for f in findings if not f.internal),
                     key=lambda e: (e["path"], e["rule"], e["identity"], e["fingerprint"]))
    document = {"tool": "copilot-lint", "version": FORMAT_VERSION, "findings": entries}
    write_replacing(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n", within)
    return len(entries)


@dataclass
class Filtered:
    """The findings a baseline does not excuse, and how many baseline entries went unused."""

    new: list[Finding]
    matched: int
    gone: int


def apply_baseline(path: Path, findings: list[Finding]) -> Filtered:
    """Drop the findings recorded in the baseline at ``path``."""
    try:
        document = json.loads(read_regular(path, MAX_BYTES).decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else err
        raise BaselineError(f"cannot read baseline {path}: {reason}") from err
    entries = document.get("findings") if isinstance(document, dict) else None
    if not isinstance(entries, list) or document.get("version") != FORMAT_VERSION:
        raise BaselineError(f"{path} is not a copilot-lint baseline (version {FORMAT_VERSION}); "
                            f"write one with --write-baseline")
    remaining = Counter(e.get("fingerprint") for e in entries if isinstance(e, dict))
    base = path.parent
    new: list[Finding] = []
    matched = 0
    for finding in findings:
        key = fingerprint(finding, _relative(finding, base))
        if not finding.internal and remaining[key] > 0:
            remaining[key] -= 1
            matched += 1
        else:
            new.append(finding)
    return Filtered(new, matched, sum(n for n in remaining.values() if n > 0))
