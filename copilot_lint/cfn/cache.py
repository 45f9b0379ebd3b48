"""The on-disk cache of the cfn-lint pass: one small JSON file per linted addon folder.

The folder is ``$COPILOT_LINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/copilot-lint``, else
``~/.cache/copilot-lint``; entries live under ``cfn-lint/<2 hex>/<sha256>.json``. The key is a
SHA-256 over everything that decides cfn-lint's answer (see :func:`key`), so an entry is never
stale: a changed template, parameter, cfn-lint version or option is simply another key.

The cache is an optimisation only. A missing, corrupt or unwritable entry or folder is treated
as a miss and never stops a run: every failure here is swallowed. Its folder is untrusted (a CI
cache may be restored from anywhere): no path below the cache folder is ever followed through a
symlink (every component is opened with ``O_NOFOLLOW`` from the folder's descriptor, as the
workspace reader does), an entry is read only when it is a regular file (a symlink, a FIFO or a
device is a miss), of at most :data:`MAX_ENTRY_BYTES`; writes, the prune and its marker never
leave the folder either; the rows of an entry are checked
by :mod:`copilot_lint.cfn.entry` before use. A bad entry is replaced by the next write.

It does not grow for ever: reading an entry marks it used (its modification time), and a run
that wrote entries removes those unused for :data:`MAX_AGE_DAYS` days, at most once a day
(:meth:`Cache.prune`).
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from pathlib import Path
from typing import Any

from copilot_lint.load.confined import Confined

FORMAT = 2
"""Version of the entry layout; part of every key."""
MAX_ENTRY_BYTES = 4 * 1024 * 1024
"""A larger entry is not read (cfn-lint's findings of one folder are a few KiB)."""
MAX_AGE_DAYS = 30
"""Entries not read or written for this long are removed by :meth:`Cache.prune`."""
_DAY = 24 * 60 * 60
_MARKER = ".last-prune"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def cache_dir() -> Path:
    """The cache folder (not created here)."""
    explicit = os.environ.get("COPILOT_LINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "copilot-lint"
    return Path.home() / ".cache" / "copilot-lint"


def key(material: Any) -> str:
    """A stable SHA-256 hex digest of JSON-serialisable ``material``."""
    blob = json.dumps([FORMAT, material], sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


class Cache:
    """Read and write entries of one cache folder; ``enabled=False`` makes every call a no-op."""

    def __init__(self, root: Path | None = None, enabled: bool = True) -> None:
        self.base = root or cache_dir()
        self.root = self.base / "cfn-lint"
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self.write_failed = False
        self._confined = Confined(self.base, follow_links=False)

    def _path(self, digest: str) -> Path:
        return self.root / digest[:2] / f"{digest}.json"

    def get(self, digest: str) -> dict | None:
        """The entry stored under ``digest``, or ``None`` (missing, unreadable or corrupt)."""
        if not self.enabled:
            return None
        path = self._path(digest)
        try:
            data = json.loads(self._confined.read_bytes(path, MAX_ENTRY_BYTES),
                              parse_constant=_no_constant)
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            self.misses += 1
            return None
        if not isinstance(data, dict) or data.get("key") != digest:
            self.misses += 1
            return None
        self.hits += 1
        try:
            with self._confined.folder(path.parent) as shard:
                os.utime(path.name, dir_fd=shard, follow_symlinks=False)
        except (OSError, NotImplementedError):
            pass
        return data

    def put(self, digest: str, entry: dict) -> None:
        """Store ``entry`` atomically (a temporary file, then a rename); failures are ignored."""
        if not self.enabled or self.write_failed:
            return
        path = self._path(digest)
        try:
            data = json.dumps({**entry, "key": digest}, ensure_ascii=False, allow_nan=False,
                              separators=(",", ":")).encode("utf-8")
            self.base.mkdir(parents=True, exist_ok=True)
            self._confined.make_dirs(path.parent)
            self._confined.replace(path, data, 0o600, ".tmp-", ".json")
        except (OSError, TypeError, ValueError):
            self.write_failed = True

    def prune(self, now: float | None = None) -> int:
        """Remove entries unused for :data:`MAX_AGE_DAYS` days, and temporary files left by an
        interrupted write, unless that was done less than a day ago; returns how many files
        were removed. Failures are ignored. Nothing below the cache folder is followed through
        a link: a planted ``.last-prune`` link is replaced, a linked ``cfn-lint`` folder or
        shard is left alone."""
        if not self.enabled:
            return 0
        now = time.time() if now is None else now
        removed = 0
        try:
            self.base.mkdir(parents=True, exist_ok=True)
            self._confined.make_dirs(self.root)
            with self._confined.folder(self.root) as root:
                if not _mark_pruned(root, now):
                    return 0
                for shard in _entries(root):
                    if not shard.is_dir(follow_symlinks=False):
                        continue
                    try:
                        with self._confined.folder(self.root / shard.name) as fd:
                            removed += sum(_remove_if_old(fd, entry, now)
                                           for entry in _entries(fd))
                    except OSError:
                        continue
        except OSError:
            pass
        return removed


def _entries(folder: int) -> list[os.DirEntry]:
    with os.scandir(folder) as entries:
        return list(entries)


def _mark_pruned(root: int, now: float) -> bool:
    """Whether a prune is due (the marker is missing or a day old); if so, the marker (a regular
    file, created afresh when something else has its name) says it was done ``now``."""
    try:
        info = os.stat(_MARKER, dir_fd=root, follow_symlinks=False)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISREG(info.st_mode) and now - info.st_mtime < _DAY:
        return False
    if info is not None and not stat.S_ISREG(info.st_mode):
        os.unlink(_MARKER, dir_fd=root)
    fd = os.open(_MARKER, os.O_WRONLY | os.O_CREAT | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0),
                 0o600, dir_fd=root)
    try:
        os.utime(fd, (now, now))
    finally:
        os.close(fd)
    return True


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _remove_if_old(folder: int, entry: os.DirEntry, now: float) -> int:
    limit = _DAY / 24 if entry.name.startswith(".tmp-") else MAX_AGE_DAYS * _DAY
    try:
        info = entry.stat(follow_symlinks=False)  # a planted symlink is judged (and removed)
        if entry.name.endswith(".json") and (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(
                info.st_mode)) and now - info.st_mtime > limit:
            os.unlink(entry.name, dir_fd=folder)
            return 1
    except OSError:
        pass
    return 0
