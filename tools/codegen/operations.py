"""Analyse the spec's operations: call names, parameters, bodies, responses, streams, pages."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .naming import pascal, py_identifier, snake
from .typemodel import (
    NONE,
    AliasDef,
    ClassDef,
    Enum,
    Field,
    ListOf,
    Lit,
    Prim,
    Ref,
    Type,
    TypeBuilder,
    UnionOf,
    union,
)

__all__ = ["NAMES", "OpInfo", "Param", "analyse_operations"]

# The naming table (see its "_about"): call names and parameter names, by operationId.
NAMES: dict[str, Any] = json.loads((Path(__file__).parent / "names.json").read_text(encoding="utf-8"))

HTTP_METHODS = ("get", "post", "put", "patch", "delete")

# Trailing path segments that name an action on the resource before them.
ACTIONS = frozenset(
    {
        "accept",
        "activate",
        "archive",
        "cancel",
        "compact",
        "complete",
        "deactivate",
        "hangup",
        "pause",
        "refer",
        "reject",
        "remix",
        "resume",
        "run",
        "search",
        "submit_tool_outputs",
        "validate",
    }
)

# Operations that stream with ``stream=true`` but whose spec does not declare the SSE answer:
# the event type to use.
EVENT_OVERRIDES = {
    "createCompletion": "CreateCompletionResponse",
    "createRun": "AssistantStreamEvent",
    "createThreadAndRun": "AssistantStreamEvent",
    "submitToolOuputsToRun": "AssistantStreamEvent",
    "getResponse": "ResponseStreamEvent",
    "beta_getResponse": "BetaResponseStreamEvent",
}

# Options every method takes; no parameter may be named like them.
OPTION_NAMES = frozenset({"extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "self"})


@dataclass
class Param:
    wire: str  # name on the wire (JSON key, query or header name)
    py: str
    location: str  # "path" | "query" | "header" | "body"
    type: Type
    required: bool


@dataclass
class Pagination:
    param: str
    field: str | None


@dataclass
class OpInfo:
    id: str
    method: str
    key: str  # the spec's path key, query part included
    path: str
    call: str
    resource: tuple[str, ...]
    name: str
    group: str
    path_params: list[Param] = field(default_factory=list)  # in path order
    positional: list[str] = field(default_factory=list)  # path parameters taken by position, in order
    also: list[str] = field(default_factory=list)  # more call names for the same operation
    deprecated_also: list[str] = field(default_factory=list)  # those of them the SDK deprecates
    text_also: list[str] = field(default_factory=list)  # those of them that give the body as text
    as_text: bool = False  # this name of the operation gives the body as text (a ``text_also`` one)
    part_types: tuple[tuple[str, str], ...] = ()  # the multipart encoding's content types
    query: list[Param] = field(default_factory=list)
    headers: list[Param] = field(default_factory=list)
    body: list[Param] = field(default_factory=list)
    body_kind: str = "none"
    body_required: bool = False
    accept: str = "application/json"
    response: Type | None = None
    response_kind: str = "json"
    stream: str = "never"
    event: Type | None = None
    pagination: Pagination | None = None
    item: Type | None = None
    deprecated: bool = False
    admin: bool = False
    paged: bool = False  # answers a page of ``item`` (a list operation)
    doc_group: str = ""
    doc_slug: str = ""
    renamed: list[str] = field(default_factory=list)
    # Other named types the operation uses (its request body classes, its declared SSE type).
    related: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)


def _open_enums(t: Type) -> Type:
    """``t`` with closed string literals widened to open enums."""
    if isinstance(t, Lit) and all(isinstance(v, str) for v in t.values):
        return Enum(t.values, "str")
    if isinstance(t, ListOf):
        return ListOf(_open_enums(t.item))
    if isinstance(t, UnionOf):
        return union(*(_open_enums(m) for m in t.members))
    return t


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _call_name(op_id: str, method: str, key: str, list_like: bool, singleton: bool) -> str:
    """The operation's call name: the naming table's, else the one its path gives."""
    if op_id in NAMES["operations"]:
        return str(NAMES["operations"][op_id]["call"])
    if op_id in NAMES["own"]:
        return str(NAMES["own"][op_id])
    return _path_name(method, key, list_like, singleton)


def _path_name(method: str, key: str, list_like: bool, singleton: bool) -> str:
    """The call name the path gives: resources from its segments, the verb from the method."""
    path, _, query = key.partition("?")
    segments = [s for s in path.split("/") if s]
    prefix = ["beta"] if "beta=true" in query else []
    verb: str | None = None
    if method == "post" and not _is_param(segments[-1]) and segments[-1] in ACTIONS:
        verb = segments[-1]
        segments = segments[:-1]
    resource = prefix + [snake(s) for s in segments if not _is_param(s)]
    ends_with_param = _is_param(segments[-1])
    if verb is None:
        if method == "get":
            verb = "list" if list_like and not ends_with_param else "retrieve"
        elif method == "delete":
            verb = "delete"
        elif method in ("post", "put", "patch"):
            verb = "update" if ends_with_param or singleton else "create"
        else:
            verb = method
    return ".".join([*resource, verb])


class _Analyser:
    def __init__(self, spec: dict[str, Any], builder: TypeBuilder) -> None:
        self.spec = spec
        self.b = builder

    # -- helpers --

    def object_props(self, schema: Any) -> dict[str, Any]:
        """Properties of a (possibly allOf-composed) object schema, without conversion."""
        schema = self.b.deref(schema)
        out: dict[str, Any] = {}
        for part in schema.get("allOf", []):
            out.update(self.object_props(part))
        out.update(schema.get("properties") or {})
        return out

    def list_shape(self, op: dict[str, Any]) -> dict[str, Any] | None:
        ok = next((r for c, r in op["responses"].items() if c.startswith("2")), None)
        media = ((ok or {}).get("content") or {}).get("application/json")
        if not media:
            return None
        props = self.object_props(media["schema"])
        data = props.get("data")
        if not isinstance(data, dict):
            return None
        data = self.b.deref(data)
        if data.get("type") != "array":
            return None
        return props

    def body_fields(self, schema: Any, ctx: str) -> list[Field]:
        """The fields of a request body schema (a component class or an inline object)."""
        if isinstance(schema, dict) and "$ref" in schema:
            name = self.b.ref_name(schema["$ref"])
            d = self.b.defs[name]
            if isinstance(d, ClassDef):
                return d.fields
            raise ValueError(f"body schema {name} is not an object")
        return self.b.object_fields(schema, ctx, "")

    # -- one operation --

    def analyse(self, key: str, method: str, op: dict[str, Any], calls: dict[str, tuple[str, str]]) -> OpInfo:
        op_id = op["operationId"]
        ctx = pascal(op_id.replace("beta_", "Beta_"))
        path = key
        call, group = calls[op_id]
        parts = call.split(".")
        sdk = NAMES["operations"].get(op_id, {})
        renames: dict[str, str] = sdk.get("params", {})
        info = OpInfo(
            id=op_id,
            method=method.upper(),
            key=key,
            path=path,
            call=call,
            resource=tuple(parts[:-1]),
            name=parts[-1],
            group=group,
            also=list(sdk.get("also", [])),
            deprecated_also=list(sdk.get("deprecated_also", [])),
            text_also=[call for call, kind in sdk.get("returns_also", {}).items() if kind == "text"],
            # What the SDK deprecates, where it has the operation; else what the spec does.
            deprecated=bool(sdk.get("deprecated")) if sdk else bool(op.get("deprecated")),
            admin=key.startswith(("/organization/", "/projects/")),
        )
        meta = op.get("x-oaiMeta") or {}
        info.doc_group = str(meta.get("group") or parts[0]).replace("_", "-")
        slug = meta.get("path")
        info.doc_slug = (
            slug
            if isinstance(slug, str) and slug.replace("-", "").replace("/", "").isalnum()
            else info.name.replace("_", "-")
        )
        examples = meta.get("examples")
        for ex in examples if isinstance(examples, list) else [examples] if examples else []:
            if isinstance(ex, dict) and isinstance(ex.get("response"), str):
                info.examples.append(ex["response"])

        taken: set[str] = set(OPTION_NAMES)
        # Path parameters, in path order.
        for segment in key.partition("?")[0].split("/"):
            if _is_param(segment):
                wire = segment[1:-1]
                py = py_identifier(renames.get(wire, wire), taken)
                taken.add(py)
                info.path_params.append(Param(wire, py, "path", Prim("str"), True))
        # The SDK's positional parameters; without its word, the last path parameter.
        default = [p.py for p in info.path_params[-1:]]
        info.positional = list(sdk.get("positional", default if op_id not in NAMES["operations"] else []))
        unknown = set(info.positional) - {p.py for p in info.path_params}
        if unknown:
            raise ValueError(f"{op_id}: positional parameters {sorted(unknown)} are no path parameters")
        for p in op.get("parameters", []):
            if p["in"] == "path":
                continue
            schema = p.get("schema", {})
            wire = p["name"]
            wanted = schema.get("x-stainless-param") if p["in"] == "header" else renames.get(wire)
            py = py_identifier(wanted or wire, taken)
            taken.add(py)
            t = self.b.convert(schema, ctx + pascal(wire), "")
            if p["in"] == "header":
                t = _open_enums(t)  # beta flags: new values must not need a new release
            param = Param(wire, py, p["in"], t, bool(p.get("required")))
            (info.query if p["in"] == "query" else info.headers).append(param)

        # Request body.
        rb = op.get("requestBody")
        if rb:
            content = rb.get("content", {})
            kinds = [ct for ct in content if ct in ("application/json", "multipart/form-data")]
            if "application/json" in kinds and "multipart/form-data" in kinds:
                info.body_kind = "json_or_multipart"
            elif kinds:
                info.body_kind = "json" if kinds[0] == "application/json" else "multipart"
            info.body_required = bool(rb.get("required"))
            encoding = content.get("multipart/form-data", {}).get("encoding", {})
            info.part_types = tuple(sorted((k, v["contentType"]) for k, v in encoding.items() if "contentType" in v))
            schemas = [content[ct]["schema"] for ct in ("multipart/form-data", "application/json") if ct in content]
            per_schema = [self.body_fields(schema, ctx + "Params") for schema in schemas]
            info.related += [self.b.ref_name(sch["$ref"]) for sch in schemas if "$ref" in sch]
            merged: dict[str, Param] = {}
            for fields in per_schema:
                for f in fields:
                    if f.json_name in merged:
                        merged[f.json_name].type = union(merged[f.json_name].type, f.type)
                    else:
                        merged[f.json_name] = Param(f.json_name, f.py_name, "body", f.type, f.required)
            for name, param in merged.items():
                param.required = all(any(f.json_name == name and f.required for f in fields) for fields in per_schema)
                py = py_identifier(renames.get(param.wire, param.wire), taken)
                if py != param.py:
                    info.renamed.append(f"{param.wire} -> {py}")
                param.py = py
                taken.add(py)
                info.body.append(param)

        # Fields the SDK sends that the spec does not declare: untyped, sent as given.
        for wire, location in sdk.get("extra", {}).items():
            if location not in ("body", "query") or (location == "body" and info.body_kind == "none"):
                raise ValueError(f"{op_id}: no {location} for the SDK's parameter {wire!r}")
            py = py_identifier(wire, taken)
            taken.add(py)
            (info.body if location == "body" else info.query).append(Param(wire, py, location, Prim("Any"), False))

        # Required by the spec, optional in the SDK: a call written for the SDK must work.
        optional = set(sdk.get("optional", []))
        for param in info.query + info.headers + info.body:
            if param.py in optional:
                param.required = False
                optional.discard(param.py)
        if optional:
            raise ValueError(f"{op_id}: no parameters {sorted(optional)} to make optional")

        # Response.
        ok_code = next((c for c in op["responses"] if c.startswith("2")), None)
        ok = op["responses"].get(ok_code, {}) if ok_code else {}
        content = ok.get("content") or {}
        sse = content.get("text/event-stream")
        plain = [ct for ct in content if ct != "text/event-stream"]
        # Binary where the SDK gives binary content, whatever the spec says the body is.
        binary = any(ct != "application/json" and not ct.startswith("text/") for ct in plain)
        if binary or sdk.get("returns") == "binary":
            info.response_kind = "binary"
            info.accept = plain[0] if plain else "*/*"
        elif not plain:
            info.response_kind = "empty"
        else:
            info.accept = plain[0]
            schema = content[plain[0]]["schema"]
            t = self.b.convert(schema, ctx + "Response", "")
            if isinstance(t, UnionOf):
                name = self.b.reserve(ctx + "Response")
                self.b.defs[name] = AliasDef(name=name, type=t, parent=op_id)
                t = Ref(name)
            info.response = t
        if sse is not None:
            info.event = self.b.convert(sse["schema"], ctx + "Event", "")
            if isinstance(info.event, Ref):
                info.related.append(info.event.name)
        elif op_id in EVENT_OVERRIDES:
            info.event = Ref(EVENT_OVERRIDES[op_id])
        # `stream: true` turns on SSE; for speech it is `stream_format: "sse"`.
        has_stream_flag = any(p.wire in ("stream", "stream_format") for p in info.body + info.query)
        if info.event is not None:
            if has_stream_flag:
                info.stream = "flag"
            else:
                info.event = None

        # Pagination.
        if info.method == "GET":
            props = self.list_shape(op)
            if props is not None and info.response_kind == "json":
                names = {p.wire for p in info.query}
                if "next_page" in props and "page" in names:
                    info.pagination = Pagination("page", "next_page")
                elif "after" in names and "has_more" in props:
                    if "last_id" in props:
                        info.pagination = Pagination("after", "last_id")
                    elif "next" in props:
                        info.pagination = Pagination("after", "next")
                    else:
                        info.pagination = Pagination("after", None)
                item_t = self._data_item(info.response)
                if item_t is not None:
                    info.item = item_t
                    info.paged = True
        all_py = {p.py for p in info.path_params + info.query + info.headers + info.body}
        untraced = set(sdk.get("unplaced", [])) - all_py
        if untraced:
            raise ValueError(f"{op_id}: the SDK's parameters {sorted(untraced)} are no parameters of the operation")
        return info

    def _data_item(self, response: Type | None) -> Type | None:
        if not isinstance(response, Ref):
            return None
        d = self.b.defs.get(response.name)
        if not isinstance(d, ClassDef):
            return None
        for f in d.fields:
            if f.json_name == "data":
                t = f.type
                if isinstance(t, UnionOf):
                    rest = [m for m in t.members if m != NONE]
                    t = rest[0] if len(rest) == 1 else t
                if isinstance(t, ListOf):
                    return t.item
        return None


def analyse_operations(spec: dict[str, Any], builder: TypeBuilder) -> list[OpInfo]:
    """All operations of the spec, in spec order, with their call names."""
    analyser = _Analyser(spec, builder)
    raw: list[tuple[str, str, dict[str, Any]]] = []
    for key, item in spec["paths"].items():
        for method, op in item.items():
            if method in HTTP_METHODS:
                raw.append((key, method, op))
    # Singleton resources: a path whose GET answers one object (POST on it updates).
    singleton: set[str] = set()
    for key, method, op in raw:
        if method == "get" and analyser.list_shape(op) is None:
            singleton.add(key)
    # {operationId: (call name, group)}; the group (the path's first resource) places types.
    calls: dict[str, tuple[str, str]] = {}
    for key, method, op in raw:
        list_like = method == "get" and analyser.list_shape(op) is not None
        op_id = op["operationId"]
        group = _path_name(method, key, list_like, key in singleton).split(".")[0]
        calls[op_id] = (_call_name(op_id, method, key, list_like, key in singleton), group)
    names = [c for c, _ in calls.values()]
    names += [a for entry in NAMES["operations"].values() for a in entry.get("also", [])]
    dupes = [c for c in names if names.count(c) > 1]
    if dupes:
        raise ValueError(f"duplicate call names: {sorted(set(dupes))}")
    return [analyser.analyse(key, method, op, calls) for key, method, op in raw]
