"""Hand-written mixins that give generated resources their convenience methods.

An entry maps a resource (its dotted path from the client, e.g. ``"chat.completions"``) to
the module holding its two mixins and their names, sync first. The generated classes put the
mixin before their base, so a helper can call the generated methods through ``self``.
"""

from __future__ import annotations

__all__ = ["HELPERS", "HELPER_KWARGS"]

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

# The generated methods whose keyword arguments helpers pass on: a TypedDict of them (name
# ``<Resource><Method>Kwargs``, defined for checkers only) is emitted next to the resource, for
# ``**kwargs: Unpack[...]``. Each entry names the parameters the helpers take themselves;
# ``stream`` is always left out, and a ``tools`` list also takes ``FunctionTool`` objects.
HELPER_KWARGS: dict[str, tuple[str, ...]] = {
    "chat.completions.create": ("response_format",),
    "responses.create": (),
}
