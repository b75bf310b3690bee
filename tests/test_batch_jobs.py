"""``batches.run(manifest=...)``: jobs of many batches, on both clients, against the embedded
server; resuming after a crash at any point, down to ``kill -9`` of the runner process."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from openai_core import BadRequestError, BatchJobResults, PollTimeoutError
from openai_core.helpers.batch_jobs import JOB_KEY, SHARD_KEY, BatchJob
from openai_core.testing import LocalServer
from openai_core.types.chat import ChatCompletion
from tests.conftest import Api

pytestmark = pytest.mark.timeout(60)

ROOT = Path(__file__).resolve().parent.parent


def chat(text: str, model: str | None = "gpt-4o-mini") -> dict[str, Any]:
    body: dict[str, Any] = {"messages": [{"role": "user", "content": text}]}
    if model:
        body["model"] = model
    return body


class Crash(Exception):
    pass


def job_batches(server: LocalServer, job: str) -> list[dict[str, Any]]:
    batches = server.state.objects("batch").values()
    return [b.data for b in batches if (b.data["metadata"] or {}).get(JOB_KEY) == job]


def posts(server: LocalServer) -> list[str]:
    return [r.path for r in server.requests if r.method == "POST"]


async def test_a_job_of_many_batches_streams_its_results_to_files(
    api: Api, server: LocalServer, tmp_path: Path
) -> None:
    broken = {f"q{i}" for i in (5, 333, 1001)}
    requests = (
        (f"q{i}", chat(f"question {i}", model=None if f"q{i}" in broken else "gpt-4o-mini")) for i in range(1200)
    )
    progress: list[tuple[int, int]] = []
    manifest = tmp_path / "job.json"
    job = await api.run(
        api.client.batches.run(
            requests,
            manifest=manifest,
            metadata={"team": "search"},
            max_requests_per_batch=100,
            max_concurrency=3,
            poll_interval=0.01,
            progress=lambda *a: progress.append(a),
        )
    )
    assert isinstance(job, BatchJobResults)
    assert (job.total, job.completed, job.failed, len(job.batch_ids)) == (1200, 1197, 3, 12)
    answers = dict(job.iter_results())
    assert len(answers) == 1197 and not broken & set(answers)
    assert isinstance(answers["q7"], ChatCompletion)
    assert answers["q7"].choices[0].message.content == "Echo: question 7"
    failed = list(job.iter_failed())
    assert sorted(f["custom_id"] for f in failed) == sorted(broken)
    assert failed[0]["error"]["status_code"] == 400 and failed[0]["error"]["code"] == "missing_required_parameter"
    assert failed[0]["body"]["messages"][0]["content"].startswith("question ")
    assert progress[-1] == (1200, 1200) and progress == sorted(progress)

    state = json.loads(manifest.read_text())
    assert [s["state"] for s in state["shards"]] == ["collected"] * 12
    assert [s["batch_id"] for s in state["shards"]] == list(job.batch_ids)
    assert state["output_size"] == job.output.stat().st_size
    assert not (tmp_path / "job.json.d" / "shard-00000.jsonl").exists()  # cleaned up once collected
    created = job_batches(server, state["job"])
    assert sorted(int(b["metadata"][SHARD_KEY]) for b in created) == list(range(12))
    assert all(b["metadata"]["team"] == "search" and b["request_counts"]["total"] == 100 for b in created)
    assert posts(server).count("/v1/batches") == 12

    # The failed requests are valid input for a new job (here, repaired first).
    again = [{**f, "body": {**f["body"], "model": "gpt-4o-mini"}} for f in failed]
    redo = await api.run(api.client.batches.run(again, manifest=tmp_path / "redo.json", poll_interval=0.01))
    assert (redo.completed, redo.failed) == (3, 0) and set(dict(redo.iter_results())) == broken


async def test_the_byte_limit_splits_too(api: Api, server: LocalServer, tmp_path: Path) -> None:
    requests = [(f"r{i}", chat("x" * 200)) for i in range(40)]
    job = await api.run(
        api.client.batches.run(requests, manifest=tmp_path / "j.json", max_bytes_per_batch=2500, poll_interval=0.01)
    )
    uploads = [r for r in server.requests if r.path == "/v1/files"]
    assert len(uploads) == len(job.batch_ids) > 1 and job.completed == 40
    name = json.loads((tmp_path / "j.json").read_text())["job"]
    inputs = [f for f in server.state.list_files() if f.filename.startswith(name)]
    assert len(inputs) == len(job.batch_ids) and all(len(f.data) <= 2500 for f in inputs)
    with pytest.raises(ValueError, match="alone exceeds max_bytes_per_batch"):
        await api.run(api.client.batches.run(requests, manifest=tmp_path / "k.json", max_bytes_per_batch=100))


async def test_a_crash_between_creating_a_batch_and_recording_it(
    api: Api, server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch exists on the server but not in the manifest: resuming finds it by its
    metadata instead of creating (and paying for) a second one."""
    real_update = BatchJob._update
    crashed: list[int] = []

    def update(self: BatchJob, shard: Any, **changes: Any) -> None:
        if changes.get("state") == "submitted" and shard.index == 1 and not crashed:
            crashed.append(shard.index)
            raise Crash  # as a kill would: after the create, before the manifest write
        real_update(self, shard, **changes)

    monkeypatch.setattr(BatchJob, "_update", update)
    manifest = tmp_path / "job.json"
    requests = [(f"r{i}", chat(f"n {i}")) for i in range(90)]
    with pytest.raises(Crash):
        await api.run(
            api.client.batches.run(
                requests, manifest=manifest, max_requests_per_batch=30, max_concurrency=1, poll_interval=0.01
            )
        )
    state = json.loads(manifest.read_text())
    assert [s["state"] for s in state["shards"]] == ["collected", "uploaded", "split"]
    job = await api.run(api.client.batches.run(resume=manifest, poll_interval=0.01))
    assert (job.completed, job.failed) == (90, 0)
    assert sorted(cid for cid, _ in job.iter_results()) == sorted(cid for cid, _ in requests)
    created = job_batches(server, state["job"])
    assert sorted(b["metadata"][SHARD_KEY] for b in created) == ["0", "1", "2"]  # shard 1 created once
    assert job.batch_ids[1] == next(b["id"] for b in created if b["metadata"][SHARD_KEY] == "1")


async def test_a_crash_while_splitting_is_resumed_with_the_jobs_own_limits(
    api: Api, server: LocalServer, tmp_path: Path
) -> None:
    def requests(crash_at: int | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        for i in range(250):
            if i == crash_at:
                raise Crash
            yield f"r{i}", chat(f"n {i}")

    manifest = tmp_path / "job.json"
    with pytest.raises(Crash):
        await api.run(api.client.batches.run(requests(150), manifest=manifest, max_requests_per_batch=100))
    state = json.loads(manifest.read_text())
    assert state["split"] is False and state["shards"] == []  # split again on resume
    assert server.requests == []  # nothing is sent before the split is done
    with pytest.raises(TypeError, match="pass them again"):
        await api.run(api.client.batches.run(resume=manifest))
    job = await api.run(api.client.batches.run(requests(), resume=manifest, poll_interval=0.01))
    assert len(job.batch_ids) == 3 and (job.completed, job.failed) == (250, 0)
    assert [s["requests"] for s in json.loads(manifest.read_text())["shards"]] == [100, 100, 50]


async def test_a_timeout_stops_the_job_and_resume_finishes_it(api: Api, server: LocalServer, tmp_path: Path) -> None:
    server.state.poll_after_ms = 60_000  # no batch is seen finished before the timeout
    manifest = tmp_path / "job.json"
    requests = [(f"r{i}", chat(f"n {i}")) for i in range(20)]
    with pytest.raises(PollTimeoutError):
        await api.run(api.client.batches.run(requests, manifest=manifest, max_requests_per_batch=10, timeout=0.5))
    # Stopped part-way (how far depends on the machine's load), nothing collected yet.
    assert not any(s["state"] == "collected" for s in json.loads(manifest.read_text())["shards"])
    server.state.poll_after_ms = 10
    with pytest.raises(FileExistsError, match="resume="):
        await api.run(api.client.batches.run(requests, manifest=manifest))
    job = await api.run(api.client.batches.run(resume=str(manifest)))
    assert job.completed == 20 and posts(server).count("/v1/batches") == 2


async def test_an_api_error_stops_the_job_and_resume_finishes_it(api: Api, server: LocalServer, tmp_path: Path) -> None:
    manifest = tmp_path / "job.json"
    requests = [(f"r{i}", chat(f"n {i}")) for i in range(40)]
    server.fail_next(400, body={"error": {"message": "no room for files", "type": "invalid_request_error"}})
    with pytest.raises(BadRequestError, match="no room for files"):
        await api.run(
            api.client.batches.run(
                requests, manifest=manifest, max_requests_per_batch=10, max_concurrency=2, poll_interval=0.01
            )
        )
    states = [s["state"] for s in json.loads(manifest.read_text())["shards"]]
    assert "collected" not in states and len(states) == 4
    job = await api.run(api.client.batches.run(resume=manifest, poll_interval=0.01))
    assert (job.completed, job.failed) == (40, 0)
    assert sorted(cid for cid, _ in job.iter_results()) == sorted(cid for cid, _ in requests)


async def test_every_argument_is_checked_before_anything_is_sent(api: Api, server: LocalServer, tmp_path: Path) -> None:
    requests = [("a", chat("a"))]
    run = api.client.batches.run
    bad: list[tuple[dict[str, Any], type[Exception], str]] = [
        ({"timeout": 0}, ValueError, "timeout"),
        ({"poll_interval": -1}, ValueError, "poll_interval"),
        ({"metadata": {"k": 1}}, TypeError, "metadata"),
        ({"completion_window": 24}, TypeError, "completion_window"),
        ({"max_requests_per_batch": 0}, ValueError, "max_requests_per_batch"),
        ({"max_concurrency": 0, "manifest": tmp_path / "j.json"}, ValueError, "max_concurrency"),
        ({"endpoint": "chat", "manifest": tmp_path / "j.json"}, ValueError, "endpoint"),
        ({"output": tmp_path / "o.jsonl"}, TypeError, "manifest"),
        ({"manifest": tmp_path / "j.json", "resume": tmp_path / "j.json"}, TypeError, "not both"),
    ]
    for kwargs, error, match in bad:
        with pytest.raises(error, match=match):
            await api.run(run(requests, **kwargs))
    with pytest.raises(ValueError, match="manifest="):  # more than one batch holds, without a manifest
        await api.run(run([(f"r{i}", chat("a")) for i in range(3)], max_requests_per_batch=2))
    with pytest.raises(FileNotFoundError):
        await api.run(run(resume=tmp_path / "none.json"))
    assert server.requests == []


async def test_a_batch_that_fails_validation_sends_its_requests_to_the_failed_file(
    api: Api, server: LocalServer, tmp_path: Path
) -> None:
    requests = [{"custom_id": f"r{i}", "body": chat("x"), "method": "GET" if i == 4 else "POST"} for i in range(6)]
    job = await api.run(
        api.client.batches.run(requests, manifest=tmp_path / "j.json", max_requests_per_batch=3, poll_interval=0.01)
    )
    assert (job.completed, job.failed) == (3, 3)
    failed = list(job.iter_failed())
    assert [f["custom_id"] for f in failed] == ["r3", "r4", "r5"]
    assert {f["error"]["code"] for f in failed} == {"batch_failed"}
    assert "invalid_method" in failed[0]["error"]["message"]


# ---- kill -9 at random points -------------------------------------------------------------------


@pytest.mark.timeout(150)
def test_sigkill_at_random_points_then_resume_answers_each_request_exactly_once(
    server: LocalServer, tmp_path: Path
) -> None:
    count, per_batch = 3000, 200
    manifest = tmp_path / "job.json"
    env = {**os.environ, "OPENAI_BASE_URL": server.url, "OPENAI_API_KEY": "sk-test", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, str(ROOT / "examples" / "batch_job.py"), "--requests", str(count)]
    command += ["--per-batch", str(per_batch), "--manifest", str(manifest)]
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    killed_in: list[list[str]] = []  # the shard states each kill left behind
    while True:
        resume = ["--resume"] if manifest.exists() else []
        before = manifest.stat().st_mtime_ns if manifest.exists() else 0
        proc = subprocess.Popen(command + resume, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if len(killed_in) < 4:
            # Kill once the runner is at work (it rewrote the manifest), a random moment later.
            started = time.monotonic()
            while proc.poll() is None and time.monotonic() - started < 30:
                if manifest.exists() and manifest.stat().st_mtime_ns != before:
                    break
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 1.0))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                proc.communicate()
                killed_in.append([s["state"] for s in json.loads(manifest.read_text())["shards"]])
                continue
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"seed {seed}: {err.decode()[-2000:]}"
        break
    assert killed_in, seed
    assert b"15 batches, 3000 answers, 0 failed" in out, (seed, out)

    state = json.loads(manifest.read_text())
    lines = [json.loads(line) for line in Path(state["output"]).read_bytes().splitlines()]
    answered = Counter(line["custom_id"] for line in lines)
    assert set(answered) == {f"q-{n}" for n in range(count)} and set(answered.values()) == {1}, seed
    for line in lines[:: count // 10]:
        n = line["custom_id"][2:]
        assert line["response"]["body"]["choices"][0]["message"]["content"] == f"Echo: What is {n} plus one?"
    created = job_batches(server, state["job"])
    assert sorted(int(b["metadata"][SHARD_KEY]) for b in created) == list(range(15)), seed  # none submitted twice
    assert sum(b["request_counts"]["total"] for b in created) == count
    assert Path(state["failed"]).read_bytes() == b""
