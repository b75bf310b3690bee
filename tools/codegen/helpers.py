"""Hand-written mixins that give generated resources their convenience methods.

An entry maps a resource (its dotted path from the client, e.g. ``"chat.completions"``) to
the module holding its two mixins and their names, sync first. The generated classes put the
mixin before their base, so a helper can call the generated methods through ``self``.
"""

from __future__ import annotations

__all__ = ["HELPERS"]

HELPERS: dict[str, tuple[str, str, str]] = {
    # parse() (structured outputs) and run_tools() (the function-tool loop)
    "chat.completions": ("openai_core.helpers.chat", "CompletionsHelpers", "AsyncCompletionsHelpers"),
    "responses": ("openai_core.helpers.responses", "ResponsesHelpers", "AsyncResponsesHelpers"),
    # connect(): Realtime sessions over WebSocket
    "realtime": ("openai_core._realtime", "RealtimeHelpers", "AsyncRealtimeHelpers"),
}
