"""Everyday mistakes a user makes with openai-core; mypy --strict and pyright strict must refuse
every line that ends in ``# E: <what is wrong>``, and only those lines."""

from __future__ import annotations

import attrs

import openai_core
import openai_core.types
import openai_core.types.chat.chat_completion
from openai_core import AsyncClient, Client
from openai_core.types import EmbeddingCreateParams, EmbeddingModel
from openai_core.types.chat import ChatCompletionMessageParam, ChatCompletionToolParam
from openai_core.types.responses import ResponseInputParam


@attrs.define
class Answer:
    value: int


@attrs.define
class Rerank:
    score: float


msgs: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Hi"}]


def results(client: Client) -> None:
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=msgs)
    print(reply.choises)  # E: result attribute typo
    message = reply.choices[0].message
    print(message.contnet)  # E: message attribute typo
    print(reply.choices[0].finish_reasn)  # E: choice attribute typo
    print(reply.usage.total_tokens)  # E: usage may be None
    if reply.usage is not None:
        print(reply.usage.total_token)  # E: usage attribute typo after narrowing
    print(message.tool_calls[0].function.name)  # E: tool_calls may be None
    request_id: str = reply._request_id  # E: _request_id is str | None
    print(request_id)
    vector = client.embeddings.create(model="text-embedding-3-small", input="Hi").data[0]
    print(vector.embeding)  # E: embedding attribute typo


def requests(client: Client) -> None:
    chat = client.chat.completions
    chat.create(model="gpt-4o-mini", messages=[{"role": "usr", "content": "Hi"}])  # E: wrong role
    chat.create(model="gpt-4o-mini", messages=[{"role": "user", "contnet": "Hi"}])  # E: message key typo
    chat.create(model="gpt-4o-mini")  # E: messages missing
    chat.create(model="gpt-4o-mini", messages=msgs, reasoning_effort="hgih")  # E: reasoning_effort typo
    chat.create(model="gpt-4o-mini", messages=msgs, temperature="0.2")  # E: temperature is a number
    chat.create(model="gpt-4o-mini", messages=msgs, tools=[{"type": "function", "function": {"nmae": "f"}}])  # E: key
    chat.create(model="gpt-4o-mini", messages=msgs, tools=[{"type": "fucntion", "function": {"name": "f"}}])  # E: type
    chat.create(model="gpt-4o-mini", messages=msgs, response_format={"type": "json"})  # E: response_format type
    chat.create(
        model="gpt-4o-mini",
        messages=msgs,
        response_format={"type": "json_schema", "json_schema": {"nmae": "a"}},  # E: json_schema key typo
    )
    chat.create(model="gpt-4o-mini", messages=msgs, stream_options={"include_usage": "yes"})  # E: bool option
    tool: ChatCompletionToolParam = {"type": "function", "function": {"name": "f", "strict": "yes"}}  # E: strict
    print(tool)
    typed: ChatCompletionMessageParam = {"role": "user", "content": "Hi", "nmae": "bob"}  # E: name typo
    print(typed)
    plain = [{"role": "user", "content": "Hi"}]
    chat.create(model="gpt-4o-mini", messages=plain)  # E: list[dict[str, str]] is not a message list
    items: ResponseInputParam = [{"role": "user", "contnet": "Hi"}]  # E: input item key typo
    client.responses.create(model="gpt-4o-mini", input=[{"role": "developr", "content": "Hi"}])  # E: role
    client.responses.create(model="gpt-4o-mini", input=items, reasoning={"effort": "hgih"})  # E: effort typo
    client.responses.create(model="gpt-4o-mini", input="Hi", truncation="none")  # E: truncation literal
    client.audio.speech.create(model="tts-1", input="Hi", voice="alloy", stream_format="mp3")  # E: stream_format
    client.images.generate(prompt="a cat", output_format="jpg")  # E: output_format literal
    client.embeddings.create(model="text-embedding-3-small", input="Hi", dimensions="256")  # E: dimensions int
    client.files.list(order="up")  # E: order literal


def streams(client: Client) -> None:
    for chunk in client.chat.completions.create(model="gpt-4o-mini", messages=msgs, stream=True):
        print(chunk.choices[0].delta.contnet)  # E: delta attribute typo
    stream = client.chat.completions.create(model="gpt-4o-mini", messages=msgs, stream=True)
    print(stream.choices)  # E: a stream is not a completion
    for event in client.responses.create(model="gpt-4o-mini", input="Hi", stream=True):
        print(event.delta)  # E: delta before narrowing
        if event.type == "response.output_text.delta":
            print(event.deltaa)  # E: delta typo after narrowing


def pages(client: Client) -> None:
    for model in client.models.list():
        print(model.owned_byy)  # E: page item attribute typo
    page = client.files.list()
    print(page.data[0].filname)  # E: page data attribute typo


def views(client: Client, payload: bytes, headers: dict[str, str]) -> None:
    mine = client.chat.completions.with_options(cast_to=dict).create(model="gpt-4o-mini", messages=msgs)
    print(mine.choices)  # E: cast_to=dict gives a dict
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=msgs)
    print(raw.parse().choises)  # E: parsed raw result typo
    print(raw.status)  # E: raw response attribute typo
    with client.files.with_options(stream_binary=True).content("file-1") as body:
        body.write_to_fil("out.jsonl")  # E: binary body method typo
    result = client.request("POST", "/rerank", body={}, cast_to=Rerank)
    print(result.scor)  # E: cast_to result typo
    event = client.webhooks.unwrap(payload, headers)
    print(event.dat)  # E: webhook event attribute typo
    client.chat.completions.with_raw_response.craete(model="gpt-4o-mini", messages=msgs)  # E: raw method typo
    client.chat.completions.with_raw_response.create(model="gpt-4o-mini", mesages=msgs)  # E: raw keyword typo
    with client.chat.completions.with_streaming_response.create(model="gpt-4o-mini", messages=msgs) as response:
        print(response.parse().choises)  # E: streamed response result typo
    reply = client.with_options(cast_to=Rerank).chat.completions.create(model="gpt-4o-mini", messages=msgs)
    print(reply.choices)  # E: client-level cast_to gives a Rerank


def helpers(client: Client) -> None:
    answer = client.chat.completions.parse(model="gpt-4o-mini", messages=msgs, response_format=Answer)
    print(answer.choices[0].message.parsed.value)  # E: parsed may be None
    client.chat.completions.parse(model="gpt-4o-mini", messages=msgs, respons_format=Answer)  # E: keyword typo
    client.vector_stores.files.upload_and_poll(vector_store_id="vs", file=b"x", atributes={})  # E: keyword typo
    client.vector_stores.file_batches.create_and_poll("vs", file_id=["file-1"])  # E: keyword typo
    client.beta.threads.runs.create_and_poll(thread_id="t", assistant_id="a", poll_interval_ms="1")  # E: int


def settings() -> None:
    Client(api_kye="sk-test")  # E: constructor keyword typo
    Client(api_key="sk-test", timeout="30")  # E: timeout is a number or Timeout
    Client(api_key="sk-test", max_retries="3")  # E: max_retries is an int
    client = Client(api_key="sk-test")
    client.with_options(timout=5.0)  # E: with_options keyword typo
    try:
        client.models.retrieve("gpt-4o-mini")
    except openai_core.RateLimitError as err:
        print(err.status)  # E: error attribute typo
    except openai_core.APIStatusErorr:  # E: error class typo
        pass
    print(openai_core.types.Embeding)  # E: type name typo
    print(openai_core.types.chat.ChatCompletionMesage)  # E: type name typo in a submodule
    print(openai_core.types.chat.chat_completion.ChatCompletoin)  # E: type name typo in an SDK module path


def request_dicts(client: Client) -> None:
    embed: EmbeddingCreateParams = {"model": "text-embedding-3-small", "inputs": "Hi"}  # E: request params key typo
    client.embeddings.create(**embed)
    model: EmbeddingModel = "text-embeding-3-small"  # E: model alias value typo
    print(model)


async def run(client: AsyncClient) -> None:
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=msgs)
    print(reply.choices)  # E: missing await
    stream = await client.chat.completions.create(model="gpt-4o-mini", messages=msgs, stream=True)
    for _ in stream:  # E: an async stream needs async for
        break
    async for model in client.models.list():
        print(model.idd)  # E: page item attribute typo
    done = await client.responses.create(model="gpt-4o-mini", input="Hi")
    print(done.output_txt)  # E: response attribute typo
    raw = await client.models.with_raw_response.retrieve("gpt-4o-mini")
    print(await raw.parse())  # E: a raw response's parse() is not awaited
    page = await client.models.with_raw_response.list()
    print(page.parse().data[0].idd)  # E: first page item attribute typo
    with client.models.with_streaming_response.list():  # E: an async streamed response needs async with
        pass
    body = await client.files.with_options(stream_binary=True).content("file-1")
    data: bytes = body.read()  # E: an async streamed binary body's read() is awaited
    print(data)
    speech = await client.audio.speech.with_options(stream_binary=True).create(input="Hi", model="tts-1", voice="alloy")
    with speech:  # E: an async streamed binary body needs async with
        pass


def through_views(client: Client) -> None:
    raw = client.chat.completions.with_raw_response
    raw.parse(model="gpt-4o-mini", messages=msgs, respons_format=Answer)  # E: parse keyword typo on a raw view
    parsed = raw.parse(model="gpt-4o-mini", messages=msgs, response_format=Answer).parse()
    print(parsed.choices[0].message.parsed.value)  # E: parsed may be None, through a raw view too
    streamed = client.responses.with_streaming_response
    with streamed.parse(model="gpt-4o-mini", input="Hi", text_fromat=Answer):  # E: parse keyword typo, streamed
        pass
    with client.with_options(stream_binary=True).files.content("file-1") as body:
        print(list(body.iter_lines()))  # E: a streamed binary body has iter_bytes, not iter_lines
    client.with_raw_response.chat.completions.craete(model="gpt-4o-mini", messages=msgs)  # E: client-level raw typo
    client.with_raw_response.models.retreive("gpt-4o-mini")  # E: misspelt method on with_raw_response
    client.with_raw_response.modles.list()  # E: misspelt resource on with_raw_response
    with client.files.with_streaming_response.content("file-1") as download:
        download.parse().write_to_file("out.jsonl")  # E: a streamed binary response parses to bytes


def from_the_sdk(client: Client) -> None:
    for event in client.responses.create(model="gpt-4o-mini", input="Hi", stream=True):
        print(event.response.id)  # E: only some events carry the response: narrow on event.type first
    for chunk in client.chat.completions.create(model="gpt-4o-mini", messages=msgs, stream=True):
        print(chunk.choices[0].message)  # E: a chunk has delta, not message
    client.responses.create(model="gpt-4o-mini", input=[{"role": "function", "content": "42"}])  # E: input role
    chat = client.chat.completions
    chat.create(
        model="gpt-4o-mini",
        messages=msgs,
        tools=[{"type": "function", "function": {"name": "f", "params": {}}}],  # E: the key is parameters
    )
    chat.create(model="gpt-4o-mini", messages=msgs, tool_choice="requried")  # E: tool_choice typo
    chat.create(model="gpt-4o-mini", messages=msgs, tool_choice={"type": "function", "name": "f"})  # E: responses shape
    chat.create(model="gpt-4o-mini", messages=msgs, response_format={"type": "json_schema", "schema": {}})  # E: nesting
    chat.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": [{"type": "input_text", "text": "Hi"}]}],  # E: Responses' part type
    )
    client.responses.create(
        model="gpt-4o-mini",
        input="Hi",
        text={"format": {"type": "json_schema", "json_schema": {"name": "a", "schema": {}}}},  # E: chat's shape
    )
    client.responses.create(
        model="gpt-4o-mini",
        input="Hi",
        tools=[{"type": "function", "function": {"name": "f"}}],  # E: a chat-shaped tool in responses.create
    )
    client.responses.create(model="gpt-4o-mini", input="Hi", max_tokens=100)  # E: max_output_tokens
    client.responses.create(model="gpt-4o-mini", input="Hi", reasoning_effort="low")  # E: reasoning={"effort": ...}
    client.files.create(file=b"{}", purpose="fine-tunes")  # E: the purpose is "fine-tune"
    client.chat.completions.with_options(max_retires=3)  # E: resource-level with_options keyword typo
    client.with_options(max_retries="3")  # E: max_retries is an int
    client.models.list(timeout="x")  # E: timeout is a number or a Timeout
    client.audio.transcriptions.create(model="whisper-1", file=b"x", response_format="txt")  # E: format literal


async def async_from_the_sdk(client: AsyncClient) -> None:
    async for _ in client.chat.completions.create(model="gpt-4o-mini", messages=msgs, stream=True):  # E: await
        break
    with await client.with_options(stream_binary=True).files.content("file-1"):  # E: needs async with
        pass
    async with client.with_streaming_response.models.list() as listed:
        print(listed.parse().data)  # E: an async streamed response's parse() is awaited
