"""What the first chat call imports: the chat helpers, not the rest of ``openai_core.helpers``,
whose names still resolve on first use. Each check runs in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

from openai_core.testing import LocalServer

_CALL = {
    "sync": "Client(api_key='k', base_url=URL, max_retries=0).chat.completions.create(model='m', messages=USER)",
    "async": "asyncio.run(once())",
}


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_first_chat_call_leaves_other_helpers_unimported(kind: str, server: LocalServer) -> None:
    code = (
        "import asyncio, sys\n"
        "from openai_core import AsyncClient, Client\n"
        f"URL, USER = {server.url!r}, [{{'role': 'user', 'content': 'hi'}}]\n"
        "async def once():\n"
        "    async with AsyncClient(api_key='k', base_url=URL, max_retries=0) as client:\n"
        "        return await client.chat.completions.create(model='m', messages=USER)\n"
        f"reply = {_CALL[kind]}\n"
        "assert reply.choices[0].message.content, reply\n"
        "assert 'openai_core.helpers.chat' in sys.modules\n"
        "eager = [m for m in ('batches', 'batch_jobs', 'assistants', 'polling', 'responses')\n"
        "         if 'openai_core.helpers.' + m in sys.modules]\n"
        "assert not eager, eager\n"
        "import openai_core.helpers as helpers\n"
        "assert helpers.BatchJobResults.__name__ == 'BatchJobResults'\n"
        "assert 'openai_core.helpers.batch_jobs' in sys.modules\n"
        "from openai_core.helpers import ParsedResponse, PollTimeoutError, function_tool\n"
        "assert callable(function_tool) and issubclass(PollTimeoutError, Exception) and ParsedResponse\n"
        "assert set(helpers.__all__) <= set(dir(helpers))\n"
        "try:\n"
        "    helpers.NoSuchHelper\n"
        "except AttributeError as exc:\n"
        "    assert 'NoSuchHelper' in str(exc)\n"
        "else:\n"
        "    raise AssertionError('an unknown name resolved')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_first_chat_call_makes_only_its_operation_and_no_websocket(kind: str, server: LocalServer) -> None:
    code = (
        "import asyncio\n"
        "from openai_core import AsyncClient, Client\n"
        "from openai_core._operation import Operation\n"
        "from openai_core.operations import OPERATIONS\n"
        f"URL, USER = {server.url!r}, [{{'role': 'user', 'content': 'hi'}}]\n"
        "async def once():\n"
        "    async with AsyncClient(api_key='k', base_url=URL, max_retries=0) as client:\n"
        "        return await client.chat.completions.create(model='m', messages=USER)\n"
        f"reply = {_CALL[kind]}\n"
        "assert reply.choices[0].message.content, reply\n"
        "assert list(OPERATIONS._made) == ['createChatCompletion'], list(OPERATIONS._made)\n"
        "import sys\n"
        "assert 'transports._websocket' not in sys.modules  # Realtime sessions only\n"
        "assert 'openai_core._raw_response' not in sys.modules  # raw responses, errors and streams only\n"
        "op = OPERATIONS['createChatCompletion']\n"
        "assert OPERATIONS['createChatCompletion'] is op and op.path == '/chat/completions' and op.stream == 'flag'\n"
        "assert len(OPERATIONS) == len(list(OPERATIONS)) > 200 and 'listModels' in OPERATIONS\n"
        "assert all(isinstance(o, Operation) and o.id == i for i, o in OPERATIONS.items())\n"
        "assert OPERATIONS['listModels'].pagination is None\n"
        "assert OPERATIONS['listFiles'].pagination.param == 'after'\n"
        "try:\n"
        "    OPERATIONS['noSuchOperation']\n"
        "except KeyError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('an unknown operation resolved')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_first_call_loads_no_view_module_and_a_blocking_one_nothing_asyncio(kind: str, server: LocalServer) -> None:
    code = (
        "import asyncio, sys\n"
        "from openai_core import Client\n"
        f"URL, USER = {server.url!r}, [{{'role': 'user', 'content': 'hi'}}]\n"
        "async def once():\n"
        "    from openai_core import AsyncClient\n"
        "    async with AsyncClient(api_key='k', base_url=URL, max_retries=0) as client:\n"
        "        return await client.chat.completions.create(model='m', messages=USER)\n"
        f"reply = {_CALL[kind]}\n"
        "assert reply.choices[0].message.content, reply\n"
        "views = [m for m in sys.modules if m.startswith('openai_core.resources._views')]\n"
        "assert not views, views\n"
        f"assert ('openai_core._async_client' in sys.modules) is {kind == 'async'}\n"
        f"assert ('openai_core.resources._async.chat' in sys.modules) is {kind == 'async'}\n"
        "from openai_core import AsyncClient, AsyncOpenAI\n"
        "from openai_core._client import AsyncClient as Same\n"
        "assert AsyncClient is AsyncOpenAI is Same and AsyncClient.__module__ == 'openai_core._async_client'\n"
        "from openai_core.resources.chat import AsyncCompletions, Completions\n"
        "client = AsyncClient(api_key='k', base_url=URL)\n"
        "assert type(client.chat.completions) is AsyncCompletions and AsyncCompletions is not Completions\n"
        "import openai_core.resources.chat as chat\n"
        "assert {'AsyncChat', 'Chat'} <= set(chat.__all__) and not hasattr(chat, 'AsyncNoSuchThing')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
