"""Surfaces the core's unit warnings (a short ``expiry_time``) as Python warnings that point at
the caller's line, however many of the package's own frames lie in between."""

from __future__ import annotations

import os
import sys

__all__ = ["DatabrainWarning", "warn"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


class DatabrainWarning(UserWarning):
    """A call that works but is probably not what was meant (e.g. ``expiry_time=3600``: 3.6 s)."""


def warn(message: str) -> None:
    """``warnings.warn`` at the first frame outside this package (the native code that calls this
    has no Python frame of its own)."""
    import warnings  # only when there is something to warn about: `import databrain` stays cheap

    level = 2
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    warnings.warn(message, DatabrainWarning, stacklevel=level)
