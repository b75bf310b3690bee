from openai_core import OpenAI

client = OpenAI()
training = client.files.create(
    file=("train.jsonl", b'{"messages": [{"role": "user", "content": "hi"}]}\n'), purpose="fine-tune"
)
job = client.fine_tuning.jobs.create(training_file=training.id, model="gpt-4o-mini-2024-07-18", suffix="demo")
assert job.id.startswith("ftjob-")
assert job.training_file == training.id
assert job.status in ("validating_files", "queued", "running")

retrieved = client.fine_tuning.jobs.retrieve(job.id)
assert retrieved.id == job.id
assert job.id in [j.id for j in client.fine_tuning.jobs.list(limit=10)]

events = client.fine_tuning.jobs.list_events(fine_tuning_job_id=job.id, limit=10)
assert all(e.object == "fine_tuning.job.event" for e in events.data)
assert len(events.data) >= 1

cancelled = client.fine_tuning.jobs.cancel(job.id)
assert cancelled.status == "cancelled"
