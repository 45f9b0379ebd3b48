"""File access that never leaves the workspace root.

A workspace comes from a pull request, so any of its files or folders may be a symlink to
``/etc/passwd``, to the CI runner's home, or to a file the linter would then rewrite. Every read
and write of workspace files goes through :class:`Confined`:

- a path is resolved (``os.path.realpath``) and must stay inside the root's real path, else
  :class:`OutsideRoot` (symlinks that stay inside are fine);
- the resolved path is then opened component by component from a descriptor of the root, each
  with ``O_NOFOLLOW``, so a symlink swapped in after the check (a race) fails instead of being
  followed; files are opened ``O_NONBLOCK`` so a FIFO cannot hang the run, and only regular files
  are read (:class:`NotRegular`), up to a size cap (:class:`TooLarge`);
- writes create a temporary file with ``O_EXCL`` in the resolved folder and rename it over the
  target through the same folder descriptor, so nothing outside the root is created or replaced.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_READ_FLAGS = os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class OutsideRoot(OSError):
    """The path (or a symlink on the way to it) leads outside the workspace root."""

    def __init__(self, path: str | Path, target: str) -> None:
        super().__init__(f"{path} points outside the workspace")
        self.path, self.target = str(path), target


class NotRegular(OSError):
    """The path is a folder, a FIFO, a device or a socket, not a regular file."""

    def __init__(self, path: str | Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}")
        self.kind = kind


class TooLarge(OSError):
    """The file is larger than the caller's limit."""

    def __init__(self, path: str | Path, size: int) -> None:
        super().__init__(f"{path} is {size} bytes")
        self.size = size


def kind_of(mode: int) -> str:
    """What a non-regular ``st_mode`` is, in words (for messages)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


class Confined:
    """Reads and writes below ``root`` (a folder), never outside its real path. With
    ``follow_links=False`` no symlink below the root is followed at all, even one that stays
    inside (a folder that is untrusted as a whole, such as a cache restored from anywhere):
    meeting one is an ``OSError`` (``ELOOP`` or ``ENOTDIR``)."""

    def __init__(self, root: str | Path, follow_links: bool = True) -> None:
        self.root = Path(os.path.abspath(root))
        self.real_root = os.path.realpath(root)
        self.follow_links = follow_links

    def resolve(self, path: str | Path) -> str:
        """The real path of ``path``; raises :class:`OutsideRoot` when it leaves the root."""
        real = os.path.realpath(path)
        if real != self.real_root and not real.startswith(self.real_root.rstrip(os.sep) + os.sep):
            raise OutsideRoot(path, _link_text(path))
        return real

    def inside(self, path: str | Path) -> bool:
        """Whether ``path`` resolves to the root or below it."""
        try:
            self.resolve(path)
        except OSError:
            return False
        return True

    def open(self, path: str | Path, flags: int) -> int:
        """A descriptor of ``path`` opened with ``flags``, every component below the root opened
        with ``O_NOFOLLOW``. Tried first on the path as written (no symlink on the way: inside
        by construction, and no ``realpath`` cost); when a symlink is met, the path is resolved,
        checked (:class:`OutsideRoot`) and walked again, where a symlink now means a race and
        fails."""
        parts = _parts(os.path.abspath(path), str(self.root))
        if parts is not None:
            try:
                return self._walk(parts, flags)
            except OSError as err:
                if err.errno not in (errno.ELOOP, errno.ENOTDIR) or not self.follow_links:
                    raise
        elif not self.follow_links:
            raise OutsideRoot(path, str(path))
        return self._walk(_parts(self.resolve(path), self.real_root) or [], flags)

    def _walk(self, parts: list[str], flags: int) -> int:
        if not parts:
            return os.open(self.real_root, flags)
        fd = os.open(self.real_root, _DIR_FLAGS)
        try:
            for part in parts[:-1]:
                inner = os.open(part, _DIR_FLAGS | _NOFOLLOW, dir_fd=fd)
                os.close(fd)
                fd = inner
            return os.open(parts[-1], flags | _NOFOLLOW, dir_fd=fd)
        finally:
            os.close(fd)

    @contextmanager
    def folder(self, path: str | Path) -> Iterator[int]:
        """A descriptor of the folder ``path`` (inside the root), opened without following
        any symlink below the root (see :meth:`open`)."""
        fd = self.open(path, _DIR_FLAGS)
        try:
            yield fd
        finally:
            os.close(fd)

    def read_bytes(self, path: str | Path, limit: int) -> bytes:
        """The bytes of the regular file ``path``; raises :class:`OutsideRoot`,
        :class:`NotRegular`, :class:`TooLarge` (over ``limit`` bytes) or another ``OSError``."""
        return _read_regular(self.open(path, _READ_FLAGS), path, limit)

    def replace(self, path: str | Path, data: bytes, mode: int, prefix: str, suffix: str,
                *, exclusive: bool = False, before_rename: Callable[[], None] | None = None
                ) -> None:
        """Write ``data`` to ``path`` atomically: a temporary file (``prefix`` + random +
        ``suffix``) in its folder (resolved, inside the root), then a rename over the name
        (``exclusive``: a link, so an existing file is never replaced: ``FileExistsError``).
        A symlink at the name is replaced itself, never followed (callers that mean to write
        through a symlink inside the root resolve ``path`` first). ``before_rename`` runs
        between the two and may raise to give up."""
        path = os.path.abspath(path)
        name = os.path.basename(path)
        with self.folder(os.path.dirname(path)) as parent:
            tmp, fd = _temp_in(parent, prefix, suffix, mode)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fchmod(out.fileno(), mode)
                    os.fsync(out.fileno())
                if before_rename is not None:
                    before_rename()
                if exclusive:
                    os.link(tmp, name, src_dir_fd=parent, dst_dir_fd=parent,
                            follow_symlinks=False)
                else:
                    os.replace(tmp, name, src_dir_fd=parent, dst_dir_fd=parent)
                    tmp = None
            finally:
                if tmp is not None:
                    _unlink_in(parent, tmp)
            try:
                os.fsync(parent)
            except OSError:
                pass

    def make_dirs(self, path: str | Path) -> None:
        """Create the folder ``path`` and its missing parents, each inside the root."""
        path = Path(os.path.abspath(path))
        missing = []
        while not os.path.lexists(path):
            missing.append(path.name)
            path = path.parent
        with self.folder(path) as fd:
            current = os.dup(fd)
        try:
            for name in reversed(missing):
                try:
                    os.mkdir(name, 0o777, dir_fd=current)
                except FileExistsError:
                    pass
                inner = os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=current)
                os.close(current)
                current = inner
        finally:
            os.close(current)


def _parts(path: str, root: str) -> list[str] | None:
    """``path``'s components below ``root`` (``[]`` for the root), or ``None`` when it is not
    below it as written."""
    if path == root:
        return []
    prefix = root.rstrip(os.sep) + os.sep
    return path[len(prefix):].split(os.sep) if path.startswith(prefix) else None


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` wherever it is (for files the user names, such as
    a configuration or a cache entry): never blocks on a FIFO, never reads a device, at most
    ``limit`` bytes; raises :class:`NotRegular`, :class:`TooLarge` or another ``OSError``."""
    return _read_regular(os.open(path, _READ_FLAGS), path, limit)


class LeavesFolder(OSError):
    """An output path whose folders leave, through a link, the folder it was named in."""

    def __init__(self, path: str | Path, folder: str | Path) -> None:
        super().__init__(f"{path} leaves {folder} through a symbolic link; refusing to write "
                         "there")


class MissingFolder(OSError):
    """An output path whose folder does not exist (outputs never create folders)."""

    def __init__(self, folder: str | Path) -> None:
        super().__init__(f"the folder {folder} does not exist")


def write_replacing(path: str | Path, text: str, within: Iterable[str | Path] = ()) -> None:
    """Write an output file the user names (``--output``, a baseline) atomically, replacing
    whatever is at that name: a symlink planted there by a pull request is replaced, never
    followed to a file outside. ``within``: the folders a pull request may hold links in (the
    working directory, the linted projects); when ``path`` is written inside one of them, its
    folders must not leave it through a link (``reports -> /anywhere``): :class:`LeavesFolder`.
    """
    if "\0" in os.fspath(path):
        raise OSError(errno.EINVAL, "a file name cannot hold a NUL character")
    path = os.path.abspath(path)
    if not os.path.isdir(os.path.dirname(path)):
        raise MissingFolder(os.path.dirname(path))
    bases = [os.path.abspath(b) for b in within if _parts(path, os.path.abspath(b))]
    root = max(bases, key=len) if bases else os.path.dirname(path)
    umask = os.umask(0)
    os.umask(umask)
    data = text.encode("utf-8", "backslashreplace")  # a lone surrogate as a JSON-style escape
    try:
        Confined(root).replace(path, data, 0o666 & ~umask, f".{os.path.basename(path)}.",
                               ".tmp")
    except OutsideRoot:
        raise LeavesFolder(path, root) from None


def _read_regular(fd: int, path: str | Path, limit: int) -> bytes:
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(path, kind_of(info.st_mode))
        if info.st_size > limit:
            raise TooLarge(path, info.st_size)
        chunks, total = [], 0
        while True:  # the size said by fstat, then whatever a growing file adds, up to limit
            chunk = os.read(fd, max(info.st_size + 1, 65536))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise TooLarge(path, total)
    finally:
        os.close(fd)


def _temp_in(folder: int, prefix: str, suffix: str, mode: int) -> tuple[str, int]:
    for _ in range(100):
        name = f"{prefix}{os.urandom(6).hex()}{suffix}"
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
                         | getattr(os, "O_CLOEXEC", 0), mode & 0o777 | stat.S_IWUSR,
                         dir_fd=folder)
        except FileExistsError:
            continue
        return name, fd
    raise FileExistsError("no free temporary file name")


def _unlink_in(folder: int, name: str) -> None:
    try:
        os.unlink(name, dir_fd=folder)
    except OSError:
        pass


def _link_text(path: str | Path) -> str:
    """What the first symlink on ``path`` says (for messages), or the path itself."""
    path = Path(path)
    for candidate in (path, *path.parents):
        try:
            return os.readlink(candidate)
        except OSError:
            continue
    return str(path)
