"""The manifest JSON Schemas: assembly, ``copilot-lint schema``, messages and Copilot's decoding."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout

import jsonschema
import pytest
from conftest import FIXTURES, replaced, value_paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copilot_lint.cli.main import main
from copilot_lint.load.parse import load_text
from copilot_lint.resolve.manifest import interpolate
from copilot_lint.schema import assemble
from copilot_lint.schema import validate as ms
from copilot_lint.schema.cron import schedule_problem, seconds


def _printed(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["schema", *argv])
    return code, out.getvalue()


@pytest.mark.parametrize("name", assemble.NAMES)
def test_every_schema_is_a_valid_draft7_schema(name: str) -> None:
    jsonschema.Draft7Validator.check_schema(assemble.schema(name))


@pytest.mark.parametrize("argv", [(), ("Backend Service",), ("pipeline",), ("static-site",)])
def test_printed_schema_is_a_valid_json_schema(argv: tuple[str, ...]) -> None:
    code, text = _printed(*argv)
    assert code == 0
    doc = json.loads(text)
    jsonschema.Draft7Validator.check_schema(doc)
    assert doc["$schema"] == assemble.DRAFT


def test_unknown_type_is_a_usage_error(capsys: pytest.CaptureFixture) -> None:
    assert main(["schema", "Frontend Service"]) == 2
    assert "unknown type" in capsys.readouterr().err


def test_dispatcher_shares_identical_definitions() -> None:
    defs = assemble.dispatcher()["definitions"]
    for name in assemble.NAMES:
        for key, value in assemble.schema(name)["definitions"].items():
            if key == "override" or f"{name}-{key}" in defs:
                assert f"{name}-{key}" in defs and defs.get(key) != value, (name, key)
            else:
                assert defs[key] == value, (name, key)


def _good_manifests() -> list:
    """Valid manifests of the CL101/CL106 fixtures, except ${VAR} values an editor cannot
    resolve and the override of an environment the workspace lacks (whose values Copilot
    decodes but never validates)."""
    skip = {"unresolved-variables", "override-of-unknown-environment"}
    return sorted(p for rule in ("CL101", "CL106")
                  for p in (FIXTURES / rule / "good").rglob("manifest.yml")
                  if not skip & set(p.parts))


def test_printed_schema_is_the_same_in_every_process() -> None:
    """Definitions come out in one order whatever the process's string hashing."""
    printed = {subprocess.run([sys.executable, "-m", "copilot_lint", "schema"], check=True,
                              capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2", "3")}
    assert len(printed) == 1


@pytest.mark.parametrize("path", _good_manifests(),
                         ids=lambda p: f"{p.parts[-4]}/{p.parts[-2]}")
def test_editor_schema_accepts_valid_manifests(path) -> None:
    """yaml-language-server sees the printed schema: valid manifests, overrides included, pass."""
    data = load_text(str(path), path.read_text()).root.plain()
    validator = jsonschema.Draft7Validator(assemble.dispatcher())
    assert [e.message for e in validator.iter_errors(data)] == []


def test_editor_schema_flags_a_typo_inside_an_override() -> None:
    data = {"name": "api", "type": "Backend Service", "image": {"build": "Dockerfile"},
            "environments": {"prod": {"variabels": {"A": "b"}, "http": {"alias": "x"}}}}
    errors = list(jsonschema.Draft7Validator(assemble.dispatcher()).iter_errors(data))
    assert any("variabels" in e.message for e in errors)
    assert not any("path" in e.message for e in errors), "overrides must not require keys"


def _issues(name: str, data: dict) -> list[tuple[str, tuple, str]]:
    rule = {"invalid": "CL101", "unknown-key": "CL106"}
    return [(rule[i.kind], i.path, i.message) for i in ms.validate(name, data)]


LBWS = {"name": "web", "type": "Load Balanced Web Service", "http": {"path": "/"},
        "image": {"location": "nginx", "port": 80}}


def test_quoted_number_in_an_integer_field() -> None:
    (rule, path, message), = _issues("lb-web-service", {**LBWS, "memory": "1024"})
    assert (rule, path) == ("CL101", ("memory",))
    assert "remove the quotes" in message


def test_yaml_11_booleans_decode_into_boolean_fields_but_quoted_true_does_not() -> None:
    assert _issues("lb-web-service", {**LBWS, "exec": "yes",
                                      "http": {"path": "/", "stickiness": "on"}}) == []
    (_, path, message), = _issues("lb-web-service", {**LBWS, "exec": "true"})
    assert path == ("exec",)
    assert message.endswith("remove the quotes: a quoted true or false is a string to Copilot")


def test_any_scalar_decodes_into_a_string_field() -> None:
    assert _issues("lb-web-service", {**LBWS, "variables": {"PORT": 8080, "ON": True}}) == []


def test_null_means_absent() -> None:
    job = {"name": "job", "type": "Scheduled Job", "image": {"build": "x", "location": None},
           "on": {"schedule": None}, "cpu": None}
    assert _issues("scheduled-job", job) == [
        ("CL101", ("on",), '"on" is missing "schedule"; add a schedule, e.g. "@daily" or '
                           '"cron(0 12 * * ? *)"')]


def test_a_union_map_whose_keys_are_all_null_is_not_that_form() -> None:
    (_, path, message), = _issues("lb-web-service", {**LBWS, "http": {"path": None}})
    assert path == ("http",)
    assert "without any key Copilot reads there" in message


def test_duration_must_be_a_go_duration_string() -> None:
    data = {**LBWS, "http": {"path": "/", "healthcheck": {"interval": 30, "timeout": "5"}}}
    messages = {path: message for _, path, message in _issues("lb-web-service", data)}
    assert 'add a unit, e.g. "30s"' in messages[("http", "healthcheck", "interval")]
    assert "duration string" in messages[("http", "healthcheck", "timeout")]


def test_union_follows_the_form_of_the_value() -> None:
    data = {**LBWS, "count": {"range": "1-4", "cpu_percentage": 70, "foo": 1},
            "platform": {"osfamily": "linux"}}
    assert _issues("lb-web-service", data) == [
        ("CL101", ("platform",), '"platform" is missing "architecture"; add it'),
        ("CL106", ("count", "foo"), 'unknown key "count.foo" is ignored by Copilot; remove it '
                                    "or fix its spelling")]


def test_map_without_any_known_key_is_rejected_as_a_whole() -> None:
    issues = _issues("lb-web-service", {**LBWS, "count": {"minimum": 1}})
    assert issues[0][:2] == ("CL101", ("count",))
    assert "without any key Copilot reads" in issues[0][2]
    assert issues[1][:2] == ("CL106", ("count", "minimum"))


def test_unresolved_variables_skip_value_checks_but_not_type_checks() -> None:
    assert _issues("lb-web-service", {**LBWS, "platform": "${PLATFORM}"}) == []
    (_, path, message), = _issues("lb-web-service", {**LBWS, "cpu": "${CPU}"})
    assert path == ("cpu",) and "substitutes ${VAR} as a string" in message


def test_unknown_key_suggests_a_spelling_or_a_place() -> None:
    messages = [m for _, _, m in _issues("backend-service", {
        "name": "api", "type": "Backend Service", "image": {"build": "x"},
        "secret": {}, "port": 80})]
    assert 'unknown key "port" is ignored by Copilot; it belongs under "image"' in messages[0]
    assert messages[1].endswith('did you mean "secrets"')


def test_validators_are_built_once() -> None:
    assert ms._validator("worker-service") is ms._validator("worker-service")


@pytest.mark.parametrize(("schedule", "problem"), [
    ("@daily", None), ("0 9 * * MON-FRI", None), ("*/15 * * * *", None), ("rate(5 minutes)", None),
    ("cron(0 12 * * ? *)", None), ("none", None), ("@every 1h30m", None),
    ("@every 90s", "whole number of minutes"), ("0 9 1 * 1", "both the day of month"),
    ("60 * * * *", "outside 0-59"), ("0 9 * *", "needs 5"), ("@fortnightly", "not a known @")])
def test_schedules(schedule: str, problem: str | None) -> None:
    found = schedule_problem(schedule)
    assert (found is None) if problem is None else (problem in (found or ""))


@pytest.mark.parametrize(("text", "value"), [
    ("30s", 30), ("1m30s", 90), ("1.5h", 5400), ("0", 0), ("-2m", -120), ("300ms", 0.3),
    ("30", None), ("", None), ("1d", None), (30, None)])
def test_go_durations(text, value) -> None:
    assert seconds(text) == value


def test_interpolation_turns_a_json_array_string_into_a_list() -> None:
    root = load_text("m.yml", "a: '[\"x\", \"${COPILOT_ENVIRONMENT_NAME}\"]'\n"
                              "b: |\n  [\"kept\"]\nc: '[1, 2]'\n").root
    out = interpolate(root, {"COPILOT_ENVIRONMENT_NAME": "prod"})
    assert out.get("a").plain() == ["x", "prod"]
    assert (out.get("a").line, out.get("a").style) == (1, "json")
    assert out.get("b").plain() == '["kept"]\n'
    assert out.get("c").plain() == "[1, 2]"


_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 70000) | st.floats(allow_nan=False)
    | st.sampled_from(["", "yes", "1-2", "10-2", "x/y/z", "${X}", "arn:aws:x", "80/udp", "0",
                       "30s", "linux/arm64", "windows", "@every 1m", "[\"a\"]"]),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["path", "port", "build", "location", "range", "spot",
                                       "cpu_percentage", "name", "service", "fifo", "efs", "uid",
                                       "id", "alias", "value", "in", "image", "x"]), inner,
                      max_size=3),
    max_leaves=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_arbitrary_values_anywhere_never_crash(data) -> None:
    """Rules receive arbitrary YAML: any value at any place gives issues, never an exception."""
    from copilot_lint.schema.checks import check

    path = data.draw(st.sampled_from(_good_manifests()))
    manifest = load_text(str(path), path.read_text()).root.plain()
    place = data.draw(st.sampled_from(value_paths(manifest)))
    mutated = replaced(manifest, place, data.draw(_JUNK))
    name = assemble.KINDS.get(manifest.get("type"), "pipeline") if isinstance(manifest, dict) \
        else "pipeline"
    for issue in ms.validate(name, mutated) + check(name, mutated):
        assert issue.kind in ("invalid", "unknown-key", "aws-limit", "ignored") and issue.message


@pytest.mark.parametrize("body", [
    "environments: [1, 2]", "environments: {prod: 5}", "environments: {prod: [a]}",
    "environments: {prod: {image: [1], count: {spot: x}, cpu: [1]}}", "environments: {prod: }",
    "cpu: {a: 1}\nmemory: [2]", "platform: {osfamily: [1]}", "type: [1]", "type: 12",
    "sidecars: [a, b]", "image: {depends_on: [x]}", "http: {additional_rules: [1, {path: 2}]}",
])
def test_workspace_rules_survive_odd_shapes(tmp_path, body: str) -> None:
    from copilot_lint.lint import lint_workspace
    from copilot_lint.load.config import Config

    copilot = tmp_path / "copilot"
    (copilot / "environments" / "prod").mkdir(parents=True)
    (copilot / ".workspace").write_text("application: app\n")
    (copilot / "environments" / "prod" / "manifest.yml").write_text(
        "name: prod\ntype: Environment\n")
    (copilot / "api").mkdir()
    text = "name: api\ntype: Backend Service\nimage: {build: Dockerfile}\n"
    if body.startswith("type:"):
        text = "name: api\nimage: {build: Dockerfile}\n"
    (copilot / "api" / "manifest.yml").write_text(text + body + "\n")
    outcome = lint_workspace(copilot, Config(select=["CL1"]), cwd=tmp_path)
    assert outcome.internal_errors == 0, [f.message for f in outcome.findings]


def _decoding(name: str, data: dict) -> list[tuple[tuple, bool, str]]:
    """(path, decode failure, message) of every issue."""
    return [(i.path, i.decode, i.message) for i in ms.validate(name, data)]


@pytest.mark.parametrize(("change", "path", "decode", "ignored"), [
    # below a lenient either-or field (http, count, image.build): dropped, never a failure
    ({"http": {"path": "/", "deregistration_delay": "sixty"}},
     ("http", "deregistration_delay"), False, True),
    ({"http": {"path": "/", "stickiness": "maybe"}}, ("http", "stickiness"), False, True),
    ({"http": {"path": ["a", "b"]}}, ("http", "path"), False, True),
    ({"count": {"range": "1-4", "cpu_percentage": 50, "cooldown": {"in": "30"}}},
     ("count", "cooldown", "in"), False, True),
    ({"image": {"build": {"dockerfile": {"a": "b"}}, "port": 80}},
     ("image", "build", "dockerfile"), False, True),
    # a strict union in between (http.healthcheck), or no lenient field at all: a failure
    ({"http": {"path": "/", "healthcheck": {"interval": "sixty"}}},
     ("http", "healthcheck", "interval"), True, False),
    ({"image": {"location": "nginx", "port": 80, "healthcheck": {"interval": 30}}},
     ("image", "healthcheck", "interval"), True, False),
    ({"cpu": "abc"}, ("cpu",), True, False),
    ({"storage": {"readonly_fs": "false"}}, ("storage", "readonly_fs"), True, False),
    ({"image": {"location": "nginx", "port": 70000}}, ("image", "port"), True, False),
    # the either-or field itself: a failure when neither form fits
    ({"exec": "true"}, ("exec",), True, False),
    ({"count": {"a": "b"}}, ("count",), True, False),
    # not a type Copilot's decoder checks: a validation problem of the merged manifest only
    ({"deployment": {"rolling": "blue"}}, ("deployment", "rolling"), False, False),
])
def test_decoding_follows_copilots_lenient_fields(change, path, decode, ignored) -> None:
    found = [i for i in _decoding("lb-web-service", {**LBWS, **change}) if i[0] == path]
    assert found, _decoding("lb-web-service", {**LBWS, **change})
    assert found[0][1] is decode
    silently = ("Copilot silently ignores", "Copilot silently deploys")
    assert found[0][2].startswith(silently) is ignored
