from openai_core import OpenAI

client = OpenAI()
result = client.embeddings.create(model="text-embedding-3-small", input="The food was delicious")
vector = result.data[0].embedding
assert isinstance(vector, list) and all(isinstance(x, float) for x in vector)
assert result.data[0].index == 0
assert result.model.startswith("text-embedding-3-small")
assert result.usage.prompt_tokens > 0

small = client.embeddings.create(model="text-embedding-3-small", input=["a", "b", "c"], dimensions=64)
assert [len(d.embedding) for d in small.data] == [64, 64, 64]
assert [d.index for d in small.data] == [0, 1, 2]
