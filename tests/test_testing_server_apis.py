"""The embedded server's newer APIs: their rules and errors, over plain HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from openai_core.testing import LocalServer

AUTH = {"Authorization": "Bearer sk-test"}


@pytest.fixture
def srv() -> Iterator[LocalServer]:
    with LocalServer() as server:
        yield server


def call(srv: LocalServer, method: str, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
    headers = kwargs.pop("headers", AUTH)
    return requests.request(method, f"{srv.url}{path}", json=body, headers=headers, timeout=10, **kwargs)


def error_of(response: requests.Response) -> dict[str, Any]:
    error: dict[str, Any] = response.json()["error"]
    return error


def test_azure_paths_take_an_api_key(srv: LocalServer) -> None:
    base = srv.url.removesuffix("/v1")
    body = {"model": "d", "messages": [{"role": "user", "content": "hi"}]}
    ok = requests.post(f"{base}/openai/deployments/d/chat/completions", json=body, headers={"api-key": "k"}, timeout=10)
    assert ok.status_code == 200 and ok.json()["choices"][0]["message"]["content"] == "Echo: hi"
    assert requests.get(f"{base}/openai/models", headers={"api-key": "k"}, timeout=10).status_code == 200
    assert requests.get(f"{base}/openai/models", timeout=10).status_code == 401
    assert requests.get(f"{srv.url}/models", headers={"api-key": "k"}, timeout=10).status_code == 401


def test_fine_tuning_needs_a_known_file_and_runs_to_success(srv: LocalServer) -> None:
    bad = call(srv, "POST", "/fine_tuning/jobs", {"model": "gpt-4o-mini", "training_file": "file-nope"})
    assert bad.status_code == 400 and error_of(bad)["param"] == "training_file"
    file_id = srv.state.add_file("t.jsonl", b"{}\n", "fine-tune").id
    job = call(srv, "POST", "/fine_tuning/jobs", {"model": "gpt-4o-mini", "training_file": file_id}).json()
    statuses = [call(srv, "GET", f"/fine_tuning/jobs/{job['id']}").json()["status"] for _ in range(4)]
    assert statuses == ["queued", "running", "succeeded", "succeeded"]
    cancel = call(srv, "POST", f"/fine_tuning/jobs/{job['id']}/cancel")
    assert cancel.status_code == 400
    events = call(srv, "GET", f"/fine_tuning/jobs/{job['id']}/events", params={"limit": 2}).json()
    assert len(events["data"]) == 2 and events["has_more"] is True
    checkpoints = call(srv, "GET", f"/fine_tuning/jobs/{job['id']}/checkpoints").json()["data"]
    assert checkpoints[0]["fine_tuning_job_id"] == job["id"]


def test_moderation_flags_trigger_words(srv: LocalServer) -> None:
    result = call(srv, "POST", "/moderations", {"input": ["have a nice day", "I will attack you"]}).json()
    calm, violent = result["results"]
    assert calm["flagged"] is False
    assert violent["flagged"] is True and violent["categories"]["violence"] is True
    assert violent["category_scores"]["violence"] > calm["category_scores"]["violence"]


def test_assistant_run_asks_for_tools_and_checks_the_outputs(srv: LocalServer) -> None:
    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {}}}}
    assistant = call(srv, "POST", "/assistants", {"model": "gpt-4o", "tools": [tool]}).json()
    thread = call(srv, "POST", "/threads", {"messages": [{"role": "user", "content": "go"}]}).json()
    run = call(srv, "POST", f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]}).json()
    path = f"/threads/{thread['id']}/runs/{run['id']}"
    assert [call(srv, "GET", path).json()["status"] for _ in range(2)] == ["in_progress", "requires_action"]
    early = call(srv, "POST", f"{path}/submit_tool_outputs", {"tool_outputs": [{"tool_call_id": "x", "output": "1"}]})
    assert early.status_code == 400 and error_of(early)["param"] == "tool_outputs"
    calls = call(srv, "GET", path).json()["required_action"]["submit_tool_outputs"]["tool_calls"]
    outputs = [{"tool_call_id": c["id"], "output": "42"} for c in calls]
    assert call(srv, "POST", f"{path}/submit_tool_outputs", {"tool_outputs": outputs}).status_code == 200
    assert call(srv, "GET", path).json()["status"] == "completed"
    reply = call(srv, "GET", f"/threads/{thread['id']}/messages", params={"limit": 1}).json()["data"][0]
    assert reply["content"][0]["text"]["value"] == "Echo: 42"
    missing = call(srv, "POST", f"/threads/{thread['id']}/runs", {"assistant_id": "asst_nope"})
    assert missing.status_code == 404 and error_of(missing)["param"] == "assistant_id"


def test_streamed_run_ends_with_done(srv: LocalServer) -> None:
    assistant = call(srv, "POST", "/assistants", {"model": "gpt-4o"}).json()
    body = {
        "assistant_id": assistant["id"],
        "thread": {"messages": [{"role": "user", "content": "a b"}]},
        "stream": True,
    }
    text = call(srv, "POST", "/threads/runs", body).text
    names = [line[7:] for line in text.splitlines() if line.startswith("event: ")]
    assert names[:3] == ["thread.run.created", "thread.run.queued", "thread.run.in_progress"]
    assert names.count("thread.message.delta") == 3  # "Echo: ", "a ", "b"
    assert names[-2:] == ["thread.run.completed", "done"]


def test_conversation_items_and_responses(srv: LocalServer) -> None:
    assert call(srv, "GET", "/conversations/conv_nope/items").status_code == 404
    conversation = call(srv, "POST", "/conversations", {}).json()
    response = call(srv, "POST", "/responses", {"model": "m", "input": "hi", "conversation": conversation["id"]})
    assert response.json()["conversation"] == {"id": conversation["id"]}
    items = call(srv, "GET", f"/conversations/{conversation['id']}/items").json()["data"]
    assert [(i["type"], i.get("role")) for i in items] == [("message", "user"), ("message", "assistant")]
    assert items[0]["content"] == [{"type": "input_text", "text": "hi"}]
    unknown = call(srv, "POST", "/responses", {"model": "m", "input": "x", "conversation": "conv_nope"})
    assert unknown.status_code == 404


def test_vector_store_search_ranks_by_matching_words(srv: LocalServer) -> None:
    srv.state.poll_steps = 1
    store = call(srv, "POST", "/vector_stores", {"name": "kb"}).json()
    for name, text in (("a.txt", b"refund policy and refund window"), ("b.txt", b"refund only"), ("c.txt", b"other")):
        file_id = srv.state.add_file(name, text).id
        call(srv, "POST", f"/vector_stores/{store['id']}/files", {"file_id": file_id})
        call(srv, "GET", f"/vector_stores/{store['id']}/files/{file_id}")
    hits = call(srv, "POST", f"/vector_stores/{store['id']}/search", {"query": "refund window"}).json()["data"]
    assert [h["filename"] for h in hits] == ["a.txt", "b.txt"]
    assert hits[0]["score"] > hits[1]["score"]


def test_legacy_completions_and_json_mode(srv: LocalServer) -> None:
    body = {"model": "gpt-3.5-turbo-instruct", "prompt": ["one", "two"], "n": 2}
    choices = call(srv, "POST", "/completions", body).json()["choices"]
    assert [c["text"] for c in choices] == ["Echo: one", "Echo: one", "Echo: two", "Echo: two"]
    chat = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "response_format": {"type": "json_object"}}
    content = call(srv, "POST", "/chat/completions", chat).json()["choices"][0]["message"]["content"]
    assert content == '{"answer": "Echo: hi"}'


def test_videos_are_ready_after_polling(srv: LocalServer) -> None:
    video = call(srv, "POST", "/videos", {"model": "sora-2", "prompt": "sea"}).json()
    early = call(srv, "GET", f"/videos/{video['id']}/content")
    assert early.status_code == 400 and error_of(early)["code"] == "video_not_ready"
    assert [call(srv, "GET", f"/videos/{video['id']}").json()["progress"] for _ in range(2)] == [50, 100]
    content = call(srv, "GET", f"/videos/{video['id']}/content")
    assert content.headers["content-type"] == "video/mp4" and content.content.endswith(b"sea")
