"""Background Responses streams re-open themselves after a drop (GET /responses/{id}?stream=true
&starting_after=N), with no duplicate and no gap; other streams never do, and are never re-sent."""

from __future__ import annotations

from typing import Any

import pytest

import openai_core
from openai_core import AsyncRawResponse, RawResponse, Request
from openai_core._streaming import ResumePoint, Resumption
from openai_core.testing import LocalServer
from tests.conftest import Api, close_client, make_client

pytestmark = pytest.mark.timeout(30)

TEXT = "one two three four five six"
# created, in_progress, item added, part added, 7 deltas ("Echo: " + six words), text done,
# part done, item done, completed
ALL = list(range(4 + 7 + 4))
# Drops come this long after the last event sent, as real drops do: aiohttp discards bytes it
# had received but not yet handed out when it sees the connection break.
CUT = 0.05


async def collect(stream: Any) -> list[Any]:
    if hasattr(stream, "__aiter__"):
        return [event async for event in stream]
    return list(stream)


def background(api: Api, **kwargs: Any) -> Any:
    return api.client.responses.create(model="m", input=TEXT, stream=True, background=True, **kwargs)


def calls(server: LocalServer) -> list[tuple[str, str, dict[str, str]]]:
    return [(r.method, r.path, r.query) for r in server.requests]


@pytest.mark.parametrize("cut_after", [1, 4, 8, 14])
async def test_dropped_background_stream_resumes_without_duplicates_or_gaps(
    api: Api, server: LocalServer, cut_after: int
) -> None:
    server.fail_next_stream_cut(after_events=cut_after, delay=CUT)
    stream = await api.run(background(api))
    stream.accumulate()  # build the final object while reading
    events = await collect(stream)
    assert [e.sequence_number for e in events] == ALL
    assert "".join(e.delta for e in events if e.type == "response.output_text.delta") == f"Echo: {TEXT}"
    final = await api.run(stream.final())
    assert final.status == "completed" and final.background is True
    assert final.output_text == f"Echo: {TEXT}"
    rid = events[0].response.id
    assert calls(server) == [
        ("POST", "/v1/responses", {}),
        ("GET", f"/v1/responses/{rid}", {"stream": "true", "starting_after": str(cut_after - 1)}),
    ]
    assert server.requests[1].headers["authorization"] == "Bearer sk-test"


async def test_resumes_again_after_a_second_drop(api: Api, server: LocalServer) -> None:
    server.fail_next_stream_cut(after_events=3, delay=CUT)  # the POST: events 0-2
    server.fail_next_stream_cut(after_events=4, delay=CUT)  # the first GET: events 3-6
    stream = await api.run(background(api))
    stream.accumulate()  # build the final object while reading
    events = await collect(stream)
    assert [e.sequence_number for e in events] == ALL
    rid = events[0].response.id
    assert [(m, q.get("starting_after")) for m, _, q in calls(server)] == [("POST", None), ("GET", "2"), ("GET", "6")]
    assert all(path == f"/v1/responses/{rid}" for m, path, _ in calls(server) if m == "GET")


async def test_text_and_final_across_a_resume(api: Api, server: LocalServer) -> None:
    server.fail_next_stream_cut(after_events=6, delay=CUT)
    stream = await api.run(background(api))
    stream.accumulate()  # build the final object while reading
    pieces = stream.text()
    text = "".join([p async for p in pieces]) if hasattr(pieces, "__aiter__") else "".join(pieces)
    assert text == f"Echo: {TEXT}"
    assert (await api.run(stream.final())).output[0].content[0].text == text


async def test_a_dropped_foreground_stream_raises_and_is_never_resent(api: Api, server: LocalServer) -> None:
    server.fail_next_stream_cut(after_events=5, delay=CUT)
    stream = await api.run(api.client.responses.create(model="m", input=TEXT, stream=True))
    stream.accumulate()  # build the final object while reading
    with pytest.raises(openai_core.StreamTruncatedError):
        await collect(stream)
    assert calls(server) == [("POST", "/v1/responses", {})]
    assert stream.current.output_text == "Echo: "  # what arrived is kept


async def test_a_dropped_chat_stream_is_never_resumed(api: Api, server: LocalServer) -> None:
    server.fail_next_stream_cut(after_events=2, delay=CUT)
    stream = await api.run(
        api.client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}], stream=True)
    )
    stream.accumulate()  # build the final object while reading
    with pytest.raises(openai_core.StreamTruncatedError):
        await collect(stream)
    assert len(server.requests) == 1


async def test_no_resume_with_max_retries_zero(api: Api, server: LocalServer) -> None:
    server.fail_next_stream_cut(after_events=3, delay=CUT)
    stream = await api.run(background(api, max_retries=0))
    stream.accumulate()  # build the final object while reading
    with pytest.raises(openai_core.StreamTruncatedError):
        await collect(stream)
    assert [m for m, _, _ in calls(server)] == ["POST"]


async def test_resume_attempts_without_progress_are_limited(api: Api, server: LocalServer) -> None:
    server.fail_next_stream_cut(after_events=3, delay=CUT)
    server.fail_next_stream_cut(after_events=0, delay=CUT)  # the re-opened streams bring nothing new
    server.fail_next_stream_cut(after_events=0, delay=CUT)
    stream = await api.run(background(api))  # max_retries: 2
    stream.accumulate()  # build the final object while reading
    got: list[int] = []
    with pytest.raises(openai_core.StreamTruncatedError):
        if hasattr(stream, "__aiter__"):
            async for event in stream:
                got.append(event.sequence_number)
        else:
            for event in stream:
                got.append(event.sequence_number)
    assert got == [0, 1, 2]
    assert [(m, q.get("starting_after")) for m, _, q in calls(server)] == [("POST", None), ("GET", "2"), ("GET", "2")]


async def test_retrieve_stream_resumes_too(api: Api, server: LocalServer) -> None:
    created = await api.run(api.client.responses.create(model="m", input=TEXT, background=True))
    assert created.background is True
    server.reset()
    server.fail_next_stream_cut(after_events=3, delay=CUT)
    stream = await api.run(api.client.responses.retrieve(created.id, stream=True, starting_after=4))
    stream.accumulate()  # build the final object while reading
    events = await collect(stream)
    assert [e.sequence_number for e in events] == ALL[5:]
    assert [q for _, _, q in calls(server)] == [
        {"stream": "true", "starting_after": "4"},
        {"stream": "true", "starting_after": "7"},
    ]


class _FailingResume:
    """Passes requests to the real transport, but answers every GET with a 404."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    @staticmethod
    def _not_found(request: Request) -> bool:
        return request.method == "GET"

    body = b'{"error": {"message": "No such response", "type": "invalid_request_error", "code": null}}'


class _SyncFailingResume(_FailingResume):
    def send(self, request: Request) -> RawResponse:
        if self._not_found(request):
            return RawResponse(status=404, headers={"content-type": "application/json"}, content=self.body)
        return self.inner.send(request)  # type: ignore[no-any-return]

    def close(self) -> None:
        self.inner.close()


class _AsyncFailingResume(_FailingResume):
    async def send(self, request: Request) -> AsyncRawResponse:
        if self._not_found(request):
            return AsyncRawResponse(status=404, headers={"content-type": "application/json"}, content=self.body)
        return await self.inner.send(request)  # type: ignore[no-any-return]

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_a_failed_reopen_surfaces_as_truncation_caused_by_the_reopen_error(api: Api, server: LocalServer) -> None:
    from transports import AiohttpTransport, RequestsTransport

    if api.kind == "sync":
        transport: Any = _SyncFailingResume(RequestsTransport())
    else:
        transport = _AsyncFailingResume(AiohttpTransport())
    client = make_client(api.kind, base_url=server.url, transport=transport)
    try:
        server.fail_next_stream_cut(after_events=3, delay=CUT)
        stream = await Api.run(client.responses.create(model="m", input=TEXT, stream=True, background=True))
        stream.accumulate()  # build the final object while reading
        with pytest.raises(openai_core.StreamTruncatedError) as info:
            await collect(stream)
        assert isinstance(info.value.__cause__, openai_core.NotFoundError)
        assert len(server.requests) == 1  # the GET never reached the server; the POST was not re-sent
    finally:
        await close_client(client)
        await Api.run(transport.close() if api.kind == "sync" else transport.aclose())


# ---- the pure decision ---------------------------------------------------------------------------


def test_resumption_skips_what_was_seen_and_knows_where_to_resume() -> None:
    r = Resumption(max_attempts=2)
    assert r.fresh({"type": "response.created", "sequence_number": 0, "response": {"id": "resp_1"}})
    assert r.next_point() is None  # not a background response
    assert r.fresh(
        {"type": "response.in_progress", "sequence_number": 1, "response": {"id": "resp_1", "background": True}}
    )
    assert r.fresh({"type": "x", "sequence_number": 2})
    assert not r.fresh({"type": "x", "sequence_number": 2})
    assert not r.fresh({"type": "x", "sequence_number": 0})
    assert r.fresh({"type": "no number"})
    assert r.next_point() == ResumePoint("resp_1", 2)
    assert r.next_point() == ResumePoint("resp_1", 2)
    assert r.next_point() is None  # two attempts in a row brought nothing
    assert r.fresh({"type": "x", "sequence_number": 3})  # progress: the budget is whole again
    assert r.next_point() == ResumePoint("resp_1", 3)


def test_resumption_needs_an_id_and_a_position() -> None:
    assert Resumption(background=True).next_point() is None
    assert Resumption(background=True, response_id="r").next_point() is None
    assert Resumption(background=True, response_id="r", last_sequence=4).next_point() == ResumePoint("r", 4)
    assert Resumption(background=True, response_id="r", last_sequence=4, max_attempts=0).next_point() is None
