"""``repr``, ``==`` and hashing of the generated types, which the Model base implements
(attrs is told not to compile them per class), on results of both clients."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from openai_core._models import Model, parse
from tests.conftest import Api

USER = [{"role": "user", "content": "hi"}]


async def _reply(api: Api) -> Any:
    return await api.run(api.client.chat.completions.create(model="gpt-4o-mini", messages=USER))


async def test_results_repr_every_field_in_order(api: Api) -> None:
    reply = await _reply(api)
    choice = reply.choices[0]
    assert repr(reply).startswith(f"ChatCompletion(id={reply.id!r}, choices=[{type(choice).__name__}(")
    assert repr(reply).endswith(f"usage={reply.usage!r}, moderation=None)")
    assert f"message={choice.message!r}" in repr(choice)


async def test_results_compare_by_value_and_are_unhashable(api: Api) -> None:
    reply = await _reply(api)
    again = parse(reply.to_dict(), type(reply))
    assert again is not reply and again == reply
    again.choices[0].message.content = "changed"
    assert again != reply and again.choices[0] != reply.choices[0]
    assert reply.choices[0].message != reply.choices[0]  # another class: never equal
    assert reply != reply.to_dict()
    with pytest.raises(TypeError):
        hash(reply)


async def test_a_result_that_contains_itself_reprs_with_an_ellipsis(api: Api) -> None:
    reply = await _reply(api)
    reply.choices.append(reply)
    text = repr(reply)
    assert text.count("ChatCompletion(") == 1 and ", ...]" in text
    reply.choices.pop()
    assert "..." not in repr(reply)  # the guard is released after each repr


async def test_repr_of_one_object_in_two_threads_at_once(api: Api) -> None:
    reply = await _reply(api)
    entered, release = threading.Event(), threading.Event()
    calls: list[str] = []
    seen: list[str] = []

    class Slow(Model):
        __slots__ = ()

        def __repr__(self) -> str:
            calls.append(threading.current_thread().name)
            if len(calls) == 1:  # the first repr waits inside the object, holding its guard
                entered.set()
                release.wait(30)
            return "slow"

    reply.choices.append(Slow())
    worker = threading.Thread(target=lambda: seen.append(repr(reply)))
    worker.start()
    try:
        assert entered.wait(30)
        text = repr(reply)  # meanwhile, in this thread: the whole object, not a cycle
    finally:
        release.set()
        worker.join(30)
    assert text.startswith("ChatCompletion(id=") and "slow]" in text and "..." not in text
    assert seen == [text]
