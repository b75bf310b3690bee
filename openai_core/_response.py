"""Reading responses: JSON decoding with typed errors, rate-limit headers, binary bodies."""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from . import _record
from ._errors import APIDecodeError
from ._fill import filler
from ._json import loads
from ._models import Model, parse
from ._operation import Operation, resolve_type

if TYPE_CHECKING:
    from ._transport import AsyncRawResponse, RawResponse

__all__ = ["HttpxBinaryResponseContent", "RateLimits", "ResponseInfo", "decode_json", "parse_result", "response_info"]

_DURATION = r"(\d+(?:\.\d+)?)(ms|h|m|s)"  # compiled by re on first use
_UNIT = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def parse_duration(text: str | None) -> float | None:
    """``"6m0s"`` -> 360.0, ``"20ms"`` -> 0.02, ``"1.5"`` -> 1.5; ``None`` if unreadable."""
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    parts = re.findall(_DURATION, text)
    if not parts or "".join(n + u for n, u in parts) != text.strip():
        return None
    return sum(float(n) * _UNIT[u] for n, u in parts)


def _int(text: str | None) -> int | None:
    try:
        return None if text is None else int(text)
    except ValueError:
        return None


@_record.frozen(kw_only=True)
class RateLimits:
    """The ``x-ratelimit-*`` headers: limits, what remains, and seconds until each resets."""

    limit_requests: int | None = None
    remaining_requests: int | None = None
    reset_requests: float | None = None
    limit_tokens: int | None = None
    remaining_tokens: int | None = None
    reset_tokens: float | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimits:
        """Parse the rate-limit headers; absent or malformed ones are ``None``."""
        get = headers.get
        return cls(
            limit_requests=_int(get("x-ratelimit-limit-requests")),
            remaining_requests=_int(get("x-ratelimit-remaining-requests")),
            reset_requests=parse_duration(get("x-ratelimit-reset-requests")),
            limit_tokens=_int(get("x-ratelimit-limit-tokens")),
            remaining_tokens=_int(get("x-ratelimit-remaining-tokens")),
            reset_tokens=parse_duration(get("x-ratelimit-reset-tokens")),
        )


@_record.frozen(kw_only=True)
class ResponseInfo:
    """Where a result came from: HTTP status, headers, request id and rate limits."""

    status_code: int
    headers: Mapping[str, str] = _record.field(repr=False)
    request_id: str | None = None

    @property
    def rate_limits(self) -> RateLimits:
        """The parsed ``x-ratelimit-*`` headers."""
        return RateLimits.from_headers(self.headers)


_make_info = filler(ResponseInfo)


def response_info(raw: RawResponse | AsyncRawResponse) -> ResponseInfo:
    """The :class:`ResponseInfo` of a transport's answer."""
    return _make_info(raw.status, raw.headers, raw.headers.get("x-request-id"))


class LineSplitter:
    """Pure: split decoded text into lines (LF, CR or CRLF), without the line ends."""

    __slots__ = ("pending",)

    def __init__(self) -> None:
        self.pending = ""

    def feed(self, text: str) -> list[str]:
        text = self.pending + text
        lines = text.splitlines(keepends=True)
        # A line is complete once its end is seen; a trailing CR may still be followed by LF.
        self.pending = lines.pop() if lines and (not lines[-1].endswith(("\n", "\r")) or text.endswith("\r")) else ""
        return [line.rstrip("\r\n") for line in lines]

    def flush(self) -> list[str]:
        rest, self.pending = self.pending, ""
        return [rest.rstrip("\r\n")] if rest else []


def decode_texts(chunks: Iterable[bytes]) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    for chunk in chunks:
        text = decoder.decode(chunk)
        if text:
            yield text
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


def split_lines(texts: Iterable[str]) -> Iterator[str]:
    splitter = LineSplitter()
    for text in texts:
        yield from splitter.feed(text)
    yield from splitter.flush()


class HttpxBinaryResponseContent:
    """A binary body (audio, file content, an archive) read whole, with its response details
    (the official SDK's name and methods; the ``a``-prefixed ones serve code written for its
    async client)."""

    __slots__ = ("content", "response")

    def __init__(self, content: bytes, response: ResponseInfo) -> None:
        self.content = content
        self.response = response

    def read(self) -> bytes:
        """The whole body."""
        return self.content

    async def aread(self) -> bytes:
        """The whole body."""
        return self.content

    @property
    def charset_encoding(self) -> str | None:
        """The ``charset`` of the ``Content-Type`` header, if it names one."""
        for param in self.response.headers.get("content-type", "").split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return None

    @property
    def encoding(self) -> str:
        """The text encoding: the header's ``charset``, else UTF-8."""
        return self.charset_encoding or "utf-8"

    @property
    def text(self) -> str:
        """The body decoded as text (see :attr:`encoding`)."""
        return self.content.decode(self.encoding, "replace")

    def json(self, **kwargs: Any) -> Any:
        """The body decoded as JSON (``kwargs`` go to :func:`json.loads`)."""
        return json.loads(self.content, **kwargs)

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks of ``chunk_size`` bytes (``None``: in one piece)."""
        view = memoryview(self.content)
        step = chunk_size or len(view) or 1
        for start in range(0, len(view), step):
            yield bytes(view[start : start + step])

    iter_raw = iter_bytes

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        """The body decoded as UTF-8, piece by piece."""
        return decode_texts(self.iter_bytes(chunk_size))

    def iter_lines(self) -> Iterator[str]:
        """The body's lines, without their line ends."""
        return split_lines(self.iter_text())

    async def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """:meth:`iter_bytes`, as an async iterator."""
        for chunk in self.iter_bytes(chunk_size):
            yield chunk

    aiter_raw = aiter_bytes

    async def aiter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        """:meth:`iter_text`, as an async iterator."""
        for text in self.iter_text(chunk_size):
            yield text

    async def aiter_lines(self) -> AsyncIterator[str]:
        """:meth:`iter_lines`, as an async iterator."""
        for line in self.iter_lines():
            yield line

    @property
    def _request_id(self) -> str | None:
        return self.response.request_id

    def write_to_file(self, file: str | os.PathLike[str]) -> None:
        """Write the body to ``file``."""
        with open(file, "wb") as fh:
            fh.write(self.content)

    def stream_to_file(self, file: str | os.PathLike[str], *, chunk_size: int | None = None) -> None:
        """Write the body to ``file`` (``chunk_size`` bytes at a time)."""
        with open(file, "wb") as fh:
            for chunk in self.iter_bytes(chunk_size):
                fh.write(chunk)

    async def astream_to_file(self, file: str | os.PathLike[str], *, chunk_size: int | None = None) -> None:
        """:meth:`stream_to_file`, for code written for the async SDK."""
        self.stream_to_file(file, chunk_size=chunk_size)

    def close(self) -> None:
        """Nothing to release: the body was read whole."""

    async def aclose(self) -> None:
        """Nothing to release: the body was read whole."""

    def __enter__(self) -> HttpxBinaryResponseContent:
        """``with``, as on the body of ``with_options(stream_binary=True)``."""
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __bytes__(self) -> bytes:
        return self.content

    def __len__(self) -> int:
        return len(self.content)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HttpxBinaryResponseContent):
            return self.content == other.content
        if isinstance(other, (bytes, bytearray, memoryview)):
            return self.content == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<HttpxBinaryResponseContent {len(self.content)} bytes>"


def decode_json(status: int, body: bytes, request_id: str | None) -> Any:
    """The decoded JSON ``body``; a typed :class:`APIDecodeError` quoting it when it is not JSON."""
    if not body or body.isspace():
        raise APIDecodeError(
            "Expected a JSON body, got an empty one", status_code=status, body=body, request_id=request_id
        )
    try:
        return loads(body)
    except UnicodeDecodeError:
        raise APIDecodeError(
            "The body is not valid UTF-8", status_code=status, body=body, request_id=request_id
        ) from None
    except ValueError as exc:
        raise APIDecodeError(
            f"The body is not valid JSON ({exc})", status_code=status, body=body, request_id=request_id
        ) from None


_RAW = (dict, Any, object)


def parse_as(data: Any, tp: Any, status: int, request_id: str | None) -> Any:
    """``data`` structured into ``tp``: as it is for ``dict``/``Any``; leniently for the API's own
    types; and for a caller's class, with a typed error when it does not fit."""
    if tp in _RAW:
        return data
    try:
        return parse(data, tp)
    except Exception as exc:  # noqa: BLE001 - cattrs raises several kinds; all mean "does not fit"
        name = getattr(tp, "__name__", repr(tp))
        raise APIDecodeError(
            f"The answer does not fit {name} ({type(exc).__name__}: {exc})",
            status_code=status,
            body=json.dumps(data).encode()[:200],
            request_id=request_id,
        ) from None


_TEXT_FORMATS = frozenset({"text", "srt", "vtt"})
_TEXT_CAPABLE = frozenset({"createTranscription", "createTranslation"})


def text_answer(op: Operation, body: Mapping[str, Any] | None) -> bool:
    """Whether the call asked for plain text (a transcript as ``text``, ``srt`` or ``vtt``)."""
    return op.id in _TEXT_CAPABLE and body is not None and body.get("response_format") in _TEXT_FORMATS


def parse_result(
    op: Operation,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    transform: Callable[[Any], Any] | None = None,
    cast_to: Any = None,
) -> Any:
    """The typed result of a successful (2xx) non-streaming response; ``transform`` adjusts
    the decoded JSON first; ``cast_to`` replaces the operation's own result type (``str``: the
    body as text, ``bytes``: the body as it is)."""
    info = _make_info(status, headers, headers.get("x-request-id"))
    if op.response_kind == "empty":
        return None
    if cast_to is bytes:
        return body
    if cast_to is str:
        return body.decode("utf-8", "replace")
    if op.response_kind == "binary":
        return HttpxBinaryResponseContent(body, info)
    if op.response is None and cast_to is None:
        return None
    # Parsed whatever its Content-Type says (compatible servers mislabel JSON as text/plain);
    # a body that is not JSON is a typed error, never a str in place of the result.
    data = decode_json(status, body, info.request_id)
    if transform is not None:
        data = transform(data)
    tp = cast_to if cast_to is not None else resolve_type(op.response or "typing:Any")
    result = parse_as(data, tp, status, info.request_id)
    if isinstance(result, Model):
        object.__setattr__(result, "__response__", info)
    return result
