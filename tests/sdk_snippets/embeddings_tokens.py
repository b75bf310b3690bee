from openai_core import OpenAI

client = OpenAI()
result = client.embeddings.create(model="text-embedding-ada-002", input=[[1, 2, 3], [4, 5]])
assert len(result.data) == 2
assert len(result.data[0].embedding) == len(result.data[1].embedding) > 0
