"""Hostile policies (issue 29): a policy never reads a file or a URL, never hangs a run, and
every schema that cannot be evaluated safely is a configuration error of one line (exit 2)
naming the file, the line and the policy. The local file and the local HTTP server below must
stay untouched, on the command line, under ``graph`` and in the language server."""
from __future__ import annotations

import http.server
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import write_tree
from copilot_lint.cli.main import main
from copilot_lint.policy.safety import UnsafeSchema, check_safe
from copilot_lint.policy.validator import build_validator, canonical
from test_policy_locate import BASE, lint


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        _Counting.hits.append(self.path)
        body = b'{"SECRET-FROM-SERVER": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    _Counting.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture()
def secret(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("outside") / "secret.json"
    path.write_text('{"SECRET-FROM-FILE": {"type": "string"}}')
    os.utime(path, (1_000_000_000, 1_000_000_000))
    return path


def _remote_cases(url: str, secret: Path) -> dict[str, str]:
    file_url = secret.as_uri()
    return {
        "$ref http": f"{{$ref: '{url}/a.json'}}",
        "$ref file": f"{{$ref: '{file_url}'}}",
        "$dynamicRef http": f"{{$dynamicRef: '{url}/b.json#x'}}",
        "$dynamicRef file": f"{{$dynamicRef: '{file_url}'}}",
        "$recursiveRef": f"{{$schema: 'https://json-schema.org/draft/2019-09/schema', "
                         f"$recursiveRef: '{url}/c.json'}}",
        "nested $dynamicRef": f"{{properties: {{image: {{$dynamicRef: '{url}/d.json'}}}}}}",
        "$id then relative $ref": f"{{properties: {{a: {{$id: '{url}/', $ref: 'e.json'}}}}}}",
        "draft 7 $ref": f"{{$schema: 'http://json-schema.org/draft-07/schema#', "
                        f"$ref: '{url}/f.json'}}",
        "$schema URL": f"{{$schema: '{url}/meta.json', type: object}}",
    }


CASES = sorted(_remote_cases("http://h", Path("/s")))


@pytest.mark.parametrize("case", CASES)
def test_no_policy_reaches_a_file_or_a_url(tmp_path, capsys, server, secret, case) -> None:
    schema = _remote_cases(server, secret)[case]
    before = secret.stat().st_atime
    code, found, err = lint(tmp_path, f"  - {{id: ORG-7, message: m, require: {schema}}}\n",
                            capsys)
    assert _Counting.hits == []
    assert secret.stat().st_atime == before
    assert "SECRET" not in err
    if case == "$schema URL":  # an unknown dialect is validated as draft 2020-12, offline
        assert code == 0 and found == []
    else:
        assert code == 2 and found == [] and len(err.strip().splitlines()) == 1
        assert ".copilot-lint.yml:3: policy ORG-7: require is refused" in err


def test_the_registry_resolves_nothing_outside_the_policy(server, secret) -> None:
    """Even a schema that bypassed the check (built directly) fetches nothing: its reference
    is unresolvable, and the rule's internal error does not quote the exception."""
    for ref in (f"{server}/x.json", secret.as_uri()):
        validator = build_validator({"$dynamicRef": ref, "properties": {"a": {"$ref": ref}}})
        with pytest.raises(Exception) as caught:
            list(validator.iter_errors({"a": 1}))
        assert "SECRET" not in str(caught.value)
    assert _Counting.hits == []


def test_an_internal_error_never_quotes_the_exception(tmp_path, capsys, monkeypatch) -> None:
    from copilot_lint.policy import rule

    def explode(*args, **kwargs):
        raise RuntimeError("SECRET-IN-EXCEPTION")

    monkeypatch.setattr(rule, "targets", explode)
    code, found, err = lint(tmp_path, "  - {id: ORG-7, message: m, require: {}}\n", capsys,
                            extra=["--select", "ORG"])
    assert code == 2
    assert len(found) == 1 and "SECRET" not in err
    out = capsys.readouterr()
    assert "SECRET" not in out.out + out.err


def test_the_language_server_fetches_nothing(tmp_path, server, secret) -> None:
    from copilot_lint.load.config import ConfigError
    from copilot_lint.lsp.session import Session

    for index, schema in enumerate(_remote_cases(server, secret).values()):
        root = tmp_path / str(index)
        write_tree(root, {**BASE, ".copilot-lint.yml":
                          f"policies:\n  - {{id: ORG-7, message: m, require: {schema}}}\n"})
        session = Session(root / "copilot")
        try:
            session.lint()
        except ConfigError as err:
            assert "refused" in str(err) and "SECRET" not in str(err)
    assert _Counting.hits == []


def test_graph_with_a_broken_policy_is_a_configuration_error(tmp_path, capsys) -> None:
    write_tree(tmp_path, {**BASE, ".copilot-lint.yml":
                          "policies:\n  - {id: ORG-7, message: m, require: {$ref: '#'}}\n"})
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(["graph", "copilot"])
    finally:
        os.chdir(old)
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert ".copilot-lint.yml:2: policy ORG-7" in err


HOSTILE = {
    "$ref to itself": "{$ref: '#'}",
    "$ref cycle": "{$defs: {a: {$ref: '#/$defs/b'}, b: {allOf: [{$ref: '#/$defs/a'}]}}, "
                  "$ref: '#/$defs/a'}",
    "$dynamicRef cycle": "{$dynamicAnchor: n, anyOf: [{$dynamicRef: '#n'}]}",
    "$recursiveRef": "{$schema: 'https://json-schema.org/draft/2019-09/schema', "
                     "$recursiveAnchor: true, not: {$recursiveRef: '#'}}",
    "deep not": "{not: " * 60 + "{}" + "}" * 60,
    "deep allOf": "{allOf: [" * 60 + "{}" + "]}" * 60,
    "exponential refs": "{$defs: {" + ", ".join(
        f"d{i}: {{allOf: [{{$ref: '#/$defs/d{i + 1}'}}, {{$ref: '#/$defs/d{i + 1}'}}]}}"
        for i in range(30)) + ", d30: {type: object}}, $ref: '#/$defs/d0'}",
    "back-reference": r"{properties: {image: {pattern: '(a)\1'}}}",
    "look-ahead": "{properties: {image: {pattern: '(?=a)a'}}}",
    "dangling anchor": "{$ref: '#nowhere'}",
    "$id below the root": "{properties: {a: {$id: 'other.json'}}}",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_unsafe_schemas_are_configuration_errors(tmp_path, capsys, case) -> None:
    code, found, err = lint(tmp_path, f"  - {{id: ORG-7, message: m, require: {HOSTILE[case]}}}\n",
                            capsys)
    assert code == 2 and found == [], err
    assert len(err.strip().splitlines()) == 1
    assert ".copilot-lint.yml:3: policy ORG-7: require " in err


def test_a_recursive_schema_that_steps_into_the_value_is_fine() -> None:
    tree = {"properties": {"children": {"items": {"$ref": "#/$defs/tree"}}}}
    check_safe({"$defs": {"tree": tree}, "$ref": "#/$defs/tree"})
    with pytest.raises(UnsafeSchema):
        check_safe({"$defs": {"t": {"anyOf": [{"$ref": "#/$defs/t"}]}}, "$ref": "#/$defs/t"})


def test_catastrophic_patterns_run_in_linear_time(tmp_path, capsys) -> None:
    policy = ("  - id: ORG-7\n    message: m\n    require:\n      properties:\n"
              "        variables:\n"
              "          patternProperties: {'^(a|aa)+$': {type: string}}\n"
              "          additionalProperties: {pattern: '^(a+)+$'}\n")
    files = {"copilot/web/manifest.yml": "name: web\ntype: Load Balanced Web Service\n"
             f"variables:\n  {'a' * 1000}!: {'a' * 50_000}!\n"}
    started = time.perf_counter()
    code, found, _ = lint(tmp_path, policy, capsys, files=files)
    assert time.perf_counter() - started < 5
    assert code == 1 and found


def test_unique_items_over_many_maps_is_linear() -> None:
    validator = build_validator({"uniqueItems": True})
    items = [{"name": f"n{i}", "port": i, "tags": [i, {"x": i}]} for i in range(10_000)]
    started = time.perf_counter()
    assert validator.is_valid(items)
    assert not validator.is_valid(items + [{"port": 7, "name": "n7", "tags": [7, {"x": 7}]}])
    assert time.perf_counter() - started < 5
    assert canonical(1) == canonical(1.0) and canonical(True) != canonical(1)
    assert not build_validator({"uniqueItems": True}).is_valid([{"a": 1}, {"a": 1.0}])
    assert build_validator({"uniqueItems": True}).is_valid([True, 1, [1], [True]])


def test_policy_file_that_is_an_empty_mapping(tmp_path, capsys) -> None:
    write_tree(tmp_path, {**BASE, "pack/a.yml": "{}\n",
                          ".copilot-lint.yml": "policy-paths: [pack/]\n"})
    code, err = _run(tmp_path, capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "pack/a.yml:1: a policy file is a mapping with policies" in err


@pytest.mark.parametrize("entry", ["x" * 300, "pack/\0evil", "pack/" + "y" * 256 + ".yml",
                                   "pack\x1b[31m\n::error::x"])
def test_unreadable_policy_paths(tmp_path, capsys, entry) -> None:
    write_tree(tmp_path, {**BASE, ".copilot-lint.yml": "policy-paths: [pack]\n"})
    (tmp_path / ".copilot-lint.yml").write_text(
        "policy-paths: [" + __import__("json").dumps(entry) + "]\n")
    code, err = _run(tmp_path, capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert ".copilot-lint.yml: policy-paths: " in err and "\x1b" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root searches any folder")
def test_policy_folder_without_search_permission(tmp_path, capsys) -> None:
    write_tree(tmp_path, {**BASE, "pack/inner/a.yml": "policies: []\n",
                          ".copilot-lint.yml": "policy-paths: [pack]\n"})
    (tmp_path / "pack/inner").chmod(0o600)
    try:
        code, err = _run(tmp_path, capsys)
    finally:
        (tmp_path / "pack/inner").chmod(0o700)
    assert code == 2 and "cannot read" in err


def test_policy_folder_that_cannot_be_listed_is_refused(tmp_path, capsys, monkeypatch) -> None:
    """The same as above for root, who may search any folder: listing fails."""
    write_tree(tmp_path, {**BASE, "pack/inner/a.yml": "policies: []\n",
                          ".copilot-lint.yml": "policy-paths: [pack]\n"})
    real = Path.iterdir

    def refusing(self):
        if self.name == "inner":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", refusing)
    code, err = _run(tmp_path, capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "cannot read folder" in err and "Permission denied" in err


def _run(tmp_path: Path, capsys) -> tuple[int, str]:
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(["--no-cfn-lint", "copilot"])
    finally:
        os.chdir(old)
    return code, capsys.readouterr().err


def test_the_meta_schema_cache_never_skips_the_safety_checks(tmp_path, capsys) -> None:
    """A forged cache entry can only skip the meta-schema check of one exact schema: the
    reference check still refuses a remote reference."""
    import json as _json

    from copilot_lint.policy import spec
    from copilot_lint.policy.checked import CheckedSchemas, digest

    schema = {"$ref": "http://127.0.0.1:9/x.json"}
    text = _json.dumps(schema, sort_keys=True)
    cache = tmp_path / "cache"
    (cache / "policies").mkdir(parents=True)
    from copilot_lint.policy.checked import meta_schemas_digest
    (cache / "policies/meta-checked.json").write_text(_json.dumps(
        {"jsonschema": meta_schemas_digest(), "digests": [digest(text)]}))
    checked = CheckedSchemas(cache)
    assert digest(text) in checked
    old = spec.CHECKED
    spec.CHECKED = checked
    spec._schema_problem.cache_clear()
    try:
        assert "does not point into this schema" in spec.schema_problem(schema)
        assert spec.schema_problem({"type": "object", "minProperties": 1}) is None
        checked.save()
    finally:
        spec.CHECKED = old
        spec._schema_problem.cache_clear()
    saved = _json.loads((cache / "policies/meta-checked.json").read_text())
    assert len(saved["digests"]) == 2
    assert digest(_json.dumps({"type": "object", "minProperties": 1}, sort_keys=True)) in \
        CheckedSchemas(cache)


def test_a_symlinked_cache_file_is_a_miss(tmp_path) -> None:
    from copilot_lint.policy.checked import CheckedSchemas

    outside = tmp_path / "elsewhere.json"
    outside.write_text('{"jsonschema": "x", "digests": []}')
    (tmp_path / "cache/policies").mkdir(parents=True)
    (tmp_path / "cache/policies/meta-checked.json").symlink_to(outside)
    assert "0" * 64 not in CheckedSchemas(tmp_path / "cache")


def test_the_policy_cache_shares_the_cache_folder(monkeypatch, tmp_path) -> None:
    from copilot_lint.cfn.cache import cache_dir
    from copilot_lint.policy.checked import cache_folder

    for env in ({"COPILOT_LINT_CACHE_DIR": str(tmp_path / "a")},
                {"XDG_CACHE_HOME": str(tmp_path / "x")}, {"XDG_CACHE_HOME": "relative"}, {}):
        monkeypatch.delenv("COPILOT_LINT_CACHE_DIR", raising=False)
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        assert cache_folder() == cache_dir()
