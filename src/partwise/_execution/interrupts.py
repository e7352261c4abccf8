"""SIGTERM as an exception, so a terminated run is recorded (``CANCELED``) on the way out."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["RunInterrupted", "sigterm_interrupts"]


class RunInterrupted(KeyboardInterrupt):
    """The process received SIGTERM while running; raised like Ctrl-C so ``finally`` blocks run."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum


def _raise(signum: int, frame: FrameType | None) -> None:
    raise RunInterrupted(signum)


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`RunInterrupted` in the main thread.

    Only where Python's default (terminate at once) is in place: a handler the program installed
    itself is left alone, and other threads cannot install handlers at all.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return
    signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
