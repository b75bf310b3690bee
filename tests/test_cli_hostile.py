"""The command line when its reader leaves early, and when its key cannot be sent: it exits
quietly, and no rendering of the key reaches its output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from openai_core import cli
from openai_core.testing import LocalServer
from tests.test_cli import clean_env, run

KEY = "sk-proj-CLIsecret0123456789"


def test_a_closed_output_pipe_ends_quietly_with_status_0(server: LocalServer) -> None:
    command = [sys.executable, "-m", "openai_core", "--base-url", server.url, "--api-key", KEY, "models", "--json"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env()) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone before the first line: every write fails with EPIPE
        status = process.wait(timeout=60)
        errors = process.stderr.read()
    assert (status, errors) == (0, b"")
    assert server.requests  # it did run the command


def test_piped_into_head() -> None:
    with LocalServer() as server:  # its own: the models added here must not reach other tests
        for model in range(300):  # enough output to overflow the pipe once head has left
            server.state.models[f"m-{model}-" + "x" * 300] = 1
        command = f"set -o pipefail; {sys.executable} -m openai_core models --json | head -1 >/dev/null"
        env = {**clean_env(), "OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": server.url}
        done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


@pytest.mark.parametrize("key", [KEY + "\n", KEY + "\r\nX: 1", KEY[:-1] + "\u2013", " " + KEY])
def test_an_unsendable_key_is_one_error_line_that_never_shows_it(server: LocalServer, key: str) -> None:
    by_flag = run("--base-url", server.url, "--api-key", key, "models")
    by_env = run("--base-url", server.url, "models", env={**clean_env(), "OPENAI_API_KEY": key})
    for done in (by_flag, by_env):
        assert done.returncode == cli.EXIT_USAGE, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: the API key"), done.stderr
        for shown in (KEY[:-1], repr(key)[1:-1], json.dumps(key)[1:-1]):
            assert shown not in done.stderr + done.stdout
    assert server.requests == []


def test_error_lines_mask_every_rendering_of_the_key(capsys: pytest.CaptureFixture[str]) -> None:
    key = KEY + "\u00e9\n"
    message = f"raw {key} repr {key!r} json {json.dumps(key)} utf8-json {json.dumps(key, ensure_ascii=False)}"
    cli._fail(message, [key, None])
    err = capsys.readouterr().err
    assert err.count("***") == 4, err
    assert KEY[:-1] not in err and "\\u00e9" not in err
