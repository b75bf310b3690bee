"""JSON for request bodies, response bodies and stream events: by orjson when it is installed
(the optional ``fast`` extra), else by the standard library. Anything orjson refuses (integers
beyond 64 bits, ``NaN``, invalid input) gets ``json.loads``, its rules and its errors; a
request body orjson might encode otherwise than ``json.dumps`` is left to the caller's encoder."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

__all__ = ["dumps_plain", "loads", "loads_event"]


def _find_orjson() -> Any:
    try:
        return importlib.import_module("orjson")
    except ImportError:
        return None


_orjson = _find_orjson()
_orjson_loads: Callable[[str | bytes], Any] | None = None if _orjson is None else _orjson.loads
_orjson_dumps: Callable[..., bytes] | None = None if _orjson is None else _orjson.dumps
# Subclasses of str/int/dict/list, dataclasses and datetimes go to the caller's encoder, whose
# conversions they need; so do the values orjson refuses (other objects, non-str keys, huge ints).
_PLAIN = (
    0
    if _orjson is None
    else _orjson.OPT_PASSTHROUGH_SUBCLASS | _orjson.OPT_PASSTHROUGH_DATACLASS | _orjson.OPT_PASSTHROUGH_DATETIME
)
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


def dumps_plain(value: Any) -> bytes | None:
    """``value`` as compact UTF-8 JSON (``json.dumps(value, separators=(",", ":"),
    ensure_ascii=False).encode()``, but for the spelling of some floats: ``1e-7`` for
    ``1e-07``), by orjson; ``None`` when orjson is missing or ``value`` holds anything but plain
    dicts, lists, tuples, strings, numbers, booleans and ``None``. Output with a ``null`` is
    ``None`` too: orjson writes ``NaN`` and the infinities as ``null``, ``json.dumps`` does not."""
    if _orjson_dumps is None:
        return None
    try:
        data = _orjson_dumps(value, option=_PLAIN)
    except TypeError:
        return None
    return None if b"null" in data else data
