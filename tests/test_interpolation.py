"""Unit tests of the interpolation helpers in copilot_lint.resolve.manifest (copilot-facts §4.1)."""
from __future__ import annotations

from copilot_lint.load.parse import load_bytes
from copilot_lint.resolve.manifest import becomes_list, interpolated_scalars


def _root(text: str):
    loaded = load_bytes("m.yml", text.encode())
    assert not loaded.problems
    return loaded.root


def test_interpolated_scalars_reads_values_and_items_not_keys() -> None:
    root = _root("${KEY}: a\nlist: [b, '${C}']\nnum: 3\nflag: true\nsub: !Sub '${X}'\n"
                 "tagged: !!str 4\nnested: {k: d}\n")
    seen = {path: node.value for path, node in interpolated_scalars(root)}
    assert seen == {("${KEY}",): "a", ("list", 0): "b", ("list", 1): "${C}", ("tagged",): "4",
                    ("nested", "k"): "d"}


def test_interpolated_scalars_yields_a_merged_node_once() -> None:
    root = _root("base: &b {v: '${X}'}\nother:\n  <<: *b\n  w: y\n")
    paths = [path for path, node in interpolated_scalars(root) if node.value == "${X}"]
    assert paths == [("base", "v")]


def test_becomes_list_follows_copilot() -> None:
    root = _root("a: '[\"x\", \"y\"]'\nb: |\n  [\"x\"]\nc: >\n  [\"x\"]\nd: '[]'\n"
                 "e: '[1, 2]'\nf: '[\"${COPILOT_ENVIRONMENT_NAME}\"]'\ng: '[x]'\nh: plain\n")
    env = {"COPILOT_ENVIRONMENT_NAME": "test"}
    got = {k: becomes_list(v, env) for k, v in root.items()}
    assert got == {"a": ["x", "y"], "b": None, "c": ["x"], "d": None, "e": None,
                   "f": ["test"], "g": None, "h": None}
