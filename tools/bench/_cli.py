"""The benchmark driver: starts the server, runs every scenario in fresh client processes, reports."""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ._load import BUSY_CORES, LoadMonitor
from ._report import Row, Stats, format_tables, machine
from ._worker import STREAM_WARMUP

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[2]
Result = dict[str, Any]


@dataclass(frozen=True)
class Spec:
    """A throughput scenario: ``n`` units (``quick`` in a quick run), held to ours/raw ≤ ``target``."""

    name: str
    n: int
    unit: str
    target: float
    quick: int = 0

    def count(self, quick: bool) -> int:
        return (self.quick or self.n // 5) if quick else self.n


# Targets: issue 13 (ours/raw client CPU; the raw floor is requests with trust_env=False).
RATIO_SPECS = [
    Spec("seq_sync", 2_000, "call", 1.15),
    Spec("seq_async", 2_000, "call", 1.15),
    Spec("threads_sync", 2_000, "call", 1.2),
    Spec("conc_async", 5_000, "call", 1.25),
    Spec("stream_chat", 20_000, "chunk", 2.0),
    Spec("stream_chat_async", 20_000, "chunk", 2.0),
    Spec("stream_responses", 20_000, "event", 2.0),
    Spec("stream_responses_async", 20_000, "event", 2.0),
    Spec("embeddings", 500, "call", 0.9),
    Spec("embeddings_async", 500, "call", 0.9),
]
RSS = Spec("rss_stream", 1_000_000, "chunk", 10.0, quick=200_000)
INIT_TARGET_US = 1000.0
INIT_COUNT = 300
SCENARIO_NAMES = [s.name for s in RATIO_SPECS] + ["import", RSS.name]

_CALL = "model='gpt-4o-mini', messages=[{'role': 'user', 'content': 'hi'}]"
# Statements timed in a fresh interpreter: (row label, target ms, {mode: statement}); {base} is
# the server's URL.
IMPORTS = [
    ("import", 30.0, {"raw": "import requests", "ours": "import openai_core", "openai": "import openai"}),
    (
        "import Client",
        120.0,
        {"raw": "import requests", "ours": "from openai_core import Client", "openai": "from openai import OpenAI"},
    ),
    (
        "import + Client() + first call",
        100.0,
        {
            "raw": "import json, requests\ns = requests.Session()\ns.trust_env = False\n"
            "json.loads(s.post('{base}/chat/completions', data=json.dumps(dict(" + _CALL + ")), "
            "headers={'Authorization': 'Bearer k', 'Content-Type': 'application/json'}).content)",
            "ours": "from openai_core import Client\n"
            "Client(api_key='k', base_url='{base}', max_retries=0).chat.completions.create(" + _CALL + ")",
            "openai": "from openai import OpenAI\n"
            "OpenAI(api_key='k', base_url='{base}', max_retries=0).chat.completions.create(" + _CALL + ")",
        },
    ),
]


# The first call once more, with openai-core's modules compiled in every process: what an editable
# install costs where PYTHONDONTWRITEBYTECODE is set and its bytecode caches were never written
# (an installed package has them; the other modes' packages keep theirs).
FROM_SOURCE = ("import + Client() + first call, no caches", *IMPORTS[-1][1:])


def _env() -> dict[str, str]:
    """The environment of child processes: this one, with the repository root importable and
    bytecode caches written (as an installed package has them), so imports are not compiles."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": path}


@dataclass
class Runs:
    """The results of one scenario, per mode, and the first error of each failing mode."""

    ok: dict[str, list[Result]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    others: list[float] = field(default_factory=list)  # cores other processes used, per run

    def stats(self, mode: str, key: str, per_unit: float = 0.0) -> Stats | str | None:
        """Stats of ``key`` over the runs of ``mode`` (times ``per_unit`` / n when given)."""
        if mode in self.errors:
            return "error"
        runs = self.ok.get(mode)
        if not runs:
            return None
        if per_unit:
            return Stats(tuple(r[key] / r["n"] * per_unit for r in runs))
        return Stats(tuple(float(r[key]) for r in runs))


class Bench:
    """Runs client processes against one server, pinned apart when there are cores to spare."""

    def __init__(
        self, port: int, cpu: int | None, modes: Sequence[str], timeout: float, log: TextIO, load: LoadMonitor
    ) -> None:
        self.port = port
        self.load = load
        self.cpu = cpu
        self.modes = list(modes)
        self.timeout = timeout
        self.log = log
        self.env = _env()
        self.cwd = ROOT

    def _run(self, cmd: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            cmd, cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=self.timeout, check=False
        )

    @contextlib.contextmanager
    def from_source(self) -> Iterator[None]:
        """Run snippets on a copy of the sources without bytecode caches, and write none."""
        saved = self.cwd, self.env
        with tempfile.TemporaryDirectory() as tmp:
            for package in ("openai_core", "transports"):
                shutil.copytree(ROOT / package, Path(tmp, package), ignore=shutil.ignore_patterns("__pycache__"))
            path = os.pathsep.join(filter(None, [tmp, os.environ.get("PYTHONPATH")]))
            self.cwd, self.env = Path(tmp), {**self.env, "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"}
            try:
                yield
            finally:
                self.cwd, self.env = saved

    def worker(self, scenario: str, mode: str, n: int) -> Result:
        """One run of ``scenario`` in a fresh process; ``{"error": ...}`` when it failed."""
        cmd = [sys.executable, "-m", "tools.bench._worker", scenario, mode, "--n", str(n), "--port", str(self.port)]
        if self.cpu is not None:
            cmd += ["--cpu", str(self.cpu)]
        try:
            proc = self._run(cmd)
        except subprocess.TimeoutExpired:
            return {"error": f"timed out after {self.timeout:.0f}s"}
        lines = proc.stdout.strip().splitlines()
        try:
            result: Result = json.loads(lines[-1])
        except (IndexError, ValueError):
            tail = proc.stderr.strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
            return {"error": tail[0][:300]}
        return result

    def snippet(self, statement: str) -> float | str:
        """Seconds taken by ``statement`` in a fresh interpreter (the error text if it failed)."""
        pin = f"os.sched_setaffinity(0, {{{self.cpu}}})\n" if self.cpu is not None else ""
        statement = statement.replace("{base}", f"http://127.0.0.1:{self.port}/v1")
        code = f"import os, time\n{pin}t = time.perf_counter()\n{statement}\nprint(time.perf_counter() - t)\n"
        try:
            proc = self._run([sys.executable, "-c", code])
        except subprocess.TimeoutExpired:
            return "timed out"
        try:
            return float(proc.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            return (proc.stderr.strip().splitlines()[-1:] or ["failed"])[0][:300]

    def repeat(self, scenario: str, n: int, repeat: int) -> Runs:
        """``repeat`` runs per mode, interleaved; a mode that fails once is not run again."""
        runs = Runs()
        for i in range(repeat):
            for mode in self.modes:
                if mode in runs.errors:
                    continue
                started = time.perf_counter()
                result, others = self.load.run(functools.partial(self.worker, scenario, mode, n))
                took = time.perf_counter() - started
                if others is not None:
                    runs.others.append(others)
                if "error" in result:
                    runs.errors[mode] = str(result["error"])
                    print(f"  {scenario} {mode} {i + 1}/{repeat}: ERROR {result['error']}", file=self.log)
                    continue
                runs.ok.setdefault(mode, []).append(result)
                cpu = result.get("cpu", 0.0)
                busy = (
                    "" if others is None else f", others {others:.2f} cores" + (" BUSY" if others > BUSY_CORES else "")
                )
                print(f"  {scenario} {mode} {i + 1}/{repeat}: cpu {cpu:.3f}s, run {took:.1f}s{busy}", file=self.log)
        return runs


def _by_mode(runs: Runs, modes: Sequence[str], key: str, per_unit: float = 0.0) -> dict[str, Stats | str | None]:
    return {m: runs.stats(m, key, per_unit) if m in modes else None for m in ("raw", "ours", "openai")}


def _rates(runs: Runs) -> tuple[float | None, float | None, float | None]:
    def rate(mode: str) -> float | None:
        stats = runs.stats(mode, "wall", 1.0)
        return 1 / stats.median if isinstance(stats, Stats) and stats.median > 0 else None

    return rate("raw"), rate("ours"), rate("openai")


def _check(name: str, runs: Runs, log: TextIO) -> None:
    checks = {m: r[0].get("check") for m, r in runs.ok.items() if r}
    if len(set(checks.values())) > 1:
        print(f"  WARNING {name}: the modes consumed different totals {checks}", file=log)


def _ratio_row(bench: Bench, spec: Spec, n: int, repeat: int, results: dict[str, Any]) -> Row:
    runs = bench.repeat(spec.name, n, repeat)
    _check(spec.name, runs, bench.log)
    results[spec.name] = {"n": n, "runs": runs.ok, "errors": runs.errors, "others": runs.others}
    cpu = _by_mode(runs, bench.modes, "cpu", 1e6)
    wall = _by_mode(runs, bench.modes, "wall", 1e6)
    return Row(
        spec.name,
        f"CPU µs/{spec.unit}",
        cpu["raw"],
        cpu["ours"],
        cpu["openai"],
        spec.target,
        ratio_target=True,
        wall=(wall["raw"], wall["ours"], wall["openai"]),
        rate=_rates(runs),
        rate_unit=f"{spec.unit}s/s",
        others=tuple(runs.others),
    )


def _rss_row(bench: Bench, n: int, repeat: int, results: dict[str, Any]) -> Row:
    runs = bench.repeat(RSS.name, n, repeat)
    _check(RSS.name, runs, bench.log)
    results[RSS.name] = {"n": n, "runs": runs.ok, "errors": runs.errors, "others": runs.others}
    rss = _by_mode(runs, bench.modes, "rss_mb")
    wall = _by_mode(runs, bench.modes, "wall", 1e6)
    return Row(
        RSS.name,
        f"peak RSS growth MB ({n:,} chunks)",
        rss["raw"],
        rss["ours"],
        rss["openai"],
        RSS.target,
        ratio_target=False,
        unit="MB",
        wall=(wall["raw"], wall["ours"], wall["openai"]),
        rate=_rates(runs),
        rate_unit="chunks/s",
        others=tuple(runs.others),
    )


def _snippet_row(
    bench: Bench, results: dict[str, Any], label: str, target: float, statements: dict[str, str], count: int
) -> Row:
    """The row of ``statements`` timed in ``count`` fresh interpreters per mode, interleaved."""
    active = {m: st for m, st in statements.items() if m in bench.modes}
    for statement in active.values():
        bench.snippet(statement)  # untimed: writes any missing bytecode caches
    times: dict[str, list[float]] = {m: [] for m in active}
    errors: dict[str, str] = {}
    others: list[float] = []
    for _ in range(count):
        for mode, statement in active.items():
            if mode in errors:
                continue
            took, busy = bench.load.run(functools.partial(bench.snippet, statement))
            if busy is not None:
                others.append(busy)
            if isinstance(took, str):
                errors[mode] = took
            else:
                times[mode].append(took * 1000)
    print(f"  {label}: {count} fresh interpreters per mode", file=bench.log)
    results[label] = {"ms": times, "errors": errors, "others": others}
    cells: dict[str, Stats | str | None] = {
        m: "error" if m in errors else Stats(tuple(times[m])) if times.get(m) else None
        for m in ("raw", "ours", "openai")
    }
    return Row(
        label,
        "ms, fresh interpreter",
        cells["raw"],
        cells["ours"],
        cells["openai"],
        target,
        unit="ms",
        ratio_target=False,
        others=tuple(others),
    )


def _import_rows(bench: Bench, repeat: int, results: dict[str, Any]) -> list[Row]:
    count = max(10, 2 * repeat)
    rows = [_snippet_row(bench, results, label, target, statements, count) for label, target, statements in IMPORTS]
    with bench.from_source():
        rows.append(_snippet_row(bench, results, *FROM_SOURCE, count))
    runs = bench.repeat("client_init", INIT_COUNT, repeat)
    results["client_init"] = {"n": INIT_COUNT, "runs": runs.ok, "errors": runs.errors}
    init = _by_mode(runs, bench.modes, "median_us")
    rows.append(
        Row("Client()", "µs per construction", init["raw"], init["ours"], init["openai"], INIT_TARGET_US, False, "µs")
    )
    return rows


def _start_server(cpu: int | None, prewarm: Sequence[int], env: dict[str, str]) -> tuple[subprocess.Popen[str], int]:
    cmd = [sys.executable, "-m", "tools.bench._server", "--prewarm", ",".join(map(str, prewarm))]
    if cpu is not None:
        cmd += ["--cpu", str(cpu)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("PORT "):
        proc.kill()
        raise RuntimeError(f"the bench server did not start (said {line!r})")
    return proc, int(line.split()[1])


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _cores() -> tuple[int | None, int | None]:
    """(server core, client core): two distinct usable cores, or no pinning."""
    if not hasattr(os, "sched_getaffinity"):
        return None, None
    usable = sorted(os.sched_getaffinity(0))
    return (usable[0], usable[1]) if len(usable) >= 2 else (None, None)


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        return str(getattr(importlib.import_module(dist.replace("-", "_")), "__version__", "?"))
    except ImportError:
        return "absent"


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tools.bench", description="openai-core vs raw transport: client CPU ratio per scenario."
    )
    parser.add_argument("--quick", action="store_true", help="counts ÷5, 3 runs each (about 2 minutes)")
    parser.add_argument(
        "--scenario", action="append", choices=SCENARIO_NAMES, metavar="NAME", help=f"run only these: {SCENARIO_NAMES}"
    )
    parser.add_argument("--repeat", type=int, default=None, help="runs per scenario and mode (default 5; quick 3)")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the raw results here")
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected scenarios and print the tables; the exit status is 0 unless setup failed."""
    args = _parse(argv)
    quick: bool = args.quick
    repeat: int = args.repeat or (3 if quick else 5)
    selected = args.scenario or SCENARIO_NAMES
    modes = ["raw", "ours"] + (["openai"] if importlib.util.find_spec("openai") else [])
    server_cpu, client_cpu = _cores()
    info = machine()
    versions = {d: _version(d) for d in ("openai-core", "requests", "aiohttp", "openai")}
    log = sys.stderr

    print(f"openai-core benchmark: {'quick' if quick else 'full'} run, {repeat} runs per scenario and mode")
    print(f"machine: {info['cpu']} | cores {info['cores']} | {info['python']} | {info['platform']}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    pinning = f"server on core {server_cpu}, clients on core {client_cpu}" if client_cpu is not None else "none"
    print(f"pinning: {pinning}; clients measure time.process_time() around their loop\n", flush=True)

    started = time.perf_counter()
    responses = next(s for s in RATIO_SPECS if s.name == "stream_responses")
    server, port = _start_server(server_cpu, [STREAM_WARMUP, responses.count(quick)], _env())
    results: dict[str, Any] = {}
    rows: list[Row] = []
    try:
        load = LoadMonitor(server.pid)
        bench = Bench(port, client_cpu, modes, timeout=300 if quick else 600, log=log, load=load)
        for spec in RATIO_SPECS:
            if spec.name in selected:
                print(f"{spec.name}:", file=log, flush=True)
                rows.append(_ratio_row(bench, spec, spec.count(quick), repeat, results))
        if "import" in selected:
            print("import:", file=log, flush=True)
            rows += _import_rows(bench, repeat, results)
        if RSS.name in selected:
            print(f"{RSS.name}:", file=log, flush=True)
            rows.append(_rss_row(bench, RSS.count(quick), repeat, results))
    finally:
        _stop(server)

    elapsed = time.perf_counter() - started
    print(format_tables(rows, with_openai="openai" in modes))
    errors = {name: r["errors"] for name, r in results.items() if r.get("errors")}
    for name, errs in errors.items():
        for mode, message in errs.items():
            print(f"error: {name} [{mode}]: {message}")
    if "openai" not in modes:
        print("(the official openai package is not installed: its columns are omitted)")
    busy_rows = [r.scenario for r in rows if r.busy_runs()]
    if busy_rows:
        print(
            f"WARNING: other processes kept more than {BUSY_CORES} cores busy during some runs of: "
            + ", ".join(busy_rows)
            + ". Those figures are noisy: do not quote them as results."
        )
    elif not any(r.others for r in rows):
        print("(no /proc/stat: the load of other processes was not measured)")
    print(f"total {elapsed:.0f}s")
    if args.json is not None:
        payload = {
            "machine": info,
            "versions": versions,
            "options": {"quick": quick, "repeat": repeat, "modes": modes, "cores": [server_cpu, client_cpu]},
            "results": results,
            "elapsed_s": elapsed,
        }
        args.json.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    return 0
