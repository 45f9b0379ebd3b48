"""Configuration files: discovery order, formats and validation errors."""
from __future__ import annotations

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
    assert f"{path}: invalid configuration at {where}" in str(err.value)
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
