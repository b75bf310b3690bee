"""Rewrite the old, spec-derived type names to the SDK's names: ``python -m tools.rename_types FILE...``.

The renames are the naming table's ``types`` section. In Python files only names and strings
that are exactly a type name (or a dotted path ending in one) change, never comments or prose;
in other files (Markdown) only whole words in CamelCase of two words or more do.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import re
import subprocess
import sys
import tokenize
from collections.abc import Mapping
from pathlib import Path

from tools.codegen.operations import NAMES

__all__ = ["rename_python", "rename_text"]

_COMPOUND = re.compile(r"[A-Z][a-z0-9]+[A-Z]")


def rename_python(source: str, names: Mapping[str, str]) -> str:
    """``source`` with its type names renamed: names (bare, or through a ``types`` module),
    strings that are a type name, and CamelCase type names in strings and comments."""
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    edits: list[tuple[int, int, str]] = []  # (start offset, end offset, text)
    # A one-word name (Error, User) is renamed only where it comes from a types module.
    imported = {
        alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and "types" in (node.module or "").split(".")
        for alias in node.names
    }
    for i, tok in enumerate(tokens):
        new = tok.string
        plain = bool(_COMPOUND.match(tok.string)) or tok.string in imported
        if tok.type == tokenize.NAME and tok.string in names and _is_types_name(tokens, i, plain):
            new = names[tok.string]
        elif tok.type in (tokenize.STRING, tokenize.COMMENT):
            match = re.fullmatch(r"([rbuf]*)(['\"])((?:[\w.]+[.:])?)(\w+)\2", tok.string, re.I)
            if match and match[4] in names:
                new = f"{match[1]}{match[2]}{match[3]}{names[match[4]]}{match[2]}"
            else:
                new = rename_text(tok.string, names)
        if new != tok.string:
            edits.append((starts[tok.start[0] - 1] + tok.start[1], starts[tok.end[0] - 1] + tok.end[1], new))
    for begin, end, text in reversed(edits):
        source = source[:begin] + text + source[end:]
    return source


def _is_types_name(tokens: list[tokenize.TokenInfo], i: int, plain: bool) -> bool:
    """Whether the name at ``i`` is a type's: bare (when ``plain``) or an attribute of a path
    through a ``types`` module."""
    if i == 0 or tokens[i - 1].string != ".":
        return plain
    j = i - 1
    while j > 0 and tokens[j].string == "." and tokens[j - 1].type == tokenize.NAME:
        if tokens[j - 1].string == "types":
            return True
        j -= 2
    return False


def rename_text(text: str, names: Mapping[str, str]) -> str:
    """``text`` with whole-word CamelCase compound type names renamed."""
    wanted = {old: new for old, new in names.items() if _COMPOUND.match(old)}
    if not wanted:
        return text
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, wanted), key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda m: wanted[m[1]], text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.rename_types", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--table", type=Path, help="a naming table other than tools/codegen/names.json")
    args = parser.parse_args(argv)
    table = json.loads(args.table.read_text(encoding="utf-8")) if args.table else NAMES
    names: dict[str, str] = table.get("types", {})
    changed = []
    for path in args.files:
        old = path.read_text(encoding="utf-8")
        new = rename_python(old, names) if path.suffix == ".py" else rename_text(old, names)
        if new != old:
            path.write_text(new, encoding="utf-8")
            changed.append(str(path))
            print(f"renamed types in {path}")
    python = [p for p in changed if p.endswith(".py")]
    if python:  # names change length: sort the imports and format again, as the project does
        for command in (["check", "--fix", "--select", "I", "--quiet"], ["format", "--quiet"]):
            subprocess.run([sys.executable, "-m", "ruff", *command, *python], check=False)


if __name__ == "__main__":
    main()
