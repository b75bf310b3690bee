"""Tests for the incremental SSE decoder (``openai_core._sse``)."""

from __future__ import annotations

import itertools

import pytest

from openai_core._sse import ServerSentEvent, SSEDecoder

try:
    from hypothesis import given, settings, strategies as st
except ImportError:  # pragma: no cover - hypothesis is installed in the dev venv
    given = None


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    """Feed ``chunks`` in order, then flush."""
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    for chunk in chunks:
        events.extend(decoder.feed(chunk))
    last = decoder.flush()
    if last is not None:
        events.append(last)
    return events


SAMPLE = (
    b": keep-alive comment\r\n"
    b"event: response.created\r\n"
    b"id: 1\r\n"
    b'data: {"a": 1}\r\n'
    b"\r\n"
    b"data: line one\n"
    b"data: line two\n"
    b"\n"
    b"event: delta\r"
    b"retry: 1500\r"
    b"data: caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\r"
    b"\r"
    b"data:nospace\n"
    b"\n"
    b"data: [DONE]\n\n"
)

SAMPLE_EVENTS = [  # the last event id and the retry time carry over to the events after them
    ServerSentEvent(data='{"a": 1}', event="response.created", id="1"),
    ServerSentEvent(data="line one\nline two", id="1"),
    ServerSentEvent(data="caf\u00e9 \u20ac \U0001f600", event="delta", id="1", retry=1500),
    ServerSentEvent(data="nospace", id="1", retry=1500),
    ServerSentEvent(data="[DONE]", id="1", retry=1500),
]


def test_sample_decoded_in_one_chunk() -> None:
    assert decode(SAMPLE) == SAMPLE_EVENTS


@pytest.mark.parametrize("eol", [b"\n", b"\r", b"\r\n"])
def test_each_line_ending(eol: bytes) -> None:
    stream = eol.join([b"event: e", b"data: x", b"data: y", b"", b"data: z", b"", b""])
    assert decode(stream) == [ServerSentEvent(data="x\ny", event="e"), ServerSentEvent(data="z")]


def test_crlf_split_across_chunks_is_one_line_end() -> None:
    # If the LF after a chunk-final CR were taken as a second line end, the blank line would
    # dispatch "a" alone and "b" would be a second event.
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\r") == []
    assert decoder.feed(b"\ndata: b\r\n\r\n") == [ServerSentEvent(data="a\nb")]
    assert decoder.flush() is None


def test_crlf_split_with_empty_chunk_between() -> None:
    # Transports may yield empty chunks; they must not make the decoder forget a pending CR.
    decoder = SSEDecoder()
    events = decoder.feed(b"data: a\r")
    events += decoder.feed(b"")
    events += decoder.feed(b"\ndata: b\r\n\r\n")
    assert events == [ServerSentEvent(data="a\nb")]


def test_byte_at_a_time_matches_whole() -> None:
    chunks = [SAMPLE[i : i + 1] for i in range(len(SAMPLE))]
    assert decode(*chunks) == SAMPLE_EVENTS


def test_every_two_way_split_matches_whole() -> None:
    for cut in range(len(SAMPLE) + 1):
        assert decode(SAMPLE[:cut], SAMPLE[cut:]) == SAMPLE_EVENTS, cut


def test_every_three_way_split_on_crlf_region() -> None:
    stream = b"data: a\r\n\r\ndata: b\r\rdata: c\n\r\n"
    expected = [ServerSentEvent(data="a"), ServerSentEvent(data="b"), ServerSentEvent(data="c")]
    for i in range(len(stream) + 1):
        for j in range(i, len(stream) + 1):
            assert decode(stream[:i], stream[i:j], stream[j:]) == expected, (i, j)


def test_events_are_returned_by_the_feed_that_completes_them() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: 1\n\ndata: 2\n\nda") == [ServerSentEvent(data="1"), ServerSentEvent(data="2")]
    assert decoder.feed(b"ta: 3\n") == []
    assert decoder.feed(b"\n") == [ServerSentEvent(data="3")]


def test_multiline_data_joined_with_newline() -> None:
    assert decode(b"data: a\ndata: b\ndata: c\n\n") == [ServerSentEvent(data="a\nb\nc")]


def test_comments_are_ignored() -> None:
    events = decode(b": ping\n\n:another\ndata: x\n: mid comment\ndata: y\n\n")
    assert events == [ServerSentEvent(data="x\ny")]


def test_event_id_retry_fields() -> None:
    events = decode(b"event: done\nid: abc-1\nretry: 3000\ndata: payload\n\n")
    assert events == [ServerSentEvent(data="payload", event="done", id="abc-1", retry=3000)]


def test_event_name_resets_between_events_id_and_retry_persist() -> None:
    events = decode(b"event: first\nid: 7\nretry: 10\ndata: 1\n\ndata: 2\n\n")
    assert events[1] == ServerSentEvent(data="2", event=None, id="7", retry=10)


def test_non_numeric_retry_ignored() -> None:
    assert decode(b"retry: 1.5\ndata: x\n\n") == [ServerSentEvent(data="x")]
    assert decode(b"retry: soon\ndata: x\n\n") == [ServerSentEvent(data="x")]


def test_non_ascii_digit_retry_is_ignored_not_raised() -> None:
    # "²" (U+00B2) is str.isdigit() but not a valid int(); a malformed field must not crash.
    assert decode("retry: \u00b2\ndata: x\n\n".encode()) == [ServerSentEvent(data="x")]


def test_field_without_space_after_colon() -> None:
    assert decode(b"event:e\nid:7\ndata:v\n\n") == [ServerSentEvent(data="v", event="e", id="7")]


def test_only_one_leading_space_stripped() -> None:
    assert decode(b"data:  two spaces\n\n") == [ServerSentEvent(data=" two spaces")]


def test_colon_in_value_kept() -> None:
    assert decode(b'data: {"k": "a:b"}\n\n') == [ServerSentEvent(data='{"k": "a:b"}')]


def test_utf8_multibyte_split_across_chunks() -> None:
    payload = "data: \u00e9\u20ac\U0001f600\n\n".encode()
    for cut in range(len(payload) + 1):
        assert decode(payload[:cut], payload[cut:]) == [ServerSentEvent(data="\u00e9\u20ac\U0001f600")], cut


def test_empty_data_lines() -> None:
    # "data" with no colon and "data:" both add an empty line.
    assert decode(b"data\n\n") == [ServerSentEvent(data="")]
    assert decode(b"data:\n\n") == [ServerSentEvent(data="")]
    assert decode(b"data:\ndata:\n\n") == [ServerSentEvent(data="\n")]
    assert decode(b"data: a\ndata:\ndata: b\n\n") == [ServerSentEvent(data="a\n\nb")]


def test_blank_lines_without_data_dispatch_nothing() -> None:
    assert decode(b"\n\n\nevent: only-name\n\n\r\n") == []


def test_flush_returns_unterminated_event() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"event: e\ndata: a\ndata: b") == []
    assert decoder.flush() == ServerSentEvent(data="a\nb", event="e")
    assert decoder.flush() is None


def test_flush_after_last_data_line_end() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: x\n") == []
    assert decoder.flush() == ServerSentEvent(data="x")


def test_flush_with_nothing_pending() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: x\n\n") == [ServerSentEvent(data="x")]
    assert decoder.flush() is None


def test_flush_with_only_a_comment_pending() -> None:
    decoder = SSEDecoder()
    decoder.feed(b": partial comment")
    assert decoder.flush() is None


def test_huge_single_event_in_64k_chunks() -> None:
    size = 16 * 1024 * 1024
    body = (b"0123456789abcdef" * (size // 16))[:size]
    stream = b"event: big\ndata: " + body + b"\n\n"
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    step = 64 * 1024
    for start in range(0, len(stream), step):
        events.extend(decoder.feed(stream[start : start + step]))
    assert decoder.flush() is None
    assert len(events) == 1
    assert events[0].event == "big"
    assert len(events[0].data) == size
    assert events[0].data == body.decode()


def test_many_small_events_in_one_big_chunk() -> None:
    stream = b"".join(b"data: %d\n\n" % i for i in range(20000))
    events = decode(stream)
    assert [e.data for e in events] == [str(i) for i in range(20000)]


if given is not None:
    _text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"), max_size=20)
    _event = st.tuples(
        st.lists(_text, min_size=1, max_size=4),
        st.one_of(st.none(), _text.filter(lambda s: ":" not in s and not s.startswith(" "))),
        st.one_of(st.none(), _text.filter(lambda s: not s.startswith(" "))),
        st.one_of(st.none(), st.integers(min_value=0, max_value=10**9)),
    )

    @settings(max_examples=150, deadline=None)
    @given(
        events=st.lists(_event, max_size=6),
        eol=st.sampled_from(["\n", "\r", "\r\n"]),
        cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=8),
    )
    def test_property_random_events_random_splits(
        events: list[tuple[list[str], str | None, str | None, int | None]],
        eol: str,
        cuts: list[int],
    ) -> None:
        text = ""
        expected = []
        last_id: str | None = None
        last_retry: int | None = None
        for data_lines, name, ident, retry in events:
            if name is not None:
                text += f"event: {name}{eol}"
            if ident is not None:
                text += f"id: {ident}{eol}"
            if retry is not None:
                text += f"retry: {retry}{eol}"
            text += "".join(f"data: {line}{eol}" for line in data_lines)
            text += eol
            last_id = last_id if ident is None else ident
            last_retry = last_retry if retry is None else retry
            default = name in (None, "", "message")
            expected.append(ServerSentEvent("\n".join(data_lines), None if default else name, last_id, last_retry))
        raw = text.encode()
        points = sorted({c % (len(raw) + 1) for c in cuts})
        bounds = [0, *points, len(raw)]
        chunks = [raw[a:b] for a, b in itertools.pairwise(bounds) if b > a]  # empty chunks: own test
        assert decode(*chunks) == expected
        assert decode(raw) == expected
