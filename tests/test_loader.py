"""The loader: YAML 1.2 typing, CloudFormation short forms, positions and bounded work."""
from __future__ import annotations

from types import SimpleNamespace

from conftest import problem_findings

from copilot_lint.load.parse import MAX_NODES, Loaded, load_bytes, type_plain_scalar
from copilot_lint.load.parse import load_text as _load_text


def _worded(loaded: Loaded) -> SimpleNamespace:
    """The loaded file with its problems as the ``files`` rules word them."""
    return SimpleNamespace(root=loaded.root, text=loaded.text, problems=loaded.problems,
                           findings=problem_findings(loaded.problems))


def load(text: str | bytes) -> SimpleNamespace:
    return _worded(load_bytes("f.yml", text.encode() if isinstance(text, str) else text))


def load_text(path: str, text: str) -> SimpleNamespace:
    return _worded(_load_text(path, text))


def test_yaml12_typing_keeps_on_yes_off_as_strings() -> None:
    root = load("on:\n  schedule: '@daily'\nenabled: yes\nflag: off\nn: 8080\nq: '8080'\n"
                "t: true\n").root
    assert list(root.value) == ["on", "enabled", "flag", "n", "q", "t"]
    assert root.get("enabled").value == "yes"
    assert root.get("flag").value == "off"
    assert root.get("n").value == 8080 and root.get("n").style is None
    assert root.get("q").value == "8080" and root.get("q").quoted
    assert root.get("t").value is True


def test_plain_scalar_types() -> None:
    assert type_plain_scalar("~") is None
    assert type_plain_scalar("0x1F") == 31
    assert type_plain_scalar("1.5e3") == 1500.0
    assert type_plain_scalar("1:30") == "1:30"
    assert type_plain_scalar("2024-01-01") == "2024-01-01"


def test_positions_are_one_based_for_keys_and_values() -> None:
    root = load("a:\n  b: [x, y]\n").root
    assert (root.get("a", "b").line, root.get("a", "b").col) == (2, 6)
    assert (root.get("a", "b", 1).line, root.get("a", "b", 1).col) == (2, 10)
    assert (root.get("a").key_node("b").line, root.get("a").key_node("b").col) == (2, 3)


def test_short_forms_become_long_form() -> None:
    root = load("a: !GetAtt Bucket.Arn\nb: !Sub ['${X}', {X: 1}]\nc: !Ref Env\n"
                "d: {Ref: Env}\n").root
    assert root.get("a").plain() == {"Fn::GetAtt": ["Bucket", "Arn"]}
    assert root.get("b").plain() == {"Fn::Sub": ["${X}", {"X": 1}]}
    assert root.get("c").intrinsic()[0] == "Ref" and root.get("c").tag == "!Ref"
    assert root.get("d").intrinsic()[0] == "Ref" and root.get("d").tag is None


def test_short_form_scalar_argument_stays_text() -> None:
    root = load("a: !Ref 123\n").root
    assert root.get("a", "Ref").value == "123"


def test_duplicate_key_points_at_second_and_names_first() -> None:
    result = load("x: 1\ny: 2\nx: 3\n")
    (finding,) = result.findings
    assert (finding.rule, finding.line, finding.column) == ("CL002", 3, 1)
    assert "line 1" in finding.message
    assert result.root.get("x").value == 3


def test_unknown_tag_and_python_tags_construct_nothing() -> None:
    result = load("a: !!python/object/apply:os.system ['echo hi']\nb: !Reference X\n")
    assert [f.rule for f in result.findings] == ["CL003", "CL003"]
    assert result.root.get("a").plain() == ["echo hi"]


def test_merge_keys_are_applied_and_explicit_keys_win() -> None:
    root = load("base: &b {cpu: 256, memory: 512}\nsvc:\n  <<: *b\n  cpu: 1024\n").root
    assert root.get("svc").plain() == {"cpu": 1024, "memory": 512}


def test_syntax_error_has_position() -> None:
    (finding,) = load("a: [1, 2\nb: 3\n").findings
    assert finding.rule == "CL001" and finding.line >= 1 and finding.column >= 1


def test_tab_indentation_is_explained() -> None:
    (finding,) = load("a:\n\tb: 1\n").findings
    assert (finding.line, finding.column) == (2, 1) and "tabs" in finding.hint


def test_non_utf8_position() -> None:
    (finding,) = load(b"a: ok\nb: caf\xe9\n").findings
    assert (finding.rule, finding.line, finding.column) == ("CL001", 2, 7)


def test_binary_file() -> None:
    (finding,) = load(b"\x89PNG\x00\x00").findings
    assert "binary" in finding.message


def test_bom_crlf_and_utf16() -> None:
    assert load(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n").root.plain() == {"a": 1, "b": 2}
    assert load("a: 1\n".encode("utf-16")).root.plain() == {"a": 1}


def test_empty_and_comment_only_files() -> None:
    assert load("").root is None and load("").findings == []
    assert load("# nothing\n").root is None


def test_json_template_with_tabs() -> None:
    root = load('{\n\t"Resources": {\n\t\t"B": {"Type": "AWS::S3::Bucket"}\n\t}\n}\n').root
    assert root.get("Resources", "B", "Type").value == "AWS::S3::Bucket"
    assert root.get("Resources", "B").line == 3


def test_alias_bomb_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    result = load("\n".join(lines) + "\n")  # how fast: bench/hostile_input.py
    assert result.root is None
    assert str(MAX_NODES) in result.findings[0].message


def test_deep_nesting_is_bounded() -> None:
    result = load("[" * 20000 + "]" * 20000)
    assert result.root is None
    assert "nesting" in result.findings[0].message  # ours, or libyaml's own limit (>= 0.2.5)
    result = load("".join(f"{' ' * i}k:\n" for i in range(300)))
    assert result.root is None and result.findings[0].rule == "CL001"


def test_multi_megabyte_line_is_fine() -> None:
    result = load("a: " + "x" * 3_000_000 + "\n")
    assert result.findings == [] and len(result.root.get("a").value) == 3_000_000


def test_huge_file_is_refused_without_parsing() -> None:
    result = load(b"a: b\n" * (2 * 1024 * 1024))
    assert result.root is None and "limit" in result.findings[0].message


def test_control_character_is_reported_on_its_own_line_and_column() -> None:
    text = "name: web\ntype: Backend Service\nvariables:\n  A: \"x\x01\"\n"
    (finding,) = load(text).findings
    assert (finding.rule, finding.line, finding.column) == ("CL001", 4, 8)
    assert "U+0001" in finding.message and "\n" not in finding.message


def test_escape_sequence_character_and_lone_surrogate_never_raise() -> None:
    (finding,) = load("a: b\nc: \"\x1b[2J\"\n").findings
    assert (finding.line, finding.column) == (2, 5) and "U+001B" in finding.message
    (finding,) = load_text("f.yml", "a: \ud800\n").findings
    assert (finding.line, finding.column) == (1, 4) and "\n" not in finding.message
