"""README.md's ```python snippets type-check under ``mypy --strict`` and pyright strict.

Each snippet is checked as its own module that first imports everything from :data:`PRELUDE`:
the names the tour uses without defining them (``client``, ``msgs``, ``tools``, ...), so every
snippet reads as the README shows it. Line numbers in the messages are the README block's plus one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parents[1]

PRELUDE = '''\
"""The names README.md's snippets use without defining them."""

from collections.abc import Iterator, Mapping

import attrs

import openai_core
from openai_core import AsyncClient, Client
from openai_core.types.chat import ChatCompletionMessageParam, ChatCompletionToolParam

__all__ = ["AsyncClient", "Client", "RerankResult", "client", "get_token", "msgs", "openai_core", "qs"]
__all__ += ["request_body", "request_headers", "requests", "tools"]

client = Client(api_key="sk-test")
msgs: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Hello"}]
tools: list[ChatCompletionToolParam] = [{"type": "function", "function": {"name": "weather"}}]
qs = ["What is 2 + 2?"]
requests: Iterator[tuple[str, Mapping[str, object]]] = iter([("q0", {"model": "gpt-4o-mini", "messages": msgs})])
request_body = b"{}"
request_headers = {"webhook-id": "wh_1"}


def get_token() -> str:
    return "token"


@attrs.define
class RerankResult:
    scores: list[float]
'''


STAR = "from readme_prelude import *  # noqa: F403"


def snippets() -> list[str]:
    """The README's ```python blocks, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("readme")
    (root / "readme_prelude.py").write_text(PRELUDE, encoding="utf-8")
    for number, snippet in enumerate(snippets()):
        (root / f"snippet_{number:02d}.py").write_text(f"{STAR}\n{snippet}", encoding="utf-8")
    return root


def _located(root: Path, file: str, line: int, message: str) -> str:
    """An error as ``snippet_NN.py:line (README text of that line): message``."""
    text = (root / Path(file).name).read_text(encoding="utf-8").splitlines()
    return f"{Path(file).name}:{line} ({text[line - 1].strip()}): {message}"


def test_there_are_snippets_to_check() -> None:
    found = snippets()
    assert len(found) >= 15
    assert any("client.chat.completions.create(" in snippet for snippet in found)


def test_readme_snippets_pass_mypy_strict(modules: Path) -> None:
    paths = sorted(str(path) for path in modules.glob("snippet_*.py"))
    cache = modules / ".mypy_cache"
    stdout, stderr, _ = mypy_api.run(["--strict", "--no-error-summary", "--cache-dir", str(cache), *paths])
    assert not stderr, stderr
    errors = []
    for line in stdout.splitlines():
        match = re.match(r"^(?P<file>[^:]+):(?P<line>\d+): error: (?P<message>.*)$", line)
        if match:
            errors.append(_located(modules, match["file"], int(match["line"]), match["message"]))
    assert not errors, "\n".join(errors)


def test_readme_snippets_pass_pyright_strict(modules: Path) -> None:
    config = {"typeCheckingMode": "strict", "pythonVersion": "3.10", "reportPrivateUsage": False}
    config |= {"reportUnusedVariable": False, "extraPaths": [str(ROOT)]}
    (modules / "pyrightconfig.json").write_text(json.dumps(config))
    command = [sys.executable, "-m", "pyright", "--outputjson", "--pythonpath", sys.executable, str(modules)]
    result = subprocess.run(command, cwd=modules, capture_output=True, text=True, check=False, timeout=600)
    report = json.loads(result.stdout)
    errors = [
        _located(modules, item["file"], item["range"]["start"]["line"] + 1, item["message"])
        for item in report["generalDiagnostics"]
        if item["severity"] == "error"
    ]
    assert not errors, "\n".join(errors)
