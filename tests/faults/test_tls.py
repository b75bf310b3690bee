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
from tests.conftest import close_client, make_client
from tests.faults.server import FaultServer
from tests.faults.support import call
from transports import AiohttpTransport, RequestsTransport

pytestmark = [
    pytest.mark.timeout(20),
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
]


@pytest.fixture(scope="module")
def tls_faults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultServer]:
    """A fault server on HTTPS, with a self-signed certificate no client trusts."""
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
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
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
