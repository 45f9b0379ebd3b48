"""The on-disk cache of the cfn-lint pass: one small JSON file per linted addon folder.

The folder is ``$COPILOT_LINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/copilot-lint``, else
``~/.cache/copilot-lint``; entries live under ``cfn-lint/<2 hex>/<sha256>.json``. The key is a
SHA-256 over everything that decides cfn-lint's answer (see :func:`key`), so an entry is never
stale: a changed template, parameter, cfn-lint version or option is simply another key.

The cache is an optimisation only. A missing, corrupt or unwritable entry or folder is treated
as a miss and never stops a run: every failure here is swallowed. Its folder is untrusted (a CI
cache may be restored from anywhere): an entry is read only when it is a regular file inside the
cache folder (a symlink out of it, a FIFO or a device is a miss), of at most
:data:`MAX_ENTRY_BYTES`; writes never leave the folder either; the rows of an entry are checked
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
        self.root = (root or cache_dir()) / "cfn-lint"
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self.write_failed = False

    def _path(self, digest: str) -> Path:
        return self.root / digest[:2] / f"{digest}.json"

    def get(self, digest: str) -> dict | None:
        """The entry stored under ``digest``, or ``None`` (missing, unreadable or corrupt)."""
        if not self.enabled:
            return None
        path = self._path(digest)
        try:
            data = json.loads(Confined(self.root).read_bytes(path, MAX_ENTRY_BYTES),
                              parse_constant=_no_constant)
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            self.misses += 1
            return None
        if not isinstance(data, dict) or data.get("key") != digest:
            self.misses += 1
            return None
        self.hits += 1
        try:
            os.utime(path, follow_symlinks=False)
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
            self.root.mkdir(parents=True, exist_ok=True)
            confined = Confined(self.root)
            confined.make_dirs(path.parent)
            confined.replace(path, data, 0o600, ".tmp-", ".json")
        except (OSError, TypeError, ValueError):
            self.write_failed = True

    def prune(self, now: float | None = None) -> int:
        """Remove entries unused for :data:`MAX_AGE_DAYS` days, and temporary files left by an
        interrupted write, unless that was done less than a day ago; returns how many files
        were removed. Failures are ignored."""
        if not self.enabled:
            return 0
        now = time.time() if now is None else now
        marker = self.root / _MARKER
        try:
            if now - marker.stat().st_mtime < _DAY:
                return 0
        except OSError:
            pass
        removed = 0
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            marker.touch()
            os.utime(marker, (now, now))
            for shard in self.root.iterdir():
                if not shard.is_dir() or shard.is_symlink():
                    continue
                for entry in shard.iterdir():
                    removed += _remove_if_old(entry, now)
        except OSError:
            pass
        return removed


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _remove_if_old(entry: Path, now: float) -> int:
    limit = _DAY / 24 if entry.name.startswith(".tmp-") else MAX_AGE_DAYS * _DAY
    try:
        info = entry.lstat()  # a planted symlink is judged (and removed) itself, not followed
        if entry.suffix == ".json" and (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(
                info.st_mode)) and now - info.st_mtime > limit:
            entry.unlink()
            return 1
    except OSError:
        pass
    return 0
