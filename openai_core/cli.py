"""The ``openai-core`` command line (also ``python -m openai_core``).

One small function per subcommand; every one uses the blocking :class:`~openai_core.Client`.
Errors end as one ``error: ...`` line on stderr: exit code 2 for usage errors, 1 for API and
connection errors, never a traceback, never the API key.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ._errors import APIDecodeError, APIStatusError, OpenAIError, StreamError
from ._version import __version__

if TYPE_CHECKING:
    from ._client import Client
    from .types.chat import ChatCompletionMessageParam

__all__ = ["main"]

EXIT_API_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
CHUNK = 1024 * 1024


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


# ---- output helpers ---------------------------------------------------------------------------


def _out(text: str = "", *, end: str = "\n") -> None:
    sys.stdout.write(text + end)
    sys.stdout.flush()


def _note(text: str) -> None:
    """A human message on stderr, so that stdout stays machine-readable."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _as_json(obj: Any) -> str:
    to_json = getattr(obj, "to_json", None)
    if callable(to_json):
        return str(to_json(indent=None))
    return json.dumps(obj, ensure_ascii=False)


def _read_prompt(words: Sequence[str]) -> str:
    """The prompt from the arguments, or from stdin when it is ``-`` or absent (and piped)."""
    if words and list(words) != ["-"]:
        return " ".join(words)
    if not words and (sys.stdin is None or sys.stdin.isatty()):
        raise UsageError("no prompt: pass it as an argument, or pipe it on stdin")
    text = sys.stdin.read().strip() if sys.stdin is not None else ""
    if not text:
        raise UsageError("the prompt read from stdin is empty")
    return text


# ---- the client -------------------------------------------------------------------------------


def _make_client(args: argparse.Namespace) -> Client:
    from ._client import Client

    api_key = args.api_key or os.environ.get("OPENAI_API_KEY")
    if not api_key:
        raise UsageError("no API key: pass --api-key or set OPENAI_API_KEY")
    options: dict[str, Any] = {"max_retries": args.max_retries}
    if args.timeout is not None:
        options["timeout"] = args.timeout
    try:
        return Client(api_key=api_key, base_url=args.base_url, **options)
    except (OpenAIError, TypeError) as exc:  # a malformed --base-url, --timeout...
        raise UsageError(str(exc)) from None


# ---- subcommands ------------------------------------------------------------------------------


def cmd_chat(client: Client, args: argparse.Namespace) -> int:
    messages: list[ChatCompletionMessageParam] = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    messages.append({"role": "user", "content": _read_prompt(args.prompt)})
    completions = client.chat.completions
    if args.no_stream:
        reply = completions.create(model=args.model, messages=messages)
        if args.json:
            _out(reply.to_json(indent=None))
        else:
            _out("".join(choice.message.content or "" for choice in reply.choices[:1]))
        return 0
    with completions.create(model=args.model, messages=messages, stream=True) as stream:
        try:
            for chunk in stream:
                if args.json:
                    _out(chunk.to_json(indent=None))
                elif chunk.choices:
                    _out(chunk.choices[0].delta.content or "", end="")
        finally:
            if not args.json:
                _out()
    return 0


def _output_text(response: Any) -> str:
    if response.output_text:
        return str(response.output_text)
    parts = [
        part.text
        for item in response.output
        if getattr(item, "type", None) == "message"
        for part in item.content
        if getattr(part, "type", None) == "output_text"
    ]
    return "".join(parts)


def cmd_responses(client: Client, args: argparse.Namespace) -> int:
    prompt = _read_prompt(args.prompt)
    extra: dict[str, Any] = {"instructions": args.instructions} if args.instructions else {}
    if not args.stream:
        response = client.responses.create(model=args.model, input=prompt, **extra)
        _out(response.to_json(indent=None) if args.json else _output_text(response))
        return 0
    with client.responses.create(model=args.model, input=prompt, stream=True, **extra) as stream:
        try:
            for event in stream:
                if args.json:
                    _out(_as_json(event))
                elif event.type == "response.output_text.delta":
                    _out(event.delta, end="")
        finally:
            if not args.json:
                _out()
    return 0


def cmd_embeddings(client: Client, args: argparse.Namespace) -> int:
    texts = list(args.text)
    if not texts or texts == ["-"]:
        if not texts and (sys.stdin is None or sys.stdin.isatty()):
            raise UsageError("no text: pass it as arguments, or pipe it on stdin (one text per line)")
        texts = [line.strip() for line in sys.stdin if line.strip()] if sys.stdin is not None else []
        if not texts:
            raise UsageError("no text read from stdin")
    extra: dict[str, Any] = {"dimensions": args.dimensions} if args.dimensions else {}
    result = client.embeddings.create(model=args.model, input=texts, **extra)
    if args.json:
        for item in result.data:
            _out(item.to_json(indent=None))
        return 0
    dims = len(result.data[0].embedding) if result.data else 0
    tokens = f", {result.usage.prompt_tokens} tokens" if result.usage else ""
    _out(f"{len(result.data)} vectors of {dims} dimensions (model {result.model}{tokens})")
    return 0


def cmd_models(client: Client, args: argparse.Namespace) -> int:
    for model in client.models.list():
        _out(model.to_json(indent=None) if args.json else model.id)
    return 0


class _Progress:
    """A progress bar on stderr: tqdm when it is installed, otherwise a plain percentage."""

    def __init__(self, total: int, label: str) -> None:
        self.total, self.done, self.label = total, 0, label
        self._tty = sys.stderr.isatty()
        try:
            tqdm = importlib.import_module("tqdm").tqdm
        except ImportError:
            self._bar: Any = None
        else:
            self._bar = tqdm(total=total, unit="B", unit_scale=True, desc=label, file=sys.stderr)

    def update(self, count: int) -> None:
        self.done += count
        if self._bar is not None:
            self._bar.update(count)
        elif self._tty:
            sys.stderr.write(f"\r{self._line()}")
            sys.stderr.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        else:
            sys.stderr.write(f"\r{self._line()}\n" if self._tty else f"{self._line()}\n")
            sys.stderr.flush()

    def _line(self) -> str:
        percent = 100 * self.done // self.total if self.total else 100
        return f"{self.label}: {percent:3d}% ({self.done}/{self.total} bytes)"


def _read_with_progress(path: str) -> bytes:
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        progress = _Progress(size, f"reading {os.path.basename(path)}")
        buffer = bytearray()
        try:
            while chunk := fh.read(CHUNK):
                buffer += chunk
                progress.update(len(chunk))
        finally:
            progress.close()
    return bytes(buffer)


def cmd_files_upload(client: Client, args: argparse.Namespace) -> int:
    if not os.path.isfile(args.path):
        raise UsageError(f"no such file: {args.path}")
    data = _read_with_progress(args.path)
    _note(f"sending {len(data)} bytes in one request...")
    created = client.files.create(file=(os.path.basename(args.path), data), purpose=args.purpose)
    _note(f"uploaded {created.filename} as {created.id}")
    _out(created.to_json(indent=None) if args.json else created.id)
    return 0


def cmd_files_list(client: Client, args: argparse.Namespace) -> int:
    extra: dict[str, Any] = {"purpose": args.purpose} if args.purpose else {}
    for item in client.files.list(**extra):
        _out(item.to_json(indent=None) if args.json else f"{item.id}\t{item.bytes}\t{item.purpose}\t{item.filename}")
    return 0


def cmd_files_download(client: Client, args: argparse.Namespace) -> int:
    streaming = client.files.with_options(stream_binary=True)
    with streaming.content(args.file_id) as body:
        if args.output == "-":
            for chunk in body.iter_bytes():
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
            return 0
        partial = args.output + ".part"
        try:
            written = body.write_to_file(partial)
            os.replace(partial, args.output)
        except BaseException:
            if os.path.exists(partial):
                os.remove(partial)
            raise
    if args.json:
        _out(json.dumps({"id": args.file_id, "path": args.output, "bytes": written}))
    else:
        _out(f"wrote {written} bytes to {args.output}")
    return 0


def _read_batch_requests(path: str) -> list[dict[str, Any]]:
    """The request lines of a batch input file (JSONL: custom_id, method, url, body)."""
    if not os.path.isfile(path):
        raise UsageError(f"no such file: {path}")
    requests: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        for number, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
            except ValueError:
                line = None
            if not isinstance(line, dict):
                raise UsageError(f"{path}:{number}: not a JSON object")
            requests.append(line)
    if not requests:
        raise UsageError(f"{path} holds no requests")
    return requests


def _result_line(custom_id: str, result: Any = None, error: Any = None) -> str:
    if error is not None:
        detail = {"status_code": error.status_code, "code": error.code, "message": error.message}
        return json.dumps({"custom_id": custom_id, "error": detail}, ensure_ascii=False)
    body = result.to_dict() if hasattr(result, "to_dict") else result
    return json.dumps({"custom_id": custom_id, "response": body}, ensure_ascii=False)


def _batch_counts(batch: Any) -> str:
    counts = batch.request_counts
    if counts is None:
        return "no requests counted yet"
    return f"{counts.completed + counts.failed}/{counts.total} requests done ({counts.failed} failed)"


def cmd_batch_run(client: Client, args: argparse.Namespace) -> int:
    from .helpers.batches import request_lines

    requests = _read_batch_requests(args.path)
    endpoint = args.endpoint or requests[0].get("url") or "/v1/chat/completions"
    try:
        request_lines(requests, endpoint)  # a malformed line is a usage error, found before any call
    except (ValueError, TypeError) as exc:
        raise UsageError(str(exc)) from None
    created: list[str] = []

    def announce(batch: Any) -> None:
        if not created:  # the id first, so that an interrupted run can be checked on
            created.append(batch.id)
            _note(f"batch {batch.id} created (check on it with: openai-core batch status {batch.id})")

    done = client.batches.run(
        requests,
        endpoint=endpoint,
        completion_window=args.completion_window,
        poll_interval=args.poll_interval,
        progress=True,
        on_update=announce,
    )
    lines = [  # in the order of the file
        _result_line(cid, result=done.results[cid])
        if cid in done.results
        else _result_line(cid, error=done.errors[cid])
        for cid in (str(r.get("custom_id")) for r in requests)
        if cid in done.results or cid in done.errors
    ]
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.writelines(line + "\n" for line in lines)
    if args.json:
        for line in lines:
            _out(line)
    else:
        where = f"; results in {args.output}" if args.output else ""
        missing = f", {len(done.missing)} not run" if done.missing else ""
        summary = f"{len(done.results)} succeeded, {len(done.errors)} failed{missing}"
        _out(f"{done.id} {done.batch.status}: {summary}{where}")
    return 0 if done.batch.status == "completed" else EXIT_API_ERROR


def cmd_batch_status(client: Client, args: argparse.Namespace) -> int:
    batch = client.batches.retrieve(args.batch_id)
    if args.json:
        _out(batch.to_json(indent=None))
        return 0
    files = [
        f"{name} {value}"
        for name, value in (("output", batch.output_file_id), ("errors", batch.error_file_id))
        if value
    ]
    _out("\t".join([batch.id, batch.status, _batch_counts(batch), *files]))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .testing import LocalServer  # aiohttp: imported only for this command

    server = LocalServer(host=args.host, port=args.port)
    if args.rpm or args.tpm:
        server.rate_limit(rpm=args.rpm, tpm=args.tpm)
    try:
        server.start()
    except OSError as exc:
        raise OpenAIError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    stop = threading.Event()
    on_main_thread = threading.current_thread() is threading.main_thread()
    if on_main_thread:  # a plain `kill` (SIGTERM) stops the server as cleanly as Ctrl-C
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    try:
        _out(server.url)
        _note("serving the embedded OpenAI-compatible API (any API key works); Ctrl-C to stop")
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous)
        server.stop()
    _note("stopped")
    return 0


# ---- the parser -------------------------------------------------------------------------------

Handler = Callable[["Client", argparse.Namespace], int]

UPLOAD_HELP = (
    "Upload a file. The upload is one multipart request that the client builds in memory: the "
    "progress bar (tqdm if installed, else a percentage) shows the file being read into that "
    "request; sending it is reported as a single step, with no byte-level progress."
)

BATCH_RUN_HELP = (
    "Upload a JSONL file of requests, run them as one batch, wait for it (progress on stderr) and "
    "collect the results: a summary line, each result as a JSON line with --json, or all of them "
    "in --output. The batch id is printed first on stderr: `batch status ID` checks on it."
)


def _add_globals(parser: argparse.ArgumentParser, default: Any) -> None:
    """The global options; on subcommands they default to ``SUPPRESS`` so that they may come
    before or after the subcommand."""

    def d(value: Any) -> Any:
        return value if default is None else default

    group = parser.add_argument_group("global options")
    group.add_argument("--base-url", default=d(None), help="API base URL (default: $OPENAI_BASE_URL, else OpenAI)")
    group.add_argument("--api-key", default=d(None), help="API key (default: $OPENAI_API_KEY)")
    group.add_argument("--json", action="store_true", default=d(False), help="machine-readable output (JSON lines)")
    group.add_argument("--timeout", type=_positive_float, default=d(None), help="seconds per request")
    group.add_argument("--max-retries", type=_non_negative_int, default=d(2), help="retries (default: 2)")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text!r}")
    return value


def _port(text: str) -> int:
    value = _non_negative_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"not a port: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="openai-core",
        description="Call the OpenAI API (or any compatible server) from the command line.",
        epilog="Exit codes: 0 success, 1 API or connection error, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"openai-core {__version__}")
    _add_globals(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, handler: Handler | None, help: str, **kwargs: Any) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=kwargs.pop("description", help), **kwargs)
        _add_globals(sub, argparse.SUPPRESS)
        sub.set_defaults(handler=handler)
        return sub

    chat = command("chat", cmd_chat, "one chat completion, streamed as it arrives")
    chat.add_argument("-m", "--model", required=True)
    chat.add_argument("prompt", nargs="*", help="the prompt; '-' or nothing reads it from stdin")
    chat.add_argument("--system", metavar="TEXT", help="a system message sent before the prompt")
    chat.add_argument("--no-stream", action="store_true", help="wait for the whole answer")

    responses = command("responses", cmd_responses, "one Responses API call; prints the output text")
    responses.add_argument("-m", "--model", required=True)
    responses.add_argument("prompt", nargs="*", help="the input; '-' or nothing reads it from stdin")
    responses.add_argument("--instructions", metavar="TEXT", help="system instructions")
    responses.add_argument("--stream", action="store_true", help="print the text as it arrives")

    embeddings = command("embeddings", cmd_embeddings, "embed texts; prints a summary, or vectors with --json")
    embeddings.add_argument("-m", "--model", required=True)
    embeddings.add_argument("text", nargs="*", help="texts to embed; '-' or nothing reads one per line from stdin")
    embeddings.add_argument("--dimensions", type=_non_negative_int, help="vector size, for models that allow it")

    command("models", cmd_models, "list the models (ids; full objects with --json)")

    files = command("files", None, "upload, list and download files")
    actions = files.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help, description=help)
        _add_globals(sub, argparse.SUPPRESS)
        sub.set_defaults(handler=handler)
        return sub

    upload = action("upload", cmd_files_upload, UPLOAD_HELP)
    upload.add_argument("path")
    upload.add_argument("--purpose", required=True, help="assistants, batch, fine-tune, vision, user_data, evals")
    listing = action("list", cmd_files_list, "list files (id, bytes, purpose, filename)")
    listing.add_argument("--purpose", help="only files with this purpose")
    download = action("download", cmd_files_download, "download a file's content, streamed to disk")
    download.add_argument("file_id", metavar="ID")
    download.add_argument("-o", "--output", required=True, metavar="OUT", help="where to write it ('-': stdout)")

    batch = command("batch", None, "run a JSONL file of requests through the Batch API, or check a batch")
    batch_actions = batch.add_subparsers(dest="action", metavar="ACTION", required=True)
    run = batch_actions.add_parser("run", help=BATCH_RUN_HELP, description=BATCH_RUN_HELP)
    _add_globals(run, argparse.SUPPRESS)
    run.set_defaults(handler=cmd_batch_run)
    run.add_argument("path", metavar="FILE.jsonl", help="one request per line: custom_id, method, url, body")
    run.add_argument("--endpoint", help="the endpoint of every request (default: the url of the first line)")
    run.add_argument("--completion-window", default="24h", help="(default: 24h)")
    run.add_argument("--poll-interval", type=_positive_float, metavar="SECONDS", help="(default: as the API says)")
    run.add_argument("-o", "--output", metavar="OUT.jsonl", help="write each result or error as a JSON line")
    status = batch_actions.add_parser("status", help="one batch's status and request counts")
    _add_globals(status, argparse.SUPPRESS)
    status.set_defaults(handler=cmd_batch_status)
    status.add_argument("batch_id", metavar="ID")

    serve = command(
        "serve",
        None,
        "run the embedded OpenAI-compatible test server in the foreground",
        description="Run the embedded, deterministic OpenAI-compatible server (openai_core.testing.LocalServer) "
        "until Ctrl-C. It prints its base URL; any API key is accepted.",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8787, help="0 picks a free port (default: 8787)")
    serve.add_argument("--rpm", type=int, help="rate-limit mode: requests per minute (429 beyond)")
    serve.add_argument("--tpm", type=int, help="rate-limit mode: tokens per minute (429 beyond)")
    serve.set_defaults(handler=None, serve=True)
    return parser


# ---- errors and the entry point ---------------------------------------------------------------


def describe(error: BaseException) -> str:
    """One line for an error: its message, then HTTP status and request id when known."""
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    details: list[str] = []
    if isinstance(error, APIStatusError):
        details.append(f"HTTP {error.status_code}")
    elif isinstance(error, StreamError) and error.code:
        details.append(f"stream error {error.code}")
    elif isinstance(error, APIDecodeError):
        message = str(error)
    request_id = getattr(error, "request_id", None)
    if request_id:
        details.append(f"request id {request_id}")
    line = " ".join(str(message).split())
    return f"{line} ({', '.join(details)})" if details else line


def _renderings(secret: str) -> set[str]:
    """The ways ``secret`` may show in a message: as is, without its surrounding whitespace,
    repr-escaped, JSON-escaped (ASCII or not)."""
    forms = {secret, secret.strip(), repr(secret)[1:-1], json.dumps(secret)[1:-1]}
    forms.add(json.dumps(secret, ensure_ascii=False)[1:-1])
    forms.add(secret.encode("unicode_escape").decode("ascii"))
    return {form for form in forms if len(form) >= 4}


def _fail(message: str, secrets: Iterable[str | None]) -> None:
    for secret in secrets:
        if secret:
            for form in sorted(_renderings(secret), key=len, reverse=True):
                message = message.replace(form, "***")
    _note(f"error: {message}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)  # exits with code 2 on a usage error
    secrets = (args.api_key, os.environ.get("OPENAI_API_KEY"))
    try:
        if getattr(args, "serve", False):
            return cmd_serve(args)
        with _make_client(args) as client:
            handler: Handler = args.handler
            return handler(client, args)
    except UsageError as exc:
        _fail(f"{exc} (see {parser.prog} {args.command} --help)", secrets)
        return EXIT_USAGE
    except OpenAIError as exc:
        _fail(describe(exc), secrets)
        return EXIT_API_ERROR
    except OSError as exc:  # a file that cannot be read or written
        if isinstance(exc, BrokenPipeError):
            return _broken_pipe()
        where = f": {exc.filename}" if exc.filename else ""
        _fail(f"{exc.strerror or exc}{where}", secrets)
        return EXIT_API_ERROR
    except KeyboardInterrupt:
        _note("interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - a CLI reports, it never shows a traceback
        _fail(f"unexpected {type(exc).__name__}: {describe(exc)}", secrets)
        return EXIT_API_ERROR


def _broken_pipe() -> int:
    """stdout was closed early (``| head``): the reader has what it wanted, so stop quietly and
    successfully, with nothing left to flush at exit (as the Python docs recommend)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0
