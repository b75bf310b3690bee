"""Write ``openai_core/operations.py`` and the resource tree ``openai_core/resources/``."""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .emit_views import (
    HELPER_VIEWS,
    binary_view_class,
    client_views,
    has_binary,
    view_classes,
    view_names,
    view_properties,
)
from .helpers import FUNCTION_TOOLS, HELPER_METHODS, HELPERS, render_helper
from .naming import pascal
from .operations import OpInfo, Param
from .render import DOCS, HEADER, Imports, annotation, literal
from .typemodel import NONE, ClassDef, Enum, ListOf, Lit, MapOf, Prim, Ref, Type, TypeBuilder, UnionOf

__all__ = ["emit_operations", "emit_resources"]

# The ``response_format`` values answered as plain text rather than JSON.
TEXT_FORMATS = ("text", "srt", "vtt")

# A resource whose subtree has more operations than this becomes a package.
PACKAGE_THRESHOLD = 40

OPTIONS = [
    "extra_headers: Headers | None = None",
    "extra_query: Query | None = None",
    "extra_body: Body | None = None",
    "timeout: TimeoutInput | NotGiven = NOT_GIVEN",
    "max_retries: int | NotGiven = NOT_GIVEN",
]
OPTION_ARGS = "request_options(extra_headers, extra_query, extra_body, timeout, max_retries)"


# ---- type references -------------------------------------------------------------------------


def type_ref(t: Type | None, builder: TypeBuilder, owner: str) -> str | None:
    """The ``"module:Name"`` reference of a response, item or event type."""
    if t is None:
        return None
    if isinstance(t, Prim) and t.name == "str":
        return "builtins:str"
    if isinstance(t, Prim) and t.name == "Any":
        return "typing:Any"
    if not isinstance(t, Ref):
        raise ValueError(f"{owner}: unnamed type {t}")
    return f"openai_core.types.{builder.defs[t.name].module}:{t.name}"


# Operation's own defaults: those fields are left out of the registry.
_OPERATION_DEFAULTS: dict[str, object] = {
    "path_params": [],
    "body": "none",
    "body_required": False,
    "accept": "application/json",
    "response": None,
    "response_kind": "json",
    "stream": "never",
    "event": None,
    "pagination": None,
    "item": None,
    "deprecated": False,
    "admin": False,
    "part_types": [],
}


def emit_operations(ops: list[OpInfo], builder: TypeBuilder) -> dict[str, str]:
    out = [
        HEADER,
        "# ruff: noqa: E501",
        '"""Every operation of the API, by operationId: what the generated resources call."""',
        "",
        "from __future__ import annotations",
        "",
        "from openai_core._operation import OperationTable",
        "",
        '__all__ = ["OPERATIONS"]',
        "",
        "# Each operation's fields but its id, as a JSON object (a pagination is its [param, field]).",
        "# A table of strings compiles in an eighth of the time of a table of dicts, and OperationTable",
        "# decodes an operation only when a call first uses it.",
        "OPERATIONS = OperationTable({",
    ]
    for op in ops:
        fields = {
            "method": op.method,
            "path": op.path,
            "call": op.call,
            "path_params": [p.wire for p in op.path_params],
            "body": op.body_kind,
            "body_required": op.body_required,
            "accept": op.accept,
            "response": type_ref(op.response, builder, op.id),
            "response_kind": op.response_kind,
            "stream": op.stream,
            "event": type_ref(op.event, builder, op.id),
            "pagination": None if op.pagination is None else [op.pagination.param, op.pagination.field],
            "item": type_ref(op.item, builder, op.id),
            "deprecated": op.deprecated,
            "admin": op.admin,
            "part_types": [list(pair) for pair in op.part_types],
        }
        kept = {k: v for k, v in fields.items() if _OPERATION_DEFAULTS.get(k, ...) != v}
        out.append(f"    {literal(op.id)}: {literal(json.dumps(kept, separators=(',', ':')))},")
    out.append("})")
    return {"openai_core/operations.py": "\n".join(out) + "\n"}


# ---- the resource tree -----------------------------------------------------------------------


@dataclass
class Node:
    path: tuple[str, ...]
    children: dict[str, Node] = field(default_factory=dict)
    ops: list[OpInfo] = field(default_factory=list)
    module: str = ""  # dotted, relative to openai_core.resources
    cls: str = ""

    @property
    def size(self) -> int:
        return len(self.ops) + sum(c.size for c in self.children.values())


def build_tree(ops: list[OpInfo]) -> Node:
    """The resource tree; an operation with several names has a method under each."""
    root = Node(())
    named = [
        replace(
            op,
            call=call,
            resource=tuple(call.split(".")[:-1]),
            name=call.split(".")[-1],
            deprecated=op.deprecated if call == op.call else call in op.deprecated_also,
            as_text=call in op.text_also,
        )
        for op in ops
        for call in (op.call, *op.also)
    ]
    for op in named:
        node = root
        for i, part in enumerate(op.resource):
            node = node.children.setdefault(part, Node(op.resource[: i + 1]))
        node.ops.append(op)
    return root


def _place(node: Node, module: str, is_package: bool, files: dict[str, list[Node]]) -> None:
    """Assign modules: a big subtree gets a package with one module per child."""
    node.module = module
    files[module].append(node)
    for name, child in node.children.items():
        if is_package:
            child_module = f"{module}.{name}"
            _place(child, child_module, child.size > PACKAGE_THRESHOLD and bool(child.children), files)
        else:
            _place(child, module, False, files)


def _module_file(module: str, packages: set[str]) -> str:
    rel = module.replace(".", "/")
    if module in packages:
        return f"openai_core/resources/{rel}/__init__.py"
    return f"openai_core/resources/{rel}.py"


# ---- method rendering ------------------------------------------------------------------------


class MethodWriter:
    def __init__(self, builder: TypeBuilder) -> None:
        self.b = builder

    # -- input types --

    def _contains_class(self, t: Type, seen: set[str]) -> bool:
        if isinstance(t, Ref):
            if t.name in seen:
                return False
            seen.add(t.name)
            d = self.b.defs[t.name]
            return True if isinstance(d, ClassDef) else self._contains_class(d.type, seen)
        if isinstance(t, ListOf):
            return self._contains_class(t.item, seen)
        if isinstance(t, MapOf):
            return self._contains_class(t.value, seen)
        if isinstance(t, UnionOf):
            return any(self._contains_class(m, seen) for m in t.members)
        return False

    def _shallow(self, t: Type) -> bool:
        """Whether classes appear in ``t`` only at the top (so a Mapping alternative covers them)."""
        if isinstance(t, Ref):
            d = self.b.defs[t.name]
            return True if isinstance(d, ClassDef) else self._shallow(d.type)
        if isinstance(t, (ListOf, MapOf)):
            return not self._contains_class(t, set())
        if isinstance(t, UnionOf):
            return all(self._shallow(m) for m in t.members)
        return True

    def _has_listed_enum(self, t: Type) -> bool:
        """Whether ``t`` (aliases followed, classes not) has an enum closed to the spec's values."""
        if isinstance(t, Enum):
            return t.listed
        if isinstance(t, Ref):
            d = self.b.defs[t.name]
            return not isinstance(d, ClassDef) and self._has_listed_enum(d.type)
        if isinstance(t, ListOf):
            return self._has_listed_enum(t.item)
        if isinstance(t, MapOf):
            return self._has_listed_enum(t.value)
        if isinstance(t, UnionOf):
            return any(self._has_listed_enum(m) for m in t.members)
        return False

    def input_type(self, t: Type, imports: Imports) -> str:
        """Annotation of a parameter: objects also as mappings, arrays as sequences."""
        if isinstance(t, Ref):
            d = self.b.defs[t.name]
            param = self.b.params.get(t.name)
            if isinstance(d, ClassDef):
                imports.types.add(t.name)
                if param is not None:  # a dict literal is checked key by key
                    imports.params.add(t.name)
                    return f"{t.name} | {param}"
                imports.typing |= {"Mapping", "Any"}
                return f"{t.name} | Mapping[str, Any]"
            if self._has_listed_enum(d.type):
                return self.input_type(d.type, imports)
            if not self._contains_class(t, set()):
                imports.types.add(t.name)
                return t.name
            if param is not None and not _has_container(d.type):  # one container, or checkers drop the context
                imports.types.add(t.name)
                imports.params.add(t.name)
                return f"{t.name} | {param}"
            if self._shallow(d.type):
                imports.types.add(t.name)
                imports.typing |= {"Mapping", "Any"}
                return f"{t.name} | Mapping[str, Any]"
            return self.input_type(d.type, imports)
        if isinstance(t, ListOf):
            item = self.input_type(t.item, imports)
            imports.typing.add("Sequence")
            if t.item == Prim("FileInput"):
                imports.file_input = True
                return f"FileInput | Sequence[{item}]"
            return f"Sequence[{item}]"
        if isinstance(t, MapOf):
            imports.typing.add("Mapping")
            return f"Mapping[str, {self.input_type(t.value, imports)}]"
        if isinstance(t, UnionOf):
            parts: list[str] = []
            for m in t.members:
                for piece in _split_union(self.input_type(m, imports)):
                    if piece not in parts:
                        parts.append(piece)
            for last in ("Mapping[str, Any]", "None"):
                if last in parts:
                    parts.remove(last)
                    parts.append(last)
            return " | ".join(parts)
        if isinstance(t, Enum) and t.listed:
            return annotation(Lit(t.values), imports)
        return annotation(t, imports)

    # -- signatures --

    def params(self, op: OpInfo, imports: Imports, stream_variant: str | None) -> list[str]:
        """Keyword-only parameter declarations (required first), stream per ``stream_variant``."""
        required: list[str] = []
        optional: list[str] = []
        for p in op.body + op.query + op.headers:
            if p.location == "header":
                text = self.input_type(p.type, imports)
                optional.append(f"{p.py}: {_not_given(text)} = NOT_GIVEN")
                continue
            if p.wire == "stream_format" and op.stream == "flag" and stream_variant not in (None, "impl"):
                imports.typing.add("Literal")
                if stream_variant == "true":
                    required.append(f'{p.py}: Literal["sse"]')
                elif stream_variant == "false":
                    values = p.type.values if isinstance(p.type, (Enum, Lit)) else ()
                    other = annotation(Lit(tuple(v for v in values if v != "sse")), imports)
                    optional.append(f"{p.py}: {_not_given(other)} = NOT_GIVEN")
                else:
                    required.append(f"{p.py}: {self.input_type(p.type, imports)}")
                continue
            if p.wire == "response_format" and stream_variant in ("json", "text"):
                values = self.text_formats(op)
                if stream_variant == "json":
                    t = self.b.defs[p.type.name].type if isinstance(p.type, Ref) else p.type
                    values = tuple(v for v in t.values if v not in values) if isinstance(t, (Enum, Lit)) else ()
                    optional.append(f"{p.py}: {_not_given(annotation(Lit(values), imports))} = NOT_GIVEN")
                else:
                    required.append(f"{p.py}: {annotation(Lit(values), imports)}")
                continue
            if p.wire == "stream" and op.stream == "flag" and stream_variant is not None:
                nullable = _nullable(p.type)
                if stream_variant == "true":
                    required.append(f"{p.py}: Literal[True]")
                elif stream_variant == "false":
                    none = " | None" if nullable else ""
                    optional.append(f"{p.py}: {_not_given('Literal[False]' + none)} = NOT_GIVEN")
                elif stream_variant == "bool":
                    required.append(f"{p.py}: bool")
                else:
                    none = " | None" if nullable else ""
                    optional.append(f"{p.py}: {_not_given('bool' + none)} = NOT_GIVEN")
                imports.typing.add("Literal")
                continue
            text = self.input_type(p.type, imports)
            if p.wire == "tools" and op.id in FUNCTION_TOOLS and text.startswith("Sequence["):
                imports.core.add("FunctionTool")
                imports.typing.add("Any")
                text = "Sequence[FunctionTool[Any] | " + text[len("Sequence[") :]
            const = _single_literal(p.type)
            if const is not None:
                optional.append(f"{p.py}: {text} = {literal(const)}")
            elif p.required:
                required.append(f"{p.py}: {text}")
            else:
                optional.append(f"{p.py}: {_not_given(text)} = NOT_GIVEN")
        return required + optional

    def return_type(self, op: OpInfo, imports: Imports, is_async: bool, stream_variant: str | None) -> str:
        if stream_variant == "text":
            return "str"
        if op.paged and op.item is not None:
            item = annotation(op.item, imports)
            imports.core.add("AsyncPager" if is_async else "SyncPage")
            return f"AsyncPager[{item}]" if is_async else f"SyncPage[{item}]"
        if op.as_text:
            return "str"
        if op.response_kind == "binary":
            imports.core.add("HttpxBinaryResponseContent")
            if op.stream == "flag" and op.event is not None:
                stream_cls = "AsyncStream" if is_async else "Stream"
                imports.core.add(stream_cls)
                stream = f"{stream_cls}[{annotation(op.event, imports)}]"
                return {"true": stream, "false": "HttpxBinaryResponseContent"}.get(
                    stream_variant or "", f"HttpxBinaryResponseContent | {stream}"
                )
            return "HttpxBinaryResponseContent"
        if op.response_kind == "empty" or op.response is None:
            return "None"
        result = annotation(op.response, imports)
        if op.stream == "flag" and stream_variant != "false":
            event = annotation(op.event, imports) if op.event is not None else "Any"
            stream_cls = "AsyncStream" if is_async else "Stream"
            imports.core.add(stream_cls)
            stream = f"{stream_cls}[{event}]"
            if stream_variant == "true":
                return stream
            return f"{result} | {stream}"
        return result

    def docstring(self, op: OpInfo) -> list[str]:
        lines = ['"""' + _summary(op)]
        lines.append("")
        if op.deprecated:
            lines.append("Deprecated.")
            lines.append("")
        lines.append(f"{DOCS}/{op.doc_group}/{op.doc_slug}")
        lines.append('"""')
        return lines

    def overloaded(self, op: OpInfo) -> bool:
        """Whether ``op``'s method has overloads on ``stream`` / ``stream_format``."""
        return op.stream == "flag" and any(p.wire in ("stream", "stream_format") for p in op.body + op.query)

    def text_formats(self, op: OpInfo) -> tuple[str, ...]:
        """The ``response_format`` values for which ``op`` answers plain text (a ``str``), when it
        does not stream (an audio translation as ``text``, ``srt`` or ``vtt``)."""
        if op.stream == "flag" or op.response_kind != "json":
            return ()
        for p in op.body:
            if p.wire == "response_format":
                t = self.b.defs[p.type.name].type if isinstance(p.type, Ref) else p.type
                values = t.values if isinstance(t, (Enum, Lit)) else ()
                return tuple(v for v in values if v in TEXT_FORMATS)
        return ()

    def method(self, op: OpInfo, imports: Imports, is_async: bool, streamed_binary: bool = False) -> list[str]:
        """The method of ``op``; with ``streamed_binary``, only its declaration as seen under
        ``with_options(stream_binary=True)``."""
        variants: list[str | None] = [None]
        if self.overloaded(op):
            variants = ["true", "false", "bool", "impl"]
        elif self.text_formats(op):
            variants = ["json", "text", "either", "impl"]
        out: list[str] = []
        paged = op.paged
        is_coroutine = is_async and not paged
        for variant in variants:
            overload = variant not in (None, "impl")
            sig = ["self"]
            sig += [f"{name}: str" for name in op.positional]
            sig.append("*")
            sig += [f"{p.py}: str" for p in op.path_params if p.py not in op.positional]
            sig += self.params(op, imports, variant)
            sig += OPTIONS
            ret = self.return_type(op, imports, is_async, variant if variant != "impl" else None)
            if variant == "either" or (variant == "impl" and "either" in variants):
                ret += " | str"
            if streamed_binary:
                streamed = "AsyncStreamedBinaryResponse" if is_async else "StreamedBinaryResponse"
                imports.core.add(streamed)
                ret = ret.replace("HttpxBinaryResponseContent", streamed)
            if overload:
                imports.typing.add("overload")
                out.append("@overload")
            prefix = "async def" if is_coroutine else "def"
            out.append(f"{prefix} {op.name}(")
            out.extend(f"    {s}," for s in sig)
            if overload or streamed_binary:
                out.append(f") -> {ret}: ...")
                continue
            out.append(f") -> {ret}:")
            out.extend("    " + line if line else "" for line in self.docstring(op))
            out.extend("    " + line for line in self.body(op, imports, ret, is_async, paged))
        return out

    def body(self, op: OpInfo, imports: Imports, ret: str, is_async: bool, paged: bool) -> list[str]:
        lines: list[str] = []
        if op.call in op.deprecated_also:  # the operation is not deprecated, this name of it is
            lines.append(f"warn_deprecated({literal(op.call)})")
        headers = [p for p in op.headers]
        for p in headers:
            lines.append(f"if not isinstance({p.py}, NotGiven):")
            value = f'",".join({p.py})' if _is_list(p.type) else f"str({p.py})"
            lines.append(f"    extra_headers = {{{literal(p.wire)}: {value}, **(extra_headers or {{}})}}")
        path_args = "(" + "".join(f"{p.py}, " for p in op.path_params) + ")" if op.path_params else "()"
        query = _mapping("query_params", op.query, op, lines, imports)
        body = _mapping("body_fields", op.body, op, lines, imports)
        op_ref = f"OPERATIONS[{literal(op.id)}]"
        options = OPTION_ARGS.replace(")", ", cast_to=str)") if op.as_text else OPTION_ARGS
        if paged:
            call = [
                "self._client._paginate(",
                f"    {op_ref},",
                f"    {path_args},",
                f"    query={query},",
                f"    options={OPTION_ARGS},",
                ")",
            ]
        else:
            awaited = "await " if is_async else ""
            call = [
                f"{awaited}self._client._call(",
                f"    {op_ref},",
                f"    {path_args},",
                f"    query={query},",
                f"    body={body},",
                f"    options={options},",
                ")",
            ]
        imports.typing.add("cast")
        lines.append("return cast(")
        lines.append(f"    {literal(ret)},")
        lines.append("    " + call[0])
        lines.extend("    " + c for c in call[1:-1])
        lines.append("    ),")
        lines.append(")")
        return lines


def _has_container(t: Type) -> bool:
    if isinstance(t, UnionOf):
        return any(_has_container(m) for m in t.members)
    return isinstance(t, (ListOf, MapOf))


def _not_given(text: str) -> str:
    """``text | NotGiven``, keeping ``None`` last (as the project's lint wants)."""
    parts = _split_union(text)
    if "None" in parts:
        parts.remove("None")
        return " | ".join(parts) + " | NotGiven | None"
    return f"{text} | NotGiven"


def _omittable(p: Param, op: OpInfo) -> bool:
    """Whether ``p`` may be left ``NOT_GIVEN`` (a constant always has its value)."""
    if _single_literal(p.type) is not None:
        return False
    return not p.required or (op.stream == "flag" and p.wire in ("stream", "stream_format"))


def _mapping(name: str, params: list[Param], op: OpInfo, lines: list[str], imports: Imports) -> str:
    """The expression of the query or body ``params``; when some may be left ``NOT_GIVEN``,
    ``lines`` first build a dict named ``name`` of the given ones only (no per-call dict of
    every parameter to filter afterwards), in the spec's order."""
    if not params:
        return "None"
    if not any(_omittable(p, op) for p in params):
        return "{" + ", ".join(f"{literal(p.wire)}: {p.py}" for p in params) + "}"
    if any(p.py == name for p in op.path_params + op.query + op.body + op.headers):
        raise ValueError(f"{op.id}: a parameter is named {name!r}, the generated code's own variable")
    imports.typing.add("Any")
    lead = 0
    while lead < len(params) and not _omittable(params[lead], op):
        lead += 1
    first = ", ".join(f"{literal(p.wire)}: {p.py}" for p in params[:lead])
    lines.append(f"{name}: dict[str, Any] = {{{first}}}")
    for p in params[lead:]:
        if _omittable(p, op):
            lines.append(f"if {p.py} is not NOT_GIVEN:")
            lines.append(f"    {name}[{literal(p.wire)}] = {p.py}")
        else:
            lines.append(f"{name}[{literal(p.wire)}] = {p.py}")
    return name


def _split_union(text: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _nullable(t: Type) -> bool:
    return t == NONE or (isinstance(t, UnionOf) and NONE in t.members)


def _is_list(t: Type) -> bool:
    if isinstance(t, UnionOf):
        return any(_is_list(m) for m in t.members)
    return isinstance(t, ListOf)


def _single_literal(t: Type) -> object:
    if isinstance(t, Lit) and len(t.values) == 1:
        return t.values[0]
    return None


# ---- docstrings ------------------------------------------------------------------------------

_SINGULAR_EXCEPTIONS = {
    "speech": "speech",
    "audio": "audio",
    "data_retention": "data retention setting",
    "spend_limit": "spend limit",
    "model_permissions": "model permission setting",
    "hosted_tool_permissions": "hosted tool permission setting",
    "content": "content",
    "alpha": "alpha",
    "usage": "usage",
    "input_tokens": "input token count",
}


def _singular(word: str) -> str:
    if word in _SINGULAR_EXCEPTIONS:
        return _SINGULAR_EXCEPTIONS[word]
    text = word.replace("_", " ")
    if text.endswith("ies"):
        return text[:-3] + "y"
    if text.endswith(("sses", "ches", "shes", "xes")):
        return text[:-2]
    if text.endswith("s") and not text.endswith("ss"):
        return text[:-1]
    return text


def _article(noun: str) -> str:
    if noun.startswith(("user", "usage", "uni")):
        return "a"
    return "an" if noun[:1] in "aeiou" else "a"


_NAMESPACES = {"chat": "chat", "audio": "audio", "realtime": "realtime", "fine_tuning": "fine-tuning"}


def _summary(op: OpInfo) -> str:
    base = [r for r in op.resource if r != "beta"]

    def noun(i: int, plural: bool = False) -> str:
        text = base[i].replace("_", " ") if plural else _singular(base[i])
        if i == 1 and base[0] in _NAMESPACES and base[1] not in ("speech",):
            text = f"{_NAMESPACES[base[0]]} {text}"
        return text

    last = len(base) - 1
    one = noun(last)
    a_one = f"{_article(one)} {one}"
    beta = " (beta)" if op.resource[0] == "beta" else ""
    verb = op.name
    # ``rate_limits.list_rate_limits``: the resource repeated in the method's name.
    for plain in ("list", "update"):
        if verb in (f"{plain}_{base[-1]}", f"{plain}_{_singular(base[-1]).replace(' ', '_')}"):
            verb = plain
    if base[-1] == "usage":
        text = f"List the {verb.replace('_', ' ')} usage of the organization, by time bucket"
    elif verb == "list":
        if last > 0 and base[last - 1] == "usage":
            text = f"List the {noun(last, True)} usage of the organization, by time bucket"
        elif op.path_params and last > 0:
            parent = noun(last - 1)
            text = f"List the {noun(last, True)} of {_article(parent)} {parent}"
        else:
            text = f"List {noun(last, True)}"
    elif verb in ("retrieve", "create", "update", "delete"):
        text = f"{verb.capitalize()} {a_one}"
    elif verb in ("content", "download_content", "retrieve_content"):
        text = f"Download the content of {a_one}"
    elif verb.startswith("list_"):
        text = f"List the {verb[5:].replace('_', ' ')} of {a_one}"
    elif verb == "generate":
        text = "Generate images from a prompt"
    elif verb == "edit" and base[-1] == "images":
        text = "Edit or extend images"
    elif verb == "create_variation":
        text = "Create variations of an image"
    elif verb == "create_and_run":
        text = "Create a thread and run it"
    elif verb == "count":
        text = "Count the input tokens of a request"
    elif verb == "submit_tool_outputs":
        text = "Submit tool outputs to a run"
    elif verb.partition("_")[0] in ("create", "get") and "_" in verb:  # videos.create_character
        action, _, thing = verb.partition("_")
        thing = thing.replace("_", " ")
        text = f"{action.capitalize()} {_article(thing)} {thing}"
    else:
        text = f"{verb.replace('_', ' ').capitalize()} {a_one}"
    return text + beta + "."


# ---- modules ---------------------------------------------------------------------------------


def _class_names(files: dict[str, list[Node]]) -> None:
    for nodes in files.values():
        used: set[str] = set()
        for node in nodes:
            name = pascal(node.path[-1])
            depth = 2
            while name in used and depth <= len(node.path):
                name = "".join(pascal(p) for p in node.path[-depth:])
                depth += 1
            used.add(name)
            node.cls = name


def _face_module(module: str, is_async: bool) -> str:
    """Where the blocking or asyncio classes of resource module ``module`` live (dotted, absolute)."""
    return f"openai_core.resources.{'_async.' if is_async else ''}{module}"


def _render_face(
    module: str, nodes: list[Node], writer: MethodWriter, builder: TypeBuilder, is_async: bool
) -> tuple[str, set[str]]:
    """The module of ``nodes``' blocking or asyncio classes, and the generated types it uses."""
    prefix = "Async" if is_async else ""
    imports = Imports()
    body: list[str] = []
    child_imports: dict[str, set[str]] = defaultdict(set)
    helper_imports: dict[str, set[str]] = defaultdict(set)
    helper_types: dict[str, set[str]] = {}
    needs_cached = False
    for node in nodes:
        dotted = ".".join(node.path)
        mixins = HELPERS.get(dotted)
        cls = prefix + node.cls
        base = "AsyncAPIResource" if is_async else "SyncAPIResource"
        if mixins is not None:
            mixin = mixins[2] if is_async else mixins[1]
            helper_imports[mixins[0]].add(mixin)
            base = f"{mixin}, {base}"
        body.append(f"class {cls}({base}):")
        body.append(f'    """Operations on ``client.{dotted}``.')
        body.append("")
        body.append(f"    {DOCS}/{_doc_group(node)}")
        body.append('    """')
        body.append("")
        body.extend(view_properties(cls, has_binary(node)))
        for name, child in node.children.items():
            needs_cached = True
            child_cls = prefix + child.cls
            body.append("")
            body.append("    @cached_property")
            body.append(f"    def {name}(self) -> {child_cls}:")
            if child.module != module:
                rel = _face_module(child.module, is_async)
                body.append(f"        from {rel} import {child_cls}")
                body.append("")
                child_imports[rel].add(child_cls)
            body.append(f"        return {child_cls}(self._client)")
        for op in node.ops:
            body.append("")
            body.extend("    " + line if line else "" for line in writer.method(op, imports, is_async))
        for helper in HELPER_METHODS.get(dotted, ()):
            op = next(op for op in node.ops if op.name == helper.wraps)
            declarations = writer.params(op, imports, "impl" if writer.overloaded(op) else None)
            lines = render_helper(helper, op, declarations, OPTIONS, is_async, imports, helper_types)
            body.append("")
            body.extend("    " + line if line else "" for line in lines)
        body.append("")
        body.append("")
    classes = sorted(prefix + n.cls for n in nodes)
    child_imports[f"openai_core.resources._views.{module}"] = {
        name for n in nodes for name in view_names(prefix + n.cls, has_binary(n))
    }
    path = ".".join(nodes[0].path)
    doc = f"Resources under ``client.{path}``."
    if is_async:
        blocking = _face_module(module, False)
        doc = f"The asyncio resources under ``client.{path}``; the blocking ones are in\n``{blocking}``."
    out = [HEADER, f'"""{doc}"""', ""]
    out.append("from __future__ import annotations")
    out.append("")
    if not is_async:
        out.append("import importlib")
    out += _typing_imports(imports, {"cached_property"} if needs_cached else set())
    has_ops = any(node.ops for node in nodes)
    if any(op.call in op.deprecated_also for node in nodes for op in node.ops):
        out.append("from openai_core._deprecation import warn_deprecated")
    if has_ops:
        out.append("from openai_core._request import request_options")
    out.append(f"from openai_core._resource import {'AsyncAPIResource' if is_async else 'SyncAPIResource'}")
    for mod in sorted(helper_imports):
        out.append(f"from {mod} import {', '.join(sorted(helper_imports[mod]))}")
    if has_ops:
        core_types = [*_METHOD_TYPES, *(["FileInput"] if imports.file_input else [])]
        core_types += ["given"] if helper_types else []
        out.append(f"from openai_core._types import {', '.join(sorted(core_types))}")
        out.append("from openai_core.operations import OPERATIONS")
    out.append("")
    out.append("if TYPE_CHECKING:")
    out += _checker_imports(imports, helper_types, child_imports, builder)
    twins = sorted("Async" + n.cls for n in nodes)
    if not is_async:  # the asyncio classes, as checkers and ``from ... import`` see them here too
        out.append(f"    from {_face_module(module, True)} import {', '.join(f'{n} as {n}' for n in twins)}")
    out.append("")
    out.append("__all__ = [" + ", ".join(literal(n) for n in sorted(classes + ([] if is_async else twins))) + "]")
    out.append("")
    out.append("")
    out.extend(body)
    if not is_async:
        out += [
            "if not TYPE_CHECKING:",
            "",
            "    def __getattr__(name: str) -> object:",
            f"        if name in {{{', '.join(literal(n) for n in twins)}}}:  # loaded when first asked for",
            f"            return getattr(importlib.import_module({literal(_face_module(module, True))}), name)",
            '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
        ]
    return "\n".join(out).rstrip() + "\n", imports.types


def _render_resource_module(
    module: str, nodes: list[Node], writer: MethodWriter, builder: TypeBuilder
) -> tuple[str, str, str]:
    """A resource module, the module of its asyncio twins, and the module of their views (for
    checkers only)."""
    sync, sync_types = _render_face(module, nodes, writer, builder, False)
    asynchronous, async_types = _render_face(module, nodes, writer, builder, True)
    # The views are for type checkers only: they live in a module of their own
    # (openai_core.resources._views.<module>), which nothing imports at runtime, so a process
    # never compiles or loads them.
    view_imports: dict[str, set[str]] = defaultdict(set)
    wrappers: set[str] = set()
    views: list[str] = []
    vimports = Imports()
    view_helper_types: dict[str, set[str]] = {}
    for node in nodes:

        def view_helpers(is_async: bool, index: int, node: Node = node) -> list[str]:
            lines: list[str] = []
            for helper in HELPER_METHODS.get(".".join(node.path), ()):
                if helper.views:
                    op = next(op for op in node.ops if op.name == helper.wraps)
                    declarations = writer.params(op, vimports, "impl" if writer.overloaded(op) else None)
                    view = HELPER_VIEWS[is_async][index]
                    lines += render_helper(
                        helper, op, declarations, OPTIONS, is_async, vimports, view_helper_types, view
                    )
                    lines.append("")
            return lines[:-1]

        views += view_classes(node, module, view_imports, wrappers, view_helpers)
    for node in nodes:
        if has_binary(node):
            for is_async in (False, True):
                stub = functools.partial(writer.method, imports=vimports, is_async=is_async, streamed_binary=True)
                views += binary_view_class(node, is_async, stub)
    local_names = {cls for n in nodes for cls in (n.cls, "Async" + n.cls)}
    clash = local_names & (sync_types | async_types | vimports.types)
    if clash:
        raise ValueError(f"{module}: type names clash with resource classes: {sorted(clash)}")
    wrappers.discard("View")
    view_imports["openai_core._raw_response"] |= wrappers | {"View"}
    view_imports[f"openai_core.resources.{module}"] |= {n.cls for n in nodes}
    view_imports[_face_module(module, True)] |= {"Async" + n.cls for n in nodes}
    view_imports["openai_core._types"] = {*_METHOD_TYPES, "FileInput", "given"}
    out = [HEADER, f'"""What type checkers see of the views of ``client.{".".join(nodes[0].path)}``."""', ""]
    out.append("from __future__ import annotations")
    out.append("")
    out += _typing_imports(vimports, set())
    out.append("")
    out.append("if TYPE_CHECKING:")
    out += _checker_imports(vimports, view_helper_types, view_imports, builder, "\n".join(views))
    out.extend("    " + line if line else "" for line in views)
    return sync, asynchronous, "\n".join(out).rstrip() + "\n"


# The names of openai_core._types that every generated method uses
_METHOD_TYPES = ("NOT_GIVEN", "Body", "Headers", "NotGiven", "Query", "TimeoutInput")

# Where the core names that generated annotations use are defined, under openai_core
_CORE_MODULES = {
    "SyncPage": "_pagination",
    "AsyncPager": "_pagination",
    "Stream": "_streaming",
    "AsyncStream": "_streaming",
    "HttpxBinaryResponseContent": "_response",
    "AsyncStreamedBinaryResponse": "_streaming",
    "StreamedBinaryResponse": "_streaming",
    "FunctionTool": "helpers.tools",
}


def _typing_imports(imports: Imports, functools_names: set[str]) -> list[str]:
    """The ``collections.abc``, ``functools`` and ``typing`` imports of a module."""
    out = []
    abc = sorted(imports.typing & {"Iterable", "Mapping", "Sequence"})
    if abc:
        out.append(f"from collections.abc import {', '.join(abc)}")
    if functools_names:
        out.append(f"from functools import {', '.join(sorted(functools_names))}")
    typing_names = sorted((imports.typing & {"Any", "Literal", "cast", "overload"}) | {"TYPE_CHECKING"})
    out.append(f"from typing import {', '.join(typing_names)}")
    return out


def _checker_imports(
    imports: Imports,
    helper_types: dict[str, set[str]],
    modules: dict[str, set[str]],
    builder: TypeBuilder,
    used_in: str | None = None,
) -> list[str]:
    """The lines of a ``TYPE_CHECKING`` block importing what ``imports`` uses, the helpers'
    types and ``modules``' names ({module: names}); with ``used_in``, only the names it uses
    (declarations of a view may drop a type that the method they declare uses)."""
    out = []

    def line(module: str, names: Iterable[str]) -> None:
        kept = sorted(n for n in names if used_in is None or re.search(rf"\b{n}\b", used_in))
        if kept:
            out.append(f"    from {module} import {', '.join(kept)}")

    by_core: dict[str, list[str]] = defaultdict(list)
    for name in sorted(imports.core):
        by_core[_CORE_MODULES[name]].append(name)
    for mod in sorted(by_core):
        line(f"openai_core.{mod}", by_core[mod])
    type_imports: dict[str, set[str]] = defaultdict(set)
    for name in imports.types:
        type_imports[builder.defs[name].module].add(name)
    for name in imports.params:
        type_imports[f"{builder.defs[name].module}_params"].add(builder.params[name])
    for mod in sorted(type_imports):
        line(f"openai_core.types.{mod}", type_imports[mod])
    for mod in sorted(modules):
        line(mod, modules[mod])
    for mod in sorted(helper_types):
        line(mod, helper_types[mod])
    return out or ["    pass"]


def _render_root(root: Node) -> tuple[str, str]:
    """The root of the resource tree and the module of the clients' views (for checkers only)."""
    out = [
        HEADER,
        '"""The resource tree: ``client.chat.completions``, ``client.files``, ...',
        "",
        ":class:`SyncResources` and :class:`AsyncResources` are mixins of the two clients; each",
        "top-level resource is built, and its module imported, on first access.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from functools import cached_property",
        "from typing import TYPE_CHECKING, cast",
        "",
        "if TYPE_CHECKING:",
        "    from openai_core._async_client import AsyncClient",
        "    from openai_core._client import Client",
    ]
    binary = {name for name, child in root.children.items() if has_binary(child)}
    if binary:
        out.append("    from openai_core._resource import BinaryResource")
    for child in sorted(root.children.values(), key=lambda c: c.path):
        out.append(f"    from openai_core.resources.{child.module} import {child.cls}")
        out.append(f"    from {_face_module(child.module, True)} import Async{child.cls}")
        if child.path[0] in binary:
            names = f"Async{child.cls}WithStreamedBinary, {child.cls}WithStreamedBinary"
            out.append(f"    from openai_core.resources._views.{child.module} import {names}")
    out.append("")
    out.append('__all__ = ["AsyncResources", "SyncResources"]')
    out.append("")
    for is_async in (False, True):
        cls = "AsyncResources" if is_async else "SyncResources"
        client = "AsyncClient" if is_async else "Client"
        out.append("")
        out.append(f"class {cls}:")
        out.append(f'    """The top-level resources of :class:`~openai_core.{client}`."""')
        for name, child in sorted(root.children.items()):
            child_cls = ("Async" if is_async else "") + child.cls
            indent = "    "
            out.append("")
            if name in binary:  # for checkers, ``with_options(stream_binary=True)`` changes it
                out.append("    if TYPE_CHECKING:")
                out.append(f"        {name} = BinaryResource[{child_cls}, {child_cls}WithStreamedBinary]()")
                out.append("    else:")
                out.append("")
                indent = "        "
            out.append(f"{indent}@cached_property")
            out.append(f"{indent}def {name}(self) -> {child_cls}:")
            out.append(f"{indent}    from {_face_module(child.module, is_async)} import {child_cls}")
            out.append("")
            out.append(f'{indent}    return {child_cls}(cast("{client}", self))')
        out.append("")
    root_module = "\n".join(out).rstrip() + "\n"

    views, used = client_views(root)
    by_module: dict[str, set[str]] = defaultdict(set)
    for ref in used:
        module, _, name = ref.partition(":")
        by_module[module].add(name)
    out = [
        HEADER,
        '"""What type checkers see of the views of the resource tree: ``client.with_raw_response`` and',
        "``client.with_streaming_response``, and, one module per resource module, the views of each",
        "resource. Nothing imports these modules at runtime, so no process compiles or loads them.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import TYPE_CHECKING",
        "",
        "if TYPE_CHECKING:",
        "    from openai_core._async_client import AsyncClient",
        "    from openai_core._client import Client",
        "    from openai_core._raw_response import View",
    ]
    out += [f"    from {module} import {', '.join(sorted(names))}" for module, names in sorted(by_module.items())]
    out.extend("    " + line if line else "" for line in views)
    return root_module, "\n".join(out).rstrip() + "\n"


def _doc_group(node: Node) -> str:
    """The reference section of a resource: its first operation's (in its subtree)."""
    stack = [node]
    while stack:
        current = stack.pop(0)
        if current.ops:
            return current.ops[0].doc_group
        stack.extend(current.children.values())
    return node.path[0].replace("_", "-")


def emit_resources(ops: list[OpInfo], builder: TypeBuilder) -> dict[str, str]:
    root = build_tree(ops)
    files: dict[str, list[Node]] = defaultdict(list)
    packages: set[str] = set()
    for name, child in root.children.items():
        is_package = child.size > PACKAGE_THRESHOLD and bool(child.children)
        _place(child, name, is_package, files)
    for nodes in files.values():
        for node in nodes:
            if node.module != nodes[0].module:
                raise AssertionError(node.path)
    # A module is a package if another module lives under it.
    for module in files:
        parts = module.split(".")
        for i in range(1, len(parts)):
            packages.add(".".join(parts[:i]))
    _class_names(files)
    nodes_by_path = {".".join(node.path) for nodes in files.values() for node in nodes}
    lost = set(HELPERS) - nodes_by_path
    if lost:
        raise ValueError(f"helper mixins for resources that do not exist: {sorted(lost)}")
    for nodes in files.values():
        for node in nodes:
            clash = set(node.children) & {op.name for op in node.ops}
            if clash:
                raise ValueError(f"{node.path}: methods and subresources share names {clash}")
    writer = MethodWriter(builder)
    out: dict[str, str] = {}
    for module, nodes in sorted(files.items()):
        path = _module_file(module, packages)
        out[path], asynchronous, views = _render_resource_module(module, nodes, writer, builder)
        out[path.replace("openai_core/resources/", "openai_core/resources/_async/", 1)] = asynchronous
        out[path.replace("openai_core/resources/", "openai_core/resources/_views/", 1)] = views
    out["openai_core/resources/__init__.py"], out["openai_core/resources/_views/__init__.py"] = _render_root(root)
    out["openai_core/resources/_async/__init__.py"] = "\n".join(
        [HEADER, '"""The asyncio resources, one module per module of ``openai_core.resources``."""', ""]
    )
    return out
