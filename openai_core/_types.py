"""Small shared types: the NOT_GIVEN sentinel, timeouts and the argument aliases."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Any, Final, Literal, Union

import attrs

__all__ = [
    "NOT_GIVEN",
    "Body",
    "FileContent",
    "FileInput",
    "Headers",
    "NotGiven",
    "Omit",
    "Query",
    "Timeout",
    "TimeoutInput",
    "not_given",
    "omit",
]


class NotGiven:
    """Marks an argument the caller did not pass; such arguments are never sent.

    It is falsy, so ``if value:`` treats it like "unset". An explicit ``None`` is different:
    it is sent as JSON ``null``.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()
not_given: Final = NOT_GIVEN
"""The SDK's lower-case spelling of :data:`NOT_GIVEN`."""

Omit = NotGiven
"""The SDK's name for an argument to leave out: the same class, so ``Omit()`` is ``NOT_GIVEN``."""
omit: Final = NOT_GIVEN

Headers = Mapping[str, str]
Query = Mapping[str, Any]
Body = Mapping[str, Any]

FileContent = Union[bytes, IO[bytes], os.PathLike[str]]
"""Raw content of an upload: bytes, a binary file object, or a path to read."""

FileInput = Union[
    FileContent,
    tuple[str, FileContent],
    tuple[str, FileContent, str],
]
"""An upload: its content, or ``(filename, content)`` or ``(filename, content, content_type)``."""


@attrs.frozen(slots=True, kw_only=True)
class Timeout:
    """Time limits in seconds; ``None`` means no limit.

    ``total`` bounds one attempt from sending to the last body byte (for streams: to the
    response headers), ``connect`` bounds opening the connection, ``read`` bounds each wait
    for bytes (for streams: the idle time between chunks), and ``deadline`` bounds a whole
    call: every attempt and every wait between retries together.
    """

    total: float | None = 600.0
    connect: float | None = 5.0
    read: float | None = None
    deadline: float | None = None

    @classmethod
    def coerce(cls, value: TimeoutInput) -> Timeout:
        """Turn a number, ``None`` or a :class:`Timeout` into a :class:`Timeout`."""
        if isinstance(value, Timeout):
            return value
        if value is None:
            return cls(total=None, connect=None, read=None)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise TypeError(f"timeout must be a positive number, None or a Timeout, not {value!r}")
        seconds = float(value)
        return cls(total=seconds, connect=min(seconds, 5.0), read=None)


TimeoutInput = Union[float, Timeout, None]
