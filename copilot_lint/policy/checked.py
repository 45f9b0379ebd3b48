"""Remember, across runs, which policy schemas passed the JSON Schema meta-schema check.

Checking a schema against its meta-schema is most of what a policy costs a run (about a
millisecond each), and a team's policies rarely change, so the SHA-256 digests of schemas that
passed are kept in one small file of the cache folder (``policies/meta-checked.json`` under
:func:`cache_folder`), keyed by jsonschema's meta-schemas. Only that check is
skipped for a known digest: the safety checks (references, cycles, nesting, RE2 patterns) run
on every schema in every run. The folder is untrusted: the file is read only as a regular file
inside it, of bounded size, and a forged digest can at worst skip the meta-schema check of one
schema's exact content (whose evaluation then still reads nothing and ends). Every failure
here is a miss, never an error; ``COPILOT_LINT_NO_CACHE`` (any value) turns it off.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

MAX_BYTES = 1 << 20
MAX_DIGESTS = 20_000
_FILE = "meta-checked.json"


def cache_folder() -> Path:
    """copilot-lint's cache folder: ``$COPILOT_LINT_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/copilot-lint``, else ``~/.cache/copilot-lint`` (the folder of the cfn-lint
    cache too, :func:`copilot_lint.cfn.cache.cache_dir`, which lives in a later layer;
    ``tests/test_policy_safety.py`` keeps the two equal)."""
    explicit = os.environ.get("COPILOT_LINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "copilot-lint"
    return Path.home() / ".cache" / "copilot-lint"


@lru_cache(maxsize=1)
def meta_schemas_digest() -> str:
    """A digest of the meta-schemas jsonschema checks against (its version, in effect; reading
    the installed version through ``importlib.metadata`` would cost more than the check)."""
    from jsonschema import validators

    classes = (validators.Draft4Validator, validators.Draft6Validator,
               validators.Draft7Validator, validators.Draft201909Validator,
               validators.Draft202012Validator)
    return digest(json.dumps([sorted(c.VALIDATORS) + [c.META_SCHEMA] for c in classes],
                             sort_keys=True))


def digest(text: str) -> str:
    """The digest of a schema's canonical JSON text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class CheckedSchemas:
    """The digests known to pass, loaded once; :meth:`save` writes new ones back."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.known: set[str] = set()
        self.added: set[str] = set()
        self._loaded = False

    def _folder(self) -> Path:
        return self.root if self.root is not None else cache_folder()

    def _version(self) -> str:
        return meta_schemas_digest()

    @property
    def enabled(self) -> bool:
        return not os.environ.get("COPILOT_LINT_NO_CACHE")

    def __contains__(self, item: str) -> bool:
        if not self.enabled:
            return False
        if not self._loaded:
            self._loaded = True
            self.known = self._load()
        return item in self.known or item in self.added

    def add(self, item: str) -> None:
        if self.enabled:
            self.added.add(item)

    def _load(self) -> set[str]:
        from copilot_lint.load.confined import Confined

        root = self._folder()
        try:
            data = json.loads(Confined(root).read_bytes(root / "policies" / _FILE, MAX_BYTES))
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            return set()
        version = self._version()
        if not isinstance(data, dict) or not version or data.get("jsonschema") != version or \
                not isinstance(data.get("digests"), list):
            return set()
        return {d for d in data["digests"] if isinstance(d, str) and len(d) == 64}

    def save(self) -> None:
        """Write the known digests plus the new ones (the newest kept when over the limit)."""
        if not self.enabled or not self.added or not self._version():
            return
        from copilot_lint.load.confined import Confined

        root = self._folder()
        digests = sorted(self.known - self.added)[-(MAX_DIGESTS - len(self.added)):] + \
            sorted(self.added)
        data = json.dumps({"jsonschema": self._version(), "digests": digests[-MAX_DIGESTS:]})
        try:
            root.mkdir(parents=True, exist_ok=True)
            confined = Confined(root)
            confined.make_dirs(root / "policies")
            confined.replace(root / "policies" / _FILE, data.encode(), 0o600, ".tmp-", ".json")
        except (OSError, ValueError):
            return
        self.known |= self.added
        self.added = set()
