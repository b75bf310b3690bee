from openai_core import OpenAI

client = OpenAI()
for i in range(5):
    client.files.create(file=(f"f{i}.txt", b"x" * (i + 1)), purpose="assistants")

page = client.files.list(limit=2)
assert len(page.data) == 2
assert page.has_next_page()
pages = list(page.iter_pages())
assert sum(len(p.data) for p in pages) == 5
next_page = page.get_next_page()
assert next_page.data[0].id != page.data[0].id
assert page.next_page_info() is not None

all_ids = [f.id for f in client.files.list(limit=2)]
assert len(all_ids) == len(set(all_ids)) == 5
