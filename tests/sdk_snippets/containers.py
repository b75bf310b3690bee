from openai_core import OpenAI

client = OpenAI()
container = client.containers.create(name="analysis")
assert container.id.startswith("cntr_")
assert container.name == "analysis"
assert container.id in [c.id for c in client.containers.list()]
retrieved = client.containers.retrieve(container.id)
assert retrieved.status == "running"
file = client.containers.files.create(container.id, file=("data.csv", b"a,b\n1,2\n"))
assert file.path.endswith("data.csv")
content = client.containers.files.content.retrieve(file.id, container_id=container.id)
assert content.read() == b"a,b\n1,2\n"
client.containers.delete(container.id)
assert container.id not in [c.id for c in client.containers.list()]
