"""A client that is never closed releases its sockets quietly when it is collected, as the SDK's
do: aiohttp's "Unclosed client session" report does not appear for the session our transport
opened. Each scenario runs in a fresh interpreter with every warning shown."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from openai_core.testing import LocalServer

PRELUDE = """
import asyncio, gc, os
import openai_core

def sockets():
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
        except OSError:  # the listing's own descriptor
            pass
    return count

before = sockets()
"""

SCENARIOS = {
    "sync": """
        def main():
            client = openai_core.OpenAI()
            client.models.list()
            print(sockets() > before)
        main()
        gc.collect()
        print(sockets() - before)
    """,
    "async_after_the_loop": """
        async def main():
            client = openai_core.AsyncOpenAI()
            await client.models.list()
            print(sockets() > before)
        asyncio.run(main())
        gc.collect()
        print(sockets() - before)
    """,
    "async_within_the_loop": """
        async def main():
            client = openai_core.AsyncOpenAI()
            await client.models.list()
            print(sockets() > before)
            del client
            gc.collect()
            await asyncio.sleep(0.2)  # the sockets close on the loop's next turns
            print(sockets() - before - 2)  # the loop's own wake-up pair is still open
        asyncio.run(main())
    """,
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_an_unclosed_client_closes_its_sockets_quietly(scenario: str) -> None:
    with LocalServer() as server:
        result = subprocess.run(
            [sys.executable, "-W", "always", "-c", PRELUDE + textwrap.dedent(SCENARIOS[scenario])],
            env={**os.environ, "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.url},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "0"]
    assert "nclosed" not in result.stderr
    assert result.stderr == ""
