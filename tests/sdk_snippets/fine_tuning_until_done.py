import time

from openai_core import OpenAI

client = OpenAI()
training = client.files.create(file=("data.jsonl", b'{"messages": []}\n'), purpose="fine-tune")
job = client.fine_tuning.jobs.create(training_file=training.id, model="gpt-4o-mini-2024-07-18")
while job.status not in ("succeeded", "failed", "cancelled"):
    time.sleep(0.01)
    job = client.fine_tuning.jobs.retrieve(job.id)
assert job.status == "succeeded"
assert job.fine_tuned_model.startswith("ft:gpt-4o-mini-2024-07-18")
checkpoints = client.fine_tuning.jobs.checkpoints.list(job.id)
assert checkpoints.data[0].fine_tuning_job_id == job.id
messages = [event.message for event in client.fine_tuning.jobs.list_events(job.id)]
assert len(messages) >= 3
completion = client.chat.completions.create(model=job.fine_tuned_model, messages=[{"role": "user", "content": "hi"}])
assert completion.model == job.fine_tuned_model
