"""JSON decoding for response bodies and stream events: by orjson when it is installed (the
optional ``fast`` extra), else by the standard library. Anything orjson refuses (integers
beyond 64 bits, ``NaN``, invalid input) gets ``json.loads``, its rules and its errors."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

__all__ = ["loads", "loads_event"]


def _find_orjson() -> Callable[[str | bytes], Any] | None:
    try:
        module = importlib.import_module("orjson")
    except ImportError:
        return None
    found: Callable[[str | bytes], Any] = module.loads
    return found


_orjson_loads = _find_orjson()
_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def loads(data: str | bytes) -> Any:
    """``json.loads(data)``."""
    if _orjson_loads is not None:
        try:
            return _orjson_loads(data)
        except ValueError:
            pass
    return json.loads(data)


def loads_event(text: str) -> Any:
    """``json.loads(text)`` for one stream event's data; without orjson, the standard scanner
    skips ``json.loads``' whitespace checks for the usual compact data."""
    if _orjson_loads is not None:
        return loads(text)
    try:
        value, end = _scan(text, 0)
    except StopIteration:
        end = -1
    if end != len(text):
        return json.loads(text)
    return value
