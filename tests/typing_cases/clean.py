"""What a user writes when nothing is wrong: dict literals, the SDK's ``*Param`` names, results,
streams, pages, raw responses, errors and helpers. Both checkers accept it, and no type it
reveals is ``Any``."""

from __future__ import annotations

import attrs
from typing_extensions import assert_type, reveal_type

import openai_core
from openai_core import (
    APIResponse,
    AsyncClient,
    AsyncStream,
    AsyncStreamedBinaryResponse,
    Client,
    HttpxBinaryResponseContent,
    LegacyAPIResponse,
    ResponseInfo,
    Stream,
    StreamedBinaryResponse,
    UnknownObject,
    function_tool,
)
from openai_core.types import (
    AudioModel,
    ChatModel,
    EmbeddingCreateParams,
    EmbeddingModel,
    EvalCreateResponse,
    FileDeleted,
    ModelDeleted,
    VideoDeleteResponse,
)
from openai_core.types.beta import (
    Assistant,
    AssistantDeleted,
    AssistantStreamEvent,
    AssistantToolChoiceOption,
    AssistantToolChoiceOptionParam,
    CodeInterpreterToolParam,
    FileSearchToolParam as AssistantFileSearchToolParam,
    FunctionToolParam as BetaFunctionToolParam,
    Thread,
    ThreadDeleted,
)
from openai_core.types.beta.realtime import InputAudioBufferAppendEventParam as BetaInputAudioBufferAppendEventParam
from openai_core.types.beta.threads import (
    ImageFileContentBlock,
    Message,
    MessageContent,
    RunCreateParams,
    RunStatus,
    TextContentBlock,
)
from openai_core.types.beta.threads.runs import CodeInterpreterToolCall, ToolCall
from openai_core.types.chat import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionContentPartParam,
    ChatCompletionMessageParam,
    ChatCompletionMessageToolCall,
    ChatCompletionMessageToolCallUnion,
    ChatCompletionMessageToolCallUnionParam,
    ChatCompletionModality,
    ChatCompletionToolParam,
    ChatCompletionToolUnionParam,
    ChatCompletionUserMessageParam,
)
from openai_core.types.chat.chat_completion import Choice
from openai_core.types.chat.chat_completion_chunk import ChoiceDelta
from openai_core.types.chat.chat_completion_message_param import ChatCompletionMessageParam as NestedParam
from openai_core.types.chat.completion_create_params import CompletionCreateParams, CompletionCreateParamsNonStreaming
from openai_core.types.chat.parsed_chat_completion import (
    ParsedChatCompletion,
    ParsedChatCompletionMessage,
    ParsedChoice,
)
from openai_core.types.completion_usage import CompletionTokensDetails
from openai_core.types.conversations import ConversationItem
from openai_core.types.fine_tuning.checkpoints import PermissionRetrieveParams
from openai_core.types.models import Model
from openai_core.types.realtime import (
    CallAcceptParams,
    CallReferParams,
    ConversationItemCreateEventParam,
    InputAudioBufferAppendEventParam,
    RealtimeAudioConfig,
    ResponseAudioDeltaEvent as RealtimeAudioDeltaEvent,
)
from openai_core.types.responses import (
    ParsedResponse,
    Response,
    ResponseCreateParams,
    ResponseFormatTextConfigParam,
    ResponseInputItem as ResponseInputItemUnion,
    ResponseInputItemParam,
    ResponseInputParam,
    ResponseInputText,
    ResponseOutputItem,
    ResponseStatus,
    ResponseStreamEvent,
    ServiceTier,
    ToolChoiceShellParam,
    ToolParam,
)
from openai_core.types.responses.function_tool_param import FunctionToolParam
from openai_core.types.responses.response_input_param import ResponseInputParam as NestedInput
from openai_core.types.responses.response_usage import InputTokensDetails
from openai_core.types.shared import AllModels, Reasoning as SharedReasoning, ResponsesModel
from openai_core.types.shared_params import (
    ChatModel as SharedChatModel,
    ComparisonFilter,
    CompoundFilter,
    FunctionDefinition,
    FunctionParameters,
    Metadata,
    Reasoning,
    ReasoningEffort,
    ResponseFormatJSONObject,
    ResponseFormatJSONSchema,
    ResponseFormatText,
)
from openai_core.types.webhooks import UnwrapWebhookEvent

schema: FunctionParameters = {"type": "object", "properties": {}}
definition: FunctionDefinition = {"name": "weather", "parameters": schema}
tags: Metadata = {"team": "search"}
effort: ReasoningEffort = "low"
shared_model: SharedChatModel = "gpt-4o-mini"
plain_format: ResponseFormatText = {"type": "text"}
json_format: ResponseFormatJSONObject = {"type": "json_object"}
schema_format: ResponseFormatJSONSchema = {"type": "json_schema", "json_schema": {"name": "answer"}}
any_tool: ChatCompletionToolUnionParam = {"type": "custom", "custom": {"name": "grep"}}
any_call: ChatCompletionMessageToolCallUnionParam = {
    "id": "call_1",
    "type": "function",
    "function": {"name": "weather", "arguments": "{}"},
}
web_tool: ToolParam = {"type": "web_search"}
text_format: ResponseFormatTextConfigParam = {"type": "json_object"}
by_year: ComparisonFilter = {"type": "gte", "key": "year", "value": 2020}
either: CompoundFilter = {"type": "or", "filters": [by_year]}


def shared_reasoning(reasoning: SharedReasoning) -> None:
    reveal_type(reasoning.effort)


def beta_names(client: Client) -> None:
    assistant: Assistant = client.beta.assistants.retrieve("asst_1")
    reveal_type(assistant.instructions)
    gone: AssistantDeleted = client.beta.assistants.delete("asst_1")
    reveal_type(gone.deleted)
    thread: Thread = client.beta.threads.retrieve("thread_1")
    reveal_type(thread.created_at)
    removed: VideoDeleteResponse = client.videos.delete("video_1")
    reveal_type(removed.deleted)
    closed: ThreadDeleted = client.beta.threads.delete("thread_1")
    reveal_type(closed.id)
    message: Message = client.beta.threads.messages.retrieve("msg_1", thread_id="thread_1")
    reveal_type(message.content)


@attrs.define
class Answer:
    value: int


@attrs.define
class Rerank:
    score: float


@function_tool
def weather(city: str) -> str:
    return f"sunny in {city}"


msgs: list[ChatCompletionMessageParam] = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": [{"type": "text", "text": "Hi"}]},
]
nested: list[NestedParam] = msgs
nested_items: NestedInput = [{"role": "user", "content": "Hi"}]
parts: list[ChatCompletionContentPartParam] = [
    {"type": "text", "text": "What is in this image?"},
    {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "low"}},
]
user: ChatCompletionUserMessageParam = {"role": "user", "content": parts}
item: ResponseInputItemParam = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}
tools: list[ChatCompletionToolParam] = [
    {"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}, "strict": True}}
]
items: ResponseInputParam = [
    {"role": "user", "content": "Hi"},
    {"type": "function_call_output", "call_id": "call_1", "output": "ok"},
]


def results(client: Client, model: ChatModel = "gpt-4o-mini") -> None:
    reply = client.chat.completions.create(model=model, messages=[*msgs, user], tools=tools, temperature=0.2)
    reveal_type(reply)
    reveal_type(reply.choices[0].message.content)
    reveal_type(reply.choices[0].finish_reason)
    reveal_type(reply._request_id)
    if reply.usage is not None:
        reveal_type(reply.usage.total_tokens)
    calls: list[ChatCompletionMessageToolCallUnion] = reply.choices[0].message.tool_calls or []
    for call in calls:
        reveal_type(call.type)
        if call.type == "function":
            function_call: ChatCompletionMessageToolCall = call
            reveal_type(function_call.function.arguments)
    chat = client.chat.completions
    chat.create(
        model="gpt-4o-mini",
        messages=[{"role": "developer", "content": "Be brief."}, {"role": "user", "content": "Hi"}],
        response_format={"type": "json_schema", "json_schema": {"name": "answer", "schema": {"type": "object"}}},
        reasoning_effort="low",
        tool_choice={"type": "function", "function": {"name": "weather"}},
        stream_options=None,
    )
    response = client.responses.create(model="gpt-4o-mini", input=[*items, item], reasoning={"effort": "low"})
    reveal_type(response)
    reveal_type(response.output_text)
    embedding = client.embeddings.create(model="text-embedding-3-small", input=["a", "b"], dimensions=256)
    reveal_type(embedding.data[0].embedding)


def streams(client: Client) -> None:
    with client.chat.completions.create(model="gpt-4o-mini", messages=msgs, stream=True) as stream:
        for chunk in stream:
            reveal_type(chunk)
            if chunk.choices:
                reveal_type(chunk.choices[0].delta.content)
    for event in client.responses.create(model="gpt-4o-mini", input="Hi", stream=True):
        reveal_type(event)
        if event.type == "response.output_text.delta":
            reveal_type(event.delta)
    stream = client.chat.completions.create(model="gpt-4o-mini", messages=msgs, stream=True)
    reveal_type(stream.final())
    for part in client.audio.speech.create(model="tts-1", input="Hi", voice="alloy", stream_format="sse"):
        reveal_type(part.type)
    first: ChatCompletionChunk | None = None
    typed: ResponseStreamEvent | None = None
    print(first, typed)


def pages(client: Client) -> None:
    for model in client.models.list():
        reveal_type(model.id)
    page = client.files.list(order="asc", purpose="assistants")
    reveal_type(page.data[0].filename)
    if page.has_next_page():
        reveal_type(page.get_next_page())


def views(client: Client, payload: bytes, headers: dict[str, str]) -> None:
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=msgs)
    reveal_type(raw.headers.get("x-request-id"))
    reveal_type(raw.parse())
    reveal_type(raw.parse().choices[0].message.content)
    with client.chat.completions.with_streaming_response.create(model="gpt-4o-mini", messages=msgs) as response:
        reveal_type(response.status_code)
        for line in response.iter_lines():
            reveal_type(line)
    mine = client.chat.completions.with_options(cast_to=dict).create(model="gpt-4o-mini", messages=msgs)
    reveal_type(mine)
    with client.files.with_options(stream_binary=True).content("file-1") as body:
        body.write_to_file("out.jsonl")
    reveal_type(client.request("POST", "/rerank", body={"q": "x"}, cast_to=Rerank))
    event = client.webhooks.unwrap(payload, headers)
    reveal_type(event)
    reveal_type(client.with_options(cast_to=Rerank).chat.completions.create(model="gpt-4o-mini", messages=msgs))
    reveal_type(client.chat.completions.with_options(cast_to=dict).create(model="gpt-4o-mini", messages=msgs))
    with client.models.with_streaming_response.list() as listed:
        reveal_type(listed.parse().data)
    moved = client.with_options(timeout=20.0, max_retries=5)
    reveal_type(moved)
    reveal_type(reply_of(client))


def reply_of(client: Client) -> ChatCompletion:
    return client.chat.completions.create(model="gpt-4o-mini", messages=msgs)


def evals(client: Client, text: ResponseInputText) -> None:
    created: EvalCreateResponse = client.evals.create(
        data_source_config={"type": "logs"},
        testing_criteria=[
            {"type": "string_check", "name": "exact", "input": "{{item.answer}}", "reference": "4", "operation": "eq"}
        ],
    )
    reveal_type(created.id)
    reveal_type(text.text)


def helpers(client: Client) -> None:
    answer = client.chat.completions.parse(model="gpt-4o-mini", messages=msgs, response_format=Answer)
    parsed = answer.choices[0].message.parsed
    if parsed is not None:
        reveal_type(parsed.value)
    result = client.responses.parse(model="gpt-4o-mini", input="Hi", text_format=Answer)
    reveal_type(result.output_parsed)
    run = client.chat.completions.run_tools(model="gpt-4o-mini", messages=msgs, tools=[weather], max_rounds=3)
    reveal_type(run.content)
    done = client.vector_stores.files.upload_and_poll(vector_store_id="vs", file=b"x", attributes={"a": "b"})
    reveal_type(done.status)
    batch = client.vector_stores.file_batches.create_and_poll("vs", file_ids=["file-1"])
    reveal_type(batch.file_counts.completed)


def errors(client: Client) -> None:
    try:
        client.models.retrieve("gpt-4o-mini")
    except openai_core.RateLimitError as err:
        reveal_type(err.status_code)
        reveal_type(err.request_id)
    except openai_core.APIStatusError as err:
        reveal_type(err.message)
    except openai_core.APIConnectionError as err:
        print(err)


def request_dicts(client: Client) -> None:
    params: CompletionCreateParamsNonStreaming = {"model": "gpt-4o-mini", "messages": msgs, "temperature": 0.2}
    either: CompletionCreateParams = params
    print(either)
    reveal_type(client.chat.completions.create(**params).choices[0].message.content)
    tool: FunctionToolParam = {"type": "function", "name": "weather", "parameters": None, "strict": True}
    request: ResponseCreateParams = {"model": "gpt-4o-mini", "input": "Hi", "tools": [tool]}
    print(request)
    embedding_model: EmbeddingModel = "text-embedding-3-small"
    embed: EmbeddingCreateParams = {"model": embedding_model, "input": "Hi"}
    transcriber: AudioModel = "whisper-1"
    reveal_type(transcriber)
    reveal_type(client.embeddings.create(**embed).data[0].embedding)
    run: RunCreateParams = {"assistant_id": "asst_1"}
    reveal_type(run["assistant_id"])
    deleted: ModelDeleted = client.models.delete("ft:x")
    reveal_type(deleted.deleted)
    gone: FileDeleted = client.files.delete("file-1")
    reveal_type(gone.id)


def parsed_names(client: Client) -> None:
    answer: ParsedChatCompletion[Answer] = client.chat.completions.parse(
        model="gpt-4o-mini", messages=msgs, response_format=Answer
    )
    choice: ParsedChoice[Answer] = answer.choices[0]
    message: ParsedChatCompletionMessage[Answer] = choice.message
    reveal_type(message.parsed)
    result: ParsedResponse[Answer] = client.responses.parse(model="gpt-4o-mini", input="Hi", text_format=Answer)
    reveal_type(result.output_parsed)


def nested_names(client: Client) -> None:
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=msgs)
    choice: Choice = reply.choices[0]
    reveal_type(choice.message)
    for chunk in client.chat.completions.create(model="gpt-4o-mini", messages=msgs, stream=True):
        delta: ChoiceDelta = chunk.choices[0].delta
        reveal_type(delta.content)
    if reply.usage is not None and reply.usage.completion_tokens_details is not None:
        details: CompletionTokensDetails = reply.usage.completion_tokens_details
        reveal_type(details.reasoning_tokens)
    response = client.responses.create(model="gpt-4o-mini", input="Hi")
    if response.usage is not None:
        cached: InputTokensDetails = response.usage.input_tokens_details
        reveal_type(cached.cached_tokens)


async def run(client: AsyncClient) -> None:
    reply = await client.chat.completions.create(model="gpt-4o-mini", messages=msgs)
    reveal_type(reply.choices[0].message.role)
    stream = await client.responses.create(model="gpt-4o-mini", input=items, stream=True)
    async for event in stream:
        if event.type == "response.completed":
            reveal_type(event.response)
    async for model in client.models.list():
        reveal_type(model.owned_by)
    raw = await client.models.with_raw_response.retrieve("gpt-4o-mini")
    reveal_type(raw.parse())
    first = await client.models.with_raw_response.list()
    reveal_type(first.parse().data)
    async with client.chat.completions.with_streaming_response.create(model="gpt-4o-mini", messages=msgs) as streamed:
        reveal_type(await streamed.parse())
    answer = await client.chat.completions.parse(model="gpt-4o-mini", messages=msgs, response_format=Answer)
    reveal_type(answer.choices[0].message.parsed)
    response: Response = await client.responses.create(model="gpt-4o-mini", input="Hi")
    print(response.id)
    async with await client.files.with_options(stream_binary=True).content("file-1") as body:
        reveal_type(await body.read())
    speech = await client.audio.speech.with_options(stream_binary=True).create(input="Hi", model="tts-1", voice="alloy")
    async for chunk in speech.iter_bytes():
        reveal_type(chunk)


def sdk_type_names(
    response: Response,
    message: Message,
    item: ConversationItem,
    step_call: CodeInterpreterToolCall,
    audio: RealtimeAudioConfig,
    audio_delta: RealtimeAudioDeltaEvent,
    event: AssistantStreamEvent,
) -> None:
    """The SDK's names of unions, Literal aliases and TypedDicts, from its module paths."""
    output: ResponseOutputItem = response.output[0]
    reveal_type(output.type)
    given: ResponseInputItemUnion | None = None
    reveal_type(given)
    wanted: ResponseStatus = "completed"
    tier: ServiceTier = "flex"
    shell: ToolChoiceShellParam = {"type": "shell"}
    modality: ChatCompletionModality = "audio"
    model: ResponsesModel = "o3-pro"
    every: AllModels = "gpt-4o-mini"
    reveal_type((wanted, tier, shell, modality, model, every))
    reveal_type(item.type)
    code: CodeInterpreterToolParam = {"type": "code_interpreter"}
    function: BetaFunctionToolParam = {"type": "function", "function": {"name": "weather"}}
    run_status: RunStatus = "requires_action"
    search: AssistantFileSearchToolParam = {"type": "file_search", "file_search": {"max_num_results": 5}}
    reveal_type((code["type"], function["function"]["name"], run_status, search["type"]))
    block: MessageContent = message.content[0]
    calls: list[ToolCall] = [step_call]
    reveal_type(calls[0].type)
    if isinstance(block, ImageFileContentBlock):
        reveal_type(block.image_file.file_id)
    elif isinstance(block, TextContentBlock):
        reveal_type(block.text.value)
    pick: AssistantToolChoiceOptionParam = {"type": "function", "function": {"name": "weather"}}
    auto: AssistantToolChoiceOption = "auto"
    reveal_type((pick, auto))
    reveal_type(step_call.code_interpreter.input)
    reveal_type(event.event)
    create: ConversationItemCreateEventParam = {
        "type": "conversation.item.create",
        "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]},
    }
    append: InputAudioBufferAppendEventParam = {"type": "input_audio_buffer.append", "audio": "AAAA"}
    accept: CallAcceptParams = {"type": "realtime", "model": "gpt-realtime"}
    refer: CallReferParams = {"target_uri": "tel:+14155550123"}
    permissions: PermissionRetrieveParams = {"project_id": "proj_1", "limit": 5}
    effort: Reasoning = {"effort": "low"}
    reveal_type((accept["type"], refer["target_uri"], permissions["limit"], effort["effort"]))
    old_append: BetaInputAudioBufferAppendEventParam = append
    reveal_type((create["type"], old_append["audio"]))
    reveal_type(audio.output)
    reveal_type(audio_delta.delta)


def static_is_runtime(client: Client, flag: bool, payload: bytes, headers: dict[str, str]) -> None:
    raw = client.chat.completions.with_raw_response.parse(model="gpt-4o-mini", messages=msgs, response_format=Answer)
    reveal_type(assert_type(raw, LegacyAPIResponse[ParsedChatCompletion[Answer]]))
    chat = client.chat.completions.with_streaming_response
    with chat.parse(model="gpt-4o-mini", messages=msgs, response_format=Answer) as streamed:
        reveal_type(assert_type(streamed.parse(), ParsedChatCompletion[Answer]))
    parsed = client.responses.with_raw_response.parse(model="gpt-4o-mini", input="Hi", text_format=Answer)
    reveal_type(assert_type(parsed.parse(), ParsedResponse[Answer]))
    with client.responses.with_streaming_response.parse(model="gpt-4o-mini", input="Hi", text_format=Answer) as got:
        reveal_type(assert_type(got, APIResponse[ParsedResponse[Answer]]))
    binary = client.with_options(stream_binary=True)
    with binary.files.content("file-1") as body:
        reveal_type(assert_type(body, StreamedBinaryResponse))
    speech = binary.audio.speech.create(model="tts-1", input="Hi", voice="alloy")
    reveal_type(assert_type(speech, StreamedBinaryResponse))
    reveal_type(assert_type(binary.containers.files.content.retrieve("cf_1", container_id="c"), StreamedBinaryResponse))
    reveal_type(assert_type(binary.videos.download_content("video_1"), StreamedBinaryResponse))
    reveal_type(assert_type(binary.files.retrieve("file-1").filename, str))
    reveal_type(assert_type(client.files.with_options(stream_binary=True).content("f"), StreamedBinaryResponse))
    reveal_type(assert_type(client.files.content("file-1"), HttpxBinaryResponseContent))
    either = client.chat.completions.create(model="gpt-4o-mini", messages=msgs, stream=flag)
    reveal_type(assert_type(either, ChatCompletion | Stream[ChatCompletionChunk]))
    plain = client.chat.completions.create(model="gpt-4o-mini", messages=msgs, stream=False)
    reveal_type(assert_type(plain, ChatCompletion))
    audio = client.audio.speech.create(model="tts-1", input="Hi", voice="alloy", stream_format="audio")
    reveal_type(assert_type(audio, HttpxBinaryResponseContent))
    reveal_type(assert_type(plain._response, ResponseInfo | None))
    reveal_type(assert_type(plain._request_id, str | None))
    reveal_type(assert_type(client.with_options(cast_to=dict).models.retrieve("m"), dict[str, object]))
    reveal_type(assert_type(client.request("POST", "/rerank", cast_to=Rerank, stream=True), Stream[Rerank]))
    reveal_type(assert_type(client.webhooks.unwrap(payload, headers), UnwrapWebhookEvent | UnknownObject))
    first = client.with_raw_response.chat.completions.create(model="gpt-4o-mini", messages=msgs)
    reveal_type(assert_type(first, LegacyAPIResponse[ChatCompletion]))
    with client.with_streaming_response.models.retrieve("gpt-4o-mini") as model:
        reveal_type(assert_type(model.parse(), Model))
    reveal_type(assert_type(client.with_raw_response.models.with_options(timeout=5).retrieve("m").parse(), Model))
    with client.with_streaming_response.files.content("file-1") as download:
        reveal_type(assert_type(download.parse(), bytes))
    reveal_type(assert_type(client.files.with_raw_response.content("file-1").parse(), HttpxBinaryResponseContent))


async def async_static_is_runtime(client: AsyncClient) -> None:
    raw = await client.chat.completions.with_raw_response.parse(
        model="gpt-4o-mini", messages=msgs, response_format=Answer
    )
    reveal_type(assert_type(raw, LegacyAPIResponse[ParsedChatCompletion[Answer]]))
    chat = client.chat.completions.with_streaming_response
    async with chat.parse(model="gpt-4o-mini", messages=msgs, response_format=Answer) as streamed:
        reveal_type(assert_type(await streamed.parse(), ParsedChatCompletion[Answer]))
    binary = client.with_options(stream_binary=True)
    async with await binary.files.content("file-1") as body:
        reveal_type(assert_type(body, AsyncStreamedBinaryResponse))
    speech = await binary.audio.speech.create(model="tts-1", input="Hi", voice="alloy")
    reveal_type(assert_type(speech, AsyncStreamedBinaryResponse))
    video = await binary.videos.download_content("video_1")
    reveal_type(assert_type(video, AsyncStreamedBinaryResponse))
    stream = await client.chat.completions.create(model="gpt-4o-mini", messages=msgs, stream=True)
    reveal_type(assert_type(stream, AsyncStream[ChatCompletionChunk]))
    reveal_type(assert_type(await client.request("POST", "/rerank", cast_to=Rerank), Rerank))
    first = await client.with_raw_response.models.retrieve("gpt-4o-mini")
    reveal_type(assert_type(first.parse(), Model))
    async with client.with_streaming_response.models.retrieve("gpt-4o-mini") as model:
        reveal_type(assert_type(await model.parse(), Model))
    async with client.files.with_streaming_response.content("file-1") as download:
        reveal_type(assert_type(await download.parse(), bytes))
