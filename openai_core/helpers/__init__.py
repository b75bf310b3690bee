"""Helpers over the generated API: structured outputs and function tools.

- ``client.chat.completions.parse(..., response_format=MyClass)`` and
  ``client.responses.parse(..., text_format=MyClass)`` send the strict JSON schema of an attrs
  class, a dataclass or a pydantic model and return the answer parsed into it
  (:class:`ParsedChatCompletion`, :class:`ParsedResponse`).
- :func:`function_tool` turns a typed function into a strict tool (:func:`pydantic_function_tool`
  a pydantic model);
  ``client.chat.completions.run_tools(...)`` and ``client.responses.run_tools(...)`` call the
  model, run the tools it asks for and send back their outputs until it is done.
- :func:`strict_schema` is the schema generator on its own.
- ``chat.completions.stream()`` / ``responses.stream()`` yield the SDK's derived events
  (:mod:`.streams`); Assistants runs stream to an :class:`AssistantEventHandler`.
- ``poll()`` / ``create_and_poll()`` / ``upload_and_poll()`` wait for runs, vector store
  files and file batches, batches, fine-tuning jobs and videos, as often as the server says
  (:class:`PollTimeoutError` once the bound on the whole wait has passed).
- ``client.uploads.upload_file()`` sends a large file in parts through the Uploads API.
- ``client.batches.run()`` runs many requests as one batch and returns :class:`BatchResults`;
  with ``manifest=``, any number of requests as a crash-safe job of many batches, results
  streamed to files (:class:`BatchJobResults`).
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from ._errors import (
        ContentFilterFinishReasonError,
        LengthFinishReasonError,
        OutputValidationError,
        RefusalError,
        StructuredOutputError,
        ToolRoundsExceededError,
    )
    from ._schema import strict_schema
    from .assistants import AssistantEventHandler, AsyncAssistantEventHandler
    from .batch_jobs import BatchJobResults
    from .batches import BatchFailedError, BatchRequestError, BatchResults
    from .chat import ChatToolRun, ParsedChatCompletion, ParsedChoice, ParsedMessage
    from .polling import PollTimeoutError
    from .progress import ProgressBar
    from .responses import ParsedResponse, ResponsesToolRun
    from .tools import FunctionTool, function_tool, pydantic_function_tool

# Imported on first use: a chat call imports helpers.chat, and with it this package, but
# should not pay for the batch, polling and Assistants helpers.
_EXPORTS = {
    "AssistantEventHandler": "assistants",
    "AsyncAssistantEventHandler": "assistants",
    "BatchFailedError": "batches",
    "BatchJobResults": "batch_jobs",
    "BatchRequestError": "batches",
    "BatchResults": "batches",
    "ChatToolRun": "chat",
    "ContentFilterFinishReasonError": "_errors",
    "FunctionTool": "tools",
    "LengthFinishReasonError": "_errors",
    "OutputValidationError": "_errors",
    "ParsedChatCompletion": "chat",
    "ParsedChoice": "chat",
    "ParsedMessage": "chat",
    "ParsedResponse": "responses",
    "PollTimeoutError": "polling",
    "ProgressBar": "progress",
    "RefusalError": "_errors",
    "ResponsesToolRun": "responses",
    "StructuredOutputError": "_errors",
    "ToolRoundsExceededError": "_errors",
    "function_tool": "tools",
    "pydantic_function_tool": "tools",
    "strict_schema": "_schema",
}

__all__ = [
    "AssistantEventHandler",
    "AsyncAssistantEventHandler",
    "BatchFailedError",
    "BatchJobResults",
    "BatchRequestError",
    "BatchResults",
    "ChatToolRun",
    "ContentFilterFinishReasonError",
    "FunctionTool",
    "LengthFinishReasonError",
    "OutputValidationError",
    "ParsedChatCompletion",
    "ParsedChoice",
    "ParsedMessage",
    "ParsedResponse",
    "PollTimeoutError",
    "ProgressBar",
    "RefusalError",
    "ResponsesToolRun",
    "StructuredOutputError",
    "ToolRoundsExceededError",
    "function_tool",
    "pydantic_function_tool",
    "strict_schema",
]


if not TYPE_CHECKING:  # checkers see the declared names only, so a misspelt one is an error
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals(), __all__)
