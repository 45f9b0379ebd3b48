"""Mutation fuzzing: the rule fixtures, mutated the way a hostile pull request would, through
the whole command line in every output format.

Each run copies one fixture workspace and applies a few seeded mutations: bytes flipped,
inserted or cut, control characters and escape sequences in values, lines duplicated, files
emptied, folders renamed to names with line breaks, escapes or undecodable bytes, symlinks out
of the workspace or round a loop, FIFOs. Then every format must come out without an internal
error, exit 0 or 1, strictly encodable UTF-8 with no raw control character (JSON and SARIF
parse), one line per finding in text, and the file outside the workspace must never appear.
``COPILOT_LINT_FUZZ_RUNS`` sets the number of runs (default 40).
"""
from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest

from copilot_lint.cli import main
from copilot_lint.report import FORMATS

FIXTURES = Path(__file__).parent / "fixtures"
RUNS = int(os.environ.get("COPILOT_LINT_FUZZ_RUNS", "40"))
SECRET = "OUTSIDE-SECRET-VALUE"
RAW = ("\x1b", "\x07", "\r", "\x9b", "\u2028", "\u202e")
INSERTS = [b"\x1b[2J", b"\x07", b"\x00", b"\xff\xfe", b"\r", b"\n", b"\t", b"\"\\e]0;x\\a\"",
           b"\"\\nfake.yml:1:1: error CL999 x\"", b"\xe2\x80\xae", b"!Ref ", b"&a *a ", b"{",
           b"- ", b": ", b"${Env}", b"\xc2\x9b"]
NAMES = [b"w\nfake.yml:1:1: error CL999 x", b"w\x1b[31m", b"w\xff", b"w\xe2\x80\xae", b"w ,:%"]


def _workspaces() -> list[Path]:
    return sorted({p.parent for p in FIXTURES.glob("*/*/*/copilot")})


def _mutate_file(rng: random.Random, path: Path) -> None:
    data = bytearray(path.read_bytes())
    action = rng.randrange(5)
    at = rng.randrange(len(data) + 1)
    if action == 0 and data:
        data[min(at, len(data) - 1)] = rng.randrange(256)
    elif action == 1:
        data[at:at] = rng.choice(INSERTS)
    elif action == 2:
        del data[at:at + rng.randrange(1, 40)]
    elif action == 3:
        lines = bytes(data).split(b"\n")
        index = rng.randrange(len(lines))
        lines.insert(index, lines[index])
        data = bytearray(b"\n".join(lines))
    else:
        data = bytearray()
    path.write_bytes(bytes(data))


def _mutate_tree(rng: random.Random, root: Path, outside: Path) -> None:
    files, folders = [], []
    for top, dirs, names in os.walk(root / "copilot"):  # never into symlinked folders
        folders += [Path(top, d) for d in dirs if not Path(top, d).is_symlink()]
        files += [Path(top, n) for n in names if Path(top, n).is_file()
                  and not Path(top, n).is_symlink()]
    files.sort()
    folders.sort()
    if not files:
        return
    action = rng.randrange(6)
    if action <= 1 or not folders:
        for path in rng.sample(files, min(len(files), rng.randrange(1, 3))):
            _mutate_file(rng, path)
    elif action == 2:
        folder = rng.choice(folders)
        name = folder.parent / os.fsdecode(rng.choice(NAMES))
        if not os.path.lexists(name):
            folder.rename(name)
    elif action == 3:
        target = rng.choice(files)
        target.unlink()
        os.symlink(os.path.relpath(outside, target.parent), target)
    elif action == 4:
        folder = rng.choice(folders)
        tag = rng.randrange(10 ** 6)
        os.symlink(os.path.relpath(root / "copilot", folder), folder / f"loop{tag}")
        os.symlink(os.path.relpath(outside.parent, folder), folder / f"out{tag}.yml")
    else:
        target = rng.choice(files)
        target.unlink()
        os.mkfifo(target)


@pytest.mark.parametrize("run", range(RUNS))
def test_mutated_workspaces_give_clean_output(run: int, tmp_path: Path, capsys,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(run)
    source = rng.choice(_workspaces())
    outside = tmp_path / "outside" / "secret.yml"
    outside.parent.mkdir()
    outside.write_text(f"Resources:\n  B:\n    Properties: {{BucketName: {SECRET}}}\n")
    shutil.copytree(source / "copilot", tmp_path / "ws" / "copilot", symlinks=True)
    for _ in range(rng.randrange(1, 4)):
        _mutate_tree(rng, tmp_path / "ws", outside)
    monkeypatch.chdir(tmp_path / "ws")
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    for fmt in FORMATS:
        code = main(["--no-cfn-lint", "--format", fmt])
        captured = capsys.readouterr()
        assert code in (0, 1), (source, fmt, captured.err)
        out = captured.out
        out.encode("utf-8")
        (out + captured.err).encode("utf-8")
        assert SECRET not in out + captured.err
        assert not [c for c in RAW if c in out], (fmt, out)
        if fmt in ("json", "sarif"):
            json.loads(out)
        if fmt == "text":
            assert all(line[:1] not in ("", " ") and ": " in line for line in out.splitlines())
    assert outside.read_text() == f"Resources:\n  B:\n    Properties: {{BucketName: {SECRET}}}\n"
