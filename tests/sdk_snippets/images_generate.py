import base64

from openai_core import OpenAI

client = OpenAI()
result = client.images.generate(model="gpt-image-1", prompt="A cute baby sea otter", size="1024x1024")
image_bytes = base64.b64decode(result.data[0].b64_json)
assert image_bytes.startswith(b"\x89PNG")
with open("otter.png", "wb") as f:
    f.write(image_bytes)
assert result.created > 0
