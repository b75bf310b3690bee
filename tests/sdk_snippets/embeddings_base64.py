from openai_core import OpenAI

client = OpenAI()
floats = client.embeddings.create(model="text-embedding-3-small", input="hello", encoding_format="float")
packed = client.embeddings.create(model="text-embedding-3-small", input="hello", encoding_format="base64")
assert isinstance(packed.data[0].embedding, str)
assert isinstance(floats.data[0].embedding, list)
default = client.embeddings.create(model="text-embedding-3-small", input="hello")
assert default.data[0].embedding == floats.data[0].embedding
