from openai_core import OpenAI

client = OpenAI()
result = client.images.generate(
    model="dall-e-3", prompt="a white siamese cat", size="1024x1024", quality="standard", n=1, response_format="url"
)
assert result.data[0].url.startswith("http")
assert result.data[0].b64_json is None
