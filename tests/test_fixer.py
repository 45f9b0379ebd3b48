"""The fix applier: exact splices, validation, atomic writes, refusals; corpus round trips."""
from __future__ import annotations

import dataclasses
import difflib
import stat
from pathlib import Path

from conftest import analysed, corpus_dir, write_tree

from copilot_lint.fix import document
from copilot_lint.fix import plan as fixer
from copilot_lint.fix.plan import plan_fixes
from copilot_lint.fix.spans import Refused
from copilot_lint.fix.write import apply_plan
from copilot_lint.load.config import Config
from copilot_lint.load.parse import CFN_SHORT_FORMS, load_text
from copilot_lint.model.finding import Finding
from copilot_lint.model.fix import (
    FIRST,
    Fix,
    Tagged,
    add_key,
    create_file,
    rename_key,
    rename_key_node,
    replace,
    replace_node,
)
from copilot_lint.model.paths import key_path_of, path_of

ADDON = "copilot/api/addons/s3.yml"
BASE = {"copilot/.workspace": "application: acme\n",
        "copilot/api/manifest.yml": "name: api\ntype: Backend Service\n",
        "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n"}
TEMPLATE = """\
# Orders bucket
Parameters:
  App:
    Type: String   # the app
  Env: {Type: String}

Resources:
  Orders:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: "acme-orders"  # keep me
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
        - Effect: Allow
          Action: s3:GetObject
          Resource: !Sub "${Orders.Arn}/*"
# end comment
"""


def workspace(tmp_path: Path, template: str | bytes = TEMPLATE, **extra: str | bytes):
    write_tree(tmp_path, {**BASE, ADDON: template, **extra})
    return analysed(tmp_path / "copilot", cwd=tmp_path, config=Config())


def finding(*edits, rule: str = "CL999") -> Finding:
    return Finding(ADDON, 1, 1, "x", rule=rule, fix=Fix("test fix", list(edits)))


def new_text(tmp_path: Path, ws, *findings: Finding) -> str:
    plan = plan_fixes(ws, list(findings))
    assert plan.problems == []
    (change,) = plan.changes
    return change.new.decode()


NAME = ("Resources", "Orders", "Properties", "BucketName")


def test_replace_keeps_everything_else(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    edit = replace(ADDON, NAME, Tagged("!Sub", "${App}-${Env}-orders"))
    text = new_text(tmp_path, ws, finding(edit))
    assert text == TEMPLATE.replace('"acme-orders"', "!Sub '${App}-${Env}-orders'")


def test_crlf_and_comments_survive(tmp_path: Path) -> None:
    crlf = TEMPLATE.replace("\n", "\r\n").encode()
    ws = workspace(tmp_path, crlf)
    plan = plan_fixes(ws, [
        finding(replace(ADDON, NAME, Tagged("!Sub", "${App}-${Env}-orders"))),
        finding(add_key(ADDON, ("Parameters",), "Name", {"Type": "String"})),
        finding(add_key(ADDON, ("Outputs",), "PolicyArn", {"Value": Tagged("!Ref", "Policy")}))])
    assert plan.problems == []
    assert apply_plan(plan) == []
    data = (tmp_path / ADDON).read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    text = data.decode().replace("\r\n", "\n")
    assert text == TEMPLATE.replace('"acme-orders"', "!Sub '${App}-${Env}-orders'").replace(
        "  Env: {Type: String}\n", "  Env: {Type: String}\n  Name:\n    Type: String\n").replace(
        "# end comment\n", "\nOutputs:\n  PolicyArn:\n    Value: !Ref Policy\n# end comment\n")


def test_add_uses_the_files_indentation(tmp_path: Path) -> None:
    template = "Resources:\n    Role:\n        Type: AWS::IAM::Role\n"
    ws = workspace(tmp_path, template)
    text = new_text(tmp_path, ws, finding(add_key(
        ADDON, ("Resources", "Role", "Properties"), "ManagedPolicyArns",
        [Tagged("!Ref", "Policy"), "arn:aws:iam::aws:policy/ReadOnlyAccess"])))
    assert text == template + ("        Properties:\n            ManagedPolicyArns:\n"
                               "              - !Ref Policy\n"
                               "              - arn:aws:iam::aws:policy/ReadOnlyAccess\n")


def test_add_before_first_key_and_into_empty_sections(tmp_path: Path) -> None:
    template = "Parameters:\n  # the env\n  Env:\n    Type: String\nOutputs:\nConditions: {}\n"
    ws = workspace(tmp_path, template)
    text = new_text(tmp_path, ws,
                    finding(add_key(ADDON, ("Parameters",), "App", {"Type": "String"},
                                    before=(FIRST,)),
                            add_key(ADDON, ("Parameters",), "Name", {"Type": "String"},
                                    before=(FIRST,))),
                    finding(add_key(ADDON, ("Outputs",), "A", {"Value": 1})),
                    finding(add_key(ADDON, ("Conditions",), "IsProd",
                                    Tagged("!Equals", [Tagged("!Ref", "Env"), "prod"]))))
    assert text == ("Parameters:\n  App:\n    Type: String\n  Name:\n    Type: String\n"
                    "  # the env\n  Env:\n    Type: String\nOutputs:\n  A:\n    Value: 1\n"
                    "Conditions:\n  IsProd: !Equals\n    - !Ref Env\n    - prod\n")


def test_missing_section_goes_in_cloudformation_order(tmp_path: Path) -> None:
    template = "Description: x\n\nResources:\n  A:\n    Type: AWS::SNS::Topic\n"
    ws = workspace(tmp_path, template)
    text = new_text(tmp_path, ws, finding(add_key(ADDON, ("Parameters",), "App",
                                                  {"Type": "String"})))
    assert text == ("Description: x\n\nParameters:\n  App:\n    Type: String\n\n"
                    "Resources:\n  A:\n    Type: AWS::SNS::Topic\n")


def test_flow_mapping_and_no_final_newline(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "Parameters: {App: {Type: String}}\nOutputs:\n  A:\n    Value: 1")
    text = new_text(tmp_path, ws,
                    finding(add_key(ADDON, ("Parameters",), "Env", {"Type": "String"})),
                    finding(add_key(ADDON, ("Outputs",), "B", {"Value": "a, b"})))
    assert text == ("Parameters: {App: {Type: String}, Env: {Type: String}}\n"
                    "Outputs:\n  A:\n    Value: 1\n  B:\n    Value: a, b")


def test_rename_and_quoting(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "variables:\n  ON: yes\n  'x': 1\n  list: [a, 'b']\n")
    text = new_text(tmp_path, ws,
                    finding(rename_key(ADDON, ("variables", "x"), "z")),
                    finding(replace(ADDON, ("variables", "list", 1), "c, d")),
                    finding(replace(ADDON, ("variables", "ON"), "no")))
    assert text == "variables:\n  ON: 'no'\n  z: 1\n  list: [a, 'c, d']\n"


def test_edits_addressed_by_node(tmp_path: Path) -> None:
    ws = workspace(tmp_path, TEMPLATE.replace("Action:", "Actoin:"))
    root = next(f for f in ws.files if f.path == ADDON).root
    statement = root.get("Resources", "Policy", "Properties", "PolicyDocument", "Statement", 0)
    text = new_text(tmp_path, ws,
                    finding(replace_node(root.get(*NAME), Tagged("!Sub", "${App}-${Env}-o"))),
                    finding(replace_node(statement.get("Resource"), Tagged("!Ref", "Orders"))),
                    finding(rename_key_node(statement.key_node("Actoin"), "Action")))
    assert text == TEMPLATE.replace('"acme-orders"', "!Sub '${App}-${Env}-o'").replace(
        '!Sub "${Orders.Arn}/*"', "!Ref Orders")


def test_fixing_twice_is_a_no_op(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    fixes = [finding(replace(ADDON, NAME, Tagged("!Sub", "${App}-${Env}-orders"))),
             finding(add_key(ADDON, ("Parameters",), "Name", {"Type": "String"}))]
    assert apply_plan(plan_fixes(ws, fixes)) == []
    once = (tmp_path / ADDON).read_bytes()
    again = plan_fixes(workspace(tmp_path, once), fixes)
    assert again.changes == [] and again.problems == []


def test_same_fix_twice_is_applied_once(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    edit = add_key(ADDON, ("Outputs",), "P", {"Value": Tagged("!Ref", "Policy")})
    plan = plan_fixes(ws, [finding(edit), finding(edit)])
    assert plan.problems == [] and len(plan.fixed) == 2
    assert plan.changes[0].new.decode().count("Outputs:") == 1


def test_conflicting_value_is_refused_and_rolled_back(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    plan = plan_fixes(ws, [finding(
        replace(ADDON, NAME, Tagged("!Sub", "${App}-${Env}-orders")),
        add_key(ADDON, ("Parameters",), "App", {"Type": "Number"}))])
    assert plan.changes == []
    (problem,) = plan.problems
    assert "Parameters.App already exists with another value" in problem.message


def test_result_that_does_not_load_is_refused(tmp_path: Path, monkeypatch) -> None:
    ws = workspace(tmp_path)
    monkeypatch.setattr(document, "inline", lambda value, flow: "[unclosed")
    plan = plan_fixes(ws, [finding(replace(ADDON, NAME, "x"))])
    assert plan.changes == []
    assert "would not load" in plan.problems[0].message


def test_result_that_means_more_than_intended_is_refused(tmp_path: Path, monkeypatch) -> None:
    ws = workspace(tmp_path)
    monkeypatch.setattr(document, "inline", lambda value, flow: "other")
    plan = plan_fixes(ws, [finding(replace(ADDON, NAME, "x"))])
    assert plan.changes == []
    assert "change more than the fix intends" in plan.problems[0].message


def test_a_crashing_fix_is_reported_and_the_others_made(tmp_path: Path, monkeypatch) -> None:
    ws = workspace(tmp_path)
    real = document.inline

    def broken(value, flow):
        if value == "boom":
            raise ValueError("cannot render")
        return real(value, flow)

    monkeypatch.setattr(document, "inline", broken)
    plan = plan_fixes(ws, [finding(replace(ADDON, NAME, "boom")),
                           finding(add_key(ADDON, ("Parameters",), "Name", {"Type": "String"}))])
    (problem,) = plan.problems
    assert "internal error (ValueError: cannot render)" in problem.message
    assert "  Name:\n    Type: String\n" in plan.changes[0].new.decode()


def test_anchored_values_are_not_edited(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "a: &n acme-orders\nb: *n\n")
    plan = plan_fixes(ws, [finding(replace(ADDON, ("a",), "x"))])
    assert plan.changes == [] and "anchor" in plan.problems[0].message


def test_read_only_file_is_reported_not_written(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    path = tmp_path / ADDON
    path.chmod(0o444)
    plan = plan_fixes(ws, [finding(replace(ADDON, NAME, "x"))])
    (problem,) = apply_plan(plan)
    assert "read-only" in problem.message and plan.fixed == []
    assert path.read_text() == TEMPLATE


def test_changed_on_disk_is_reported_not_clobbered(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    path = tmp_path / ADDON
    plan = plan_fixes(ws, [finding(replace(ADDON, NAME, "x"))])
    path.write_text(TEMPLATE + "# edited meanwhile\n")
    (problem,) = apply_plan(plan)
    assert "changed on disk" in problem.message
    assert path.read_text() == TEMPLATE + "# edited meanwhile\n"
    plan = plan_fixes(ws, [finding(replace(ADDON, NAME, "x"))])
    assert plan.changes == [] and "changed on disk" in plan.problems[0].message


def test_write_is_atomic_and_keeps_the_mode(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    path = tmp_path / ADDON
    path.chmod(0o640)
    assert apply_plan(plan_fixes(ws, [finding(replace(ADDON, NAME, "x"))])) == []
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "BucketName: \"x\"  # keep me" in path.read_text()
    assert sorted(p.name for p in path.parent.iterdir()) == ["s3.yml"]


def test_create_file_never_overwrites(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    target = tmp_path / "copilot/api/addons/policy.yml"
    doc = {"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy"}},
           "Outputs": {"P": {"Value": Tagged("!Ref", "P")}}}
    plan = plan_fixes(ws, [finding(create_file(target, doc))])
    assert plan.diff().startswith("--- /dev/null\n+++ b/copilot/api/addons/policy.yml\n")
    target.write_text("mine\n")
    (problem,) = apply_plan(plan)
    assert "appeared" in problem.message and target.read_text() == "mine\n"
    target.unlink()
    assert apply_plan(plan) == []
    assert target.read_text() == ("Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n"
                                  "Outputs:\n  P:\n    Value: !Ref P\n")
    assert plan_fixes(ws, [finding(create_file(target, doc))]).problems


def test_no_fix_no_write(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    before = (tmp_path / ADDON).stat().st_mtime_ns
    plan = plan_fixes(ws, [Finding(ADDON, 1, 1, "x", rule="CL999")])
    assert plan.changes == [] and plan.diff() == "" and apply_plan(plan) == []
    assert (tmp_path / ADDON).stat().st_mtime_ns == before


def test_paths_of_nodes(tmp_path: Path) -> None:
    ws = workspace(tmp_path, TEMPLATE + "Aliased: &a {x: 1}\nAgain: *a\n")
    root = next(f for f in ws.files if f.path == ADDON).root
    assert path_of(ws, root.get(*NAME)) == NAME
    statement = root.get("Resources", "Policy", "Properties", "PolicyDocument", "Statement", 0)
    assert path_of(ws, statement.get("Resource")) == statement_path(("Resource",))
    assert key_path_of(ws, statement.key_node("Action")) == statement_path(("Action",))
    assert path_of(ws, root.get("Again")) is None


def statement_path(rest: tuple) -> tuple:
    return ("Resources", "Policy", "Properties", "PolicyDocument", "Statement", 0) + rest


# --- the real corpus -------------------------------------------------------------------


def replace_edit_file(edit, path: Path):
    return dataclasses.replace(edit, file=str(path))


def corpus_files() -> list[Path]:
    real = corpus_dir("real")
    return sorted(p for p in real.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


def test_corpus_round_trip_without_fix_is_byte_identical(tmp_path: Path) -> None:
    """Every corpus file, with no fix, is never rewritten; the span parser accepts every
    file the linter loads, and a no-op splice gives the same bytes."""
    parsed = 0
    for path in corpus_files():
        text = path.read_bytes().decode("utf-8")
        if load_text(str(path), text).root is None:
            continue
        doc = document.Document(text, "\n", None)
        assert doc.splice(0, 0, "") == text
        parsed += 1
    assert parsed > 250


def test_corpus_splices_change_only_their_spot() -> None:
    """On every corpus file, adding a key to every block mapping and rewriting scalars gives a
    file that loads to exactly the intended data, and whose other lines are the original's."""
    edits = 0
    for path in corpus_files():
        text = path.read_bytes().decode("utf-8")
        loaded = load_text(str(path), text)
        if loaded.root is None or not loaded.root.is_map:
            continue
        state = fixer._File(str(path), path, None, text)
        maps = [(p, node) for p, node in loaded.root.walk() if node.is_map and not node.tag
                and all(isinstance(step, str) for step in p)][:8]
        for keypath, node in maps:
            state.text = text
            state.apply([add_key(str(path), keypath, "ZzProbe", {"A": [1, "x: y"]})])
            ops = difflib.SequenceMatcher(None, (text + "\n").splitlines(True),
                                          (state.text + "\n").splitlines(True), autojunk=False)
            for op, start, end, *_ in ops.get_opcodes():
                # only insertions, except inside a flow mapping (which is on its own lines)
                assert op in ("equal", "insert") or (
                    op == "replace" and node.line - 1 <= start and end <= node.end_line), \
                    (path, keypath)
            edits += 1
        scalars = [(p, node) for p, node in loaded.root.walk() if node.is_str and p
                   and isinstance(p[-1], str) and "Fn::GetAtt" not in p][:8]
        for keypath, node in scalars:
            state.text = text
            value = "probe: ${Env}, #1" if keypath[-1] in CFN_SHORT_FORMS.values() else \
                Tagged("!Sub", "${Env}-probe")
            edit = replace(str(path), keypath, value) if keypath[-1] in CFN_SHORT_FORMS.values() \
                else replace_node(node, value)
            try:
                state.apply([replace_edit_file(edit, path)])
            except Refused as why:
                assert "anchor" in str(why) or "merge key" in str(why) or "no single" in str(why), \
                    (path, keypath, why)
                continue
            edits += 1
        keys: list = []
        for keypath, node in loaded.root.walk():
            if node.is_map and node.keys and node.tag is None and len(keys) < 8:
                keys.extend((keypath + (k,), kn) for k, kn in node.keys.items()
                            if k in node.value and isinstance(k, str))
        for keypath, key_node in keys[:8]:
            state.text = text
            try:
                state.apply([replace_edit_file(rename_key_node(key_node, "ZzRenamed"), path)])
            except Refused as why:
                assert "anchor" in str(why) or "already has" in str(why) or "no single" in str(
                    why) or "merge key" in str(why), (path, keypath, why)
                continue
            assert state.text.replace("ZzRenamed", keypath[-1], 1).count("\n") == text.count("\n")
            edits += 1
    assert edits > 2000


def test_cl106_renames_only_a_unique_suggestion() -> None:
    from copilot_lint.schema.messages import unknown_key_issue

    assert unknown_key_issue("backend-service", (), "secret", ["secrets", "image"]).rename_to == \
        "secrets"
    ambiguous = unknown_key_issue("backend-service", ("storage",), "volumez", ["volume", "volumes"])
    assert ambiguous.rename_to == "" and 'did you mean "volume' in ambiguous.message
