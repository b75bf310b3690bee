"""Progress reporting for the long helpers (``uploads.upload_file``, ``batches.run``).

A progress callback is any ``callback(done, total)``. ``progress=True`` asks for
:class:`ProgressBar`: a tqdm bar on stderr when tqdm is installed (``pip install
'openai-core[progress]'``), else a plain percentage line.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, Union

__all__ = ["ProgressBar", "ProgressCallback", "ProgressInput", "reporting"]

ProgressCallback = Callable[[int, int], None]
"""Called with ``(done, total)``: bytes sent of an upload, requests finished of a batch."""

ProgressInput = Union[ProgressCallback, bool, None]
"""A callback, ``True`` for a :class:`ProgressBar`, or ``None``/``False`` for none."""


class ProgressBar:
    """A ``(done, total)`` callback that draws a bar on ``file`` (stderr): tqdm's when it is
    installed, otherwise a plain ``label: 42% (420/1000 unit)`` line (redrawn in place on a
    terminal, one line per tenth elsewhere). :meth:`close` ends it."""

    def __init__(self, label: str, *, unit: str = "B", file: IO[str] | None = None) -> None:
        self.label = label
        self.unit = unit
        self.file = file
        self.done = 0
        self.total = 0
        self._bar: Any = None
        self._tenth = -1
        self._closed = False
        try:
            self._tqdm: Any = importlib.import_module("tqdm").tqdm
        except ImportError:
            self._tqdm = None

    @property
    def _out(self) -> IO[str]:
        return self.file if self.file is not None else sys.stderr

    def __call__(self, done: int, total: int) -> None:
        if self._closed:
            return
        step, self.done, self.total = done - self.done, done, total
        if self._tqdm is not None:
            if self._bar is None:
                scale = self.unit == "B"
                self._bar = self._tqdm(total=total, unit=self.unit, unit_scale=scale, desc=self.label, file=self._out)
            elif self._bar.total != total:
                self._bar.total = total
            self._bar.update(step)
            return
        if self._out.isatty():
            self._out.write(f"\r{self._line()}")
            self._out.flush()
            return
        tenth = 10 * done // total if total else 0
        if tenth != self._tenth:
            self._tenth = tenth
            self._out.write(f"{self._line()}\n")
            self._out.flush()

    def close(self) -> None:
        """End the bar (a final newline for the plain line on a terminal)."""
        if self._closed:
            return
        self._closed = True
        if self._bar is not None:
            self._bar.close()
        elif self._tqdm is None and self._out.isatty():
            self._out.write("\n")
            self._out.flush()

    def _line(self) -> str:
        percent = 100 * self.done // self.total if self.total else 0
        return f"{self.label}: {percent:3d}% ({self.done}/{self.total} {self.unit})"


@contextmanager
def reporting(progress: ProgressInput, label: str, unit: str) -> Iterator[ProgressCallback | None]:
    """The callback for ``progress``: a :class:`ProgressBar` (closed at the end) for
    ``True``, the caller's own callback, or ``None``."""
    if progress is True:
        bar = ProgressBar(label, unit=unit)
        try:
            yield bar
        finally:
            bar.close()
    elif progress is False or progress is None:
        yield None
    else:
        yield progress
