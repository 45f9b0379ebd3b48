"""Shell completion scripts: run by the real shells (skipped when a shell is not installed)."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from copilot_lint.cli import completion
from copilot_lint.cli.main import SUBCOMMANDS, build_parser
from copilot_lint.engine.registry import all_rules


def _script(shell: str) -> str:
    return completion.script_for(shell, build_parser(), list(SUBCOMMANDS))


def _shell(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def _bash_complete(words: list[str]) -> list[str]:
    driver = ('source /dev/stdin; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _copilot_lint; '
              'printf "%s\\n" "${COMPREPLY[@]}"')
    done = subprocess.run([_shell("bash"), "-c", driver, "bash", "copilot-lint", *words],
                          input=_script("bash"), capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_options_cover_the_parser() -> None:
    flags = {f for o in completion.options(build_parser(), {}) for f in o.flags}
    assert {"--select", "--ignore", "--explain", "--color", "--no-color", "--exit-zero",
            "--statistics", "-q", "--quiet", "--show-source", "--stdin-filename",
            "--completion"} <= flags


@pytest.mark.parametrize(("words", "expected"), [
    (["--select", "CL30"], [r.id for r in all_rules() if r.id.startswith("CL30")]),
    (["--ignore", "CL301,CL40"], ["CL301," + r.id for r in all_rules() if r.id.startswith("CL40")]),
    (["--explain", "name-mi"], ["name-mismatch", "name-missing-env"]),
    (["--color", ""], ["auto", "always", "never"]),
    (["--format", "=", "s"], ["sarif", "summary"]),
    (["--completion", "f"], ["fish"]),
    (["--exit-z"], ["--exit-zero"]),
    (["sch"], ["schema"]),
])
def test_bash_completes_options_values_and_rules(words: list[str], expected: list[str]) -> None:
    assert _bash_complete(words) == expected


def test_fish_completes_rules_with_their_names() -> None:
    fish = _shell("fish")
    query = ("source -; complete -C'copilot-lint --select CL30'; "
             "complete -C'copilot-lint --col'")
    done = subprocess.run([fish, "-c", query], input=_script("fish"), capture_output=True,
                          text=True, check=True)
    lines = done.stdout.splitlines()
    expected = [f"{r.id}\t{r.name}" for r in all_rules() if r.id.startswith("CL30")]
    assert "CL301\tname-missing-env" in expected
    assert lines[:len(expected)] == expected
    assert lines[len(expected)].startswith("--color\t")


def test_zsh_script_parses_and_defines_its_function() -> None:
    zsh = _shell("zsh")
    script = _script("zsh")
    assert script.startswith("#compdef copilot-lint\n")
    done = subprocess.run([zsh, "-f", "-c", "autoload -U compinit && compinit -u -D; "
                           "source /dev/stdin && whence -w _copilot_lint _copilot_lint_rules"],
                          input=script, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["_copilot_lint:", "function", "_copilot_lint_rules:",
                                   "function"]
