"""Generate ``copilot_lint/schema/json/key_versions.json``: the Copilot release that first read
each manifest key, per manifest kind.

The table is derived from Copilot's own history (a git clone or bare mirror of
``aws/copilot-cli``): for every release tag, the Go structs of ``internal/pkg/manifest/`` are
read for their ``yaml:"..."`` field tags, and the key paths each manifest kind accepts are
walked from the kind's root struct (``inline`` fields add their keys to the same level, a
``map[string]...`` field adds a ``*`` step for the user's names, unions contribute every member).
A key path's version is the first release tag whose structs accept it. Paths under
``environments:`` are not listed (they repeat the top level).

Keys that Copilot decodes by hand (``from_cfn``, ``secretsmanager``, a pipeline source's
``properties``, generic scaling configurations) have no struct field to find: for a key path of
copilot-lint's schemas that the structs do not give, the version is the later of its parent's
version and the first release whose manifest package mentions the key as a quoted string.

Run ``python scripts/gen_key_versions.py /path/to/copilot-cli.git`` when Copilot releases a
version that adds manifest keys, and commit the result.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "copilot_lint" / "schema" / "json" / \
    "key_versions.json"

ROOTS = {
    "lb-web-service": ("LoadBalancedWebService", "LoadBalancedWebApp"),
    "backend-service": ("BackendService", "BackendApp"),
    "worker-service": ("WorkerService",),
    "request-driven-web-service": ("RequestDrivenWebService",),
    "scheduled-job": ("ScheduledJob",),
    "static-site": ("StaticSite",),
    "environment": ("Environment",),
    "pipeline": ("PipelineManifest", "Pipeline"),
}
"""Manifest kind → the names its root struct had over Copilot's history."""

_STRUCT = re.compile(r"^type (\w+) struct \{\n(.*?)^\}", re.S | re.M)
_NAMED = re.compile(r"^type (\w+) ((?:map\[string\]|\[\])?\*?[\w.\[\], *]+)$", re.M)
_FIELD = re.compile(r'^\s*([^`/]*?)\s*`[^`]*?yaml:"([^"]*)"[^`]*`')
_UNTAGGED = re.compile(r"^\s*(?:\w+\s+)?(\*?(?:\[\])?\*?[A-Z][\w.]*(?:\[[^\]]*\])?)\s*(?://.*)?$")
_WORD = re.compile(r"[A-Za-z_]\w*")
_DEPTH = 9


def git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], input=data, check=True,
                          capture_output=True).stdout


def tags(repo: Path) -> list[str]:
    """Release tags, oldest first."""
    names = git(repo, "tag", "--list", "v*").decode().split()
    release = [t for t in names if re.fullmatch(r"v\d+\.\d+\.\d+", t)]
    return sorted(release, key=lambda t: tuple(int(x) for x in t[1:].split(".")))


def sources(repo: Path, tag: str) -> str:
    """The non-test Go files of the manifest package at ``tag``, concatenated."""
    listing = git(repo, "ls-tree", "--name-only", f"{tag}:internal/pkg/manifest/").decode()
    files = [n for n in listing.split() if n.endswith(".go") and not n.endswith("_test.go")]
    request = "".join(f"{tag}:internal/pkg/manifest/{n}\n" for n in files).encode()
    out = git(repo, "cat-file", "--batch", data=request)
    return out.decode("utf-8", "replace")


def structs(text: str) -> tuple[dict[str, list[tuple[str, str]]], dict[str, str]]:
    """Struct name → fields as (yaml key or ``""`` for inline, type); named non-struct types
    (``type X map[string]Y``) → their definition. A field without a yaml tag belongs to a type
    with its own unmarshaling (``Count`` is a number or ``AdvancedCount``'s keys): its struct's
    keys count as the parent's, as if inline."""
    found: dict[str, list[tuple[str, str]]] = {}
    for name, body in _STRUCT.findall(text):
        fields = []
        for line in body.splitlines():
            match = _FIELD.match(line)
            if not match:
                bare = _UNTAGGED.match(line)
                if bare:
                    fields.append(("", bare.group(1)))
                continue
            prefix, tag = match.groups()
            key, _, options = tag.partition(",")
            if key == "-":
                continue
            parts = prefix.split(None, 1)
            kind = parts[-1] if len(parts) == 2 and not parts[0].startswith(("*", "[")) \
                else prefix
            if "inline" in options.split(","):
                fields.append(("", kind))
            elif key:
                fields.append((key, kind))
        found[name] = fields
    named = {name: kind for name, kind in _NAMED.findall(text) if name not in found}
    return found, named


def paths(root: str, found: dict, named: dict) -> set[str]:
    """Every key path the struct ``root`` accepts (``*`` for a map's keys)."""
    out: set[str] = set()

    def walk(kind: str, prefix: tuple[str, ...], stack: tuple[str, ...]) -> None:
        if len(prefix) > _DEPTH:
            return
        mapped = kind.lstrip("*[] ").startswith("map[")
        for word in _WORD.findall(kind):
            word = named.get(word, word) if word in named else word
            for inner in ([word] if word in found else _WORD.findall(word)):
                if inner not in found or inner in stack:
                    continue
                level = prefix + ("*",) if mapped and prefix else prefix
                for key, child in found[inner]:
                    if not key:
                        walk(child, level, stack + (inner,))
                        continue
                    path = level + (key,)
                    if path[0] == "environments":
                        continue
                    out.add(".".join(path))
                    walk(child, path, stack + (inner,))

    walk(root, (), ())
    return out


def schema_paths(kind: str) -> set[str]:
    """The key paths of copilot-lint's assembled schema of ``kind`` (``*`` for map values)."""
    from copilot_lint.schema.assemble import assembled

    doc = assembled(kind)
    defs = doc["definitions"]
    out: set[str] = set()

    def walk(node: object, path: tuple[str, ...], depth: int) -> None:
        if not isinstance(node, dict) or depth > 40:
            return
        ref = node.get("$ref")
        if isinstance(ref, str):
            walk(defs.get(ref.rsplit("/", 1)[-1]), path, depth + 1)
        for keyword in ("allOf", "anyOf", "oneOf"):
            for branch in node.get(keyword) or []:
                walk(branch, path, depth + 1)
        for keyword in ("then", "else", "items"):
            walk(node.get(keyword), path, depth + 1)
        for key, child in (node.get("properties") or {}).items():
            if path + (key,) != ("environments",) and ".".join(path + (key,)) not in out:
                out.add(".".join(path + (key,)))
                walk(child, path + (key,), depth + 1)
        if isinstance(node.get("additionalProperties"), dict) and path:
            walk(node["additionalProperties"], path + ("*",), depth + 1)

    walk(doc, (), 0)
    return out


def _order(tag: str) -> tuple[int, ...]:
    return tuple(int(x) for x in tag[1:].split("."))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    repo = Path(argv[0])
    first: dict[str, dict[str, str]] = {kind: {} for kind in ROOTS}
    mentioned: dict[str, str] = {}
    for tag in tags(repo):
        try:
            text = sources(repo, tag)
        except subprocess.CalledProcessError:
            continue
        for word in re.findall(r'"(\w+)', text):
            mentioned.setdefault(word, tag)
        found, named = structs(text)
        for kind, names in ROOTS.items():
            root = next((n for n in names if n in found), None)
            if root is None:
                continue
            for path in paths(root, found, named):
                first[kind].setdefault(path, tag)
    table: dict[str, dict[str, str]] = {}
    for kind, known in first.items():
        wanted = schema_paths(kind)
        for path in sorted(wanted - known.keys(), key=lambda p: p.count(".")):
            parent = known.get(path.rsplit(".", 1)[0].rstrip(".*")) if "." in path else None
            leaf = mentioned.get(path.rsplit(".", 1)[-1])
            if leaf and (parent or "." not in path):
                known[path] = max(filter(None, (parent, leaf)), key=_order)
        table[kind] = {p: v for p, v in sorted(known.items()) if p in wanted}
    OUT.write_text(json.dumps(table, indent=1, sort_keys=False) + "\n", "utf-8")
    print(f"wrote {OUT} ({sum(len(p) for p in table.values())} key paths)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
