from openai_core import OpenAI

client = OpenAI()
models = client.models.list()
ids = [model.id for model in models]
assert "gpt-4o-mini" in ids
model = client.models.retrieve("gpt-4o-mini")
assert model.id == "gpt-4o-mini"
assert model.object == "model"
assert model.owned_by
assert isinstance(model.created, int)
assert models.data[0].id == ids[0]
