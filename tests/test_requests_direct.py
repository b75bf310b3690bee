"""The sync transport's own way: its own HTTP/1.1 connections, sending what a
``requests.Session`` that reads nothing from the environment would send, without importing
``requests`` or urllib3; and a session whenever one is needed (a proxy, credentials in the URL,
a test double of ``requests``, or a session you asked for)."""

from __future__ import annotations

import base64
import os
import ssl
import subprocess
import sys
from pathlib import Path
from typing import Any

import certifi
import pytest
import requests
import requests.adapters

from openai_core import AuthenticationError, Client
from openai_core.testing import LocalServer
from transports import RequestsTransport
from transports._requests import _requests_replaced
from transports._wire import tls_context

USER: list[Any] = [{"role": "user", "content": "hi"}]


def _session_transport() -> RequestsTransport:
    session = requests.Session()
    session.trust_env = False
    return RequestsTransport(session=session)


def test_a_blocking_call_does_not_import_requests(server: LocalServer) -> None:
    code = (
        "import sys\n"
        "from openai_core import Client\n"
        f"client = Client(api_key='k', base_url={server.url!r}, max_retries=0)\n"
        f"reply = client.chat.completions.create(model='m', messages={USER!r})\n"
        "assert reply.choices[0].message.content, reply\n"
        "loaded = [m for m in ('requests', 'urllib3', 'certifi') if m in sys.modules]\n"
        "assert loaded == [], loaded  # certificates too are loaded for https only\n"
        "session = client.transport.session  # asked for: now it exists, and the next call uses it\n"
        "assert 'requests' in sys.modules and type(session).__name__ == 'Session'\n"
        "assert client.models.list().data\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, env=env)


@pytest.mark.parametrize("upload", [False, True])
def test_it_sends_what_a_session_sends(server: LocalServer, tmp_path: Path, upload: bool) -> None:
    # The same call through the transport's own pools and through a requests.Session: the same
    # method, path, query, headers (but Connection: keep-alive, HTTP/1.1's default) and body.
    data = tmp_path / "batch.jsonl"
    data.write_bytes(b'{"custom_id": "1"}\n' * 40_000)  # a file given by path is streamed, sized
    seen = []
    for transport in (RequestsTransport(), _session_transport()):
        with Client(api_key="sk-test", base_url=server.url, transport=transport, max_retries=0) as client:
            if upload:
                client.files.create(file=data, purpose="batch")
            else:
                client.chat.completions.create(model="m", messages=USER, extra_query={"q": "a b"})
        seen.append(server.requests[-1])
    direct, session = seen
    headers, body = dict(direct.headers), direct.body
    if upload:  # each body has its own random boundary
        mine, theirs = (r.headers["content-type"].partition("boundary=")[2] for r in seen)
        headers["content-type"] = headers["content-type"].replace(mine, theirs)
        body = body.replace(mine.encode(), theirs.encode())
    assert headers.pop("connection", "keep-alive") == session.headers["connection"] == "keep-alive"
    # The encodings the transport decodes; requests adds br and zstd when their packages are there.
    assert headers.pop("accept-encoding") == "gzip, deflate"
    assert session.headers["accept-encoding"].startswith("gzip, deflate")
    assert headers == {k: v for k, v in session.headers.items() if k not in ("connection", "accept-encoding")}
    assert (direct.method, direct.path, direct.query, body) == (
        session.method,
        session.path,
        session.query,
        session.body,
    )
    assert "transfer-encoding" not in direct.headers
    if upload:
        assert int(direct.headers["content-length"]) == len(direct.body) > 40_000 * 19


def test_credentials_in_the_url_go_through_a_session_as_basic_auth(server: LocalServer) -> None:
    url = server.url.replace("http://", "http://someone:secret@")
    transport = RequestsTransport()
    client = Client(api_key="sk-test", base_url=url, transport=transport, max_retries=0)
    with client, pytest.raises(AuthenticationError):  # the server wants Bearer auth
        client.models.list()
    sent = server.requests[-1].headers["authorization"]
    assert sent == "Basic " + base64.b64encode(b"someone:secret").decode()


def test_a_test_double_of_requests_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not _requests_replaced()

    def send(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("not called here")

    replaceable = (
        (requests.adapters.HTTPAdapter, "send"),
        (requests.Session, "send"),
        (requests.Session, "get_adapter"),
    )
    for owner, name in replaceable:
        with monkeypatch.context() as patched:
            patched.setattr(owner, name, send)
            assert _requests_replaced(), name
    assert not _requests_replaced()


def test_certificates_are_read_as_requests_reads_verify(tmp_path: Path) -> None:
    off = tls_context(False)
    assert (off.verify_mode, off.check_hostname) == (ssl.CERT_NONE, False)
    bundled = tls_context(None)  # certifi's bundle
    assert (bundled.verify_mode, bundled.check_hostname) == (ssl.CERT_REQUIRED, True)
    authorities = bundled.cert_store_stats()["x509_ca"]
    assert authorities > 50
    assert tls_context(True).cert_store_stats()["x509_ca"] == authorities
    mine = tmp_path / "ca.pem"
    mine.write_text(
        Path(certifi.where()).read_text().split("-----END CERTIFICATE-----")[0] + "-----END CERTIFICATE-----\n"
    )
    assert tls_context(str(mine)).cert_store_stats()["x509_ca"] == 1  # a file: its certificates alone
    directory = tls_context(str(tmp_path))  # a directory: looked up as a certificate is checked
    assert directory.verify_mode == ssl.CERT_REQUIRED and directory.cert_store_stats()["x509_ca"] == 0
