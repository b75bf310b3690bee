"""JSON for request bodies, response bodies and stream events: by orjson when it is installed
(the optional ``fast`` extra), else by the standard library. Anything orjson refuses (integers
beyond 64 bits, ``NaN``, invalid input) gets ``json.loads``, its rules and its errors; a
request body orjson might encode otherwise than ``json.dumps`` is left to the caller's encoder.

orjson is imported at the third JSON operation of the process, not at the first: importing it
(with the ``dataclasses``, ``uuid`` and ``platform`` modules it loads) costs more than a whole
call, so a process that makes one call (a script, a cold-started function) is done sooner
without it; a first call's request and answer go through the standard library, which gives
the same values.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

__all__ = ["dumps_plain", "load_orjson", "loads", "loads_event"]

_orjson_loads: Callable[[str | bytes], Any] | None = None
_orjson_dumps: Callable[..., bytes] | None = None
_PLAIN = 0  # orjson's options for request bodies, once it is imported
_standard_left = 2  # JSON operations left to the standard library before orjson is imported


def load_orjson() -> bool:
    """Import orjson now (when it is installed); whether it is in use."""
    global _orjson_loads, _orjson_dumps, _PLAIN, _standard_left
    _standard_left = -1
    try:
        orjson = importlib.import_module("orjson")
    except ImportError:
        return False
    # Subclasses of str/int/dict/list, dataclasses and datetimes go to the caller's encoder, whose
    # conversions they need; so do the values orjson refuses (other objects, non-str keys, huge ints).
    _PLAIN = orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
    _orjson_loads, _orjson_dumps = orjson.loads, orjson.dumps
    return True


def _orjson_ready() -> bool:
    """Whether this operation may use orjson (asked only while it is not imported)."""
    global _standard_left
    if _standard_left > 0:
        _standard_left -= 1
        return False
    return _standard_left == 0 and load_orjson()


_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def loads(data: str | bytes) -> Any:
    """``json.loads(data)``."""
    if _orjson_loads is not None or _orjson_ready():
        try:
            return _orjson_loads(data)  # type: ignore[misc]  # set by _orjson_ready()
        except ValueError:
            pass
    return json.loads(data)


def loads_event(text: str) -> Any:
    """``json.loads(text)`` for one stream event's data; without orjson, the standard scanner
    skips ``json.loads``' whitespace checks for the usual compact data."""
    if _orjson_loads is not None or _orjson_ready():
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
    if _orjson_dumps is None and not _orjson_ready():
        return None
    try:
        data = _orjson_dumps(value, option=_PLAIN)  # type: ignore[misc]  # set by _orjson_ready()
    except TypeError:
        return None
    return None if b"null" in data else data
