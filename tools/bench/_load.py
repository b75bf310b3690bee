"""How busy the rest of the machine was during a run, from ``/proc/stat`` (Linux).

The machine's busy CPU time over a run, minus the bench's own (the client process and the
server), is what other processes took: when that is a visible share of a core, the run's
figures are noisy and must not be quoted as results.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["BUSY_CORES", "LoadMonitor"]

T = TypeVar("T")
BUSY_CORES = 0.2  # other processes using more than this many cores, on average, make a run "busy"
_HZ = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _machine_busy() -> float | None:
    """Seconds of CPU the whole machine spent busy since boot (``steal`` counts: a noisy host)."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[1:9])
    return (user + nice + system + irq + softirq + steal) / _HZ


def _process_cpu(pid: int) -> float:
    """Seconds of CPU process ``pid`` used so far (0 if it cannot be read)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _HZ


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class LoadMonitor:
    """Measures what other processes took while a child process of the bench ran."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.available = _machine_busy() is not None

    def run(self, fn: Callable[[], T]) -> tuple[T, float | None]:
        """``fn()`` (which runs and waits for one child process), and the average number of
        cores other processes kept busy meanwhile (``None`` without ``/proc/stat``)."""
        machine, own = _machine_busy(), _children_cpu() + _process_cpu(self.server_pid) + _process_cpu(os.getpid())
        wall = time.perf_counter()
        result = fn()
        wall = time.perf_counter() - wall
        after = _machine_busy()
        if machine is None or after is None or wall <= 0:
            return result, None
        own = _children_cpu() + _process_cpu(self.server_pid) + _process_cpu(os.getpid()) - own
        return result, max(0.0, (after - machine - own) / wall)
