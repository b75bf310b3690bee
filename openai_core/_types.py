"""Small shared types: the NOT_GIVEN sentinel, timeouts and the argument aliases."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Any, Final, Literal, Union

from . import _record

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "Body",
    "FileContent",
    "FileInput",
    "Headers",
    "NoneType",
    "NotGiven",
    "Omit",
    "Query",
    "Timeout",
    "TimeoutInput",
    "file_from_path",
    "given",
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


NOT_GIVEN: Final[NotGiven] = NotGiven()
not_given: Final[NotGiven] = NOT_GIVEN
"""The SDK's lower-case spelling of :data:`NOT_GIVEN`."""

Omit = NotGiven
"""The SDK's name for an argument to leave out: the same class, so ``Omit()`` is ``NOT_GIVEN``."""
omit: Final = NOT_GIVEN

NoneType: type[None] = type(None)


def given(args: dict[str, Any]) -> dict[str, Any]:
    """``args`` without those left at ``NOT_GIVEN``: what a generated helper passes on."""
    return {k: v for k, v in args.items() if v is not NOT_GIVEN}


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


def file_from_path(path: str | os.PathLike[str]) -> tuple[str, bytes]:
    """The file at ``path`` as an upload: ``(its base name, its bytes)``."""
    with open(path, "rb") as file:
        return os.path.basename(path), file.read()


@_record.frozen(kw_only=True)
class Timeout:
    """Time limits in seconds; ``None`` means no limit.

    - ``connect``: opening the connection (the socket and TLS), nothing else;
    - ``read``: each wait for bytes, so also the idle gap between the chunks of a stream;
    - ``pool``: waiting for a free connection of a full pool;
    - ``total``: one attempt from sending to the last body byte (for a stream: to its headers);
    - ``deadline``: the whole call, every attempt, the waits between retries and the full
      reading of a stream body included.

    A plain number ``N`` means ``Timeout(total=N, connect=min(N, 5), read=N, pool=N)``.
    """

    total: float | None = 600.0
    connect: float | None = 5.0
    read: float | None = 600.0
    pool: float | None = 600.0
    deadline: float | None = None

    @classmethod
    def coerce(cls, value: TimeoutInput) -> Timeout:
        """Turn a number, ``None`` or a :class:`Timeout` into a :class:`Timeout`; an
        ``httpx``-style timeout (the official SDK's) gives its ``connect`` and ``read`` limits."""
        if isinstance(value, Timeout):
            return value
        phases: Any = value
        if all(hasattr(phases, name) for name in ("connect", "read", "write", "pool")):
            return cls(total=None, connect=_limit(phases.connect), read=_limit(phases.read))
        if value is None:
            return cls(total=None, connect=None, read=None, pool=None)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
            raise TypeError(f"timeout must be a positive number, None or a Timeout, not {value!r}")
        seconds = float(value)
        return cls(total=seconds, connect=min(seconds, 5.0), read=seconds, pool=seconds)


def _limit(seconds: Any) -> float | None:
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds <= 0:
        raise TypeError(f"a timeout must be a positive number or None, not {seconds!r}")
    return float(seconds)


TimeoutInput = Union[float, Timeout, None]

DEFAULT_TIMEOUT: Final = Timeout()
"""The time limits of a client that is given none: 600 s, 5 s to connect."""
DEFAULT_MAX_RETRIES: Final = 2
"""How many times a client retries a failed request unless told otherwise."""
