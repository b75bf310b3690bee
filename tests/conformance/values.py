"""Minimal valid values for a JSON schema of the OpenAPI spec: just the required parts."""

from __future__ import annotations

from typing import Any

Spec = dict[str, Any]


class ValueMaker:
    """Builds the smallest value that a schema accepts (required properties only)."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec

    def deref(self, schema: Spec) -> Spec:
        while "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.spec["components"]["schemas"][name]
        return schema

    def value(self, schema: Spec, depth: int = 0) -> Any:
        schema = self.deref(schema)
        if depth > 12:
            return None
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return next((v for v in schema["enum"] if v is not None), schema["enum"][0])
        if "default" in schema and schema["default"] is not None and not isinstance(schema["default"], dict):
            return schema["default"]
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                v = self.value(part, depth + 1)
                if isinstance(v, dict):
                    merged.update(v)
            return merged
        for key in ("oneOf", "anyOf"):
            if key in schema:
                options = [self.deref(s) for s in schema[key]]
                options = [s for s in options if s.get("type") != "null"] or options
                return self.value(self._simplest(options), depth + 1)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind == "object" or "properties" in schema:
            props = schema.get("properties", {})
            return {name: self.value(props.get(name, {}), depth + 1) for name in schema.get("required", [])}
        if kind == "array":
            count = max(1, schema.get("minItems", 1))
            return [self.value(schema.get("items", {}), depth + 1) for _ in range(count)]
        if kind == "string":
            if schema.get("format") == "binary":
                return ("input.bin", b"0123456789")
            return "x" * max(1, schema.get("minLength", 1))
        if kind == "integer":
            return int(schema.get("minimum", 1))
        if kind == "number":
            return float(schema.get("minimum", 1))
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return "x"

    def _simplest(self, options: list[Spec]) -> Spec:
        def weight(s: Spec) -> int:
            if s.get("type") in ("string", "integer", "number", "boolean"):
                return 0
            return len(s.get("required", [])) + 1

        return min(options, key=weight)
