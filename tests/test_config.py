"""Configuration files: discovery order, formats and validation errors."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import write_tree

from copilot_lint.load.config import Config, ConfigError, find_config, load_config


def test_discovery_order(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    write_tree(tmp_path, {"a/pyproject.toml": "[project]\nname = 'x'\n",
                          "b/.copilot-lint.yaml": "ignore: [CL1]\n",
                          "b/pyproject.toml": "[tool.copilot-lint]\nignore = ['CL2']\n"})
    assert find_config([first, second]) == second / ".copilot-lint.yaml"
    assert find_config([first]) is None


def test_values(tmp_path: Path) -> None:
    write_tree(tmp_path, {".copilot-lint.yml": (
        "select: [CL3]\nseverity: {CL301: warning}\nfail-level: warning\n"
        "application: {name: shop, domain: null}\ndeploy-variables: [TAG]\n"
        "cfn-lint: {enabled: false, regions: [eu-west-1]}\n")})
    config = load_config(tmp_path / ".copilot-lint.yml")
    assert config.select == ["CL3"] and config.severity == {"CL301": "warning"}
    assert config.fail_level == "warning" and config.app_name == "shop"
    assert config.domain is None and config.domain_known
    assert config.cfn_lint == {"enabled": False, "regions": ["eu-west-1"]}
    assert load_config(None) == Config()


@pytest.mark.parametrize(("text", "needle"), [
    ("ignore: CL301\n", "ignore"),
    ("- a\n", "mapping"),
    ("select: [\n", "invalid YAML"),
    ("jobs: 0\n", "jobs"),
    ("application: {domian: x}\n", "domian"),
])
def test_errors_name_the_place(tmp_path: Path, text: str, needle: str) -> None:
    path = write_tree(tmp_path, {".copilot-lint.yml": text}) / ".copilot-lint.yml"
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert needle in str(err.value) and str(path) in str(err.value)


def test_empty_file_is_default(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {".copilot-lint.yml": "# nothing\n"}) / ".copilot-lint.yml"
    assert load_config(path).select == []


def test_bad_toml(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {"pyproject.toml": "[tool.copilot-lint]\nselect = [\n"}) / \
        "pyproject.toml"
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(path)


@pytest.mark.parametrize(("text", "where"), [
    ("cfn-lint: {timeout: .nan}\n", "cfn-lint/timeout: expected a finite number"),
    ("cfn-lint: {timeout: .inf}\n", "cfn-lint/timeout: expected a finite number"),
    ("cfn-lint: {timeout: -.inf}\n", "cfn-lint/timeout: expected a finite number"),
    ("cfn-lint: {timeout: 1e308}\n", "cfn-lint/timeout: 1e+308 is greater than the maximum"),
    ("cfn-lint: {timeout: 0}\n", "cfn-lint/timeout"),
    ("cfn-lint: {ignore-checks: ['']}\n", "cfn-lint/ignore-checks/0"),
    ("cfn-lint: {include-checks: [' ']}\n", "cfn-lint/include-checks/0"),
    ("cfn-lint: {regions: ['']}\n", "cfn-lint/regions/0"),
    ("jobs: 1e308\n", "jobs"),
    ("ignore: ['']\n", "ignore/0"),
])
def test_unsafe_numbers_and_empty_ids_are_rejected(tmp_path: Path, text: str,
                                                   where: str) -> None:
    path = write_tree(tmp_path, {".copilot-lint.yml": text}) / ".copilot-lint.yml"
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: invalid configuration at "
                    rf"{re.escape(where)}",
                    str(err.value)), str(err.value)
    assert "\n" not in str(err.value)


def test_nan_from_toml_is_rejected_too(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {"pyproject.toml": "[tool.copilot-lint.cfn-lint]\n"
                                                   "timeout = nan\n"}) / "pyproject.toml"
    with pytest.raises(ConfigError, match="cfn-lint/timeout: expected a finite number"):
        load_config(path)


def test_configuration_must_be_a_small_regular_file(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / ".copilot-lint.yml")
    with pytest.raises(ConfigError, match="it is a FIFO"):
        load_config(tmp_path / ".copilot-lint.yml")
    os.unlink(tmp_path / ".copilot-lint.yml")
    os.symlink("/dev/zero", tmp_path / ".copilot-lint.yml")
    with pytest.raises(ConfigError, match="it is a device"):
        load_config(tmp_path / ".copilot-lint.yml")


@pytest.mark.parametrize(("name", "text", "expected"), [
    (".copilot-lint.yml", "select: [CL3]\nignor: [CL601]\n",
     ":2:1: invalid configuration at top level: unknown key 'ignor'; did you mean 'ignore'?"),
    (".copilot-lint.yml", "application:\n  name: shop\n  domian: x\n",
     ":3:3: invalid configuration at application: unknown key 'domian'; did you mean 'domain'?"),
    (".copilot-lint.yml", "jobs: 0\n", ":1:7: invalid configuration at jobs: 0 is less than"),
    (".copilot-lint.yml", "fail-level: eror\n", ":1:13: invalid configuration at fail-level"),
    (".copilot-lint.yml", "select: [CL3]\nrules:\n  CL301: {}\n",
     ":2:1: invalid configuration: 'rules' is not supported"),
    ("pyproject.toml", "[tool.copilot-lint]\nselect = ['CL3']\nignor = ['CL601']\n",
     ":3:1: invalid configuration at top level: unknown key 'ignor'; did you mean 'ignore'?"),
    ("pyproject.toml", "[tool]\ncopilot-lint = {select = ['CL3'], fail-leve = 'x'}\n",
     ":2:35: invalid configuration at top level: unknown key 'fail-leve'; did you mean "
     "'fail-level'?"),
    ("pyproject.toml", "[tool.copilot-lint.cfn-lint]\nenabled = true\ntimeot = 3\n",
     ":3:1: invalid configuration at cfn-lint: unknown key 'timeot'; did you mean 'timeout'?"),
    ("pyproject.toml", "[tool.copilot-lint]\nselect = [\n", ": invalid TOML: "),
    ("pyproject.toml", "[tool.copilot-lint]\nfail-level = 'none'\nx = [1,\n", ":3:1: invalid TOML"),
])
def test_errors_have_a_line_column_and_a_did_you_mean(tmp_path: Path, name: str, text: str,
                                                     expected: str) -> None:
    path = write_tree(tmp_path, {name: text}) / name
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(str(path)) and expected in str(err.value), str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text", [
    "[tool.copilot-lint]\nignore = ['CL1']\n",
    "[[tool.copilot-lint.policies]]\nid = 'ORG-001'\n",
    "[tool.\"copilot-lint\"]\nignore = ['CL1']\n",
    "[tool . copilot-lint]\nignore = ['CL1']\n",
    "tool.copilot-lint.ignore = ['CL1']\n",
    "[tool]\ncopilot-lint.ignore = ['CL1']\n",
    "[tool]\ncopilot-lint = {ignore = ['CL1']}\n",
    "[tool]\n\"copilot-lint\" = {}\n",
    "[tool.copilot-lint.cfn-lint]\nenabled = false\n",
    "[tool.\"copilot\\u002dlint\"]\nignore = ['CL1']\n",
    "[tool]\n\"\\U00000063opilot-lint\" = {}\n",
])
def test_pyproject_counts_in_every_toml_spelling(tmp_path: Path, text: str) -> None:
    head = "[project]\nname = 'x'\n\n" if text.startswith("[") else ""
    write_tree(tmp_path, {"pyproject.toml": head + text})
    assert find_config([tmp_path]) == tmp_path / "pyproject.toml"


@pytest.mark.parametrize("text", [
    "[project]\nname = 'x'\n",
    "[tool.ruff]\n# copilot-lint runs elsewhere\nline-length = 100\n",
    "[tool.other]\nnote = '[tool.copilot-lint]'\n",
    "[tool.copilot-linter]\nx = 1\n",
    "[tool.other]\nnote = \"caf\\u00e9\"\n",
    "[tool.other\nnote = \"caf\\u00e9\"\n",
])
def test_pyproject_without_the_table_is_not_the_configuration(tmp_path: Path, text: str) -> None:
    write_tree(tmp_path, {"pyproject.toml": text})
    assert find_config([tmp_path]) is None


@pytest.mark.parametrize(("text", "where", "name"), [
    ("[project]\nname = 'x'\n\n[tool.copilot_lint]\nselect = ['CL1']\n", ":4:1", "copilot_lint"),
    ("[tool.\"Copilot Lint\"]\nselect = ['CL1']\n", ":1:1", "Copilot Lint"),
    ("[tool]\ncopilotlint = {select = ['CL1']}\n", "", "copilotlint"),
])
def test_a_misspelt_pyproject_table_is_an_error_not_ignored(tmp_path: Path, text: str,
                                                            where: str, name: str) -> None:
    path = write_tree(tmp_path, {"pyproject.toml": text}) / "pyproject.toml"
    assert find_config([tmp_path]) == path
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}{where}")
    assert f'[tool."{name}"] is not read: did you mean [tool.copilot-lint]?' in str(err.value)


def test_a_near_miss_beside_the_real_table_is_left_alone(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {"pyproject.toml": "[tool.copilot-lint]\nignore = ['CL1']\n"
                                                   "[tool.copilot_lint]\nx = 1\n"}) / \
        "pyproject.toml"
    assert load_config(find_config([tmp_path])).ignore == ["CL1"] and path.exists()


def test_policies_in_array_of_tables_are_read_with_their_lines(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {"pyproject.toml": (
        "[project]\nname = 'x'\n\n[[tool.copilot-lint.policies]]\nid = 'ORG-001'\n"
        "message = 'm'\n\n[[tool.copilot-lint.policies]]\nid = 'ORG-002'\n")}) / \
        "pyproject.toml"
    config = load_config(find_config([tmp_path]))
    assert config.source == str(path)
    assert [p["id"] for p in config.policies] == ["ORG-001", "ORG-002"]
    assert config.policy_lines == [4, 8]


@pytest.mark.parametrize("text", [
    "[tool.copilot-lint]\nselect = " + "[" * 5000 + "]" * 5000 + "\n",
    "[tool.copilot-lint]\nx = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
    "[tool.copilot-lint]\n" + "a." * 3000 + "b = 1\n",
    "[tool.copilot-lint." + ".".join(["a"] * 3000) + "]\nb = 1\n",
])
def test_deeply_nested_toml_is_a_configuration_error(tmp_path: Path, text: str) -> None:
    path = write_tree(tmp_path, {"pyproject.toml": text}) / "pyproject.toml"
    assert find_config([tmp_path]) == path
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: invalid configuration: .*nested",
                    str(err.value)), str(err.value)
