"""What type checkers see of ``resource.with_raw_response`` and ``.with_streaming_response``.

Each resource class declares (for checkers only) the two properties, typed as a view class of
its own: every method of the resource, with the same parameters and overloads, answering the
raw response of what the method returns (``LegacyAPIResponse[ChatCompletion]``), or the context
manager of a streamed response; every sub-resource is seen the same way. The helpers that send one
request (``parse``) are there too, declared with their own signatures. The view classes live in
``openai_core.resources._views``, one module per resource module, which only checkers import: no
process compiles or loads them. At runtime the views are the resource itself on a raw-mode client
(see ``openai_core._resource``).

A resource with binary answers (in it or below) also declares ``_binary_streams``, the type of
its ``with_options(stream_binary=True)``: the same methods, where those answers are a
``StreamedBinaryResponse`` (``AsyncStreamedBinaryResponse``, awaited) instead of a body read whole.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .emit_ops import Node
    from .operations import OpInfo

__all__ = ["binary_view_class", "client_views", "has_binary", "view_classes", "view_names", "view_properties"]

# The SDK's names of the two clients' views
CLIENT_VIEWS = {
    False: ("OpenAIWithRawResponse", "OpenAIWithStreamedResponse"),
    True: ("AsyncOpenAIWithRawResponse", "AsyncOpenAIWithStreamedResponse"),
}

# (raw, streamed) wrappers of openai_core._raw_response, per kind of method
_WRAPPERS = {
    "sync": ("raw_view", "streamed_view"),
    "async": ("async_raw_view", "async_streamed_view"),
    "async_pages": ("async_raw_pages", "async_streamed_pages"),
}


_VIEW_PROPERTIES = ("with_raw_response", "with_streaming_response")


def _names(cls: str) -> tuple[str, str]:
    return f"{cls}WithRawResponse", f"{cls}WithStreamingResponse"


def _binary_name(cls: str) -> str:
    return f"{cls}WithStreamedBinary"


def has_binary(node: Node) -> bool:
    """Whether ``node`` or a resource below it has an operation answering binary content."""
    return any(op.response_kind == "binary" for op in node.ops) or any(map(has_binary, node.children.values()))


def view_names(cls: str, binary: bool) -> list[str]:
    """The names of ``cls``'s view classes (with ``binary``, of its binary view too)."""
    return [*_names(cls), *([_binary_name(cls)] if binary else [])]


def view_properties(cls: str, binary: bool = False) -> list[str]:
    """The class-body lines (indented) typing ``cls``'s two views (and, with ``binary``, its
    ``with_options(stream_binary=True)``)."""
    raw, streamed = _names(cls)
    lines = [
        "    if TYPE_CHECKING:",
        "",
        "        @property",
        f"        def with_raw_response(self) -> {raw}: ...",
        "        @property",
        f"        def with_streaming_response(self) -> {streamed}: ...",
    ]
    if binary:
        lines += ["        @property", f"        def _binary_streams(self) -> {_binary_name(cls)}: ..."]
    return lines


def binary_view_class(node: Node, is_async: bool, stub: Callable[[OpInfo], list[str]]) -> list[str]:
    """The class typing ``<node>.with_options(stream_binary=True)`` (for a ``TYPE_CHECKING``
    block): binary methods as ``stub`` declares them, the others and sub-resources as they are."""
    cls = ("Async" if is_async else "") + node.cls
    view = _binary_name(cls)
    lines = ["", f"class {view}:", f'    """``{cls}`` with binary answers streamed."""', ""]
    lines.append(f"    def __init__(self, resource: {cls}) -> None:")
    body = []
    for name, child in node.children.items():
        body.append(f"        self.{name} = resource.{name}{'._binary_streams' if has_binary(child) else ''}")
    body += [f"        self.{op.name} = resource.{op.name}" for op in node.ops if op.response_kind != "binary"]
    lines += body or ["        pass"]
    for op in node.ops:
        if op.response_kind == "binary":
            lines.append("")
            lines += ["    " + line if line else "" for line in stub(op)]
    return lines


# How a helper's result is wrapped on each view, and whether it is awaited: (raw, streamed)
HELPER_VIEWS = {
    False: (("LegacyAPIResponse[{}]", False), ("ResponseContextManager[{}]", False)),
    True: (("LegacyAPIResponse[{}]", True), ("AsyncResponseContextManager[{}]", False)),
}


def view_classes(
    node: Node,
    module: str,
    child_imports: dict[str, set[str]],
    wrappers: set[str],
    helpers: Callable[[bool, int], list[str]],
) -> list[str]:
    """The view classes of ``node``'s sync and async classes (for a ``TYPE_CHECKING`` block);
    views of sub-resources in other modules are added to ``child_imports``, the names of
    ``openai_core._raw_response`` used to ``wrappers``. ``helpers(is_async, index)`` declares the
    helpers of the raw (``index`` 0) or streamed (1) view: explicit declarations, which checkers
    read much faster than a wrapper of an overloaded method with generic results."""
    lines: list[str] = []
    for is_async in (False, True):
        prefix = "Async" if is_async else ""
        cls = prefix + node.cls
        for index, (view, doc) in enumerate(zip(_names(cls), ("raw responses", "streamed responses"), strict=True)):
            wrappers.add("View")
            lines += ["", f"class {view}(View):", f'    """``{cls}`` answering {doc}."""', ""]
            lines.append(f"    def __init__(self, resource: {cls}) -> None:")
            body = []
            for name, child in node.children.items():
                child_view = _names(prefix + child.cls)[index]
                if child.module != module:
                    child_imports[f"openai_core.resources._views.{child.module}"].add(child_view)
                body.append(f"        self.{name} = {child_view}(resource.{name})")
            for op in node.ops:
                kind = "sync" if not is_async else "async_pages" if op.paged else "async"
                wrapper = _WRAPPERS[kind][index]
                wrappers.add(wrapper)
                body.append(f"        self.{op.name} = {wrapper}(resource.{op.name})")
            lines += body or ["        pass"]
            stubs = helpers(is_async, index)
            if stubs:
                wrappers.add(HELPER_VIEWS[is_async][index][0].split("[")[0])
                lines.append("")
                lines += ["    " + line if line else "" for line in stubs]
            lines.append("")
    return lines


def client_views(root: Node) -> tuple[list[str], list[str]]:
    """The classes typing ``Client.with_raw_response`` / ``.with_streaming_response`` (and the
    async client's), for a ``TYPE_CHECKING`` block, and the view names they use, by module."""
    lines: list[str] = []
    used: list[str] = []
    for is_async in (False, True):
        prefix = "Async" if is_async else ""
        client = "AsyncClient" if is_async else "Client"
        for index, view in enumerate(CLIENT_VIEWS[is_async]):
            lines += ["", f"class {view}(View):", f'    """``{client}.{_VIEW_PROPERTIES[index]}``."""', ""]
            lines.append(f"    def __init__(self, client: {client}) -> None:")
            for name, child in sorted(root.children.items()):
                child_view = _names(prefix + child.cls)[index]
                used.append(f"openai_core.resources._views.{child.module}:{child_view}")
                lines.append(f"        self.{name} = {child_view}(client.{name})")
    return lines, used
