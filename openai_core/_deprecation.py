"""The warning a deprecated operation gives, at the caller's line."""

from __future__ import annotations

import os
import sys
import warnings

_PACKAGE = os.path.dirname(__file__) + os.sep


def warn_deprecated(call: str) -> None:
    """Warn that ``call`` is deprecated, at the first frame outside this package.

    Python's default filter shows it once per line; under ``always`` or ``error`` every call warns.
    """
    frame, level = sys._getframe(), 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    warnings.warn(f"{call}() is deprecated by the OpenAI API", DeprecationWarning, stacklevel=level)
