"""The request descriptor and the pure functions that build it."""

from __future__ import annotations

import io
import json
import mimetypes
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from . import _record
from ._config import HEADER_CONTROL, check_headers, has_control
from ._errors import InvalidHeaderError, OpenAIError
from ._fill import filler
from ._json import dumps_plain
from ._models import to_json_value
from ._operation import Operation
from ._types import NOT_GIVEN, NotGiven, Timeout, TimeoutInput

__all__ = [
    "FileSlice",
    "MultipartBody",
    "Request",
    "RequestOptions",
    "build_request",
    "encode_multipart",
    "request_options",
]

_INLINE = 1024 * 1024  # a multipart body up to this size (and with no file on disk) is plain bytes
_READ = 1024 * 1024


@_record.frozen
class FileSlice:
    """The first ``size`` bytes of the file at ``path``, read only when the body is sent."""

    path: str
    size: int

    def chunks(self) -> Iterator[bytes]:
        """The bytes, in pieces of at most 1 MiB; a file that shrank since is an error."""
        left = self.size
        with open(self.path, "rb") as fh:
            while left > 0:
                piece = fh.read(min(left, _READ))
                if not piece:
                    raise OpenAIError(f"the file {os.path.basename(self.path)!r} shrank while it was being sent")
                left -= len(piece)
                yield piece


class MultipartBody:
    """A ``multipart/form-data`` body sent as a sequence of byte strings and files on disk,
    without ever being joined in memory. It is sized (``len``) and can be iterated again
    (a retry reads the files again); ``bytes(body)`` joins it."""

    __slots__ = ("_size", "segments")

    def __init__(self, segments: Sequence[bytes | FileSlice]) -> None:
        self.segments = tuple(segments)
        self._size = sum(len(s) if isinstance(s, bytes) else s.size for s in self.segments)

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[bytes]:
        for segment in self.segments:
            if isinstance(segment, bytes):
                yield segment
            else:
                yield from segment.chunks()

    def __bytes__(self) -> bytes:
        return b"".join(self)

    def __repr__(self) -> str:
        return f"<MultipartBody {self._size} bytes>"


class _Parts:
    """Collects the segments of a multipart body: bytes, and files left on disk."""

    def __init__(self) -> None:
        self.segments: list[bytes | FileSlice] = []

    def write(self, segment: bytes | FileSlice) -> None:
        self.segments.append(segment)

    def body(self) -> bytes | MultipartBody:
        body = MultipartBody(self.segments)
        if len(body) <= _INLINE and all(isinstance(s, bytes) for s in self.segments):
            return bytes(body)
        return body


@_record.frozen(kw_only=True)
class Request:
    """Everything a transport needs to send one HTTP request.

    ``url`` is complete (query string included); ``body`` is the encoded payload or ``None``
    (a large or file-backed multipart payload is a :class:`MultipartBody`, to be streamed);
    with ``stream`` set the transport hands back the body as an iterator of byte chunks.
    """

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes | MultipartBody | None = None
    stream: bool = False
    timeout: Timeout = _record.field(factory=Timeout)

    def __repr__(self) -> str:
        size = "no body" if self.body is None else f"{len(self.body)} bytes"
        return f"<Request {self.method} {self.url} ({size}{', stream' if self.stream else ''})>"


_make_request = filler(Request)


@_record.frozen(kw_only=True)
class RequestOptions:
    """Per-request settings layered over the client's: extra headers, query and body fields,
    a path override, a timeout, a retry count, whether binary bodies are streamed, and the
    type to parse answers into (``dict`` for the raw JSON)."""

    headers: Mapping[str, str] | None = None
    query: Mapping[str, Any] | None = None
    body: Mapping[str, Any] | None = None
    path: str | None = None
    timeout: Timeout | None = None
    max_retries: int | None = None
    stream_binary: bool | None = None
    cast_to: Any = None

    def merge(self, other: RequestOptions | None) -> RequestOptions:
        """These options with ``other``'s set values taking precedence."""
        if other is None:
            return self
        return RequestOptions(
            headers=_merged(self.headers, other.headers),
            query=_merged(self.query, other.query),
            body=_merged(self.body, other.body),
            path=other.path if other.path is not None else self.path,
            timeout=other.timeout if other.timeout is not None else self.timeout,
            max_retries=other.max_retries if other.max_retries is not None else self.max_retries,
            stream_binary=other.stream_binary if other.stream_binary is not None else self.stream_binary,
            cast_to=other.cast_to if other.cast_to is not None else self.cast_to,
        )


def _merged(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    if not a:
        return b
    if not b:
        return a
    return {**a, **b}


def request_options(
    extra_headers: Mapping[str, str] | None = None,
    extra_query: Mapping[str, Any] | None = None,
    extra_body: Mapping[str, Any] | None = None,
    timeout: TimeoutInput | NotGiven = NOT_GIVEN,
    max_retries: int | NotGiven = NOT_GIVEN,
    *,
    path: str | None = None,
    cast_to: Any = None,
) -> RequestOptions | None:
    """Bundle a method's per-request keyword options; ``None`` when none was given."""
    no_timeout = isinstance(timeout, NotGiven)
    no_retries = isinstance(max_retries, NotGiven)
    nothing = extra_headers is None and extra_query is None and extra_body is None and path is None and cast_to is None
    if nothing and no_timeout and no_retries:
        return None
    if not no_retries and (isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0):
        raise TypeError(f"max_retries must be a non-negative int, not {max_retries!r}")
    return RequestOptions(
        headers=extra_headers,
        query=extra_query,
        body=extra_body,
        path=path,
        timeout=None if isinstance(timeout, NotGiven) else Timeout.coerce(timeout),
        max_retries=None if isinstance(max_retries, NotGiven) else max_retries,
        cast_to=cast_to,
    )


# ---- query strings ---------------------------------------------------------------------------


def _query_value(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def encode_query(query: Mapping[str, Any]) -> str:
    """``a=1&b=true&tags=x&tags=y``: lists repeat their key, ``NOT_GIVEN`` and ``None`` are left out.

    A dict value becomes ``key[sub]=...`` entries (as ``metadata`` filters need).
    """
    pairs: list[tuple[str, str]] = []
    for key, value in query.items():
        if value is None or isinstance(value, NotGiven):
            continue
        if isinstance(value, (list, tuple)):
            pairs.extend((key, _query_value(v)) for v in value)
        elif isinstance(value, Mapping):
            pairs.extend((f"{key}[{k}]", _query_value(v)) for k, v in value.items())
        else:
            pairs.append((key, _query_value(value)))
    return urlencode(pairs)


# ---- multipart -------------------------------------------------------------------------------


def _is_file(value: Any) -> bool:
    if isinstance(value, (bytes, bytearray, memoryview, os.PathLike, io.IOBase)):
        return True
    if hasattr(value, "read"):
        return True
    return isinstance(value, tuple) and len(value) in (2, 3) and isinstance(value[0], str) and _is_file(value[1])


def _read_file(field: str, value: Any) -> tuple[str, bytes | FileSlice, str]:
    """Return (filename, content, content type) for one upload argument."""
    filename: str | None = None
    ctype: str | None = None
    if isinstance(value, tuple):
        filename = value[0]
        ctype = value[2] if len(value) == 3 else None
        value = value[1]
    content: bytes | FileSlice
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        try:
            with open(path, "rb") as fh:
                content = FileSlice(path, os.fstat(fh.fileno()).st_size)
        except OSError as exc:
            raise OpenAIError(f"cannot read the file for `{field}`: {exc}") from None
        filename = filename or os.path.basename(path)
    elif isinstance(value, bytes):
        content = value
    elif isinstance(value, (bytearray, memoryview)):
        content = bytes(value)
    else:
        data = value.read()
        content = data.encode() if isinstance(data, str) else bytes(data)
        name = getattr(value, "name", None)
        if not filename and isinstance(name, str):
            filename = os.path.basename(name)
    filename = filename or field
    if ctype is None:
        ctype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return filename, content, ctype


def _form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return json.dumps(to_json_value(value), separators=(",", ":"))


def _part_header(what: str, value: Any) -> str:
    """``value``, which goes into a part's headers, if it cannot inject another header."""
    if not isinstance(value, str):
        raise TypeError(f"multipart {what} must be a str, not {type(value).__name__}")
    if has_control(value, HEADER_CONTROL):
        raise InvalidHeaderError(f"multipart {what} contains a line break or a control character: {value!r}")
    return value


def _form_fields(name: str, value: Any) -> Iterator[tuple[str, Any]]:
    """The parts of one form field, as the SDK sends them: a mapping as ``name[key]`` parts, a
    list as repeated ``name[]`` parts (nested likewise), ``None`` as no part. A list of files
    repeats the plain name, which the spec's schema (an array named ``name``) validates."""
    if value is None:
        return
    if _is_file(value):
        yield name, value
    elif _is_file_list(value):
        for item in value:
            yield name, item
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _form_fields(f"{name}[{key}]", item)
    elif _is_many(value):
        each = name if name.endswith("[]") else f"{name}[]"
        for item in value:
            yield from _form_fields(each, item)
    else:
        yield name, value


def encode_multipart(
    fields: Mapping[str, Any], boundary: str | None = None, part_types: Mapping[str, str] | None = None
) -> tuple[bytes | MultipartBody, str]:
    """Encode form fields and files as ``multipart/form-data``; return (body, content type).

    Lists and mappings are spread over several parts (see :func:`_form_fields`), except a field
    that ``part_types`` gives a content type (the spec's multipart ``encoding``): that one is a
    single part of that type, JSON for ``application/json``. Files given by path stay on disk,
    and large contents are not copied: such a body is a :class:`MultipartBody`, streamed by the
    transport.
    """
    if not boundary:
        import uuid  # only multipart bodies need it

        boundary = uuid.uuid4().hex
    types = part_types or {}
    out = _Parts()
    for field, value in fields.items():
        typed = types.get(field)
        parts = [(field, value)] if typed is not None and not _is_file(value) else _form_fields(field, value)
        for name, item in parts:
            quoted = _part_header("field name", name).replace('"', "%22")
            out.write(f"--{boundary}\r\n".encode())
            if _is_file(item):
                filename, content, ctype = _read_file(name, item)
                _part_header(f"content type of `{name}`", ctype)
                safe = filename.replace('"', "%22").replace("\r", "").replace("\n", "")
                out.write(f'Content-Disposition: form-data; name="{quoted}"; filename="{safe}"\r\n'.encode())
                out.write(f"Content-Type: {ctype}\r\n\r\n".encode())
                out.write(content)
            elif typed is not None:
                out.write(f'Content-Disposition: form-data; name="{quoted}"\r\n'.encode())
                out.write(f"Content-Type: {_part_header(f'content type of `{name}`', typed)}\r\n\r\n".encode())
                raw = isinstance(item, str) and typed != "application/json"
                out.write((item if raw else json.dumps(to_json_value(item), separators=(",", ":"))).encode())
            else:
                out.write(f'Content-Disposition: form-data; name="{quoted}"\r\n\r\n'.encode())
                out.write(_form_value(item).encode())
            out.write(b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.body(), f"multipart/form-data; boundary={boundary}"


# ---- the descriptor ------------------------------------------------------------------------


# Made once: json.dumps() builds a new encoder on every call that passes options.
_encode_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


class _NotPlain(Exception):
    """A value that needs converting before it is JSON (a model, ``NOT_GIVEN``, a mapping)."""


def _refuse(value: object) -> None:
    raise _NotPlain


_encode_plain = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=_refuse).encode


def _json_body(fields: dict[str, Any]) -> bytes:
    """``fields`` as JSON: plain dicts, lists and primitives are encoded as they are (by orjson
    when it can), without the converted copy that models, mappings or ``NOT_GIVEN`` entries need."""
    plain = dumps_plain(fields)
    if plain is not None:
        return plain
    try:
        return _encode_plain(fields).encode()
    except _NotPlain:
        return _encode_json(to_json_value(fields)).encode()


def _clean(mapping: Mapping[str, Any] | None) -> dict[str, Any]:
    if not mapping:
        return {}
    return {k: v for k, v in mapping.items() if v is not NOT_GIVEN}  # a singleton: identity is enough


def path_segment(where: str, name: str, value: Any) -> str:
    """``value`` percent-encoded as one path segment; ``""``, ``.`` and ``..`` are refused, since
    they would change the route (``DELETE /v1/vector_stores/../files/x`` is ``DELETE /v1/files/x``)."""
    if not isinstance(value, str):
        raise TypeError(f"{where}: `{name}` must be a str, not {type(value).__name__}")
    if not value:
        raise ValueError(f"{where}: Expected a non-empty value for `{name}` but received ''")
    if value in (".", ".."):
        raise ValueError(f"{where}: `{name}` may not be {value!r}: it would change the route")
    return quote(value, safe="")


def expand_path(op: Operation, path_params: Sequence[Any], template: str | None = None) -> str:
    """Fill the operation's path template with its parameters, each one a single path segment."""
    path = template or op.path
    if len(path_params) != len(op.path_params):
        raise TypeError(f"{op.call}() takes {len(op.path_params)} path argument(s), got {len(path_params)}")
    if path_params:
        for name, value in zip(op.path_params, path_params, strict=True):
            path = path.replace("{" + name + "}", path_segment(f"{op.call}()", name, value))
    return path


def build_request(
    *,
    base_url: str,
    headers: Mapping[str, str],
    default_query: Mapping[str, Any] | None,
    op: Operation,
    path_params: Sequence[Any],
    query: Mapping[str, Any] | None,
    body: Mapping[str, Any] | None,
    options: RequestOptions,
    timeout: Timeout,
    stream: bool,
    rewrite_path: Callable[[str, Mapping[str, Any] | None], str] | None = None,
) -> Request:
    """Build the :class:`Request` for one call of ``op``. Pure: no I/O but reading upload files.

    ``rewrite_path(path, body)``, when the configuration has one, may move the path (Azure
    puts deployment-scoped operations under ``/deployments/<name>``)."""
    path = expand_path(op, path_params, options.path)
    if rewrite_path is not None:
        path = rewrite_path(path, body)
    params = _clean(default_query)
    if query:
        params.update(_clean(query))
    if options.query:
        params.update(options.query)
    url = base_url + path
    if params:
        url += ("&" if "?" in path else "?") + encode_query(params)

    fields = _tool_definitions(op, _clean(body))
    if options.body:
        fields.update(options.body)
    payload: bytes | MultipartBody | None = None
    content_type: str | None = None
    # A JSON body is always sent, `{}` at least, as the SDK does; an empty form (or a body that
    # may be either, as `skills.create`'s) only when required.
    if op.body != "none" and (fields or op.body_required or op.body == "json"):
        multipart = op.body == "multipart" or (
            op.body == "json_or_multipart" and any(_is_file(v) or _is_file_list(v) for v in fields.values())
        )
        if multipart:
            payload, content_type = encode_multipart(fields, part_types=dict(op.part_types))
        else:
            payload = _json_body(fields)
            content_type = "application/json"
    elif fields:
        raise TypeError(f"{op.call}() sends no body; extra_body cannot be used")

    all_headers = dict(headers)
    all_headers["Accept"] = op.accept
    if content_type:
        all_headers["Content-Type"] = content_type
    if options.headers:
        check_headers(options.headers)
        all_headers.update(options.headers)
        given: Mapping[str, object] = options.headers
        for name in [k for k, v in given.items() if v is NOT_GIVEN]:  # `omit`: leave a default out
            del all_headers[name]
    return _make_request(op.method, url, all_headers, payload, stream, timeout)


# The operations whose ``tools`` take FunctionTool objects (``function_tool()``,
# ``pydantic_function_tool()``), and the method that gives each one's definition there.
_TOOL_DEFINITIONS = {"createChatCompletion": "for_chat", "createResponse": "for_responses"}


def _tool_definitions(op: Operation, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with its FunctionTool objects turned into the tool definitions ``op`` takes."""
    method = _TOOL_DEFINITIONS.get(op.id)
    tools = fields.get("tools")
    if method is None or not isinstance(tools, (list, tuple)):
        return fields
    return {**fields, "tools": [getattr(t, method)() if hasattr(t, method) else t for t in tools]}


def _is_many(value: Any) -> bool:
    """A list or tuple of values, as opposed to one ``(filename, content)`` upload."""
    return isinstance(value, (list, tuple)) and not _is_file(value)


def _is_file_list(value: Any) -> bool:
    return _is_many(value) and bool(value) and all(_is_file(v) for v in value)
