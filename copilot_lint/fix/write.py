"""Write what ``--fix`` changed (:func:`apply_plan`): atomically, only inside the workspace, and
tidy after a crash.

Every write passes :func:`~copilot_lint.fix.plan.confine`, the check every planned edit already
passed (a language-server quick fix too), and goes through
:class:`~copilot_lint.load.confined.Confined`, so a symlinked file or folder that leads outside
the workspace is refused, never followed (not even when swapped in after the check). A file is
replaced by writing a temporary ``.<name>.<random>.copilot-lint-fix`` next to it (fsync'd, mode
kept) and renaming it over the original, after checking that the original still holds what was
linted; a new file is linked into place and never replaces one that appeared meanwhile. A
read-only file is refused.

A ``--fix`` killed between writing a temporary file and renaming it leaves the temporary behind
(where ``git add -A`` would pick it up): :func:`remove_stale` deletes this tool's own temporaries
older than :data:`STALE_AFTER` seconds from the folders a ``--fix`` run visits.
"""
from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from copilot_lint.fix.plan import Plan, Problem, confine
from copilot_lint.fix.spans import Refused
from copilot_lint.load.confined import Confined, OutsideRoot, TooLarge

SUFFIX = ".copilot-lint-fix"
STALE_AFTER = 60 * 60
"""A temporary file of ours this old is left over from an interrupted run."""
MAX_BYTES = 64 * 1024 * 1024
_TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_]{6,16}" + re.escape(SUFFIX) + r"\Z", re.S)


def apply_plan(plan: Plan) -> list[Problem]:
    """Write every change atomically inside the workspace (after removing temporary files an
    interrupted run left); a file that cannot be written safely is reported."""
    problems = []
    confined = Confined(plan.root or Path.cwd())
    remove_stale(confined, plan.folders | {c.abspath.parent for c in plan.changes})
    for change in plan.changes:
        try:
            if change.old is None:
                create(confined, change.abspath, change.new)
            else:
                rewrite(confined, change.abspath, change.old, change.new)
        except Refused as why:
            problems.append(Problem(change.file, f"not written: {why}"))
            change.findings.clear()
    return problems


def rewrite(confined: Confined, path: Path, old: bytes, new: bytes) -> None:
    """Replace ``path``'s content with ``new`` atomically, if it still holds ``old``."""
    real = confine(confined, path)
    try:
        info = os.stat(real, follow_symlinks=False)
    except OSError as err:
        raise Refused(f"cannot read it: {err.strerror}") from None
    if not info.st_mode & stat.S_IWUSR or not os.access(real, os.W_OK):
        raise Refused("the file is read-only")
    if _read(confined, real) != old:
        raise Refused("the file changed on disk since it was read; run again")

    def unchanged() -> None:
        now = os.stat(real, follow_symlinks=False)
        if (now.st_mtime_ns, now.st_size, now.st_ino) != (
                info.st_mtime_ns, info.st_size, info.st_ino) or _read(confined, real) != old:
            raise Refused("the file changed on disk while it was being fixed; run again")

    _write(confined, real, new, stat.S_IMODE(info.st_mode), check=unchanged)


def create(confined: Confined, path: Path, data: bytes) -> None:
    """Create ``path`` with ``data`` atomically (and its missing folders); never replaces an
    existing file."""
    confine(confined, path)
    try:
        confined.make_dirs(path.parent)
    except OutsideRoot:
        raise Refused("its folder leads outside the workspace (a symlink)") from None
    except OSError as err:
        raise Refused(f"cannot create its folder: {err.strerror}") from None
    umask = os.umask(0)
    os.umask(umask)
    try:
        _write(confined, path, data, 0o666 & ~umask, exclusive=True)
    except FileExistsError:
        raise Refused("the file appeared on disk meanwhile") from None


def remove_stale(confined: Confined, folders: Iterable[Path], now: float | None = None) -> int:
    """Delete this tool's temporary files older than :data:`STALE_AFTER` in ``folders`` (only
    regular files, only inside the workspace); returns how many were removed."""
    now = time.time() if now is None else now
    removed = 0
    for folder in sorted(set(folders)):
        try:
            with confined.folder(folder) as fd:
                for name in os.listdir(fd):
                    if _TEMPORARY.match(name):
                        removed += _remove_if_old(fd, name, now)
        except OSError:
            continue
    return removed


def _remove_if_old(folder: int, name: str, now: float) -> int:
    try:
        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
        if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_AFTER:
            os.unlink(name, dir_fd=folder)
            return 1
    except OSError:
        pass
    return 0


def _write(confined: Confined, path: Path | str, data: bytes, mode: int, *,
           exclusive: bool = False, check=None) -> None:
    name = os.path.basename(path)
    try:
        confined.replace(path, data, mode, prefix=f".{name}.", suffix=SUFFIX,
                         exclusive=exclusive, before_rename=check)
    except (Refused, FileExistsError):
        raise
    except OutsideRoot:
        raise Refused("it leads outside the workspace (a symlink)") from None
    except OSError as err:
        raise Refused(f"cannot write it: {err.strerror or err}") from None


def _read(confined: Confined, path: str) -> bytes | None:
    try:
        return confined.read_bytes(path, MAX_BYTES)
    except (OSError, TooLarge):
        return None
