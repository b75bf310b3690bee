"""Tests for query/multipart encoding and ``build_request`` (``openai_core._request``)."""

from __future__ import annotations

import email.parser
import email.policy
import io
import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from openai_core._operation import Operation
from openai_core._request import (
    MultipartBody,
    RequestOptions,
    build_request,
    encode_multipart,
    encode_query,
    request_options,
)
from openai_core._types import NOT_GIVEN, Timeout

BASE = "https://api.example.test/v1"
SECRET = "sk-secret-DO-NOT-LEAK-1234567890"
AUTH = {"Authorization": f"Bearer {SECRET}", "User-Agent": "ua"}

RETRIEVE = Operation(
    id="retrieveThing",
    method="GET",
    path="/things/{thing_id}/parts/{part_id}",
    call="things.parts.retrieve",
    path_params=("thing_id", "part_id"),
)
CREATE = Operation(id="createThing", method="POST", path="/things", call="things.create", body="json")
UPLOAD = Operation(id="uploadFile", method="POST", path="/files", call="files.create", body="multipart")
EDIT = Operation(id="editImage", method="POST", path="/images/edits", call="images.edit", body="json_or_multipart")
REQUIRED = Operation(
    id="cancel",
    method="POST",
    path="/things/{thing_id}/cancel",
    call="things.cancel",
    path_params=("thing_id",),
    body="json",
    body_required=True,
)
BETA = Operation(id="listBeta", method="GET", path="/beta/things?beta=true", call="beta.things.list")
DELETE = Operation(
    id="deleteThing", method="DELETE", path="/things/{thing_id}", call="things.delete", path_params=("thing_id",)
)
SPEECH = Operation(
    id="speech",
    method="POST",
    path="/audio/speech",
    call="audio.speech.create",
    body="json",
    accept="application/octet-stream",
)


def build(
    op: Operation,
    path_params: tuple[Any, ...] = (),
    *,
    query: dict[str, Any] | None = None,
    body: dict[str, Any] | None = None,
    options: RequestOptions | None = None,
    stream: bool = False,
    default_query: dict[str, Any] | None = None,
) -> Any:
    return build_request(
        base_url=BASE,
        headers=AUTH,
        default_query=default_query,
        op=op,
        path_params=path_params,
        query=query,
        body=body,
        options=options or RequestOptions(),
        timeout=Timeout(),
        stream=stream,
    )


def parse_multipart(body: bytes, content_type: str) -> list[tuple[str, str | None, str, bytes]]:
    """(name, filename, content type, payload) of each part."""
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    assert msg.is_multipart()
    out = []
    for part in msg.iter_parts():
        out.append(
            (
                part.get_param("name", header="content-disposition"),
                part.get_filename(),
                part.get_content_type(),
                part.get_payload(decode=True),
            )
        )
    return out


# ---- encode_query ------------------------------------------------------------------------------


def test_query_bools_lowercase() -> None:
    assert encode_query({"a": True, "b": False}) == "a=true&b=false"


def test_query_lists_repeat_key() -> None:
    assert parse_qsl(encode_query({"include": ["x", "y z"], "n": 2})) == [
        ("include", "x"),
        ("include", "y z"),
        ("n", "2"),
    ]


def test_query_none_and_not_given_dropped() -> None:
    assert encode_query({"a": None, "b": NOT_GIVEN, "c": "1"}) == "c=1"
    assert encode_query({}) == ""


def test_query_dict_bracket_keys() -> None:
    pairs = parse_qsl(encode_query({"metadata": {"user": "u1", "vip": True}}))
    assert pairs == [("metadata[user]", "u1"), ("metadata[vip]", "true")]


def test_query_values_escaped() -> None:
    encoded = encode_query({"q": "a&b=c"})
    assert "&b=" not in encoded
    assert parse_qsl(encoded) == [("q", "a&b=c")]


# ---- encode_multipart --------------------------------------------------------------------------


def test_multipart_deterministic_boundary() -> None:
    body1, ctype1 = encode_multipart({"purpose": "batch"}, boundary="XyZ")
    body2, _ = encode_multipart({"purpose": "batch"}, boundary="XyZ")
    assert ctype1 == "multipart/form-data; boundary=XyZ"
    assert body1 == body2
    assert body1.startswith(b"--XyZ\r\n")
    assert body1.endswith(b"--XyZ--\r\n")


def test_multipart_random_boundary_differs() -> None:
    _, c1 = encode_multipart({"a": "1"})
    _, c2 = encode_multipart({"a": "1"})
    assert c1 != c2


def test_multipart_file_from_bytes() -> None:
    body, ctype = encode_multipart({"file": b"\x00\x01binary"}, boundary="b1")
    [(name, filename, part_type, payload)] = parse_multipart(body, ctype)
    assert name == "file"
    assert filename == "file"
    assert part_type == "application/octet-stream"
    assert payload == b"\x00\x01binary"


def test_multipart_file_from_path(tmp_path: Any) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(b'{"a":1}\n{"a":2}\n')
    body, ctype = encode_multipart({"file": path, "purpose": "fine-tune"}, boundary="b2")
    assert isinstance(body, MultipartBody)  # the file stays on disk until the body is sent
    parts = parse_multipart(bytes(body), ctype)
    assert parts[0][0] == "file"
    assert parts[0][1] == "train.jsonl"
    assert parts[0][3] == b'{"a":1}\n{"a":2}\n'
    assert parts[1] == ("purpose", None, "text/plain", b"fine-tune")


def test_multipart_missing_path_raises_openai_error(tmp_path: Any) -> None:
    from openai_core._errors import OpenAIError

    with pytest.raises(OpenAIError, match="file"):
        encode_multipart({"file": tmp_path / "missing.bin"})


def test_multipart_file_from_file_object(tmp_path: Any) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG...")
    with open(path, "rb") as fh:
        body, ctype = encode_multipart({"image": fh}, boundary="b3")
    [(name, filename, part_type, payload)] = parse_multipart(body, ctype)
    assert (name, filename, part_type, payload) == ("image", "photo.png", "image/png", b"\x89PNG...")


def test_multipart_file_from_bytesio() -> None:
    body, ctype = encode_multipart({"file": io.BytesIO(b"abc")}, boundary="b4")
    [(name, filename, _, payload)] = parse_multipart(body, ctype)
    assert (name, filename, payload) == ("file", "file", b"abc")


def test_multipart_tuple_with_explicit_content_type() -> None:
    # The name says nothing about the type: the explicit content type must be used.
    body, ctype = encode_multipart({"file": ("upload.bin", b"hello", "image/png")}, boundary="b5")
    [(name, filename, part_type, payload)] = parse_multipart(body, ctype)
    assert (name, filename, part_type, payload) == ("file", "upload.bin", "image/png", b"hello")


def test_multipart_tuple_with_three_byte_content_and_type() -> None:
    body, _ = encode_multipart({"file": ("a.txt", b"abc", "text/markdown")}, boundary="b6")
    assert b"Content-Type: text/markdown\r\n" in body


def test_multipart_two_tuple_name_and_bytes() -> None:
    body, ctype = encode_multipart({"file": ("notes.txt", b"some text")}, boundary="b7")
    [(_, filename, part_type, payload)] = parse_multipart(body, ctype)
    assert (filename, part_type, payload) == ("notes.txt", "text/plain", b"some text")


def test_multipart_two_tuple_name_and_file_object() -> None:
    body, ctype = encode_multipart({"file": ("speech.mp3", io.BytesIO(b"ID3data"))}, boundary="b8")
    [(_, filename, part_type, payload)] = parse_multipart(body, ctype)
    assert (filename, part_type, payload) == ("speech.mp3", "audio/mpeg", b"ID3data")


def test_multipart_two_tuple_name_and_path(tmp_path: Any) -> None:
    path = tmp_path / "on-disk.dat"
    path.write_bytes(b"disk")
    body, ctype = encode_multipart({"file": ("renamed.json", path)}, boundary="b9")
    [(_, filename, part_type, payload)] = parse_multipart(bytes(body), ctype)
    assert (filename, part_type, payload) == ("renamed.json", "application/json", b"disk")


def test_multipart_list_of_files_repeats_name() -> None:
    body, ctype = encode_multipart({"image[]": [b"one", ("two.png", b"two")]}, boundary="b10")
    parts = parse_multipart(body, ctype)
    assert [p[0] for p in parts] == ["image[]", "image[]"]
    assert [p[3] for p in parts] == [b"one", b"two"]
    assert parts[1][1] == "two.png"


def test_multipart_list_of_plain_values_repeats_name_with_brackets() -> None:
    body, ctype = encode_multipart({"include": ["a", "b"]}, boundary="b11")
    parts = parse_multipart(body, ctype)
    assert [(p[0], p[1], p[3]) for p in parts] == [("include[]", None, b"a"), ("include[]", None, b"b")]


def test_multipart_mappings_and_nesting_as_the_sdk_sends_them() -> None:
    fields = {"expires_after": {"anchor": "created_at", "seconds": 3600}, "m": {"k": [1, None], "gone": None}}
    body, ctype = encode_multipart(fields, boundary="b14")
    parts = [(p[0], p[3]) for p in parse_multipart(body, ctype)]
    assert parts == [("expires_after[anchor]", b"created_at"), ("expires_after[seconds]", b"3600"), ("m[k][]", b"1")]


def test_multipart_typed_parts_are_single_parts_of_that_type() -> None:
    session = {"type": "realtime", "audio": {"output": {"voice": "alloy"}}}
    types = {"sdp": "application/sdp", "session": "application/json"}
    body, ctype = encode_multipart({"sdp": "v=0", "session": session}, boundary="b15", part_types=types)
    parts = parse_multipart(body, ctype)
    assert [(p[0], p[2]) for p in parts] == [("sdp", "application/sdp"), ("session", "application/json")]
    assert parts[0][3] == b"v=0" and json.loads(parts[1][3]) == session


def test_multipart_plain_and_bool_values() -> None:
    fields = {"model": "whisper-1", "temperature": 0.5, "n": 2, "stream": True, "echo": False, "meta": {"k": "v"}}
    body, ctype = encode_multipart(fields, boundary="b12")
    values = {p[0]: p[3] for p in parse_multipart(body, ctype)}
    assert values == {
        "model": b"whisper-1",
        "temperature": b"0.5",
        "n": b"2",
        "stream": b"true",
        "echo": b"false",
        "meta[k]": b"v",
    }


def test_multipart_filename_quotes_and_newlines_sanitised() -> None:
    body, _ = encode_multipart({"file": ('a"b\r\nc.txt', b"x")}, boundary="b13")
    assert b'filename="a%22bc.txt"' in body
    assert b"\r\nc.txt" not in body


# ---- request_options ----------------------------------------------------------------------------


def test_request_options_none_when_nothing_given() -> None:
    assert request_options() is None
    assert request_options(None, None, None) is None


def test_request_options_timeout_coerced() -> None:
    opts = request_options(timeout=30)
    assert opts is not None
    assert opts.timeout == Timeout(total=30.0, connect=5.0, read=30.0, pool=30.0)
    assert request_options(timeout=2.5).timeout == Timeout(total=2.5, connect=2.5, read=2.5, pool=2.5)  # type: ignore[union-attr]
    assert request_options(timeout=None).timeout == Timeout(total=None, connect=None, read=None, pool=None)  # type: ignore[union-attr]
    t = Timeout(total=1, connect=1, read=1)
    assert request_options(timeout=t).timeout is t  # type: ignore[union-attr]


@pytest.mark.parametrize("bad", [0, -1, "10", True])
def test_request_options_bad_timeout(bad: Any) -> None:
    with pytest.raises(TypeError, match="timeout"):
        request_options(timeout=bad)


@pytest.mark.parametrize("bad", [-1, 1.5, "2", True, None])
def test_request_options_bad_max_retries(bad: Any) -> None:
    with pytest.raises(TypeError, match="max_retries"):
        request_options(max_retries=bad)


def test_request_options_fields() -> None:
    opts = request_options({"X-A": "1"}, {"q": 1}, {"b": 2}, max_retries=0, path="/other")
    assert opts == RequestOptions(
        headers={"X-A": "1"}, query={"q": 1}, body={"b": 2}, path="/other", timeout=None, max_retries=0
    )


def test_request_options_merge_prefers_other() -> None:
    a = RequestOptions(headers={"A": "1", "B": "1"}, max_retries=3, path="/a")
    b = RequestOptions(headers={"B": "2"}, timeout=Timeout(total=1))
    merged = a.merge(b)
    assert merged.headers == {"A": "1", "B": "2"}
    assert merged.max_retries == 3
    assert merged.path == "/a"
    assert merged.timeout == Timeout(total=1)
    assert a.merge(None) is a


# ---- build_request ------------------------------------------------------------------------------


def test_path_params_filled_and_quoted() -> None:
    req = build(RETRIEVE, ("thing/1", "part 2?x#y"))
    assert req.method == "GET"
    assert req.url == f"{BASE}/things/thing%2F1/parts/part%202%3Fx%23y"
    assert req.body is None


def test_empty_path_param_value_error_names_param() -> None:
    with pytest.raises(ValueError, match="part_id"):
        build(RETRIEVE, ("t1", ""))


@pytest.mark.parametrize("bad", [None, 5, b"t1"])
def test_wrong_type_path_param_type_error_names_param(bad: Any) -> None:
    with pytest.raises(TypeError, match="thing_id"):
        build(RETRIEVE, (bad, "p"))


def test_wrong_number_of_path_params() -> None:
    with pytest.raises(TypeError, match=r"things\.parts\.retrieve"):
        build(RETRIEVE, ("only-one",))


def test_json_body_not_given_omitted_none_is_null() -> None:
    req = build(CREATE, body={"name": "x", "skip": NOT_GIVEN, "clear": None, "nested": {"a": NOT_GIVEN, "b": 1}})
    assert req.headers["Content-Type"] == "application/json"
    assert json.loads(req.body) == {"name": "x", "clear": None, "nested": {"b": 1}}


def test_json_body_unicode_is_utf8() -> None:
    req = build(CREATE, body={"text": "caf\u00e9 \u20ac"})
    assert json.loads(req.body.decode("utf-8")) == {"text": "caf\u00e9 \u20ac"}


def test_extras_merged() -> None:
    options = RequestOptions(
        headers={"X-Custom": "1", "Accept": "application/x-ndjson"},
        query={"extra_q": "v"},
        body={"extra_field": [1], "name": "override"},
    )
    req = build(CREATE, query={"q": 1}, body={"name": "x"}, options=options, default_query={"api-version": "2024"})
    assert req.headers["X-Custom"] == "1"
    assert req.headers["Accept"] == "application/x-ndjson"  # caller's header wins
    assert req.headers["Authorization"] == f"Bearer {SECRET}"
    assert dict(parse_qsl(urlsplit(req.url).query)) == {"api-version": "2024", "q": "1", "extra_q": "v"}
    assert json.loads(req.body) == {"name": "override", "extra_field": [1]}


def test_query_not_given_dropped_in_url() -> None:
    req = build(CREATE, query={"after": NOT_GIVEN, "limit": 10, "order": None}, body={"a": 1})
    assert req.url == f"{BASE}/things?limit=10"


def test_no_query_no_question_mark() -> None:
    assert build(CREATE, query={"after": NOT_GIVEN}, body={"a": 1}).url == f"{BASE}/things"


def test_options_path_override() -> None:
    options = RequestOptions(path="/v2/things/{thing_id}/parts/{part_id}")
    req = build(RETRIEVE, ("a b", "c"), options=options)
    assert req.url == f"{BASE}/v2/things/a%20b/parts/c"


def test_accept_header_is_the_operations_stream_or_not() -> None:
    assert build(CREATE, body={"a": 1}).headers["Accept"] == "application/json"
    assert build(SPEECH, body={"a": 1}).headers["Accept"] == "application/octet-stream"
    req = build(CREATE, body={"a": 1, "stream": True}, stream=True)
    assert req.headers["Accept"] == "application/json"  # as the SDK sends it; the API streams SSE anyway
    assert req.stream is True


def test_json_or_multipart_json_without_files() -> None:
    req = build(EDIT, body={"prompt": "a cat", "n": 1})
    assert req.headers["Content-Type"] == "application/json"
    assert json.loads(req.body) == {"prompt": "a cat", "n": 1}


def test_json_or_multipart_multipart_with_file() -> None:
    req = build(EDIT, body={"prompt": "a cat", "image": ("cat.png", b"PNGDATA"), "mask": NOT_GIVEN})
    ctype = req.headers["Content-Type"]
    assert ctype.startswith("multipart/form-data; boundary=")
    parts = parse_multipart(req.body, ctype)
    assert [(p[0], p[1]) for p in parts] == [("prompt", None), ("image", "cat.png")]
    assert parts[1][3] == b"PNGDATA"


def test_json_or_multipart_multipart_with_file_list() -> None:
    req = build(EDIT, body={"image": [b"a", b"b"]})
    assert req.headers["Content-Type"].startswith("multipart/form-data")


def test_multipart_operation_always_multipart() -> None:
    req = build(UPLOAD, body={"purpose": "assistants"})
    assert req.headers["Content-Type"].startswith("multipart/form-data")
    assert b'name="purpose"' in req.body


def test_body_required_with_no_fields_sends_empty_object() -> None:
    req = build(REQUIRED, ("t1",), body={"reason": NOT_GIVEN})
    assert req.url == f"{BASE}/things/t1/cancel"
    assert req.body == b"{}"
    assert req.headers["Content-Type"] == "application/json"


def test_optional_json_body_with_no_fields_sends_empty_object() -> None:
    # as the SDK does (`client.conversations.create()` sends `{}`)
    req = build(CREATE, body={"a": NOT_GIVEN})
    assert req.body == b"{}"
    assert req.headers["Content-Type"] == "application/json"


def test_optional_form_or_json_body_with_no_fields_sends_nothing() -> None:
    # `skills.create()` may take a form or JSON; with nothing given no body is chosen for it
    req = build(EDIT, body={"image": NOT_GIVEN})
    assert req.body is None
    assert "Content-Type" not in req.headers


def test_no_body_operation_rejects_extra_body() -> None:
    with pytest.raises(TypeError, match="extra_body"):
        build(DELETE, ("t1",), options=RequestOptions(body={"x": 1}))


def test_query_appended_with_ampersand_after_existing_question_mark() -> None:
    req = build(BETA, query={"limit": 5})
    assert req.url == f"{BASE}/beta/things?beta=true&limit=5"
    assert build(BETA).url == f"{BASE}/beta/things?beta=true"


def test_repr_never_contains_authorization() -> None:
    req = build(CREATE, body={"a": 1}, options=RequestOptions(headers={"X-Api-Key": SECRET}))
    text = repr(req)
    assert SECRET not in text
    assert "Bearer" not in text
    assert "POST" in text
    assert "/things" in text
    assert SECRET not in str(req)


def test_default_headers_not_mutated() -> None:
    before = dict(AUTH)
    build(CREATE, body={"a": 1}, stream=True, options=RequestOptions(headers={"X": "1"}))
    assert before == AUTH


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_clients_send_multipart_as_the_sdk_does(kind: str) -> None:
    from openai_core import AsyncClient, Client
    from transports import AsyncMockTransport, MockResponse, MockTransport

    seen: list[tuple[str, list[tuple[str, str | None, str, bytes]]]] = []

    def handler(request: Any) -> MockResponse:
        seen.append((request.url, parse_multipart(bytes(request.body), request.headers["Content-Type"])))
        if request.url.endswith("/realtime/calls"):
            return MockResponse(status=201, headers={"Content-Type": "application/sdp"}, body=b"v=0 answer")
        return MockResponse.json({"id": "file_1", "object": "file", "bytes": 1, "created_at": 1, "filename": "a.txt"})

    client: Any = (
        Client(api_key="k", transport=MockTransport(handler))
        if kind == "sync"
        else AsyncClient(api_key="k", transport=AsyncMockTransport(handler))
    )
    session = {"type": "realtime", "model": "gpt-realtime"}
    calls = [
        client.realtime.calls.create(sdp="v=0", session=session),
        client.files.create(
            file=("a.txt", b"x"), purpose="batch", expires_after={"anchor": "created_at", "seconds": 60}
        ),
    ]
    for call in calls:
        if kind == "async":
            await call
    (_, call_parts), (_, file_parts) = seen
    assert [(p[0], p[2]) for p in call_parts] == [("sdp", "application/sdp"), ("session", "application/json")]
    assert json.loads(call_parts[1][3]) == session
    assert [p[0] for p in file_parts] == ["file", "purpose", "expires_after[anchor]", "expires_after[seconds]"]
