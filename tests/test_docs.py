"""``docs/rules.md`` is generated from the rules' docstrings and must not be stale; ``--explain``
prints the same section; every SARIF ``helpUri`` anchor exists on the page."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from copilot_lint.cli.main import main
from copilot_lint.engine.registry import all_rules
from copilot_lint.report.docs import anchor, explain, help_uri, rules_page

RULES_MD = Path(__file__).parent.parent / "docs" / "rules.md"
HEADINGS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")


def test_rules_page_is_up_to_date() -> None:
    assert RULES_MD.read_text(encoding="utf-8") == rules_page(all_rules()), (
        "docs/rules.md is stale; regenerate it with: copilot-lint --generate-docs docs/rules.md")


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_explain_prints_the_rules_page_section(rule, capsys) -> None:
    assert main(["--explain", rule.name]) == 0
    out = capsys.readouterr().out
    assert out == explain(rule)
    assert explain(rule, on_page=True).rstrip("\n") in rules_page(all_rules())
    assert "](../" not in out, "relative links break outside the checkout"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_docstring_has_the_required_headings_in_order(rule) -> None:
    lines = rule.doc().splitlines()
    positions = [lines.index(h) if h in lines else -1 for h in HEADINGS]
    assert -1 not in positions and positions == sorted(positions), rule.id


def test_links_come_from_the_package_metadata_or_are_left_out(monkeypatch) -> None:
    from copilot_lint.report import docs

    monkeypatch.setattr(docs, "project_urls", lambda: {})
    assert help_uri("CL301") is None and docs.home_page() is None
    assert help_uri("CFN-E3012") == docs.CFN_LINT_RULES_URL
    monkeypatch.setattr(docs, "project_urls", lambda: {"rules": "https://example.org/rules"})
    assert help_uri("CL301") == "https://example.org/rules#cl301"
    monkeypatch.setattr(docs, "project_urls", lambda: {"homepage": "https://example.org/"})
    assert help_uri("CL301") is None and docs.home_page() == "https://example.org/"


def test_the_installed_metadata_has_no_address_that_does_not_exist() -> None:
    from copilot_lint.report import docs

    docs.project_urls.cache_clear()
    assert all("github.com/copilot-lint/" not in url for url in docs.project_urls().values())


# `pip install copilot-lint`, `'copilot-lint[cel]'` and the like: a name no package index serves
# (copilot-lint is published nowhere); a wheel's file name (copilot_lint-0.1.0-…whl) is fine.
_INSTALL_BY_NAME = re.compile(r"pip install\s+(?:-\S+\s+)*['\"]?copilot[-_.]lint(?=[\[\s'\"]|$)",
                              re.I | re.M)


def test_install_lines_say_what_works_from_a_checkout_or_a_wheel() -> None:
    """Every install line the project prints or documents works without a package index that
    serves copilot-lint: ``.``, a path or a wheel, or the dependency itself beside an
    installed copilot-lint (issue 27)."""
    root = Path(__file__).resolve().parent.parent
    files = [*root.glob("*.md"), *root.glob("*.yml"), *root.glob("docs/**/*.md"),
             *root.glob("copilot_lint/**/*.py"), *root.glob("rules/**/*.py"),
             *root.glob("examples/**/*.md"), *root.glob("examples/**/*.yml"),
             *root.glob("examples/**/*.py"), *root.glob(".ci/*")]
    named = [f"{f.relative_to(root)}: {m.group(0)}" for f in files if f.is_file()
             for m in _INSTALL_BY_NAME.finditer(f.read_text(encoding="utf-8", errors="replace"))]
    assert files and named == []
    assert not _INSTALL_BY_NAME.search("pip install 'copilot_lint-0.1.0-py3-none-any.whl[lsp]'")
    assert _INSTALL_BY_NAME.search("pip install 'copilot-lint[cel]'")


def test_the_cel_install_hint_names_the_extras_own_requirement(tmp_path: Path, capsys,
                                                               monkeypatch) -> None:
    """Without the CEL runtime, an expression policy is a configuration error whose install line
    is the ``cel`` extra's own requirement (kept equal to pyproject.toml's)."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    from copilot_lint.policy import expression

    extra = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml")
                          .read_text(encoding="utf-8"))["project"]["optional-dependencies"]["cel"]
    requirement = extra[0].split(";")[0].strip()
    assert f"pip install '{requirement}'" in expression.INSTALL_HINT
    assert "'.[cel]'" in expression.INSTALL_HINT
    monkeypatch.setattr(expression, "available", lambda: False)
    expression.compiled.cache_clear()
    with pytest.raises(expression.ExpressionError) as caught:
        expression.compiled("1 == 1")
    expression.compiled.cache_clear()
    assert str(caught.value) == f"needs the CEL runtime: {expression.INSTALL_HINT}"


def test_every_help_uri_anchor_exists(monkeypatch) -> None:
    from copilot_lint.report import docs

    monkeypatch.setattr(docs, "project_urls",
                        lambda: {"repository": "https://github.com/example/copilot-lint"})
    assert help_uri("CL301") == \
        "https://github.com/example/copilot-lint/blob/HEAD/docs/rules.md#cl301"
    page = rules_page(all_rules())
    anchors = {h.lower() for h in re.findall(r"^## (\S+)$", page, re.M)}
    for rule in all_rules():
        fragment = help_uri(rule.id).rsplit("#", 1)[1]
        assert fragment == anchor(rule.id) and fragment in anchors


def test_generate_docs_writes_the_page(tmp_path: Path, capsys) -> None:
    target = tmp_path / "rules.md"
    assert main(["--generate-docs", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == rules_page(all_rules())
    assert main(["--generate-docs", "-"]) == 0
    assert capsys.readouterr().out == rules_page(all_rules())


def test_no_merge_conflict_markers_are_left_in_the_project() -> None:
    """A merge that left ``<<<<<<<``/``>>>>>>>`` lines in a document or module (the fixtures,
    which may hold any text on purpose, are not looked at)."""
    root = Path(__file__).resolve().parent.parent
    marker = re.compile(r"^(<{7} |>{7} |={7}$)", re.M)
    files = [*root.glob("*.md"), *root.glob("docs/**/*.md"), *root.glob("copilot_lint/**/*.py"),
             *root.glob("rules/**/*.py"), *root.glob("tests/*.py"), *root.glob("examples/**/*.md")]
    left = [str(f.relative_to(root)) for f in files
            if marker.search(f.read_text(encoding="utf-8", errors="replace"))]
    assert files and left == []
