"""The description of one API operation, as the code generator writes it."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from . import _record

__all__ = ["Operation", "OperationTable", "Pagination", "resolve_type"]

BodyKind = Literal["none", "json", "multipart", "json_or_multipart"]
ResponseKind = Literal["json", "binary", "empty"]
StreamMode = Literal["never", "flag", "always"]


@_record.frozen(kw_only=True)
class Pagination:
    """How a list operation reaches its next page.

    The next request sets query parameter ``param`` to the response's ``field`` (or, when that
    is absent or null, to the ``id`` of the last item), for as long as ``has_more`` is true.
    """

    param: str = "after"
    field: str | None = "last_id"


@_record.frozen(kw_only=True)
class Operation:
    """One operation of the spec: what to send and how to read what comes back.

    Type references (``response``, ``item``, ``event``) are ``"module:Name"`` strings,
    imported on first use so that loading an operation never loads its types.
    """

    id: str
    method: str
    path: str
    call: str
    path_params: tuple[str, ...] = ()
    body: BodyKind = "none"
    body_required: bool = False
    accept: str = "application/json"
    response: str | None = None
    response_kind: ResponseKind = "json"
    stream: StreamMode = "never"
    event: str | None = None
    pagination: Pagination | None = None
    item: str | None = None
    deprecated: bool = False
    admin: bool = False
    part_types: tuple[tuple[str, str], ...] = ()  # multipart fields sent as one part of this type


class OperationTable(Mapping[str, Operation]):
    """Operations by id, each made when first looked up from its fields (all but ``id``) as a
    JSON object, where ``path_params`` and ``part_types`` are arrays and ``pagination`` is
    ``[param, field]``: a call decodes only the operations it uses."""

    __slots__ = ("_fields", "_made")

    def __init__(self, fields: dict[str, str]) -> None:
        self._fields = fields
        self._made: dict[str, Operation] = {}

    def __getitem__(self, op_id: str) -> Operation:
        op = self._made.get(op_id)
        if op is None:
            fields = json.loads(self._fields[op_id])
            if "path_params" in fields:
                fields["path_params"] = tuple(fields["path_params"])
            if "part_types" in fields:
                fields["part_types"] = tuple((name, kind) for name, kind in fields["part_types"])
            if "pagination" in fields:
                param, field = fields["pagination"]
                fields["pagination"] = Pagination(param=param, field=field)
            op = self._made[op_id] = Operation(id=op_id, **fields)
        return op

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)


_TYPE_CACHE: dict[str, Any] = {}


def resolve_type(ref: str) -> Any:
    """Import the type named by a ``"package.module:Name"`` reference (cached)."""
    tp = _TYPE_CACHE.get(ref)
    if tp is None:
        module, _, name = ref.partition(":")
        tp = getattr(importlib.import_module(module), name)
        _TYPE_CACHE[ref] = tp
    return tp
