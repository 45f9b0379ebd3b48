"""The JSON Schema walker hover and the policy locator share."""
from __future__ import annotations

import pytest

from copilot_lint.schema.assemble import assembled
from copilot_lint.schema.walk import branches, child, resolve_ref

SCHEMA = {
    "definitions": {"port": {"description": "a port", "type": "integer"}},
    "properties": {"image": {"properties": {"port": {"$ref": "#/definitions/port"}}}},
    "patternProperties": {"^x-": {"description": "extension"}},
    "additionalProperties": {"description": "anything else"},
    "items": {"description": "an item"},
    "prefixItems": [{"description": "first"}],
    "allOf": [{"description": "all"}],
}


def test_one_step_down() -> None:
    assert child(SCHEMA, "image") is SCHEMA["properties"]["image"]
    assert child(SCHEMA, "x-anchor") == {"description": "extension"}
    assert child(SCHEMA, "other") == {"description": "anything else"}
    assert child(SCHEMA, 0) == {"description": "first"}
    assert child(SCHEMA, 3) == {"description": "an item"}
    assert child({"properties": {}}, "missing") is None


def test_references_and_branches() -> None:
    port = child(child(SCHEMA, "image"), "port")
    assert branches(port, SCHEMA) == [{"description": "a port", "type": "integer"}]
    assert branches(SCHEMA, SCHEMA) == [{"description": "all"}]
    assert branches({"$ref": "#/nowhere"}, SCHEMA) == []
    assert resolve_ref({"$defs": {"a/b": 1}}, "#/$defs/a~1b") == 1
    with pytest.raises(LookupError):
        resolve_ref(SCHEMA, "other.json#/x")


def test_hover_describes_a_manifest_key_through_the_walker() -> None:
    pytest.importorskip("lsprotocol")
    from copilot_lint.lsp.hover import describe

    doc = assembled("backend-service")
    assert describe(doc, doc, ("count",)).startswith("How many tasks run")
    assert describe(doc, doc, ("no-such-key",)) is None
