"""Statistics over repeated runs, the results table and the machine description."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from ._load import BUSY_CORES

__all__ = ["Row", "Stats", "format_tables", "machine"]


@dataclass(frozen=True)
class Stats:
    """Median and spread of one figure over repeated runs."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def text(self) -> str:
        lo, hi = min(self.values), max(self.values)
        return f"{_num(self.median)} ({_num(lo)}-{_num(hi)})"


@dataclass(frozen=True)
class Row:
    """One line of the main table: the figure for each mode and the target it is held to.

    ``ratio_target`` rows pass when ours/raw is at most the target; the others when ours itself is.
    ``wall`` holds the secondary (wall time) figures, ``rate`` the throughput of each mode;
    ``others`` the cores that other processes kept busy during each run.
    """

    scenario: str
    metric: str
    raw: Stats | str | None
    ours: Stats | str | None
    openai: Stats | str | None
    target: float
    ratio_target: bool
    unit: str = ""
    wall: tuple[Stats | str | None, Stats | str | None, Stats | str | None] = (None, None, None)
    rate: tuple[float | None, float | None, float | None] = (None, None, None)
    rate_unit: str = ""
    others: tuple[float, ...] = ()

    def busy_runs(self) -> int:
        return sum(o > BUSY_CORES for o in self.others)

    def busy_text(self) -> str:
        if not self.others:
            return "-"
        return f"{self.busy_runs()}/{len(self.others)} (max {max(self.others):.2f})"

    def ratio(self, other: Stats | str | None) -> float | None:
        return _ratio(other, self.raw)

    def verdict(self) -> str:
        if not isinstance(self.ours, Stats):
            return "n/a"
        value = self.ratio(self.ours) if self.ratio_target else self.ours.median
        if value is None:
            return "n/a"
        return "PASS" if value <= self.target else "MISS"

    def target_text(self) -> str:
        return f"≤{self.target:g}" + ("" if self.ratio_target else f" {self.unit}")


def _ratio(num: Stats | str | None, den: Stats | str | None) -> float | None:
    if isinstance(num, Stats) and isinstance(den, Stats) and den.median > 0:
        return num.median / den.median
    return None


def _num(x: float) -> str:
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def _cell(value: Stats | str | None) -> str:
    if value is None:
        return "-"
    return value if isinstance(value, str) else value.text()


def _ratio_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _rate_text(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value / 1000:.1f}k" if value >= 10_000 else f"{value:.0f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return out


def format_tables(rows: Sequence[Row], with_openai: bool) -> str:
    """The main (client CPU) table and the secondary (wall time, throughput) table."""
    head = ["scenario", "metric", "raw", "ours", "ours/raw"]
    if with_openai:
        head += ["openai", "openai/raw"]
    head += ["target", "result", "busy runs (cores)"]
    main = []
    for r in rows:
        cells = [r.scenario, r.metric, _cell(r.raw), _cell(r.ours)]
        cells.append(_ratio_text(r.ratio(r.ours)) if r.ratio_target else "-")
        if with_openai:
            cells += [_cell(r.openai), _ratio_text(r.ratio(r.openai)) if r.ratio_target else "-"]
        cells += [r.target_text(), r.verdict(), r.busy_text()]
        main.append(cells)
    out = [
        "Client CPU (primary): median (min-max) over runs; busy runs: runs during which other processes"
        f" kept more than {BUSY_CORES} cores busy (the most they did)",
        *_table(head, main),
    ]

    walled = [r for r in rows if any(w is not None for w in r.wall)]
    if walled:
        head = ["scenario", "raw wall", "ours wall", "ours/raw"]
        if with_openai:
            head += ["openai wall", "openai/raw"]
        head += ["raw rate", "ours rate"] + (["openai rate"] if with_openai else []) + ["rate unit"]
        sec = []
        for r in walled:
            raw, ours, oai = r.wall
            cells = [r.scenario, _cell(raw), _cell(ours), _ratio_text(_ratio(ours, raw))]
            if with_openai:
                cells += [_cell(oai), _ratio_text(_ratio(oai, raw))]
            cells += [_rate_text(r.rate[0]), _rate_text(r.rate[1])]
            cells += [_rate_text(r.rate[2])] if with_openai else []
            cells.append(r.rate_unit)
            sec.append(cells)
        out += [
            "",
            "Wall time (secondary): µs per unit, median (min-max); rate = units per wall second",
            *_table(head, sec),
        ]
    return "\n".join(out)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, str]:
    """CPU model, core counts and Python version of this machine."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": _cpu_model(),
        "cores": f"{os.cpu_count()} ({usable} usable)",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(terse=True),
    }
