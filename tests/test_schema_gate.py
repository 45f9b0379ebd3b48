"""The compiled schema check agrees with jsonschema: small schemas keyword by keyword, every
manifest in the fixtures and the corpus, and random changes to them (hypothesis)."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import CORPUS, FIXTURES, replaced, value_paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copilot_lint.load.parse import load_text
from copilot_lint.schema import assemble
from copilot_lint.schema import validate as ms
from copilot_lint.schema.gate import compile_schema

ROOT = Path(__file__).parent.parent


def _jsonschema_valid(schema: dict, value: object) -> bool:
    cls = jsonschema.validators.extend(jsonschema.Draft7Validator)
    checker = jsonschema.FormatChecker(formats=())
    for name, test in ms.FORMATS.items():
        checker.checks(name)(test)
    return not list(cls(schema, format_checker=checker).iter_errors(value))


CASES = [
    ({"type": "integer"}, [1, 1.0, 1.5, True, "1", None]),
    ({"type": "number"}, [1, 2.5, False, "2"]),
    ({"type": ["string", "null"]}, ["a", None, 0, [], {}]),
    ({"type": "boolean"}, [True, 0, "true"]),
    ({"enum": [True, "x", 1]}, [True, 1, 1.0, "x", "True", False, 0]),
    ({"enum": [1]}, [True, 1.0]),
    ({"const": False}, [False, 0, None]),
    ({"const": [1, "a"]}, [[1, "a"], [True, "a"], [1.0, "a"], [1]]),
    ({"pattern": "^a+$"}, ["aaa", "ab", 5, None]),
    ({"pattern": "b"}, ["abc", "a"]),
    ({"minimum": 2, "maximum": 4}, [1, 2, 4, 4.5, "9", True]),
    ({"minLength": 1, "maxLength": 2}, ["", "a", "abc", 7]),
    ({"minProperties": 1}, [{}, {"a": 1}, []]),
    ({"items": {"type": "string"}}, [["a"], ["a", 1], "ab", []]),
    ({"anyOf": [{"type": "string"}, {"minimum": 3}]}, ["s", 2, 5, None]),
    ({"allOf": [{"minimum": 1}, {"maximum": 2}]}, [0, 1, 3]),
    ({"format": "copilot-cidr"}, ["10.0.0.0/16", "10.0.0.1", 3]),
    ({"format": "copilot-arn"}, ["arn:aws:s3:::b:c", "bucket"]),
    ({"format": "email"}, ["not an email"]),
    ({"properties": {"a": {"type": "integer"}}, "additionalProperties": False},
     [{"a": 1}, {"a": "x"}, {"b": 1}, {}, "not a map"]),
    ({"patternProperties": {"^x-": {"type": "string"}},
      "additionalProperties": {"type": "integer"}},
     [{"x-a": "s"}, {"x-a": 1}, {"b": 1}, {"b": "s"}]),
    ({"properties": {"x-a": {"type": "string"}}, "patternProperties": {"^x-": {"minLength": 2}}},
     [{"x-a": "s"}, {"x-a": "st"}]),
    ({"$ref": "#/definitions/n", "type": "string", "definitions": {"n": {"type": "integer"}}},
     [1, "a"]),
    ({"$ref": "#/definitions/tree", "definitions": {"tree": {
        "type": "object", "properties": {"kids": {"items": {"$ref": "#/definitions/tree"}}}}}},
     [{"kids": [{"kids": []}]}, {"kids": [{"kids": [5]}]}]),
    ({"not": {"type": "string"}}, [1]),
    (True, [1, None]),
    (False, [1]),
    ({}, [{"a": 1}]),
]


@pytest.mark.parametrize(("schema", "values"), CASES, ids=[json.dumps(c[0])[:40] for c in CASES])
def test_each_keyword_agrees_with_jsonschema(schema: object, values: list) -> None:
    wrapped = schema if isinstance(schema, dict) else {"allOf": [schema]}
    check = compile_schema(wrapped, ms.FORMATS)
    for value in values:
        if schema == {"not": {"type": "string"}}:
            assert check(value) is False, "an unimplemented keyword never passes"
            continue
        assert check(value) == _jsonschema_valid(wrapped, value), value


def test_required_treats_null_as_missing() -> None:
    check = compile_schema({"required": ["image"]}, ms.FORMATS)
    assert check({"image": {"build": "."}})
    assert not check({"image": None})
    assert not check({})
    assert check("not a map")


def _manifests() -> list[tuple[str, str, object]]:
    """(source, schema name, plain data) of every manifest in the fixtures, the example and,
    when present, the corpus."""
    roots = [FIXTURES, ROOT / "examples"]
    if CORPUS.is_dir():
        roots.append(CORPUS)
    found = []
    for root in roots:
        for path in sorted(root.rglob("*.y*ml")):
            if "addons" in path.parts or not path.is_file():
                continue
            tree = load_text(str(path), path.read_text(errors="replace")).root
            embedded = tree.get("Metadata", "Manifest") if tree is not None else None
            if embedded is not None and embedded.is_str:
                tree = load_text(str(path), embedded.value).root
            data = tree.plain() if tree is not None else None
            if not isinstance(data, dict):
                continue
            name = assemble.KINDS.get(data.get("type")) if "type" in data else \
                "pipeline" if "source" in data or "stages" in data else None
            if name:
                found.append((str(path.relative_to(root)), name, data))
    return found


MANIFESTS = _manifests()


def _agree(name: str, data: object) -> bool:
    return ms._gate(name)(data) == (not list(ms._validator(name).iter_errors(data)))


def test_every_known_manifest_agrees() -> None:
    assert len(MANIFESTS) > 100
    wrong = [source for source, name, data in MANIFESTS if not _agree(name, data)]
    assert wrong == []
    passing = sum(ms._gate(name)(data) for _, name, data in MANIFESTS)
    assert 0 < passing < len(MANIFESTS), "both outcomes are exercised"


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 100_000), st.floats(-5, 10),
                     st.sampled_from(["", "x", "10.0.0.0/16", "arn:aws:s3:::b", "1", "true",
                                      "${ENV}", "Linux/X86_64", "ARM64", "1s", "0.5", "public",
                                      "@daily", "FARGATE_SPOT", "x-anchor"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["name", "path", "port", "x", "count", "range", "spot_from",
                                     "image", "location", "build", "enabled", "rule", "ttl"]),
                    inner, max_size=3)), max_leaves=6)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_changes_agree(data: st.DataObject) -> None:
    if not MANIFESTS:
        pytest.skip("no manifests")
    _source, name, manifest = data.draw(st.sampled_from(MANIFESTS))
    path = data.draw(st.sampled_from(value_paths(manifest)))
    changed = replaced(manifest, path, data.draw(_VALUES))
    assert _agree(name, changed)
