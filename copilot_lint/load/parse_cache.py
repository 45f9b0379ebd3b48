"""Parsed files kept between loads of one workspace, keyed by display path and content."""
from __future__ import annotations

import hashlib

from copilot_lint.load.parse import Loaded, load_bytes


class ParseCache:
    """Parsed files by display path and content, for callers that load one workspace again and
    again (the language server): an unchanged file is not parsed twice.

    :meth:`prune` drops what the loads since the previous prune did not use, so the cache holds
    one generation of files however many edits come in.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[str, bytes], Loaded] = {}
        self._used: set[tuple[str, bytes]] = set()

    def load(self, shown: str, data: bytes) -> Loaded:
        key = (shown, hashlib.blake2b(data, digest_size=16).digest())
        self._used.add(key)
        loaded = self._entries.get(key)
        if loaded is None:
            loaded = self._entries[key] = load_bytes(shown, data)
        return Loaded(loaded.path, loaded.text, loaded.root, list(loaded.problems))

    def prune(self) -> None:
        self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        self._used = set()

    def __len__(self) -> int:
        return len(self._entries)
