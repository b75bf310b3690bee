"""An embedded, deterministic, OpenAI-compatible fake server for tests and demos.

Example::

    from openai_core.testing import LocalServer

    with LocalServer() as srv:
        requests.post(f"{srv.url}/chat/completions", ...)
        srv.fail_next(429, headers={"retry-after": "0"})

Besides chat (and legacy completions), responses, embeddings, models and files, it serves the
Uploads API, batches (run against its own endpoints, one step per retrieval), vector stores
(files and file batches indexed as they are polled, search), fine-tuning jobs, moderations,
images, audio, the Assistants API (runs polled or streamed), conversations, containers, evals
and videos, with ``openai-poll-after-ms`` hints on what clients poll; every route answers
under Azure's paths too.
``srv.rate_limit(rpm=..., tpm=...)`` turns on a rate-limit mode: real ``x-ratelimit-*``
headers, and 429s beyond the limits.
"""

from ._app import create_app
from ._embeddings import embed
from ._server import LocalServer
from ._state import RecordedRequest, ServerState, StoredFile

__all__ = [
    "LocalServer",
    "RecordedRequest",
    "ServerState",
    "StoredFile",
    "create_app",
    "embed",
]
