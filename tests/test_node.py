"""``same_content``: Copilot's equality of addon template nodes (copilot-facts §5.2 A5)."""
from __future__ import annotations

from copilot_lint.load.parse import load_bytes
from copilot_lint.model.node import same_content


def pair(a: str, b: str) -> bool:
    return same_content(load_bytes("a.yml", a.encode()).root, load_bytes("b.yml", b.encode()).root)


def test_quoting_comments_and_layout_do_not_count() -> None:
    assert pair("x: {Type: 'String'}  # c\n", "x:\n  Type: \"String\"\n")
    assert pair("x: !Ref App\n", "x:   !Ref   App\n")


def test_key_order_counts() -> None:
    assert not pair("{Type: String, Description: d}", "{Description: d, Type: String}")


def test_scalars_compare_as_written_and_typed() -> None:
    assert not pair("v: 1.0\n", "v: 1.00\n")
    assert not pair("v: 5\n", "v: '5'\n")
    assert not pair("v:\n", "v: ~\n")
    assert pair("v: abc\n", "v: 'abc'\n")


def test_short_form_tags_and_shapes_count() -> None:
    assert not pair("v: !Ref X\n", "v: {Ref: X}\n")
    assert not pair("v: !GetAtt T.Arn\n", "v: !GetAtt [T, Arn]\n")
    assert pair("v: !GetAtt T.Arn\n", "v: !GetAtt T.Arn\n")


def test_nodes_visits_what_walk_visits() -> None:
    from copilot_lint.load.parse import load_bytes

    root = load_bytes("n.yml", b"a: {b: [1, {c: !Ref X}]}\nd: [e, f]\n").root
    assert sorted(id(n) for n in root.nodes()) == sorted(id(n) for _, n in root.walk())
