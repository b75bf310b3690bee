"""Debug logging: method, URL, status, request id, retries and timing; never a secret."""

from __future__ import annotations

import logging
import subprocess
import sys
from typing import TYPE_CHECKING

from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client

if TYPE_CHECKING:
    import pytest

SECRETS = ("sk-test-secret", "q-secret")


async def test_debug_log_shows_the_exchange_and_no_secret(
    api: Api, server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(api.kind, api_key=SECRETS[0], base_url=server.url, default_query={"api_key": SECRETS[1]})
    server.fail_next(503, body={"error": {"message": "busy"}})
    try:
        with caplog.at_level(logging.DEBUG, logger="openai_core"):
            await Api.run(client.models.list())
    finally:
        await close_client(client)
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("openai_core")]
    text = "\n".join(lines)
    assert "GET " in text and "/v1/models" in text
    assert "-> 503" in text and "-> 200" in text and "retrying in" in text
    assert f"[{server.requests[-1].request_id}]" in text
    assert "api_key=***" in text
    assert not any(secret in text for secret in SECRETS)


def test_openai_log_debug_turns_logging_on(server: LocalServer) -> None:
    code = f"""
import openai_core
client = openai_core.Client(api_key="sk-test-secret", base_url={server.url!r})
client.models.list()
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"OPENAI_LOG": "debug", "PATH": ""},
    )
    assert out.returncode == 0, out.stderr
    assert "GET " in out.stderr and "-> 200" in out.stderr
    assert "sk-test-secret" not in out.stderr
