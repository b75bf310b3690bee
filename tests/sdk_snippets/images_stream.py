import base64

from openai_core import OpenAI

client = OpenAI()
stream = client.images.generate(model="gpt-image-1", prompt="a lighthouse", stream=True, partial_images=2)
partials = 0
for event in stream:
    if event.type == "image_generation.partial_image":
        partials += 1
    elif event.type == "image_generation.completed":
        image = base64.b64decode(event.b64_json)
assert partials == 2
assert image.startswith(b"\x89PNG")
