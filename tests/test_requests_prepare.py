"""The sync transport's own session prepares a request as ``Session.request()`` would, without
``requests``' per-request merging (``transports._session.prepared``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

from openai_core import Client
from transports import RequestsTransport
from transports._redirect import Hop
from transports._session import prepared

URL = "http://127.0.0.1:9/v1/chat/completions?limit=2"
HEADERS = {"Authorization": "Bearer sk-test", "Content-Type": "application/json", "X-Stainless-Lang": "python"}


def _hook(response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
    return response


def _plain(session: requests.Session) -> None:
    del session


def _headers(session: requests.Session) -> None:
    session.headers.update({"User-Agent": "mine/1", "X-Team": "search", "Accept": None})  # type: ignore[dict-item]


def _params(session: requests.Session) -> None:
    session.params = {"api-version": "2026-01-01", "dropped": None}


def _auth(session: requests.Session) -> None:
    session.auth = ("user", "secret")


def _cookies(session: requests.Session) -> None:
    session.cookies.set("affinity", "node-3", domain="127.0.0.1", path="/")


def _hooks(session: requests.Session) -> None:
    session.hooks["response"].append(_hook)


@pytest.mark.parametrize("configure", [_plain, _headers, _params, _auth, _cookies, _hooks])
@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("POST", URL, b'{"model":"m"}'),
        ("GET", URL, None),
        ("delete", "http://127.0.0.1:9/v1/files/file-1", b""),
        ("GET", "http://someone:pw@127.0.0.1:9/v1/models", None),  # credentials in the URL: Basic auth
    ],
)
def test_the_own_session_prepares_what_session_request_would(
    configure: Callable[[requests.Session], None], method: str, url: str, body: bytes | None
) -> None:
    session = RequestsTransport().session
    configure(session)
    hop = Hop(method, url, HEADERS, body)
    ours = prepared(session, hop)
    theirs = session.prepare_request(requests.Request(method, url, headers=dict(HEADERS), data=body or {}))
    assert (ours.method, ours.url, ours.body) == (theirs.method, theirs.url, theirs.body)
    assert dict(ours.headers) == dict(theirs.headers)
    assert ours.hooks == theirs.hooks


def test_settings_of_the_own_session_still_reach_the_wire(server: Any) -> None:
    transport = RequestsTransport()
    transport.session.headers["X-Team"] = "search"
    transport.session.cookies.set("affinity", "node-3", domain="127.0.0.1", path="/")
    seen: list[int] = []
    transport.session.hooks["response"].append(lambda response, *a, **k: seen.append(response.status_code))
    with Client(api_key="sk-test", base_url=server.url, transport=transport, max_retries=0) as client:
        client.models.list()
    sent = server.requests[-1]
    assert sent.headers["x-team"] == "search" and "affinity=node-3" in sent.headers["cookie"]
    assert sent.headers["authorization"] == "Bearer sk-test" and seen == [200]


def test_a_session_told_to_trust_the_environment_reads_it(server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    transport = RequestsTransport()
    transport.session.trust_env = True
    monkeypatch.setenv("NO_PROXY", "*")
    calls: list[str] = []
    real = requests.Session.request

    def spy(self: requests.Session, method: str, url: str, **kwargs: Any) -> requests.Response:
        calls.append(url)
        return real(self, method, url, **kwargs)

    monkeypatch.setattr(requests.Session, "request", spy)
    with Client(api_key="sk-test", base_url=server.url, transport=transport, max_retries=0) as client:
        client.models.list()
    assert len(calls) == 1 and calls[0].endswith("/models")
