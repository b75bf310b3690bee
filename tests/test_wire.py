"""The sync transport's own decoding of a compressed body: gzip (one member after another) and
deflate (with or without its zlib wrapper), in pieces no larger than a read's bound, so that a
small compressed read never becomes a large allocation. And the connections themselves: an
idle one the server closed is not reused, and a response's headers must all come within the
attempt's time limit, however slowly they trickle."""

from __future__ import annotations

import http.client
import socket
import threading
import time
import zlib

import pytest

from transports._wire import CHUNK, _decoder


def _decoded(encoding: str, body: bytes, read: int = 1000) -> list[bytes]:
    decoder = _decoder(encoding)
    assert decoder is not None
    return [piece for at in range(0, len(body), read) for piece in decoder.decode(body[at : at + read])]


def _gzip(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=16 + zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def _deflate(data: bytes, wbits: int) -> bytes:
    packer = zlib.compressobj(wbits=wbits)
    return packer.compress(data) + packer.flush()


DATA = b"".join(b'{"index": %d, "object": "embedding"}\n' % i for i in range(20_000))


@pytest.mark.parametrize("read", [1, 7, 1000, 1 << 20])
def test_gzip_members_one_after_another(read: int) -> None:
    body = _gzip(DATA[:1000]) + _gzip(DATA[1000:]) + _gzip(b"")
    assert b"".join(_decoded("gzip", body, read)) == DATA


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS])  # zlib-wrapped, and raw
def test_deflate_with_or_without_its_wrapper(wbits: int) -> None:
    assert b"".join(_decoded(" Deflate ", _deflate(DATA, wbits), read=5)) == DATA


def test_a_bomb_comes_in_bounded_pieces() -> None:
    bomb = _gzip(bytes(64 * CHUNK + 5))  # 4 MiB of zeros in about 4 KiB
    pieces = _decoded("x-gzip", bomb, read=len(bomb))  # one read brings all of it
    assert max(map(len, pieces)) == CHUNK and sum(map(len, pieces)) == 64 * CHUNK + 5


def test_what_follows_a_complete_gzip_member_and_is_not_one_is_ignored() -> None:
    assert b"".join(_decoded("gzip", _gzip(b"whole") + b"\0\0 trailing")) == b"whole"


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_body_that_is_not_what_it_says_is_an_error(encoding: str) -> None:
    with pytest.raises(http.client.HTTPException, match="cannot be decoded"):
        _decoded(encoding, b"plain text, not compressed")


@pytest.mark.parametrize("encoding", ["identity", "br", "zstd", "gzip, br"])
def test_an_encoding_not_asked_for_is_left_as_it_came(encoding: str) -> None:
    assert _decoder(encoding) is None


def test_an_idle_connection_the_server_closed_is_not_reused() -> None:
    # A server that answers each connection's first request with keep-alive, then closes it: the
    # next request must notice before sending, and open a new connection (no retry allowed).
    from openai_core import Client
    from transports import RequestsTransport

    listener = socket.create_server(("127.0.0.1", 0))
    body = b'{"object": "list", "data": []}'
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    accepted: list[int] = []
    closed = threading.Semaphore(0)

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                accepted.append(1)
                request = b""
                while not request.endswith(b"\r\n\r\n"):  # a GET: its headers alone
                    piece = conn.recv(65536)
                    if not piece:
                        break
                    request += piece
                conn.sendall(answer)
            closed.release()

    threading.Thread(target=serve, daemon=True).start()
    transport = RequestsTransport()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    try:
        with Client(api_key="k", base_url=url, max_retries=0, transport=transport) as client:
            for _ in range(3):
                assert client.models.list().data == []
                assert closed.acquire(timeout=30)  # the server closed the connection
    finally:
        transport.close()
        listener.close()
    assert len(accepted) == 3 and transport._pools is not None and transport._pools.opened == 3


def test_headers_sent_a_byte_at_a_time_end_at_the_time_limit() -> None:
    # Each byte comes well within the read timeout; the headers as a whole must come within
    # `total`, which http.client alone does not bound.
    from openai_core import APITimeoutError, Client, Timeout
    from transports import RequestsTransport

    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            for byte in b"X-Slow: " + b"a" * 10_000:
                if stop.wait(0.05):
                    return
                conn.sendall(bytes([byte]))

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    transport = RequestsTransport()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    client = Client(api_key="k", base_url=url, max_retries=0, transport=transport, timeout=Timeout(total=1.0, read=5.0))
    started = time.monotonic()
    try:
        with client, pytest.raises(APITimeoutError):
            client.models.list()
    finally:
        stop.set()
        transport.close()
        listener.close()
        thread.join(10)
    assert 0.9 <= time.monotonic() - started < 30  # a byte every 50 ms would go on for 8 minutes
    assert transport._pools is not None and transport._pools.out == 0
