"""Checks both HTTP transports apply: headers that can be sent, certificate failures named,
and the cap on a response body's decompressed size."""

from __future__ import annotations

import ssl
from collections.abc import Mapping

from openai_core import ClientClosedError, InvalidHeaderError, Request, TLSCertificateError
from openai_core._config import HEADER_CONTROL, has_control, is_token

__all__ = ["MAX_BODY_SIZE", "admit", "body_limit", "certificate_error", "check_headers"]

MAX_BODY_SIZE = 256 * 1024 * 1024
"""The default cap on one response body, counted after decompression."""


def body_limit(limit: int, stream: bool, headers: Mapping[str, str]) -> float:
    """The cap for one body: whole bodies always; streams when they are compressed (a stream
    read as it comes grows memory only by what decompression multiplies, and a large plain
    download, such as a file's content, must go through)."""
    if stream and headers.get("content-encoding", "identity").strip().lower() in ("", "identity"):
        return float("inf")
    return limit


_names: set[str] = set()  # names already found valid (a few dozen in practice)


def check_headers(headers: Mapping[str, str]) -> None:
    """Raise :class:`~openai_core.InvalidHeaderError` for a header no HTTP library may send;
    the message names the header, never its value (it may be a key)."""
    for name, value in headers.items():
        if name not in _names:
            if not is_token(name):
                raise InvalidHeaderError(
                    "a request header has an invalid name (only HTTP token characters are allowed)"
                )
            if len(_names) < 1024:
                _names.add(name)
        if type(value) is str and value.isascii() and value.isprintable() and value[:1] != " ":
            continue
        _check_value(name, value)


def admit(request: Request, closed: bool) -> None:
    """Refuse ``request`` before anything is sent: on a closed transport, or with a bad header."""
    if closed:
        raise ClientClosedError("the transport is closed")
    check_headers(request.headers)


def _check_value(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise InvalidHeaderError(f"header {name!r}: the value must be a str, not {type(value).__name__}")
    if value.startswith((" ", "\t")) or has_control(value, HEADER_CONTROL):
        raise InvalidHeaderError(
            f"header {name!r}: the value has a control character (such as a newline) or leading whitespace"
        )
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise InvalidHeaderError(f"header {name!r}: the value has a character outside Latin-1") from None


def certificate_error(exc: BaseException) -> TLSCertificateError | None:
    """The typed error for a failed certificate verification somewhere in ``exc``'s chain."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        problem = getattr(item, "verify_message", None)
        if isinstance(item, ssl.SSLCertVerificationError) and problem:
            return TLSCertificateError(f"TLS certificate verification failed: {problem}")
        todo.extend((item.__cause__, item.__context__, getattr(item, "reason", None), *item.args))
        todo.append(getattr(item, "certificate_error", None))
    return None
