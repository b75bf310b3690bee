"""Embeddings, and the cosine similarity between them.

Run: python examples/embeddings.py
"""

from __future__ import annotations

import math

from _local import EMBEDDING_MODEL, api

from openai_core import Client

TEXTS = ["The cat sat on the mat.", "A kitten rests on a rug.", "Quarterly revenue grew 4%."]


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


with api() as (base_url, api_key), Client(api_key=api_key, base_url=base_url) as client:
    # Sent as base64 (a quarter of the bytes); returned as lists of floats all the same.
    result = client.embeddings.create(model=EMBEDDING_MODEL, input=TEXTS)
    vectors = [item.embedding for item in result.data]
    print(f"{len(vectors)} vectors of {len(vectors[0])} dimensions from {result.model}")
    for i in range(len(TEXTS)):
        for j in range(i + 1, len(TEXTS)):
            print(f"cosine({i}, {j}) = {cosine(vectors[i], vectors[j]):+.3f}   {TEXTS[i]!r} ~ {TEXTS[j]!r}")
