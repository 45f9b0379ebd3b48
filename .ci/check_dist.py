"""Check the built wheel and sdist: everything the tool needs is in, nothing else.

    python .ci/check_dist.py DIST_FOLDER

The wheel must hold exactly the files of ``copilot_lint/`` (modules, and data such as the
manifest JSON schemas) and the rules (``rules/**/*.py``, installed as ``copilot_lint/rules/``),
plus its metadata, which must carry the ``LICENSE`` file that the metadata's licence names; the
sdist exactly those sources plus ``pyproject.toml``, ``README.md``, ``LICENSE``, ``MANIFEST.in``
and setuptools' generated files. So tests,
fixtures, benchmarks, examples and caches are out, and a new data file fails here until it is
packaged. Exit 1 with the differences.
"""
from __future__ import annotations

import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED_SDIST = {"PKG-INFO", "setup.cfg"}


def _files(folder: Path) -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def needed_in_wheel() -> set[str]:
    """Every file of ``copilot_lint/`` (modules and data such as the JSON schemas) and every
    rule module, under ``copilot_lint/rules/``."""
    rules = {"copilot_lint/" + name for name in _files(ROOT / "rules") if name.endswith(".py")}
    return _files(ROOT / "copilot_lint") | rules


def sources() -> set[str]:
    return _files(ROOT / "copilot_lint") | _files(ROOT / "rules") | {
        "pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"}


def compare(what: str, found: set[str], wanted: set[str]) -> list[str]:
    problems = [f"{what}: missing {name}" for name in sorted(wanted - found)]
    problems += [f"{what}: unexpected {name}" for name in sorted(found - wanted)]
    return problems


def main(dist: Path) -> int:
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = {n for n in archive.namelist() if ".dist-info/" not in n}
        licence = [n for n in archive.namelist() if ".dist-info/" in n
                   and n.rsplit("/", 1)[-1] == "LICENSE"]
        same = bool(licence) and archive.read(licence[0]) == (ROOT / "LICENSE").read_bytes()
    with tarfile.open(sdist) as archive:
        members = [m.name.split("/", 1)[1] for m in archive.getmembers()
                   if m.isfile() and "/" in m.name]
    in_sdist = {m for m in members if ".egg-info/" not in m} - GENERATED_SDIST
    problems = compare(wheel.name, in_wheel, needed_in_wheel())
    problems += compare(sdist.name, in_sdist, sources())
    if not same:
        problems.append(f"{wheel.name}: no .dist-info/LICENSE equal to the project's LICENSE")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"check_dist: {wheel.name} ({len(in_wheel)} files), {sdist.name} ({len(in_sdist)} "
          f"files): {'ok' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
