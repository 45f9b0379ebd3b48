"""Writing a planned fix to disk: atomically (temporary file in the same folder, fsync, rename,
mode kept), refusing read-only files and files that changed since they were read.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from copilot_lint.fix.plan import Plan, Problem
from copilot_lint.fix.spans import Refused


def apply_plan(plan: Plan) -> list[Problem]:
    """Write every change atomically; a file that cannot be written safely is reported."""
    problems = []
    for change in plan.changes:
        try:
            if change.old is None:
                _create(change.abspath, change.new)
            else:
                _rewrite(change.abspath, change.old, change.new)
        except Refused as why:
            problems.append(Problem(change.file, f"not written: {why}"))
            change.findings.clear()
    return problems


def _rewrite(path: Path, old: bytes, new: bytes) -> None:
    """Replace ``path``'s content with ``new`` atomically, if it still holds ``old``."""
    real = Path(os.path.realpath(path))
    try:
        info = os.stat(real)
    except OSError as err:
        raise Refused(f"cannot read it: {err.strerror}") from None
    if not info.st_mode & stat.S_IWUSR or not os.access(real, os.W_OK):
        raise Refused("the file is read-only")
    if _read(real) != old:
        raise Refused("the file changed on disk since it was read; run again")
    tmp = _temp(real, new, stat.S_IMODE(info.st_mode))
    try:
        now = os.stat(real)
        if (now.st_mtime_ns, now.st_size, now.st_ino) != (info.st_mtime_ns, info.st_size,
                                                         info.st_ino) or _read(real) != old:
            raise Refused("the file changed on disk while it was being fixed; run again")
        os.replace(tmp, real)
    except BaseException:
        _unlink(tmp)
        raise
    _sync_dir(real.parent)


def _create(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data`` atomically; never replaces an existing file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise Refused(f"cannot create its folder: {err.strerror}") from None
    umask = os.umask(0)
    os.umask(umask)
    tmp = _temp(path, data, 0o666 & ~umask)
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise Refused("the file appeared on disk meanwhile") from None
    except OSError as err:
        raise Refused(f"cannot create it: {err.strerror}") from None
    finally:
        _unlink(tmp)
    _sync_dir(path.parent)


def _temp(next_to: Path, data: bytes, mode: int) -> str:
    try:
        fd, tmp = tempfile.mkstemp(dir=next_to.parent, prefix=f".{next_to.name}.",
                                   suffix=".copilot-lint-fix")
    except OSError as err:
        raise Refused(f"cannot write in its folder: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
    except OSError as err:
        _unlink(tmp)
        raise Refused(f"cannot write it: {err.strerror}") from None
    return tmp


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
