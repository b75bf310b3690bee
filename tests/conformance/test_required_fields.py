"""Leaving out a required body field is refused by the client before anything is sent.

A required field with a single legal value (a constant such as ``completion_window="24h"``)
has that value as its default, and is always sent."""

from __future__ import annotations

import inspect
import json
import re
from typing import Any

import pytest

from openai_core import Client
from openai_core._operation import Operation
from openai_core.operations import OPERATIONS
from tests.conformance.test_prism import _method, _operation_spec, _py_name, arguments
from tests.conformance.values import ValueMaker
from tools.codegen.operations import NAMES
from transports import MockResponse, MockTransport

# Fields the spec requires but the official SDK does not: optional here too (the naming table).
SDK_OPTIONAL = {op_id: set(entry.get("optional", ())) for op_id, entry in NAMES["operations"].items()}


def _required_body_fields(spec: dict[str, Any], op: Operation) -> list[str]:
    entry = _operation_spec(spec, op)
    content = entry.get("requestBody", {}).get("content", {})
    maker = ValueMaker(spec)
    required: set[str] | None = None
    for media in content.values():
        schema = maker.deref(media.get("schema", {}))
        fields = set(schema.get("required", []))
        for part in schema.get("allOf", []):
            fields |= set(maker.deref(part).get("required", []))
        required = fields if required is None else required & fields  # both body forms must need it
    return sorted(required or ())


def test_every_required_body_field_is_enforced_before_sending(spec: dict[str, Any]) -> None:
    transport = MockTransport(lambda request: MockResponse.json({}))
    client = Client(api_key="k", admin_api_key="k", transport=transport)
    operations = 0
    optional = 0
    for op in OPERATIONS.values():
        fields = _required_body_fields(spec, op)
        if not fields:
            continue
        for field in SDK_OPTIONAL.get(op.id, set()) & set(fields):
            fields.remove(field)
            fn = _method(client, op)
            args, kwargs = arguments(spec, op, fn)
            kwargs.pop(field)
            fn(*args, **kwargs)
            assert field not in _sent_fields(transport.requests[-1]), op.id
            optional += 1
        if not fields:
            continue
        operations += 1
        fn = _method(client, op)
        args, kwargs = arguments(spec, op, fn)
        params = inspect.signature(fn).parameters
        for field in fields:
            name = _py_name(field, set(params))
            partial = {k: v for k, v in kwargs.items() if k != name}
            default = params[name].default
            if default is inspect.Parameter.empty:
                sent = len(transport.requests)
                with pytest.raises(TypeError, match=name):
                    fn(*args, **partial)
                assert len(transport.requests) == sent, f"{op.id} sent a request without {field}"
            else:
                fn(*args, **partial)
                assert json.loads(transport.requests[-1].body or b"{}")[field] == default, op.id
    # Every operation of the spec whose body schema lists required fields (anyOf-only
    # requirements, such as vector store file batches, are not in this count), less the three
    # whose only required field the SDK makes optional (two skills uploads, realtime sessions).
    assert operations == 78 and optional == 3


def _sent_fields(request: Any) -> set[str]:
    """The field names of a JSON or multipart body."""
    body = request.body or b""
    if body[:1] == b"{":
        return set(json.loads(body))
    return {name.decode() for name in re.findall(rb'name="([^"]+)"', body)}
