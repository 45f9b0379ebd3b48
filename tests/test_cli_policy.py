"""``copilot-lint policy test PACK`` and ``copilot-lint policy docs PACK``: the example pack
passes (this is how CI tests it), a pack whose policy misbehaves fails with exit 1 and says
which case, a broken pack is exit 2."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from copilot_lint.cli.main import main

pytest.importorskip("cel_expr_python", reason="the example pack's relational policies need the "
                                              "cel extra (CPython 3.11 or later)")

PACK = Path(__file__).parent.parent / "examples" / "policies"


def test_the_example_pack_passes_its_own_tests(capsys) -> None:
    assert main(["policy", "test", str(PACK)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("33 passed, 0 failed")
    assert "ok   ORG-007 bad/prod-below-test" in out


def _copy(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    return pack


def test_a_good_case_that_fires_fails_the_pack(tmp_path, capsys) -> None:
    pack = _copy(tmp_path)
    bad = pack / "fixtures/ORG-006/bad/exec-yes/copilot"
    shutil.copytree(bad, pack / "fixtures/ORG-006/good/looks-fine/copilot")
    assert main(["policy", "test", str(pack)]) == 1
    out = capsys.readouterr().out
    assert "FAIL ORG-006 good/looks-fine: expected no finding" in out
    assert "copilot/api/manifest.yml:5:7: error ORG-006 [prod]" in out
    assert out.rstrip().endswith("33 passed, 1 failed")


def test_expected_findings_are_compared_exactly(tmp_path, capsys) -> None:
    pack = _copy(tmp_path)
    expected = pack / "fixtures/ORG-007/bad/prod-below-test/expected.txt"
    expected.write_text(expected.read_text().splitlines()[0] + "\n")
    assert main(["policy", "test", str(pack)]) == 1
    assert "FAIL ORG-007 bad/prod-below-test: findings differ from expected.txt" in \
        capsys.readouterr().out
    assert main(["policy", "test", str(pack), "--update"]) == 0
    assert len(expected.read_text().splitlines()) == 2


def test_a_policy_without_fixtures_fails(tmp_path, capsys) -> None:
    pack = _copy(tmp_path)
    shutil.rmtree(pack / "fixtures/ORG-010/good")
    assert main(["policy", "test", str(pack)]) == 1
    assert "FAIL ORG-010: needs fixtures/ORG-010/bad/<case>/ and" in capsys.readouterr().out


def test_a_broken_pack_is_exit_2(tmp_path, capsys) -> None:
    pack = _copy(tmp_path)
    (pack / "pack/broken.yml").write_text("policies:\n  - {id: ORG-99, message: m, "
                                          "require: {$dynamicRef: 'http://127.0.0.1/x'}}\n")
    assert main(["policy", "test", str(pack)]) == 2
    err = capsys.readouterr().err
    assert "broken.yml:2: policy ORG-99: require is refused" in err
    assert main(["policy", "test", str(tmp_path)]) == 2


def test_pack_docs_page(tmp_path, capsys) -> None:
    out = tmp_path / "pack.md"
    assert main(["policy", "docs", str(PACK), "--output", str(out)]) == 0
    page = out.read_text()
    assert page.startswith("# Policy pack")
    for rule_id in ("ORG-001", "ORG-007", "ORG-013"):
        assert f"| {rule_id} |" in page
    assert "```cel" in page and "cel.bind(prod" in page


def test_pack_docs_print_no_workflow_command_and_never_write_through_a_link(
        tmp_path, capsys) -> None:
    """A pack's descriptions come from a repository: ``policy docs`` escapes them (no ESC, no
    line that is a workflow command) and ``--output`` refuses a folder linked out of the
    working directory."""
    import os
    import tempfile

    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / ".copilot-lint.yml").write_text(
        "policies:\n  - id: ORG-001\n    message: \"m \\e[2J ##[add-mask]x\"\n"
        "    require: {required: [name]}\n"
        "    description: \"why\\n::error::forged\\n  ##[warning]w\"\n")
    assert main(["policy", "docs", str(pack)]) == 0
    out = capsys.readouterr().out
    assert "forged" in out and "\x1b" not in out
    assert not [line for line in out.splitlines()
                if line.lstrip().startswith("::") or "##[" in line]
    elsewhere = Path(tempfile.mkdtemp())
    (tmp_path / "docs").symlink_to(elsewhere)
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert main(["policy", "docs", "pack", "--output", "docs/pack.md"]) == 2
    finally:
        os.chdir(old)
    assert "through a symbolic link" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []
    elsewhere.rmdir()


def test_update_never_writes_through_a_planted_link(tmp_path, capsys) -> None:
    """``expected.txt -> ~/.bashrc`` in a pack: ``policy test --update`` replaces the link with
    the file instead of writing through it."""
    pack = _copy(tmp_path)
    victim = tmp_path / "victim"
    victim.write_text("keep me\n")
    expected = pack / "fixtures/ORG-007/bad/prod-below-test/expected.txt"
    expected.unlink()
    expected.symlink_to(victim)
    assert main(["policy", "test", str(pack), "--update"]) == 0
    assert victim.read_text() == "keep me\n"
    assert not expected.is_symlink() and "ORG-007" in expected.read_text()
