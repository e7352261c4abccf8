"""The only place partwise reads the wall clock.

``now()`` goes through :mod:`datetime` and ``timestamp()`` through :func:`time.time`, both looked
up at call time, so ``freezegun`` (which patches ``datetime.datetime`` and ``time.time``) freezes
every partwise computation that depends on "now".
"""

from __future__ import annotations

import datetime as _dt
import time as _time

__all__ = ["now", "sleep", "timestamp"]


def now() -> _dt.datetime:
    """The current instant as an aware UTC datetime."""
    return _dt.datetime.now(_dt.timezone.utc)


def timestamp() -> float:
    """The current instant as POSIX seconds (what every stored event records)."""
    return _time.time()


def sleep(seconds: float) -> None:
    """Wait ``seconds`` (retry delays); tests replace this function to run retries at once."""
    _time.sleep(seconds)
