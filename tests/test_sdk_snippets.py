"""Everyday snippets written against the official SDK's surface, run against the embedded server.

Each file in ``tests/sdk_snippets`` is a small script a user of the ``openai`` package would
write, with only the import line switched to ``openai_core``. The server is found the way users
configure a client, through ``OPENAI_BASE_URL`` and ``OPENAI_API_KEY``; snippets that inject
faults start their own ``LocalServer``.
"""

from __future__ import annotations

import gc
import re
import runpy
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from openai_core.testing import LocalServer

SNIPPETS = sorted((Path(__file__).parent / "sdk_snippets").glob("*.py"))


@pytest.fixture
def snippet_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[LocalServer]:
    with LocalServer() as server:
        for name in ("OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_WEBHOOK_SECRET", "OPENAI_LOG"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-snippet")
        monkeypatch.chdir(tmp_path)
        yield server


# Users of the SDK seldom close their clients: what a snippet leaves open is collected when
# its process ends, not reported as an error of whichever test the collector happens to run in.
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(scope="module", autouse=True)
def _collect_at_the_end() -> Iterator[None]:
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def run_snippet(path: Path) -> None:
    """Run a script as ``__main__``."""
    runpy.run_path(str(path), run_name="__main__")


def test_there_are_enough_snippets() -> None:
    assert len(SNIPPETS) >= 70


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.stem)
def test_snippet(path: Path, snippet_env: LocalServer) -> None:
    run_snippet(path)


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.stem)
def test_snippet_is_official_sdk_code(path: Path, snippet_env: LocalServer, tmp_path: Path) -> None:
    """The same snippet, with the import line switched back, passes on the official SDK: each
    one relies on the SDK's real behaviour, not on something only ours does."""
    switched = tmp_path / f"sdk_{path.name}"
    switched.write_text(re.sub(r"\bopenai_core\b(?!\.testing)", "openai", path.read_text()))
    run_snippet(switched)
