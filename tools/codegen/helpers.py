"""Hand-written mixins that give generated resources their convenience methods.

An entry maps a resource (its dotted path from the client, e.g. ``"chat.completions"``) to
the module holding its two mixins and their names, sync first. The generated classes put the
mixin before their base, so a helper can call the generated methods through ``self``.
"""

from __future__ import annotations

__all__ = ["FUNCTION_TOOLS", "HELPERS", "HELPER_KWARGS"]

HELPERS: dict[str, tuple[str, str, str]] = {
    # parse() (structured outputs) and run_tools() (the function-tool loop)
    "chat.completions": ("openai_core.helpers.chat", "CompletionsHelpers", "AsyncCompletionsHelpers"),
    "beta.chat.completions": ("openai_core.helpers.chat", "CompletionsHelpers", "AsyncCompletionsHelpers"),
    "responses": ("openai_core.helpers.responses", "ResponsesHelpers", "AsyncResponsesHelpers"),
    "beta.responses": ("openai_core.helpers.responses", "ResponsesHelpers", "AsyncResponsesHelpers"),
    # poll() / create_and_poll() / upload_and_poll(): waiting for long-running objects
    # ... and stream() / submit_tool_outputs_stream() / create_and_run_stream() with event handlers
    "beta.threads.runs": ("openai_core.helpers.assistants", "RunStreamHelpers", "AsyncRunStreamHelpers"),
    "beta.threads": ("openai_core.helpers.assistants", "ThreadStreamHelpers", "AsyncThreadStreamHelpers"),
    "files": ("openai_core.helpers.polling", "FilesHelpers", "AsyncFilesHelpers"),
    "fine_tuning.jobs": ("openai_core.helpers.polling", "JobsHelpers", "AsyncJobsHelpers"),
    "videos": ("openai_core.helpers.polling", "VideosHelpers", "AsyncVideosHelpers"),
    "vector_stores.files": (
        "openai_core.helpers.vector_stores",
        "VectorStoreFilesHelpers",
        "AsyncVectorStoreFilesHelpers",
    ),
    "vector_stores.file_batches": (
        "openai_core.helpers.vector_stores",
        "FileBatchesHelpers",
        "AsyncFileBatchesHelpers",
    ),
    # poll(), run() and results(): the batch runner
    "batches": ("openai_core.helpers.batches", "BatchesHelpers", "AsyncBatchesHelpers"),
    # upload_file(): large files in parts through the Uploads API
    "uploads": ("openai_core.helpers.uploads", "UploadsHelpers", "AsyncUploadsHelpers"),
    # connect(): Realtime sessions over WebSocket
    "realtime": ("openai_core._realtime", "RealtimeHelpers", "AsyncRealtimeHelpers"),
    "beta.realtime": ("openai_core._realtime", "RealtimeHelpers", "AsyncRealtimeHelpers"),
}

# The generated methods whose keyword arguments helpers pass on: for each, the TypedDicts of them
# to emit next to the resource (for checkers only; ``**kwargs: Unpack[...]``), each with the
# parameters its helpers take themselves left out. ``stream`` is always left out.
HELPER_KWARGS: dict[str, dict[str, tuple[str, ...]]] = {
    "chat.completions.create": {"CompletionsCreateKwargs": ("response_format",)},
    "responses.create": {"ResponsesCreateKwargs": ()},
    "beta.threads.runs.create": {"RunsCreateKwargs": ("assistant_id", "timeout")},
    "beta.threads.runs.submit_tool_outputs": {"RunsSubmitToolOutputsKwargs": ("tool_outputs", "timeout")},
    "beta.threads.create_and_run": {"ThreadsCreateAndRunKwargs": ("assistant_id", "timeout")},
    "videos.create": {"VideosCreateKwargs": ("prompt", "timeout")},
    "vector_stores.files.create": {"FilesCreateKwargs": ("file_id", "timeout")},
    "vector_stores.file_batches.create": {
        "FileBatchesCreateKwargs": ("timeout",),
        "FileBatchesUploadKwargs": ("file_ids", "files", "timeout"),
    },
}

# The methods whose helpers turn ``FunctionTool`` objects into tool definitions: their ``tools``
# list takes them too.
FUNCTION_TOOLS = {"chat.completions.create", "responses.create"}
