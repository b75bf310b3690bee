"""Every operation of the spec, called through both clients against Prism.

Prism validates each request (body, query, path) against the spec and answers with the spec's
examples; the client must send a request Prism accepts and parse the answer into the type the
operation declares.
"""

from __future__ import annotations

import inspect
import keyword
import re
from collections.abc import Callable
from typing import Any

import pytest

from openai_core import AsyncClient, Client, HttpxBinaryResponseContent, Model
from openai_core._operation import Operation, resolve_type
from openai_core._pagination import AsyncPage, SyncPage
from openai_core.operations import OPERATIONS
from tests.conformance.values import ValueMaker

pytestmark = pytest.mark.timeout(300)


def _py_name(name: str, accepted: set[str]) -> str:
    if name in accepted and not keyword.iskeyword(name):
        return name
    ident = re.sub(r"[^0-9A-Za-z_]", "_", name).strip("_")
    for candidate in (ident, ident + "_"):
        if candidate in accepted:
            return candidate
    raise AssertionError(f"no parameter for {name!r} among {sorted(accepted)}")


def _operation_spec(spec: dict[str, Any], op: Operation) -> dict[str, Any]:
    for item in spec["paths"].values():
        for entry in item.values():
            if isinstance(entry, dict) and entry.get("operationId") == op.id:
                return entry  # type: ignore[no-any-return]
    raise AssertionError(f"{op.id} is not in the spec")


def _method(client: Any, op: Operation) -> Callable[..., Any]:
    target = client
    for part in op.call.split("."):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]


# Where the smallest value of each required field is not enough, the spec's own rules say more.
OVERRIDES: dict[str, dict[str, Any]] = {
    # `items` is a oneOf whose simplest member also matches a second member.
    "createConversationItems": {"items": [{"type": "message", "role": "user", "content": "hi"}]},
    # the JSON form takes images as objects with an image_url.
    "createImageEdit": {"images": [{"image_url": "https://example.com/a.png"}]},
    # anyOf: either file_ids or files is required.
    "createVectorStoreFileBatch": {"file_ids": ["file_1"]},
}


def arguments(spec: dict[str, Any], op: Operation, fn: Callable[..., Any]) -> tuple[list[Any], dict[str, Any]]:
    """Minimal valid arguments: the path parameters, and the required query and body fields."""
    entry = _operation_spec(spec, op)
    maker = ValueMaker(spec)
    accepted = set(inspect.signature(fn).parameters)
    kwargs: dict[str, Any] = {}
    for param in entry.get("parameters", []):
        param = maker.deref(param) if "$ref" in param else param
        if param.get("in") == "query" and param.get("required"):
            kwargs[_py_name(param["name"], accepted)] = maker.value(param.get("schema", {}))
    content = entry.get("requestBody", {}).get("content", {})
    if content:
        media = "application/json" if "application/json" in content else next(iter(content))
        body = maker.value(content[media].get("schema", {}))
        if isinstance(body, dict):
            for key, value in body.items():
                kwargs[_py_name(key, accepted)] = value
    kwargs.update(OVERRIDES.get(op.id, {}))
    # As in the official SDK: the last path parameter by position, the others by keyword.
    params = inspect.signature(fn).parameters
    path_args = []
    for name in op.path_params:
        py = _py_name(name, accepted)
        if params[py].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
            path_args.append(f"{name}_1")
        else:
            kwargs[py] = f"{name}_1"
    return path_args, kwargs


def _check_result(op: Operation, result: Any) -> None:
    if op.pagination is not None or op.item is not None:
        assert isinstance(result, (SyncPage, AsyncPage)), op.id
        result = result.result
    if op.response_kind == "binary":
        assert isinstance(result, HttpxBinaryResponseContent), op.id
        return
    if op.response is None or op.response_kind == "empty":
        assert result is None, op.id
        return
    declared = resolve_type(op.response)
    if isinstance(result, str):
        return  # a text/plain answer (e.g. transcription formats) of an op that also speaks JSON
    if isinstance(declared, type):
        assert isinstance(result, declared), f"{op.id}: {type(result).__name__} is not {declared.__name__}"
    else:
        assert isinstance(result, Model), f"{op.id}: {type(result).__name__} is not a Model"


OPS = sorted(OPERATIONS.values(), key=lambda o: o.id)


def test_registry_covers_the_spec(spec: dict[str, Any]) -> None:
    ids = {
        entry["operationId"]
        for item in spec["paths"].values()
        for entry in item.values()
        if isinstance(entry, dict) and "operationId" in entry
    }
    assert len(ids) == 288
    assert ids == set(OPERATIONS)


@pytest.fixture(scope="module")
def sync_client(prism_url: str) -> Client:
    return Client(api_key="sk-prism", admin_api_key="sk-admin", base_url=prism_url, max_retries=0)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("op", OPS, ids=[o.id for o in OPS])
def test_sync_call_accepted_and_parsed(spec: dict[str, Any], sync_client: Client, op: Operation) -> None:
    fn = _method(sync_client, op)
    args, kwargs = arguments(spec, op, fn)
    result = fn(*args, **kwargs)
    _check_result(op, result)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("op", OPS, ids=[o.id for o in OPS])
async def test_async_call_accepted_and_parsed(spec: dict[str, Any], prism_url: str, op: Operation) -> None:
    async with AsyncClient(api_key="sk-prism", admin_api_key="sk-admin", base_url=prism_url, max_retries=0) as client:
        fn = _method(client, op)
        args, kwargs = arguments(spec, op, fn)
        result = await fn(*args, **kwargs)
        _check_result(op, result)


PNG = ("a.png", b"\x89PNG\r\n\x1a\n0000", "image/png")


@pytest.mark.parametrize(
    ("call", "kwargs"),
    [
        ("images.edit", {"prompt": "a hat", "image": [PNG, ("b.png", b"\x89PNG\r\n\x1a\n1111", "image/png")]}),
        ("images.edit", {"prompt": "a hat", "image": PNG}),
        ("skills.create", {"files": [("SKILL.md", b"# skill"), ("run.py", b"print(1)")]}),
        ("files.create", {"file": ("data.jsonl", b'{"a": 1}\n'), "purpose": "batch"}),
        ("audio.transcriptions.create", {"file": ("a.mp3", b"ID3", "audio/mpeg"), "model": "whisper-1"}),
    ],
)
def test_multipart_forms_accepted(sync_client: Client, call: str, kwargs: dict[str, Any]) -> None:
    fn: Any = sync_client
    for part in call.split("."):
        fn = getattr(fn, part)
    assert isinstance(fn(**kwargs), Model)
