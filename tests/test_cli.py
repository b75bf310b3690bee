"""The command line, run as ``python -m openai_core`` against the embedded server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from typing import Any

import pytest
import requests

from openai_core.testing import LocalServer, embed

KEY = "sk-test-cli-secret"


def clean_env() -> dict[str, str]:
    drop = ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_LOG")
    return {k: v for k, v in os.environ.items() if k not in drop}


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openai_core", *args],
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env() if env is None else env,
    )


def cli(server: LocalServer, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return run("--base-url", server.url, "--api-key", KEY, *args, input=input)


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def last_body(server: LocalServer) -> Any:
    return json.loads(server.requests[-1].body)


def assert_one_error_line(done: subprocess.CompletedProcess[str], code: int) -> str:
    assert done.returncode == code, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    return lines[0]


# ---- chat ---------------------------------------------------------------------------------------


def test_chat_streams_the_answer(server: LocalServer) -> None:
    assert ok(cli(server, "chat", "-m", "gpt-4o-mini", "hello", "world")) == "Echo: hello world\n"
    body = last_body(server)
    assert body["stream"] is True
    assert body["messages"] == [{"role": "user", "content": "hello world"}]
    assert server.requests[-1].headers["authorization"] == f"Bearer {KEY}"


def test_chat_no_stream_and_system(server: LocalServer) -> None:
    out = ok(cli(server, "chat", "-m", "m", "--no-stream", "--system", "Be brief.", "hi"))
    assert out == "Echo: hi\n"
    body = last_body(server)
    assert "stream" not in body
    assert body["messages"][0] == {"role": "system", "content": "Be brief."}


def test_chat_prompt_from_stdin(server: LocalServer) -> None:
    assert ok(cli(server, "chat", "-m", "m", input="hi\n")) == "Echo: hi\n"
    assert ok(cli(server, "chat", "-m", "m", "-", input="from a dash\n")) == "Echo: from a dash\n"


def test_chat_from_a_shell_pipe(server: LocalServer) -> None:
    command = f"echo hi | {sys.executable} -m openai_core --base-url {server.url} chat -m m"
    done = subprocess.run(
        command, shell=True, capture_output=True, text=True, timeout=60, env={**clean_env(), "OPENAI_API_KEY": KEY}
    )
    assert ok(done) == "Echo: hi\n"


@pytest.mark.parametrize("where", ["before", "after"])
def test_chat_json_lines(server: LocalServer, where: str) -> None:
    args = ["--json", "chat", "-m", "m", "hi"] if where == "before" else ["chat", "-m", "m", "hi", "--json"]
    chunks = [json.loads(line) for line in ok(cli(server, *args)).splitlines()]
    assert chunks and all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"]) == "Echo: hi"

    whole = json.loads(ok(cli(server, "--json", "chat", "--no-stream", "-m", "m", "hi")))
    assert whole["object"] == "chat.completion"
    assert whole["choices"][0]["message"]["content"] == "Echo: hi"


# ---- responses, embeddings, models ------------------------------------------------------------


def test_responses(server: LocalServer) -> None:
    assert ok(cli(server, "responses", "-m", "m", "hi", "there")) == "Echo: hi there\n"
    assert ok(cli(server, "responses", "--stream", "-m", "m", "streamed")) == "Echo: streamed\n"
    assert last_body(server)["stream"] is True
    response = json.loads(ok(cli(server, "--json", "responses", "-m", "m", "--instructions", "Be kind.", "x")))
    assert response["object"] == "response" and response["instructions"] == "Be kind."


def test_embeddings(server: LocalServer) -> None:
    out = ok(cli(server, "embeddings", "-m", "text-embedding-3-small", "alpha", "beta"))
    assert out.startswith("2 vectors of 1536 dimensions")
    lines = ok(cli(server, "--json", "embeddings", "-m", "e", "--dimensions", "8", "alpha", "beta")).splitlines()
    items = [json.loads(line) for line in lines]
    assert [item["index"] for item in items] == [0, 1]
    assert items[1]["embedding"] == pytest.approx(embed("beta", 8))


def test_models(server: LocalServer) -> None:
    assert ok(cli(server, "models")).splitlines() == list(server.state.models)
    objects = [json.loads(line) for line in ok(cli(server, "models", "--json")).splitlines()]
    assert [o["id"] for o in objects] == list(server.state.models)
    assert all(o["object"] == "model" for o in objects)


# ---- files ------------------------------------------------------------------------------------


def test_files_round_trip(server: LocalServer, tmp_path: Any) -> None:
    source = tmp_path / "data.jsonl"
    source.write_bytes(os.urandom(300_000) + b"\r\n\x00end")
    upload = cli(server, "files", "upload", str(source), "--purpose", "batch")
    file_id = ok(upload).strip()
    assert file_id.startswith("file-")
    assert "100%" in upload.stderr and file_id in upload.stderr

    listing = ok(cli(server, "files", "list")).splitlines()  # the shared server may hold other files
    assert f"{file_id}\t{source.stat().st_size}\tbatch\tdata.jsonl" in listing
    as_json = [
        json.loads(line) for line in ok(cli(server, "--json", "files", "list", "--purpose", "batch")).splitlines()
    ]
    assert file_id in [f["id"] for f in as_json] and all(f["purpose"] == "batch" for f in as_json)

    target = tmp_path / "copy.bin"
    out = ok(cli(server, "files", "download", file_id, "-o", str(target)))
    assert target.read_bytes() == source.read_bytes()
    assert str(source.stat().st_size) in out
    assert sorted(tmp_path.iterdir()) == sorted([target, source])  # no .part file left behind


def test_download_of_a_missing_file_writes_nothing(server: LocalServer, tmp_path: Any) -> None:
    target = tmp_path / "out.bin"
    line = assert_one_error_line(cli(server, "files", "download", "file-nope", "-o", str(target)), 1)
    assert "HTTP 404" in line
    assert list(tmp_path.iterdir()) == []


def test_upload_of_a_missing_path_is_a_usage_error(server: LocalServer, tmp_path: Any) -> None:
    assert_one_error_line(cli(server, "files", "upload", str(tmp_path / "nope"), "--purpose", "batch"), 2)
    assert server.requests == []


# ---- errors -----------------------------------------------------------------------------------


def test_401_is_one_line_without_the_key(server: LocalServer) -> None:
    server.fail_next(
        401,
        body={
            "error": {
                "message": f"Incorrect API key provided: {KEY}.",
                "type": "invalid_request_error",
                "code": "invalid_api_key",
            }
        },
        headers={"x-request-id": "req_cli401"},
    )
    done = cli(server, "chat", "-m", "m", "hi")
    line = assert_one_error_line(done, 1)
    assert "401" in line and "req_cli401" in line and "Incorrect API key provided" in line
    assert KEY not in done.stderr and KEY not in done.stdout
    assert len(server.requests) == 1  # a 401 is not retried


def test_connection_error(tmp_path: Any) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    done = run("--base-url", f"http://127.0.0.1:{port}/v1", "--api-key", KEY, "--max-retries", "0", "models")
    assert "onnection" in assert_one_error_line(done, 1)


def test_retries_are_configurable(server: LocalServer) -> None:
    for _ in range(2):
        server.fail_next(503, headers={"retry-after-ms": "1"})
    assert_one_error_line(cli(server, "--max-retries", "1", "models"), 1)
    assert len(server.requests) == 2
    server.reset()
    server.fail_next(503, headers={"retry-after-ms": "1"})
    assert ok(cli(server, "models", "--max-retries", "1"))


@pytest.mark.parametrize(
    "args",
    [
        ["bogus"],
        [],
        ["chat", "hi"],  # no -m
        ["--max-retries", "-1", "models"],
        ["--timeout", "0", "models"],
        ["files"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "error:" in done.stderr


def test_missing_key_and_empty_prompt_exit_2(server: LocalServer) -> None:
    assert "API key" in assert_one_error_line(run("--base-url", server.url, "models"), 2)
    assert "empty" in assert_one_error_line(cli(server, "chat", "-m", "m", input=""), 2)
    assert "empty" in assert_one_error_line(cli(server, "chat", "-m", "m"), 2)  # stdin: /dev/null
    assert server.requests == []


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
def test_no_prompt_on_a_terminal_is_a_usage_error(server: LocalServer) -> None:
    import pty

    master, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "openai_core", "--base-url", server.url, "--api-key", KEY, "chat", "-m", "m"],
            stdin=terminal,
            capture_output=True,
            text=True,
            timeout=60,
            env=clean_env(),
        )
    finally:
        os.close(master)
        os.close(terminal)
    assert "no prompt" in assert_one_error_line(done, 2)


def test_key_from_environment(server: LocalServer) -> None:
    env = {**clean_env(), "OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": server.url}
    assert run("models", env=env).stdout.splitlines() == list(server.state.models)


def test_version_and_help() -> None:
    assert ok(run("--version")).startswith("openai-core ")
    assert "upload" in ok(run("files", "upload", "--help")).lower()


def test_cli_does_not_import_aiohttp(server: LocalServer) -> None:
    code = (
        "import sys, openai_core\n"
        "assert 'openai_core.cli' not in sys.modules\n"
        "from openai_core.cli import main\n"
        f"assert main(['--base-url', {server.url!r}, '--api-key', 'k', 'models']) == 0\n"
        "assert 'aiohttp' not in sys.modules, 'aiohttp imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=clean_env())
    assert done.returncode == 0, done.stderr


# ---- serve ------------------------------------------------------------------------------------


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve(stop: signal.Signals) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "openai_core", "serve", "--port", "0"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(),
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1"), url
        answer = requests.get(f"{url}/models", headers={"Authorization": "Bearer anything"}, timeout=10)
        assert answer.status_code == 200
        assert answer.json()["object"] == "list"
        proc.send_signal(stop)
        assert proc.wait(timeout=20) == 0
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_serve_on_a_busy_port_fails_cleanly() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        done = run("serve", "--port", str(sock.getsockname()[1]))
    assert "cannot listen" in assert_one_error_line(done, 1)


def test_error_inside_a_stream_keeps_the_partial_answer(server: LocalServer) -> None:
    server.fail_next_stream_error(2, "The model crashed.", "server_error")
    done = cli(server, "chat", "-m", "m", "one two three four")
    line = assert_one_error_line(done, 1)
    assert "The model crashed." in line and "server_error" in line
    assert done.stdout.startswith("Echo:") and done.stdout.endswith("\n")


def test_upload_progress_uses_tqdm_when_installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    import types

    from openai_core import cli as cli_module

    updates: list[int] = []

    class FakeTqdm:
        def __init__(self, **kwargs: Any) -> None:
            assert kwargs["total"] == 3 * cli_module.CHUNK + 5

        def update(self, count: int) -> None:
            updates.append(count)

        def close(self) -> None:
            updates.append(-1)

    monkeypatch.setitem(sys.modules, "tqdm", types.SimpleNamespace(tqdm=FakeTqdm))
    source = tmp_path / "big.bin"
    source.write_bytes(b"x" * (3 * cli_module.CHUNK + 5))
    assert cli_module._read_with_progress(str(source)) == source.read_bytes()
    assert updates == [cli_module.CHUNK] * 3 + [5, -1]


# ---- batch ----------------------------------------------------------------------------------------


def write_batch_file(path: Any, texts: list[str | None]) -> Any:
    """One chat request per text; ``None`` makes a request without a model (it fails)."""
    lines = []
    for i, text in enumerate(texts):
        body: dict[str, Any] = {"messages": [{"role": "user", "content": text or "no model"}]}
        if text is not None:
            body["model"] = "gpt-4o-mini"
        custom_id = f"q{i}" if text is not None else f"bad{i}"
        lines.append({"custom_id": custom_id, "method": "POST", "url": "/v1/chat/completions", "body": body})
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


@pytest.mark.timeout(60)
def test_batch_run_and_status(server: LocalServer, tmp_path: Any) -> None:
    source = write_batch_file(tmp_path / "requests.jsonl", ["one", None, "two", "three"])
    out = tmp_path / "results.jsonl"
    done = cli(server, "batch", "run", str(source), "-o", str(out))
    stdout = ok(done)
    batch_id = stdout.split()[0]
    assert batch_id.startswith("batch_")
    assert stdout == f"{batch_id} completed: 3 succeeded, 1 failed; results in {out}\n"
    assert f"batch {batch_id} created (check on it with: openai-core batch status {batch_id})" in done.stderr
    assert "batch: 100% (4/4 req)" in done.stderr
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["custom_id"] for r in results] == ["q0", "bad1", "q2", "q3"]  # the file's order
    assert results[0]["response"]["choices"][0]["message"]["content"] == "Echo: one"
    assert results[1]["error"] == {
        "status_code": 400,
        "code": "missing_required_parameter",
        "message": "Missing required parameter: 'model'.",
    }
    assert [r.path for r in server.requests if r.method == "POST"] == ["/v1/files", "/v1/batches"]

    status = ok(cli(server, "batch", "status", batch_id)).rstrip("\n").split("\t")
    assert status[:3] == [batch_id, "completed", "4/4 requests done (1 failed)"]
    assert status[3].startswith("output file-") and status[4].startswith("errors file-")
    as_json = json.loads(ok(cli(server, "batch", "status", batch_id, "--json")))
    assert as_json["id"] == batch_id and as_json["request_counts"] == {"total": 4, "completed": 3, "failed": 1}


@pytest.mark.timeout(60)
def test_batch_run_json_lines(server: LocalServer, tmp_path: Any) -> None:
    source = write_batch_file(tmp_path / "requests.jsonl", ["alpha", "beta"])
    lines = ok(cli(server, "--json", "batch", "run", str(source))).splitlines()
    assert [json.loads(line)["response"]["choices"][0]["message"]["content"] for line in lines] == [
        "Echo: alpha",
        "Echo: beta",
    ]


@pytest.mark.timeout(60)
def test_batch_errors(server: LocalServer, tmp_path: Any) -> None:
    missing = assert_one_error_line(cli(server, "batch", "run", str(tmp_path / "nope.jsonl")), 2)
    assert "no such file" in missing
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"custom_id": "a", "body": {}}\n[1, 2]\n')
    assert f"{bad}:2: not a JSON object" in assert_one_error_line(cli(server, "batch", "run", str(bad)), 2)
    twice = tmp_path / "twice.jsonl"
    twice.write_text('{"custom_id": "a", "body": {}}\n{"custom_id": "a", "body": {}}\n')
    assert "used twice" in assert_one_error_line(cli(server, "batch", "run", str(twice)), 2)
    unknown = assert_one_error_line(cli(server, "batch", "status", "batch_nope"), 1)
    assert "No such Batch object: batch_nope (HTTP 404" in unknown
