"""Learn the official SDK's names and write the generator's naming table.

``python -m tools.sdk_names [--spec PATH]`` (needs ``openai==3.3.1``, the ``test`` extra)
walks ``openai.OpenAI()``: every public resource and method. Each method is called once with
dummy arguments through a recording transport, so the HTTP method and path it sends tell which
spec operation it is; the dummy values show which argument went to which path, query, header
or body field. The result goes to ``tools/codegen/names.json``, which the generator reads
(it never imports ``openai``). The table's ``own`` section, names for operations the SDK does
not have, is written by hand and kept as it is.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import inspect
import io
import json
import re
import sys
import types
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tools.codegen.main import DEFAULT_SPEC
from tools.sdk_types import (
    alias_params,
    field_unions,
    helper_types,
    literal_aliases,
    match_params,
    match_types,
    member_unions,
    module_names,
    nested_types,
    package_names,
    param_aliases,
    param_lists,
    param_unions,
    sdk_modules,
    sdk_paths,
    type_aliases,
    type_lists,
)

TABLE = Path(__file__).resolve().parent / "codegen" / "names.json"
SDK_VERSION = "3.3.1"

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
OPTIONS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
# Calls the SDK's own request methods make: a method that makes one is an operation, one that
# only calls other methods of the SDK is a helper.
_REQUEST_CALL = re.compile(r"self\._(get|post|put|patch|delete|get_api_list)\(")


# Words that mark a method as a helper over an operation another method already names.
_HELPER_WORD = re.compile(r"parse|stream|poll")
# What a method gives back when it is not the spec's JSON: the body as text, or as binary content.
_RETURNS = {"cast_to=str,": "text", "cast_to=_legacy_response.HttpxBinaryResponseContent,": "binary"}


# A module of the SDK's request shapes, as its methods name it: ``completion_create_params.``
_PARAMS_MODULE = re.compile(r"\b(\w+_params)\.")


def request_params(resource: Any, method: str) -> str | None:
    """``chat.completion_create_params.CompletionCreateParams``: the SDK's TypedDict (or union
    of them) of a method's request, named after its module, as a path after ``openai.types.``.
    A subclass's override (``openai.lib._realtime``'s ``calls.create``) names it in its base's."""
    for cls in type(resource).__mro__:
        if method not in vars(cls):
            continue
        namespace = vars(sys.modules[cls.__module__])
        for name in _PARAMS_MODULE.findall(inspect.getsource(inspect.unwrap(vars(cls)[method]))):
            module = namespace.get(name)
            if not isinstance(module, types.ModuleType):
                continue
            leaf = name.replace("_", "")
            for attr in vars(module):
                if attr.lower() == leaf:
                    return f"{module.__name__.removeprefix('openai.types.')}.{attr}"
    return None


class _Sent(Exception):
    """Raised by the recording transport once the request is seen."""


def resources(obj: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every public sub-resource of ``obj``, depth first, with its dotted path."""
    from openai._resource import AsyncAPIResource, SyncAPIResource

    for name in sorted(dir(type(obj))):
        if name.startswith("_") or name in ("with_raw_response", "with_streaming_response"):
            continue
        if not isinstance(inspect.getattr_static(type(obj), name), functools.cached_property):
            continue
        child = getattr(obj, name)
        if isinstance(child, (SyncAPIResource, AsyncAPIResource)):
            yield (*path, name), child
            yield from resources(child, (*path, name))


def methods(resource: Any) -> Iterator[tuple[str, Any]]:
    """The public methods a resource class defines (its own and its SDK mixins')."""
    from openai._resource import AsyncAPIResource, SyncAPIResource

    base = set(dir(SyncAPIResource)) | set(dir(AsyncAPIResource))
    for name in sorted(dir(type(resource))):
        if name.startswith("_") or name in base:
            continue
        attr = inspect.getattr_static(type(resource), name)
        if inspect.isfunction(attr):
            yield name, getattr(resource, name)


def parameters(method: Any) -> list[inspect.Parameter]:
    """The method's parameters, options left out."""
    sig = inspect.signature(method)
    return [p for p in sig.parameters.values() if p.name not in OPTIONS and p.kind is not p.VAR_KEYWORD]


def _dummy(param: inspect.Parameter, token: str, files: bool) -> Any:
    ann = str(param.annotation)
    if files or "FileTypes" in ann:
        return [(token, b"x")] if ann.startswith(("SequenceNotStr", "List", "Sequence")) else (token, b"x")
    return token


def _match(spec_paths: list[tuple[str, str, str]], sent: dict[str, Any]) -> tuple[str, str] | None:
    """The (operationId, path key) of the spec operation that the request ``sent`` is."""
    segments = [s for s in sent["path"].split("/") if s]
    beta = sent["query"].get("beta") == "true"
    best: tuple[int, str, str] | None = None
    for op_method, key, op_id in spec_paths:
        if op_method != sent["method"] or ("beta=true" in key) != beta:
            continue
        tpl = [s for s in key.partition("?")[0].split("/") if s]
        if len(tpl) != len(segments):
            continue
        literal = 0
        for t, s in zip(tpl, segments, strict=True):
            if t.startswith("{"):
                continue
            if t != s:
                break
            literal += 1
        else:
            if best is None or literal > best[0]:
                best = (literal, op_id, key)
    return None if best is None else (best[1], best[2])


def record(method: Any, params: list[inspect.Parameter], every: bool, files: bool = False) -> dict[str, Any] | None:
    """Call ``method`` with a token per parameter (all or only the required ones).

    With ``files``, every required value is an uploaded file named by its token.

    Answers what went on the wire, or None if the SDK refused the dummy values.
    """
    import httpx2

    sent: dict[str, Any] = {}

    def handler(request: httpx2.Request) -> httpx2.Response:
        sent["method"] = request.method.lower()
        sent["path"] = request.url.path.removeprefix("/v1")
        sent["query"] = dict(request.url.params.multi_items())
        sent["headers"] = dict(request.headers)
        sent["body"] = request.read()
        raise _Sent

    client = method.__self__._client
    client._client._transport = httpx2.MockTransport(handler)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    tokens: dict[str, str] = {}
    for i, p in enumerate(params):
        if p.default is not p.empty and not every:
            continue
        token = f"tok{i}x"
        tokens[p.name] = token
        value = _dummy(p, token, files and p.default is p.empty)
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            args.append(value)
        else:
            kwargs[p.name] = value
    # Whatever it raises: the request was seen, or the SDK refused the values.
    with contextlib.suppress(Exception), warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        method(*args, **kwargs)
    if not sent:
        return None
    sent["tokens"] = tokens
    return sent


def _wire_names(sent: dict[str, Any], tokens: dict[str, str], template: str) -> dict[str, tuple[str, str]]:
    """{SDK parameter: (location, wire name)} for the tokens found in the request."""
    out: dict[str, tuple[str, str]] = {}
    by_token = {t: name for name, t in tokens.items()}
    tpl = [s for s in template.partition("?")[0].split("/") if s]
    segments = [s for s in sent["path"].split("/") if s]
    for t, s in zip(tpl, segments, strict=True):
        if t.startswith("{") and s in by_token:
            out[by_token[s]] = ("path", t[1:-1])
    for key, value in sent["query"].items():
        if value in by_token:
            out[by_token[value]] = ("query", key)
    for key, value in sent["headers"].items():
        for token, name in by_token.items():
            if token in value and name not in out:
                out[name] = ("header", key)
    body = sent["body"]
    fields: dict[str, Any] = {}
    if body[:1] == b"{":
        fields = json.loads(body)
    else:
        for m in re.finditer(rb'name="([^"]+)"\r\n(?:Content-Type: [^\r]*\r\n)?\r\n([^\r]*)', body):
            fields[m.group(1).decode()] = m.group(2).decode(errors="replace")
        for m in re.finditer(rb'name="([^"]+)"; filename="([^"]+)"', body):
            fields[m.group(1).decode()] = m.group(2).decode()
    for key, value in fields.items():
        text = json.dumps(value) if not isinstance(value, str) else value
        for token, name in by_token.items():
            if token in text and name not in out:
                out[name] = ("body", key.removesuffix("[]"))
    return out


def spec_params(spec: dict[str, Any]) -> dict[str, tuple[set[str], set[str]]]:
    """{operationId: (its parameters' wire names, lower case and without ``[]``; the names of
    its required query, header and body parameters)}, as the spec alone gives them (the
    generator's analysis with the table's call names only)."""
    from tools.codegen import operations
    from tools.codegen.typemodel import TypeBuilder

    builder = TypeBuilder(spec)
    builder.build_components()
    builder.build_webhooks()
    table = operations.NAMES
    calls_only = {op_id: {"call": entry["call"]} for op_id, entry in table["operations"].items()}
    operations.NAMES = {**table, "operations": calls_only}
    try:
        analysed = operations.analyse_operations(spec, builder)
    finally:
        operations.NAMES = table
    out = {}
    for op in analysed:
        rest = op.query + op.headers + op.body
        wires = {p.wire.lower().removesuffix("[]") for p in op.path_params + rest}
        out[op.id] = (wires, {p.py for p in rest if p.required})
    return out


def walk(spec: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """{operationId: entry} for every SDK method that sends one operation, and the helpers."""
    import openai

    spec_paths = [
        (m, key, op["operationId"])
        for key, item in spec["paths"].items()
        for m, op in item.items()
        if m in HTTP_METHODS
    ]
    client = openai.OpenAI(api_key="sk-x", admin_api_key="sk-admin-x", base_url="http://sdk.invalid/v1", max_retries=0)
    ours = spec_params(spec)
    candidates: dict[str, list[dict[str, Any]]] = {}
    table: dict[str, Any] = {}
    helpers: list[str] = []
    for path, resource in resources(client):
        for name, method in methods(resource):
            dotted = ".".join((*path, name))
            source = inspect.getsource(inspect.unwrap(getattr(type(resource), name)))
            params = parameters(method)
            if not _REQUEST_CALL.search(source):
                helpers.append(dotted)
                continue
            sent = (
                record(method, params, every=True)
                or record(method, params, every=False)
                or record(method, params, every=False, files=True)
            )
            if sent is None:
                raise SystemExit(f"{dotted}: sent no request")
            found = _match(spec_paths, sent)
            if found is None:
                raise SystemExit(f"{dotted}: {sent['method'].upper()} {sent['path']} is no spec operation")
            op_id, key = found
            wires = _wire_names(sent, sent["tokens"], key)
            entry: dict[str, Any] = {"call": dotted}
            if getattr(inspect.getattr_static(type(resource), name), "__deprecated__", None):
                entry["deprecated"] = True
            positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            if positional:
                entry["positional"] = positional
            renames = {wire: sdk for sdk, (_, wire) in wires.items() if wire != sdk}
            if renames:
                entry["params"] = dict(sorted(renames.items()))
            unplaced = sorted(p.name for p in params if p.name not in wires)
            if unplaced:
                entry["unplaced"] = unplaced
            spec_wires, spec_required = ours[op_id]
            extra = {
                sdk: loc for sdk, (loc, wire) in wires.items() if wire.lower().removesuffix("[]") not in spec_wires
            }
            if extra:
                entry["extra"] = dict(sorted(extra.items()))
            optional = sorted(spec_required & {p.name for p in params if p.default is not p.empty})
            if optional:
                entry["optional"] = optional
            shape = request_params(resource, name)
            if shape is not None:
                entry["request_params"] = shape
            returns = {kind for marker, kind in _RETURNS.items() if marker in source}
            if returns:
                (entry["returns"],) = returns
            candidates.setdefault(op_id, []).append(entry)
    for op_id, entries in candidates.items():
        # Several methods send one operation: the plainest names it, the others are more names
        # for it or, when their name says so, helpers over it.
        entries.sort(key=lambda e: (e["call"].count("."), _HELPER_WORD.search(e["call"]) is not None, e["call"]))
        entry = table[op_id] = entries[0]
        for other in entries[1:]:
            if _HELPER_WORD.search(other["call"].rpartition(".")[2]):
                helpers.append(other["call"])
            else:
                entry.setdefault("also", []).append(other["call"])
                if other.get("deprecated"):
                    entry.setdefault("deprecated_also", []).append(other["call"])
                if other.get("request_params", entry.get("request_params")) != entry.get("request_params"):
                    entry.setdefault("request_params_also", []).append(other["request_params"])
                if other.get("returns") != entry.get("returns"):
                    entry.setdefault("returns_also", {})[other["call"]] = other.get("returns", "json")
    return table, sorted(helpers)


def dumps(table: dict[str, Any]) -> str:
    """The table as JSON with one line per entry, so that a change is a one-line diff."""
    lines = ["{"]
    for i, (key, value) in enumerate(table.items()):
        comma = "," if i < len(table) - 1 else ""
        if isinstance(value, dict) and value:
            lines.append(f"  {json.dumps(key)}: {{")
            items = [f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in value.items()]
            lines.append(",\n".join(items))
            lines.append(f"  }}{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.sdk_names", description=__doc__)
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="the OpenAPI description (JSON)")
    parser.add_argument("--out", type=Path, default=TABLE, help="the naming table to write")
    args = parser.parse_args(argv)
    import openai

    if openai.__version__ != SDK_VERSION:
        raise SystemExit(f"openai=={SDK_VERSION} is needed, found {openai.__version__}")
    spec = json.loads(args.spec.read_text(encoding="utf-8"))
    sdk, helpers = walk(spec)
    old = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    table = {
        "_about": old.get("_about", ""),
        "sdk_version": SDK_VERSION,
        "operations": dict(sorted(sdk.items())),
        "own": old.get("own", {}),
        "sdk_helpers": helpers,
        "types": match_types(spec),
    }
    table["type_aliases"] = type_aliases(spec, table["types"])
    table["type_lists"] = type_lists(spec, table["types"])
    table["params"] = match_params(spec, table["types"])
    unions = param_unions(spec, table["types"], table["params"])
    table["param_aliases"] = dict(sorted((param_aliases(table["params"]) | unions).items()))
    table["param_aliases"] = dict(sorted((alias_params(spec, table) | table["param_aliases"]).items()))
    table["param_lists"] = param_lists(spec, table["types"], table["params"])
    published = {*table["types"].values(), *table["type_aliases"], *table["type_lists"], *table["params"].values()}
    published |= set(table["param_aliases"])
    published |= set(table["param_lists"])
    modules = sdk_modules(published)
    modules |= {alias: modules[target] for alias, target in table["param_aliases"].items() if target in modules}
    table["sdk_modules"] = dict(sorted(modules.items()))
    table["sdk_paths"] = sdk_paths(spec, table)
    table["helper_types"] = helper_types()
    table["nested_types"] = nested_types(spec, table["types"])
    table["literal_aliases"] = literal_aliases(spec, published | set(table["types"].values()), table["types"])
    taken = published | set(table["types"].values()) | set(table["type_aliases"])
    table["member_unions"] = member_unions(table["params"], taken)
    table["package_names"] = package_names(spec, table["types"], table["params"], taken)
    table["module_names"] = module_names(spec, table["types"], set(table["type_aliases"]))
    table["field_unions"] = field_unions(spec, table["types"], table["params"])
    args.out.write_text(dumps(table), encoding="utf-8")
    counts = f"{len(table['types'])} type names, {len(table['params'])} param names"
    print(f"{len(sdk)} operations, {len(helpers)} helpers, {counts} -> {args.out}")


if __name__ == "__main__":
    main()
