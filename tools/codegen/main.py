"""The generator's entry point: ``python -m tools.codegen [--spec PATH] [--out DIR]``."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from .emit_lazy import emit_lazy
from .emit_ops import emit_operations, emit_resources
from .emit_params import assign_params, emit_params
from .emit_paths import emit_paths
from .emit_requests import emit_requests
from .emit_types import alias_modules, emit_types
from .grouping import assign_modules
from .operations import NAMES, OpInfo, analyse_operations
from .sdk_types import apply_type_names
from .typemodel import TypeBuilder

__all__ = ["generate", "main"]

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SPEC = Path("..") / "shared" / "openapi" / "openapi.prism.json"  # from the repository root

# Generated packages: replaced as a whole, so no stale module survives a regeneration.
GENERATED_DIRS = ("openai_core/types", "openai_core/resources")


def build(spec: dict[str, Any]) -> tuple[dict[str, str], list[OpInfo], TypeBuilder]:
    """All generated sources as {relative path: text}, plus the analysed operations."""
    builder = TypeBuilder(spec)
    builder.build_components()
    builder.build_webhooks()
    ops = analyse_operations(spec, builder)
    apply_type_names(builder, ops, NAMES.get("types", {}))
    assign_modules(builder, ops)
    assign_params(builder, ops)
    files: dict[str, str] = {}
    files.update(emit_types(builder))
    files.update(emit_params(builder))
    files = emit_paths(files, builder, alias_modules(builder))
    files = emit_lazy(emit_requests(files, ops, builder))
    files.update(emit_operations(ops, builder))
    files.update(emit_resources(ops, builder))
    return files, ops, builder


def _format(root: Path, paths: list[Path]) -> None:
    """Sort imports and format with ruff (the project's tools), as for hand-written code."""
    files = [str(p) for p in paths]
    isort = ["--config", "lint.isort.known-first-party = ['openai_core', 'transports']"]
    for args in (["check", "--fix", "--select", "I", "--exit-zero", *isort], ["format"]):
        cmd = [sys.executable, "-m", "ruff", *args, "--quiet", *files]
        result = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SystemExit(f"ruff {args[0]} failed:\n{result.stdout}{result.stderr}")


def generate(spec_path: Path, out: Path, *, quiet: bool = False) -> list[OpInfo]:
    """Generate every file under ``out`` (the repository root or a scratch directory)."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    files, ops, _ = build(spec)
    # Write into a scratch tree first, format there, then replace the generated locations.
    with tempfile.TemporaryDirectory(prefix="codegen-") as tmp:
        stage = Path(tmp)
        # Format with the project's settings wherever the output goes, so that a scratch
        # generation is byte-identical to the committed files.
        config = REPO_ROOT / "pyproject.toml"
        if config.exists():
            shutil.copy(config, stage / "pyproject.toml")
        written = []
        for rel, text in files.items():
            path = stage / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
        _format(stage, written)
        for rel in GENERATED_DIRS:
            target = out / rel
            if target.exists():
                shutil.rmtree(target)
        for rel in files:
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(stage / rel, target)
    if not quiet:
        print_table(ops)
    return ops


def print_table(ops: list[OpInfo]) -> None:
    width = max(len(op.id) for op in ops)
    print(f"{'operationId':<{width}}  call")
    for op in sorted(ops, key=lambda o: o.call):
        print(f"{op.id:<{width}}  client.{op.call}")
    print(f"{len(ops)} operations")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.codegen", description=__doc__)
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="the OpenAPI description (JSON)")
    parser.add_argument("--out", type=Path, default=Path("."), help="repository root to write into")
    parser.add_argument("--quiet", action="store_true", help="do not print the operation table")
    args = parser.parse_args(argv)
    if not args.spec.exists():
        raise SystemExit(f"spec not found: {args.spec}")
    os.makedirs(args.out, exist_ok=True)
    generate(args.spec, args.out, quiet=args.quiet)
