"""Accumulators: fold a stream's events into the object a non-streamed call returns. Pure, no I/O.

An accumulator is fed the decoded JSON of each event (or a typed event) and keeps a plain JSON
snapshot; :attr:`Accumulator.current` parses that snapshot with the shared converter, so the
result is the same typed class a non-streamed call gives (unknown keys kept, as always).

- :class:`ChatCompletionAccumulator`: chat completion chunks -> ``ChatCompletion``
  (content, refusal and tool-call arguments joined per tool-call ``index``, finish reason,
  logprobs, and the usage of the final chunk when ``stream_options.include_usage`` was set).
- :class:`ResponseAccumulator`: Responses API events -> ``Response`` (the one carried by
  ``response.completed``/``response.incomplete`` when it came; otherwise what the deltas built).

An event the accumulator cannot fold (a shape the spec did not foresee) is skipped: folding
never breaks the iteration of a stream.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from ._models import Model, parse
from ._operation import resolve_type

__all__ = [
    "Accumulator",
    "ChatCompletionAccumulator",
    "ResponseAccumulator",
    "accumulator_for",
    "detect_accumulator",
]

_FOLD_ERRORS = (LookupError, TypeError, ValueError, AttributeError)


class Accumulator:
    """Base of the accumulators: feed it events with :meth:`add`, read :attr:`current`."""

    __slots__ = ("_cache",)

    result_type: ClassVar[str] = "typing:Any"

    def __init__(self) -> None:
        self._cache: Any = None

    def add(self, event: Mapping[str, Any] | Model) -> None:
        """Fold one event: its decoded JSON, or the typed event."""
        self._cache = None
        try:
            self._fold(event.to_dict() if isinstance(event, Model) else event)
        except _FOLD_ERRORS:
            return  # an event of a shape the spec did not foresee is skipped: never fatal

    def _fold(self, event: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def data(self) -> dict[str, Any] | None:
        """The JSON snapshot built so far (a fresh copy), or ``None`` before the first event."""
        raise NotImplementedError

    @property
    def current(self) -> Any:
        """The typed object built so far, or ``None`` before the first event."""
        if self._cache is None:
            data = self.data()
            if data is not None:
                self._cache = parse(data, self._result_class())
        return self._cache

    def _result_class(self) -> Any:
        return resolve_type(self.result_type)

    @property
    def usage(self) -> Any:
        """The token usage, once the stream reported it (else ``None``)."""
        current = self.current
        return None if current is None else getattr(current, "usage", None)

    @property
    def text(self) -> str:
        """All the text received so far, joined."""
        raise NotImplementedError

    @staticmethod
    def text_delta(event: Any) -> str | None:
        """The piece of text an event (typed or decoded) carries, if any."""
        raise NotImplementedError


class _Joined(list[str]):
    """Text arriving in pieces, joined once when read: appending to a ``str`` would copy the
    whole text at every delta (quadratic in the length of a long answer)."""

    __slots__ = ()


def _append(target: dict[str, Any], key: str, piece: str) -> None:
    current = target.get(key)
    if isinstance(current, _Joined):
        current.append(piece)
    elif isinstance(current, str):
        target[key] = _Joined((current, piece))
    else:
        target[key] = _Joined((piece,))


def _materialize(value: Any) -> Any:
    """A fresh copy of accumulated JSON data, its text pieces joined."""
    if isinstance(value, _Joined):
        return "".join(value)
    if isinstance(value, dict):
        return {k: _materialize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_materialize(v) for v in value]
    return value


def _text(value: Any) -> str:
    if isinstance(value, _Joined):
        return "".join(value)
    return value if isinstance(value, str) else ""


def _get(obj: Any, key: str) -> Any:
    """``obj.key`` of a typed event, or ``obj[key]`` of a decoded one."""
    if isinstance(obj, Mapping):
        return obj.get(key)
    return getattr(obj, key, None)


# ---- chat completions ----------------------------------------------------------------------------

# String fields that name or identify something: a new value replaces the old one.
_REPLACED = frozenset({"id", "type", "name", "role", "index", "call_id", "expires_at", "object"})
# Keys of a chunk that describe the chunk itself, not the completion.
_CHUNK_ONLY = frozenset({"choices", "object", "usage", "obfuscation"})


def _merge(target: dict[str, Any], delta: Mapping[str, Any]) -> dict[str, Any]:
    """Merge a chat ``delta`` into ``target``: strings are appended (identifiers replaced), objects
    merged, ``tool_calls`` merged by their ``index``, other lists extended."""
    for key, value in delta.items():
        current = target.get(key)
        if value is None:
            target.setdefault(key, None)
        elif isinstance(value, str):
            if key in _REPLACED:
                target[key] = value
            else:
                _append(target, key, value)
        elif isinstance(value, Mapping):
            target[key] = _merge(current if isinstance(current, dict) else {}, value)
        elif isinstance(value, list):
            if key == "tool_calls":
                target[key] = _merge_indexed(current if isinstance(current, list) else [], value)
            elif isinstance(current, list):
                current.extend(value)
            else:
                target[key] = list(value)
        else:
            target[key] = value
    return target


def _merge_indexed(calls: list[Any], deltas: list[Any]) -> list[Any]:
    for delta in deltas:
        if not isinstance(delta, Mapping):
            continue
        index = delta.get("index")
        entry = None
        if index is not None:
            entry = next((c for c in calls if isinstance(c, dict) and c.get("index") == index), None)
        if entry is None:
            entry = {}
            calls.append(entry)
        _merge(entry, delta)
    return calls


def _final_tool_call(call: Any) -> Any:
    if not isinstance(call, dict):
        return call
    out = {k: v for k, v in call.items() if k != "index"}
    if "function" in out:
        out.setdefault("type", "function")
        if isinstance(out["function"], dict):
            out["function"].setdefault("arguments", "")
    return out


class ChatCompletionAccumulator(Accumulator):
    """Builds a ``ChatCompletion`` from ``chat.completion.chunk`` events."""

    __slots__ = ("_choices", "_head", "_settled", "_usage")

    result_type: ClassVar[str] = "openai_core.types.chat:ChatCompletion"

    def __init__(self) -> None:
        super().__init__()
        self._head: dict[str, Any] = {}
        self._settled: frozenset[str] = frozenset()  # keys whose value is known: skipped
        self._choices: dict[int, dict[str, Any]] = {}
        self._usage: Any = None

    def _fold(self, chunk: Mapping[str, Any]) -> None:
        if not chunk.keys() <= self._settled:
            head = self._head
            for key, value in chunk.items():
                # The first value of each key wins (they repeat on every chunk); null waits for more.
                if head.get(key) is None and key not in _CHUNK_ONLY and (value is not None or key not in head):
                    head[key] = value
            self._settled = _CHUNK_ONLY.union(k for k, v in head.items() if v is not None)
        usage = chunk.get("usage")
        if usage is not None:
            self._usage = usage
        for choice in chunk.get("choices") or ():
            index = choice.get("index", 0)
            state = self._choices.get(index)
            if state is None:
                state = {"index": index, "message": {}, "finish_reason": None, "logprobs": None}
                self._choices[index] = state
            for key, value in choice.items():
                if key == "delta":
                    if isinstance(value, Mapping):
                        _merge(state["message"], value)
                elif key == "logprobs":
                    if isinstance(value, Mapping):
                        state["logprobs"] = _merge(state["logprobs"] or {}, value)
                elif key != "index" and value is not None:
                    state[key] = value

    def data(self) -> dict[str, Any] | None:
        if not self._head and not self._choices:
            return None
        out: dict[str, Any] = _materialize(self._head)
        out["object"] = "chat.completion"
        choices = []
        for _, state in sorted(self._choices.items()):
            choice = _materialize(state)
            message = choice["message"]
            message["role"] = message.get("role") or "assistant"
            message.setdefault("content", None)
            message.setdefault("refusal", None)
            if isinstance(message.get("tool_calls"), list):
                message["tool_calls"] = [_final_tool_call(c) for c in message["tool_calls"]]
            choices.append(choice)
        out["choices"] = choices
        if self._usage is not None:
            out["usage"] = _materialize(self._usage)
        return out

    @property
    def text(self) -> str:
        """The content of choice 0 so far."""
        state = self._choices.get(0)
        return _text(state["message"].get("content")) if state else ""

    @staticmethod
    def text_delta(event: Any) -> str | None:
        """``choices[0].delta.content`` of a typed chunk (the choice whose ``index`` is 0)."""
        choices = _get(event, "choices")
        for choice in choices if isinstance(choices, list) else ():
            if _get(choice, "index") in (0, None):
                content = _get(_get(choice, "delta"), "content")
                return content if isinstance(content, str) else None
        return None


# ---- Responses API -------------------------------------------------------------------------------

_SNAPSHOT_EVENTS = frozenset({"response.created", "response.in_progress", "response.queued"})
_FINAL_EVENTS = frozenset({"response.completed", "response.incomplete", "response.failed"})

# "<prefix>.delta" / "<prefix>.done" events: (where the text lives, the field).
# where: "item" (the output item), "content" (item.content[content_index]),
# "summary" (item.summary[summary_index]).
_TEXT_EVENTS: dict[str, tuple[str, str]] = {
    "response.output_text": ("content", "text"),
    "response.refusal": ("content", "refusal"),
    "response.reasoning_text": ("content", "text"),
    "response.reasoning_summary_text": ("summary", "text"),
    "response.function_call_arguments": ("item", "arguments"),
    "response.mcp_call_arguments": ("item", "arguments"),
    "response.custom_tool_call_input": ("item", "input"),
    "response.code_interpreter_call_code": ("item", "code"),
}

# Events that add or replace a part: (list key in the item, index key in the event, part key).
_PART_EVENTS: dict[str, tuple[str, str, str]] = {
    "response.content_part.added": ("content", "content_index", "part"),
    "response.content_part.done": ("content", "content_index", "part"),
    "response.reasoning_summary_part.added": ("summary", "summary_index", "part"),
    "response.reasoning_summary_part.done": ("summary", "summary_index", "part"),
}


def _slot(items: list[Any], index: Any) -> dict[str, Any]:
    """``items[index]`` as a dict, growing the list with empty placeholders if needed."""
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise LookupError(index)
    while len(items) <= index:
        items.append({})
    if not isinstance(items[index], dict):
        items[index] = {}
    found: dict[str, Any] = items[index]
    return found


def _put(items: list[Any], index: Any, value: Any) -> None:
    _slot(items, index)
    items[index] = _materialize(value)


def _list(owner: dict[str, Any], key: str) -> list[Any]:
    value = owner.get(key)
    if not isinstance(value, list):
        value = owner[key] = []
    return value


class ResponseAccumulator(Accumulator):
    """Builds a ``Response`` from Responses API stream events."""

    __slots__ = ("_done", "_response", "_type")

    result_type: ClassVar[str] = "openai_core.types.responses:Response"

    def __init__(self, result_type: str | None = None) -> None:
        super().__init__()
        self._type = result_type or type(self).result_type
        self._response: dict[str, Any] | None = None
        self._done = False

    def _result_class(self) -> Any:
        return resolve_type(self._type)

    def _output(self) -> list[Any]:
        if self._response is None:
            self._response = {"object": "response", "output": []}
        return _list(self._response, "output")

    def _fold(self, event: Mapping[str, Any]) -> None:
        kind = event.get("type")
        if not isinstance(kind, str) or self._done:
            return
        response = event.get("response")
        if isinstance(response, Mapping):
            if kind in _FINAL_EVENTS:
                # The server's own final object: it wins over what the deltas built.
                self._done = True
                self._response = dict(response)
            elif kind in _SNAPSHOT_EVENTS:
                kept = self._response.get("output") if self._response else None
                self._response = dict(response)  # only its output is changed later: copied
                given = response.get("output")
                self._response["output"] = kept if kept and not given else _materialize(given or [])
            return
        if kind in ("response.output_item.added", "response.output_item.done"):
            _put(self._output(), event["output_index"], event["item"])
            return
        part = _PART_EVENTS.get(kind)
        if part is not None:
            list_key, index_key, part_key = part
            item = _slot(self._output(), event["output_index"])
            _put(_list(item, list_key), event[index_key], event[part_key])
            return
        if kind == "response.output_text.annotation.added":
            item = _slot(self._output(), event["output_index"])
            target = _slot(_list(item, "content"), event["content_index"])
            _put(_list(target, "annotations"), event["annotation_index"], event["annotation"])
            return
        prefix, _, suffix = kind.rpartition(".")
        where = _TEXT_EVENTS.get(prefix)
        if where is None or suffix not in ("delta", "done"):
            return
        place, field = where
        item = _slot(self._output(), event["output_index"])
        if place == "content":
            item = _slot(_list(item, "content"), event["content_index"])
        elif place == "summary":
            item = _slot(_list(item, "summary"), event["summary_index"])
        if suffix == "done":
            if isinstance(event.get(field), str):
                item[field] = event[field]
            return
        delta = event["delta"]
        if isinstance(delta, str):
            _append(item, field, delta)
        logprobs = event.get("logprobs")
        if kind == "response.output_text.delta" and isinstance(logprobs, list) and logprobs:
            _list(item, "logprobs").extend(_materialize(logprobs))

    def data(self) -> dict[str, Any] | None:
        if self._response is None:
            return None
        out: dict[str, Any] = _materialize(self._response)
        if out.get("output_text") is None:
            out["output_text"] = _output_text(out.get("output"))
        return out

    @property
    def text(self) -> str:
        """The ``output_text`` of every message so far, joined."""
        return _output_text(self._response.get("output") if self._response else None)

    @staticmethod
    def text_delta(event: Any) -> str | None:
        """The ``delta`` of a ``response.output_text.delta`` event."""
        if _get(event, "type") == "response.output_text.delta":
            delta = _get(event, "delta")
            return delta if isinstance(delta, str) else None
        return None


def _output_text(output: Any) -> str:
    texts: list[str] = []
    for item in output if isinstance(output, list) else ():
        if not isinstance(item, dict) or item.get("type", "message") != "message":
            continue
        for part in item.get("content") or ():
            if isinstance(part, dict) and part.get("type") == "output_text":
                texts.append(_text(part.get("text")))
    return "".join(texts)


# ---- choosing the accumulator of a stream --------------------------------------------------------


def _beta_response_accumulator() -> Accumulator:
    return ResponseAccumulator("openai_core.types.beta:BetaResponse")


_BY_EVENT_TYPE: dict[str, Callable[[], Accumulator]] = {
    "openai_core.types.chat:ChatCompletionChunk": ChatCompletionAccumulator,
    "openai_core.types.responses:ResponseStreamEvent": ResponseAccumulator,
    "openai_core.types.beta:BetaResponseStreamEvent": _beta_response_accumulator,
}


def accumulator_for(event_type: str | None) -> Accumulator | None:
    """A fresh accumulator for the streams whose events are ``event_type`` (an operation's
    ``event`` reference), or ``None`` when there is none for that kind of stream."""
    factory = _BY_EVENT_TYPE.get(event_type or "")
    return None if factory is None else factory()


def detect_accumulator(event: Mapping[str, Any]) -> Accumulator | None:
    """An accumulator chosen by the shape of a stream's first event, or ``None``."""
    if event.get("object") == "chat.completion.chunk":
        return ChatCompletionAccumulator()
    kind = event.get("type")
    if isinstance(kind, str) and kind.startswith("response.") and "sequence_number" in event:
        return ResponseAccumulator()
    return None
