"""Adjustments that one operation needs on the way out and back, shared by both clients."""

from __future__ import annotations

import base64
import sys
from array import array
from collections.abc import Callable, Mapping
from typing import Any

from ._operation import Operation
from ._types import NOT_GIVEN, NotGiven

__all__ = ["adapt"]

Transform = Callable[[Any], Any]


def _floats_from_base64(data: Any) -> Any:
    """Turn base64 float32 embeddings back into the lists of floats the caller asked for."""
    items = data.get("data") if isinstance(data, dict) else None
    for item in items or ():
        vector = item.get("embedding") if isinstance(item, dict) else None
        if isinstance(vector, str):
            floats = array("f", base64.b64decode(vector))
            if sys.byteorder == "big":
                floats.byteswap()
            item["embedding"] = floats.tolist()
    return data


def adapt(op: Operation, body: Mapping[str, Any] | None) -> tuple[Mapping[str, Any] | None, Transform | None]:
    """The body to send for ``op``, and the transform its decoded JSON answer needs, if any.

    Embeddings travel as base64 unless the caller chose a format: a quarter of the bytes,
    and no JSON float parsing. The caller still gets lists of floats. A class as a chat
    ``response_format`` is refused: ``parse()`` is the call that takes one.
    """
    if op.id == "createChatCompletion" and body is not None and isinstance(body.get("response_format"), type):
        pydantic = sys.modules.get("pydantic")  # a BaseModel class means pydantic is imported
        cls = body["response_format"]
        kind = "BaseModel" if pydantic is not None and issubclass(cls, pydantic.BaseModel) else cls.__name__
        raise TypeError(
            f"You tried to pass a `{kind}` class to `chat.completions.create()`; "
            "use `chat.completions.parse()` to get a typed result"
        )
    if op.id == "createEmbedding" and body is not None and isinstance(body.get("encoding_format", NOT_GIVEN), NotGiven):
        return {**body, "encoding_format": "base64"}, _floats_from_base64
    return body, None
