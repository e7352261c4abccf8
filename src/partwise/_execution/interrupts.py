"""SIGTERM as an exception, so a terminated run is recorded (``CANCELED``) on the way out."""

from __future__ import annotations

import signal
import threading
from types import FrameType

__all__ = ["RunInterrupted", "sigterm_interrupts"]


class RunInterrupted(KeyboardInterrupt):
    """The process received SIGTERM while running; raised like Ctrl-C so ``finally`` blocks run."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum


def _raise(signum: int, frame: FrameType | None) -> None:
    raise RunInterrupted(signum)


def sigterm_interrupts() -> _SigtermInterrupts:
    """While inside, SIGTERM raises :class:`RunInterrupted` in the main thread.

    Only where Python's default (terminate at once) is in place: a handler the program installed
    itself is left alone (so is this one's, when already inside), and other threads cannot
    install handlers at all.
    """
    return _SigtermInterrupts()


class _SigtermInterrupts:
    """The context of :func:`sigterm_interrupts` (a class: it is entered once per run)."""

    __slots__ = ("_installed",)

    def __init__(self) -> None:
        self._installed = False

    def __enter__(self) -> None:
        if (
            signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
            and threading.current_thread() is threading.main_thread()
        ):
            signal.signal(signal.SIGTERM, _raise)
            self._installed = True

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            self._installed = False
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
