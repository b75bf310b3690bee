"""TLS: certificates are verified by default; ``verify=False`` turns that off explicitly and
says so once per transport on the ``openai_core`` logger."""

from __future__ import annotations

import logging
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import openai_core
from openai_core import Client
from tests.conftest import close_client, make_client
from tests.faults.server import FaultServer
from tests.faults.support import call
from transports import AiohttpTransport, RequestsTransport

pytestmark = [
    pytest.mark.timeout(20),
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its own authority) and its key."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make a certificate")
    where: Path = tmp_path_factory.mktemp("tls")
    cert, key = where / "cert.pem", where / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture(scope="module")
def tls_faults(certificate: tuple[Path, Path]) -> Iterator[FaultServer]:
    """A fault server on HTTPS, with a self-signed certificate no client trusts."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    with FaultServer(ssl_context=context) as server:
        yield server


def insecure(kind: str) -> Any:
    return RequestsTransport(verify=False) if kind == "sync" else AiohttpTransport(verify=False)


async def close(transport: Any) -> None:
    if isinstance(transport, RequestsTransport):
        transport.close()
    else:
        await transport.aclose()


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "openai_core" and r.levelno == logging.WARNING]


async def test_verification_is_on_by_default_and_a_bad_certificate_is_not_retried(
    kind: str, tls_faults: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="openai_core")
    sc = tls_faults.scenario("ok")
    client = make_client(kind, base_url=sc.base_url, timeout=5.0, max_retries=3)
    try:
        out = await call(client)
    finally:
        await close_client(client)
    assert type(out.error) is openai_core.TLSCertificateError, repr(out.error)
    assert isinstance(out.error, openai_core.APIConnectionError)
    assert "self-signed certificate" in str(out.error)  # the certificate problem, named
    assert sc.hits == 0  # the handshake failed: nothing was sent
    assert [r for r in caplog.records if "retrying" in r.getMessage()] == []
    assert warnings_of(caplog) == []


async def test_https_is_never_downgraded_to_http(kind: str, tls_faults: FaultServer) -> None:
    sc = tls_faults.scenario("redirect:302:http")
    client = make_client(kind, base_url=sc.base_url, timeout=5.0, max_retries=2, transport=insecure(kind))
    try:
        out = await call(client)
    finally:
        await close(client.transport)
    assert type(out.error) is openai_core.UnsafeRedirectError, repr(out.error)
    assert "https to http" in str(out.error)
    assert sc.hits == 1 and sc.landed == []


async def test_verify_false_is_explicit_and_logged_once(
    kind: str, tls_faults: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="openai_core")
    transport = insecure(kind)
    sc = tls_faults.scenario("ok")
    client = make_client(kind, base_url=sc.base_url, timeout=5.0, transport=transport)
    try:
        for stream in (False, True):
            out = await call(client, stream=stream)
            assert out.error is None, repr(out.error)
    finally:
        await close(transport)
    assert sc.hits == 2
    [record] = warnings_of(caplog)
    assert "verif" in record.getMessage() and "verify=False" in record.getMessage()


def _hashed_directory(cert: Path, where: Path) -> Path:
    """A directory of CA certificates as ``openssl rehash`` lays it out: ``<subject hash>.0``."""
    subject_hash = subprocess.run(
        ["openssl", "x509", "-hash", "-noout", "-in", str(cert)], check=True, capture_output=True, text=True
    ).stdout.strip()
    shutil.copy(cert, where / f"{subject_hash}.0")
    return where


def test_the_sync_transport_trusts_the_bundle_requests_would_read(
    certificate: tuple[Path, Path], tls_faults: FaultServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # REQUESTS_CA_BUNDLE as a file, then as a directory: the transport's own connections verify
    # the server against it (no session is opened for it).
    cert = certificate[0]
    for bundle in (cert, _hashed_directory(cert, tmp_path)):
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
        sc = tls_faults.scenario("ok")
        transport = RequestsTransport()
        with Client(api_key="sk-test", base_url=sc.base_url, max_retries=0, transport=transport) as client:
            reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
            streamed = list(client.chat.completions.create(model="m", messages=[], stream=True))
        transport.close()
        assert reply.choices[0].message.content and len(streamed) == 3, bundle
        assert transport._session is None and transport._pools is not None and transport._pools.opened == 1
        assert sc.hits == 2


def test_the_sync_transport_refuses_a_certificate_of_another_host(
    certificate: tuple[Path, Path], tls_faults: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificate[0]))  # trusted, but for 127.0.0.1 only
    sc = tls_faults.scenario("ok")
    transport = RequestsTransport()
    url = sc.base_url.replace("127.0.0.1", "localhost")
    client = Client(api_key="sk-test", base_url=url, max_retries=0, transport=transport)
    with client, pytest.raises(openai_core.TLSCertificateError, match="localhost"):
        client.models.list()
    transport.close()
    assert sc.hits == 0
