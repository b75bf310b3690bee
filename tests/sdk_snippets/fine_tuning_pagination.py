from openai_core import OpenAI

client = OpenAI()
training = client.files.create(file=("t.jsonl", b"{}\n"), purpose="fine-tune")
for _ in range(5):
    client.fine_tuning.jobs.create(training_file=training.id, model="gpt-4o-mini")

first_page = client.fine_tuning.jobs.list(limit=2)
assert len(first_page.data) == 2
assert first_page.has_next_page()
second_page = first_page.get_next_page()
assert {j.id for j in second_page.data}.isdisjoint({j.id for j in first_page.data})

counted = 0
for page in first_page.iter_pages():
    counted += len(page.data)
assert counted == 5

all_jobs = list(client.fine_tuning.jobs.list(limit=2))
assert len(all_jobs) == 5
