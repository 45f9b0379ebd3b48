"""The policy files a configuration names with ``policy-paths``: files, or folders of ``*.yml``,
relative to the configuration's folder and never outside it. An entry that cannot be used is a
:class:`~copilot_lint.load.config.ConfigError` of one line naming the configuration and the
entry (escaped)."""
from __future__ import annotations

from pathlib import Path

from copilot_lint.load.config import ConfigError

POLICY_FILE_SUFFIXES = (".yml", ".yaml")


def policy_files(base: Path, paths: list[str], source: str = "configuration") -> list[Path]:
    """The policy files named by ``policy-paths`` (files, or folders of ``*.yml``), in order.

    Paths are relative to ``base``, the configuration file's folder, and must stay inside it
    (symbolic links included): a configuration from a pull request cannot read other files.
    An entry that cannot be read (no such file, no permission to search a folder, a name too
    long, a NUL byte) is a configuration error naming ``source`` and the entry.
    """
    root = base.resolve()
    files: list[Path] = []
    for raw in paths:
        shown = _shown(raw)
        try:
            files.extend(_policy_files_of(base, root, raw))
        except _Unreadable as err:
            raise ConfigError(f"{source}: policy-paths: {shown}: {err}") from None
        except (OSError, ValueError) as err:
            reason = getattr(err, "strerror", None) or "not a usable path"
            raise ConfigError(f"{source}: policy-paths: {shown}: cannot be read ({reason})"
                              ) from None
    return files


class _Unreadable(Exception):
    """A ``policy-paths`` entry that names nothing usable; the message says why."""


def _policy_files_of(base: Path, root: Path, raw: str) -> list[Path]:
    if not isinstance(raw, str) or not raw or "\0" in raw:
        raise _Unreadable("not a usable path")
    path = base / raw
    if not _inside(path, root):
        raise _Unreadable(f"outside the configuration's folder {_shown(str(base))}")
    if path.is_dir():
        found = sorted(p for p in _walk(path) if p.suffix in POLICY_FILE_SUFFIXES
                       and p.is_file() and _inside(p, root))
        if not found:
            raise _Unreadable("no .yml policy files in this folder")
        return found
    if path.is_file():
        return [path]
    raise _Unreadable("no such file or folder")


def _walk(folder: Path) -> list[Path]:
    """Every file below ``folder``; a folder that cannot be listed or searched is an error
    (``rglob`` would skip it silently and drop its policies)."""
    found: list[Path] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            children = list(current.iterdir())
        except OSError as err:
            raise _Unreadable(f"cannot read folder {_shown(str(current))} "
                              f"({err.strerror or 'unreadable'})") from None
        for child in children:
            try:
                is_folder = child.is_dir() and not child.is_symlink()
            except OSError as err:
                raise _Unreadable(f"cannot read {_shown(str(child))} "
                                  f"({err.strerror or 'unreadable'})") from None
            (stack if is_folder else found).append(child)
    return found


def _shown(text: str) -> str:
    """``text`` for a one-line error message: control characters escaped, shortened."""
    shown = repr(str(text))[1:-1]
    return shown if len(shown) <= 120 else shown[:119] + "…"


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError, ValueError):
        return False
