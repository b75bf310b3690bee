"""Shared by the examples: the API to call, and the models to ask for.

With ``OPENAI_BASE_URL`` set, the examples call it (with ``OPENAI_API_KEY``). Otherwise they
start the embedded OpenAI-compatible server (``openai_core.testing.LocalServer``) on a free
port and call it with a dummy key, so that every example runs offline.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from openai_core.testing import LocalServer

MODEL = os.environ.get("OPENAI_MODEL", "gpt-4o-mini")
EMBEDDING_MODEL = os.environ.get("OPENAI_EMBEDDING_MODEL", "text-embedding-3-small")


@dataclass(frozen=True)
class Api:
    base_url: str
    api_key: str
    server: LocalServer | None = None  # set when the embedded server is the one answering

    def __iter__(self) -> Iterator[str]:  # so that `with api() as (base_url, api_key):` works
        return iter((self.base_url, self.api_key))


@contextmanager
def api() -> Iterator[Api]:
    """Yield the API to call: ``OPENAI_BASE_URL`` if set, else a freshly started local server."""
    base_url = os.environ.get("OPENAI_BASE_URL")
    if base_url:
        yield Api(base_url, os.environ.get("OPENAI_API_KEY") or "sk-unset")
        return
    with LocalServer() as server:
        print(f"(no OPENAI_BASE_URL: using the embedded server at {server.url})")
        yield Api(server.url, "sk-local", server)


@contextmanager
def redis_url() -> Iterator[str]:
    """Yield a Redis URL: ``REDIS_URL`` if set, else a ``redis-server`` started on a free port in
    a temporary directory (and stopped afterwards)."""
    url = os.environ.get("REDIS_URL")
    if url:
        yield url
        return
    import shutil
    import socket
    import subprocess
    import tempfile
    import time

    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("this example needs Redis: set REDIS_URL, or install redis-server")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as workdir:
        command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", workdir, "--save", ""]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            server.terminate()
            server.wait()
