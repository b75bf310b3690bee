"""The README's pydantic, stream helper and Realtime snippets run as they are."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def _snippet(heading: str) -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index(f"### {heading}\n") :]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found is not None
    return found.group(1)


def _run(heading: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_snippet(heading), f"README:{heading}", "exec", dont_inherit=True), {"__name__": "readme"})
    return out.getvalue()


@pytest.mark.timeout(60)
def test_pydantic_snippet() -> None:
    lines = _run("pydantic models").splitlines()
    assert lines[0] == "name='example' day='mon'"
    assert lines[1] == "city='example' unit='c'"
    assert lines[2] == "name='example' day='mon'"


@pytest.mark.timeout(60)
def test_stream_helpers_snippet() -> None:
    lines = _run("Stream helpers").splitlines()
    assert lines[:2] == ["Echo: Hello", "Echo: Hello"]
    assert lines[2].startswith("resp_")


@pytest.mark.timeout(60)
def test_realtime_snippet() -> None:
    lines = _run("Realtime").splitlines()
    assert lines[0] == "Echo: Hi"
    assert lines[1].startswith("resp_")
