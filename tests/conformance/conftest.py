"""Prism, the spec's mock server, started once for the conformance tests.

The spec is read from ../shared/openapi/ (beside the project). Where that folder is absent the
conformance tests are skipped with that reason; every other test still runs.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT.parent / "shared" / "openapi" / "openapi.prism.json"
PRISM = Path(os.environ.get("PRISM_BIN", ROOT / ".ci" / "node_modules" / ".bin" / "prism"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    if not SPEC.exists():
        pytest.skip(f"the OpenAPI spec is not at {SPEC}: conformance tests need ../shared/openapi/")
    return json.loads(SPEC.read_text())  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def prism_url(spec: dict[str, Any]) -> Iterator[str]:
    if not PRISM.exists():
        pytest.fail(f"Prism is not installed at {PRISM}: run `npm ci --prefix .ci` (README's test command does)")
    port = _free_port()
    proc = subprocess.Popen(
        [str(PRISM), "mock", str(SPEC), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"Prism exited with code {proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("Prism did not start listening within 90 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
