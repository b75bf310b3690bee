"""Generate an image and save it; then stream partial images as they are drawn.

Run: python examples/image_generation.py
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

from _local import api

from openai_core import Client

with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    result = client.images.generate(model="gpt-image-1", prompt="a lighthouse at dawn", size="1024x1024")
    image = base64.b64decode(result.data[0].b64_json)
    target = Path(tempfile.gettempdir()) / "lighthouse.png"
    target.write_bytes(image)
    is_png = image.startswith(b"\x89PNG")
    print(f"saved {len(image)} bytes to {target} (PNG: {is_png})")

    stream = client.images.generate(model="gpt-image-1", prompt="a lighthouse", stream=True, partial_images=2)
    for event in stream:
        print("event:", event.type)
