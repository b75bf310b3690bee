"""Tests for the error hierarchy and ``make_status_error`` (``openai_core._errors``)."""

from __future__ import annotations

import json

import pytest

from openai_core._errors import (
    APIConnectionError,
    APIDecodeError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    OpenAIError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    as_connection_error,
    make_status_error,
)


def api_body(**error: object) -> bytes:
    return json.dumps({"error": error}).encode()


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
    ],
)
def test_status_maps_to_class(status: int, cls: type[APIStatusError]) -> None:
    err = make_status_error(status, {}, api_body(message="boom"), "req_1")
    assert type(err) is cls
    assert isinstance(err, APIStatusError)
    assert isinstance(err, APIError)
    assert isinstance(err, OpenAIError)
    assert err.status_code == status


def test_unmapped_4xx_is_plain_status_error() -> None:
    err = make_status_error(418, {}, api_body(message="teapot"), None)
    assert type(err) is APIStatusError
    assert err.status_code == 418


def test_error_carries_all_fields() -> None:
    body = api_body(message="Invalid 'model'", type="invalid_request_error", code="model_not_found", param="model")
    headers = {"content-type": "application/json", "x-request-id": "req_abc"}
    err = make_status_error(404, headers, body, "req_abc")
    assert err.message == "Invalid 'model'"
    assert err.type == "invalid_request_error"
    assert err.code == "model_not_found"
    assert err.param == "model"
    assert err.request_id == "req_abc"
    assert err.body == json.loads(body)["error"] and err.response.content == body
    assert err.headers == headers
    assert err.error["message"] == "Invalid 'model'"


def test_missing_error_fields_are_none() -> None:
    err = make_status_error(400, {}, api_body(message="bad"), None)
    assert err.type is None
    assert err.code is None
    assert err.param is None
    assert err.request_id is None


def test_non_string_code_becomes_string() -> None:
    err = make_status_error(400, {}, api_body(message="bad", code=123), None)
    assert err.code == "123"


def test_error_as_plain_string() -> None:
    err = make_status_error(400, {}, json.dumps({"error": "just text"}).encode(), None)
    assert err.message == "just text"


def test_502_html_page() -> None:
    body = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    err = make_status_error(502, {"content-type": "text/html"}, body, None)
    assert type(err) is InternalServerError
    assert "HTML" in err.message
    assert "502 Bad Gateway" in err.message
    assert "JSON" not in err.message
    assert "Expecting value" not in err.message
    assert err.body == body.decode() and err.response.content == body
    assert err.type is None


def test_html_detected_without_content_type() -> None:
    err = make_status_error(503, {}, b"  \n<!DOCTYPE html><p>down</p>", None)
    assert "HTML" in err.message


def test_non_json_text_body() -> None:
    err = make_status_error(500, {"content-type": "text/plain"}, b"upstream connect error", None)
    assert "upstream connect error" in err.message
    assert "HTML" not in err.message


def test_long_body_is_truncated_in_message() -> None:
    err = make_status_error(500, {}, b"x" * 10_000, None)
    assert len(err.message) < 400
    assert err.body == "x" * 10_000 and err.response.content == b"x" * 10_000


def test_empty_body() -> None:
    err = make_status_error(500, {}, b"", "req_9")
    assert type(err) is InternalServerError
    assert "empty" in err.message
    assert "500" in err.message
    assert err.body == "" and err.response.content == b""


def test_invalid_utf8_body_never_raises() -> None:
    err = make_status_error(400, {}, b"\xff\xfe\x00garbage", None)
    assert type(err) is BadRequestError
    assert err.message


def test_json_that_is_not_an_object() -> None:
    err = make_status_error(400, {}, b"[1, 2, 3]", None)
    assert type(err) is BadRequestError
    assert "[1, 2, 3]" in err.message


def test_deeply_nested_json_body_never_raises() -> None:
    # make_status_error promises to never raise, whatever the body is.
    err = make_status_error(500, {}, b"[" * 100_000, None)
    assert type(err) is InternalServerError


def test_problem_json_prism_422() -> None:
    body = json.dumps(
        {
            "type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
            "title": "Invalid request",
            "status": 422,
            "detail": "Your request is not valid and no HTTP validation response was found in the spec.",
        }
    ).encode()
    err = make_status_error(422, {"content-type": "application/problem+json"}, body, None)
    assert type(err) is UnprocessableEntityError
    assert err.message.startswith("Your request is not valid")
    assert err.type == "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY"


def test_problem_json_title_only() -> None:
    body = json.dumps({"title": "Not Found", "status": 404}).encode()
    err = make_status_error(404, {"content-type": "application/problem+json"}, body, None)
    assert err.message == "Not Found"


def test_str_includes_status_message_and_request_id() -> None:
    err = make_status_error(404, {}, api_body(message="No such model"), "req_123")
    text = str(err)
    assert "404" in text
    assert "No such model" in text
    assert "req_123" in text


def test_str_without_request_id() -> None:
    text = str(make_status_error(500, {}, b"", None))
    assert "500" in text
    assert "request id" not in text
    assert "None" not in text


def test_rate_limits_parsed_from_headers() -> None:
    headers = {
        "x-ratelimit-limit-requests": "60",
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": "1s",
        "x-ratelimit-limit-tokens": "150000",
        "x-ratelimit-remaining-tokens": "149984",
        "x-ratelimit-reset-tokens": "6m0s",
    }
    limits = make_status_error(429, headers, api_body(message="slow"), None).rate_limits
    assert limits.limit_requests == 60
    assert limits.remaining_requests == 0
    assert limits.reset_requests == pytest.approx(1.0)
    assert limits.limit_tokens == 150000
    assert limits.remaining_tokens == 149984
    assert limits.reset_tokens == pytest.approx(360.0)


def test_rate_limits_absent_or_malformed() -> None:
    headers = {"x-ratelimit-limit-requests": "lots", "x-ratelimit-reset-tokens": "20ms"}
    limits = make_status_error(429, headers, b"", None).rate_limits
    assert limits.limit_requests is None
    assert limits.remaining_requests is None
    assert limits.reset_tokens == pytest.approx(0.02)


def test_as_connection_error_passthrough() -> None:
    original = APITimeoutError()
    assert as_connection_error(original) is original
    plain = APIConnectionError("x")
    assert as_connection_error(plain) is plain


def test_as_connection_error_timeout() -> None:
    err = as_connection_error(TimeoutError("read timed out"))
    assert type(err) is APITimeoutError
    assert isinstance(err, APIConnectionError)
    assert "read timed out" in err.message


def test_as_connection_error_oserror() -> None:
    err = as_connection_error(ConnectionResetError("peer reset"))
    assert type(err) is APIConnectionError
    assert "peer reset" in str(err)


def test_connection_error_defaults() -> None:
    assert APIConnectionError().message == "Connection error."
    assert APITimeoutError().message == "Request timed out."


def test_decode_error_quotes_first_bytes() -> None:
    body = b"<html>oops</html>" + b"z" * 1000
    err = APIDecodeError("Expected JSON", status_code=200, body=body, request_id="req_d")
    assert err.message.startswith("Expected JSON")
    assert "HTTP 200" in err.message
    assert "<html>oops</html>" in err.message
    assert "z" * 300 not in err.message  # only the head is quoted
    assert err.status_code == 200
    assert err.body == body
    assert err.request_id == "req_d"


def test_decode_error_empty_and_binary_body() -> None:
    assert "''" in APIDecodeError("Empty", status_code=200, body=b"").message
    err = APIDecodeError("Bad UTF-8", status_code=200, body=b"\xff\xfeab")
    assert "ab" in err.message


def test_the_status_errors_are_one_class_each_wherever_they_are_named() -> None:
    # They are made when first needed (an error response, or a name asked for), in one module.
    import openai_core
    from openai_core import _errors, _status_errors

    for name in _status_errors.__all__[:-1]:
        cls = getattr(_status_errors, name)
        assert getattr(_errors, name) is cls is getattr(openai_core, name)
        assert issubclass(cls, APIStatusError) and name in _errors.__all__
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _errors.Nope  # noqa: B018
