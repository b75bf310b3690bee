"""The official SDK's top-level names, with its meaning: the Default* HTTP-client helpers, the
defaults, the type aliases, ``file_from_path`` and ``BaseModel`` (for ``cast_to``)."""

from __future__ import annotations

import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import httpx2
import pytest

import openai_core
from openai_core import AsyncClient, Client
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client
from transports import MockResponse, MockTransport

# h-sdkfix exports the reconnection names; Bedrock (SigV4 signing) is not provided.
NOT_OURS = {"BedrockOpenAI", "AsyncBedrockOpenAI", "ReconnectingEvent", "ReconnectingOverrides"}


def test_every_top_level_name_of_the_sdk_is_ours() -> None:
    import openai

    missing = {name for name in openai.__all__ if not hasattr(openai_core, name)}
    assert missing <= NOT_OURS
    assert {"DefaultHttpx2Client", "BaseModel", "DEFAULT_TIMEOUT", "types"} <= set(openai_core.__all__)


def test_the_new_names_import_no_http_library() -> None:
    code = (
        "import sys, openai_core\n"
        "for name in ('DefaultHttpxClient', 'DefaultAsyncHttpxClient', 'DefaultHttpx2Client',\n"
        "             'DefaultAsyncHttpx2Client', 'DEFAULT_TIMEOUT', 'DEFAULT_MAX_RETRIES',\n"
        "             'DEFAULT_CONNECTION_LIMITS', 'Transport', 'ProxiesTypes', 'DataResidency',\n"
        "             '__title__', 'NoneType', 'file_from_path', 'BaseModel'):\n"
        "    getattr(openai_core, name)\n"
        "loaded = [m for m in ('httpx', 'httpx2', 'aiohttp', 'requests', 'pydantic') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_client_on_httpx2_imports_neither_requests_nor_aiohttp() -> None:
    code = (
        "import sys, openai_core\n"
        "client = openai_core.Client(api_key='k', base_url='http://127.0.0.1:9/v1',\n"
        "                            http_client=openai_core.DefaultHttpx2Client(), max_retries=0)\n"
        "try:\n"
        "    client.models.list()\n"
        "except openai_core.APIConnectionError:\n"
        "    pass\n"
        "client.close()\n"
        "assert 'httpx2' in sys.modules\n"
        "loaded = [m for m in ('aiohttp', 'requests', 'urllib3') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("helper", "cls"),
    [
        ("DefaultHttpx2Client", httpx2.Client),
        ("DefaultHttpxClient", httpx2.Client),
        ("DefaultAsyncHttpx2Client", httpx2.AsyncClient),
        ("DefaultAsyncHttpxClient", httpx2.AsyncClient),
    ],
)
async def test_default_clients_have_the_sdks_defaults(helper: str, cls: type) -> None:
    make = getattr(openai_core, helper)
    http: Any = make()
    mine: Any = make(timeout=openai_core.Timeout(connect=1.0, read=9.0, pool=3.0), follow_redirects=False)
    try:
        assert type(http) is cls
        assert http.timeout == httpx2.Timeout(600.0, connect=5.0)
        assert http._transport._pool._max_connections == 1000
        assert http._transport._pool._max_keepalive_connections == 100
        assert http.follow_redirects is True
        assert mine.timeout == httpx2.Timeout(connect=1.0, read=9.0, write=9.0, pool=3.0)
        assert mine.follow_redirects is False
    finally:
        for client in (http, mine):
            await Api.run(client.aclose() if hasattr(client, "aclose") else client.close())


def test_default_clients_name_the_extra_when_httpx2_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "httpx2", None)
    for helper in ("DefaultHttpx2Client", "DefaultAsyncHttpxClient"):
        with pytest.raises(ImportError, match=r"openai-core\[httpx\]"):
            getattr(openai_core, helper)()


def test_the_connection_limits_fit_an_httpx_client() -> None:
    limits = openai_core.DEFAULT_CONNECTION_LIMITS
    assert (limits.max_connections, limits.max_keepalive_connections) == (1000, 100)
    with httpx2.Client(limits=limits) as http:  # type: ignore[arg-type]
        assert http._transport._pool._max_connections == 1000


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_the_defaults_are_the_clients(cls: Any) -> None:
    client = cls(api_key="k")
    assert client.timeout == openai_core.DEFAULT_TIMEOUT
    assert (client.timeout.total, client.timeout.connect) == (600.0, 5.0)
    assert client.max_retries == openai_core.DEFAULT_MAX_RETRIES == 2


def test_the_small_names() -> None:
    assert openai_core.NoneType is type(None)
    assert openai_core.__title__ == "openai_core"
    assert openai_core.types.__name__ == "openai_core.types"
    assert set(typing.get_args(openai_core.Transport)) == {openai_core.SyncTransport, openai_core.AsyncTransport}
    assert isinstance(MockTransport(lambda request: MockResponse.json({})), typing.get_args(openai_core.Transport))
    assert str in typing.get_args(openai_core.ProxiesTypes)
    regions = typing.get_args(openai_core.DataResidency)
    assert regions == ("global", "us", "eu", "ae")
    assert {Client(api_key="k", data_residency=region).base_url for region in regions} == {
        "https://api.openai.com/v1",
        "https://us.api.openai.com/v1",
        "https://eu.api.openai.com/v1",
        "https://ae.api.openai.com/v1",
    }


async def test_file_from_path_is_an_upload(api: Api, tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(b'{"prompt": "a"}\n')
    assert openai_core.file_from_path(str(path)) == ("train.jsonl", b'{"prompt": "a"}\n')
    uploaded = await api.run(api.client.files.create(file=openai_core.file_from_path(path), purpose="fine-tune"))
    assert (uploaded.filename, uploaded.bytes) == ("train.jsonl", 16)


class Item(openai_core.BaseModel):
    id: str
    owned_by: str | None = None


class ModelList(openai_core.BaseModel):
    object: str
    data: list[Item]


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_base_model_subclass_is_a_result_type(kind: str, server: LocalServer) -> None:
    client = make_client(kind, base_url=server.url)
    try:
        listed = await Api.run(client.request("GET", "/models", cast_to=ModelList))
        one = await Api.run(client.with_options(cast_to=Item).models.retrieve(listed.data[0].id))
    finally:
        await close_client(client)
    assert isinstance(listed, ModelList) and listed.object == "list"
    assert all(isinstance(item, Item) and item.id for item in listed.data)
    assert isinstance(one, Item) and one.id == listed.data[0].id
    assert one.created > 0  # a key the class does not declare is kept
    assert one.to_dict()["id"] == one.id and one.model_dump()["created"] == one.created
    assert Item.model_validate({"id": "m-9", "extra": 1}).extra == 1


def test_a_base_model_subclass_is_built_by_keyword() -> None:
    item = Item(id="m-1")
    assert (item.id, item.owned_by) == ("m-1", None)
    assert item == Item(id="m-1") and item != Item(id="m-2")
    assert repr(item) == "Item(id='m-1', owned_by=None)"
    with pytest.raises(TypeError):
        Item("m-1")  # type: ignore[misc]
