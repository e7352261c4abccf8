"""What a run keeps of a step: the failure (type, message, the user's frames) and its log lines.

Both are stored as plain values in the metadata of the step's ``STEP_FAILURE`` / ``STEP_SUCCESS``
event, so every storage keeps them and ``partwise logs`` reads them back. The step's log lines are
``context.log`` records plus records of the ``partwise`` logger emitted while the step ran.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from partwise._tracebackhide import is_engine_file

__all__ = [
    "ERROR_KEY",
    "LOGS_KEY",
    "LogLine",
    "StepFailure",
    "StepLog",
    "failure_metadata",
]

ERROR_KEY = "partwise/error"
LOGS_KEY = "partwise/logs"
MAX_FRAMES = 30
MAX_LOG_LINES = 1000


# -- failures ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StepFailure:
    """A step's exception as stored: its type, message and the user's frames."""

    step: str | None
    error_type: str
    message: str
    frames: tuple[tuple[str, int, str, str], ...] = ()  # (file, line, function, source line)

    @property
    def one_line(self) -> str:
        """``Type: first line of the message`` (at most 200 characters)."""
        first = next((line.strip() for line in self.message.splitlines() if line.strip()), "")
        text = f"{self.error_type}: {first}" if first else self.error_type
        return text if len(text) <= 200 else text[:199] + "…"

    def traceback_lines(self) -> list[str]:
        """The user's frames as Python prints them, then the exception line(s)."""
        lines = []
        for file, line, function, source in self.frames:
            lines.append(f'File "{file}", line {line}, in {function}')
            if source:
                lines.append(f"  {source}")
        lines.extend(f"{self.error_type}: {self.message}".splitlines() or [self.error_type])
        return lines

    @classmethod
    def from_event(cls, event: Any) -> StepFailure:
        """The failure recorded on a ``STEP_FAILURE`` event (older events: just the message)."""
        stored = (event.metadata or {}).get(ERROR_KEY)
        if isinstance(stored, Mapping):
            frames = tuple(
                (str(f[0]), int(f[1]), str(f[2]), str(f[3])) for f in stored.get("frames", ())
            )
            return cls(event.step_key, stored["type"], stored["message"], frames)
        kind, _, message = (event.message or "").partition(": ")
        return cls(event.step_key, kind or "Error", message)


def failure_metadata(error: BaseException) -> dict[str, Any]:
    """The failure of a step as plain values: the type, the message, the user's frames."""
    frames = [
        [frame.filename, frame.lineno or 0, frame.name, (frame.line or "").strip()]
        for frame in traceback.extract_tb(error.__traceback__)
        if not is_engine_file(frame.filename)
    ]
    kind = type(error)
    name = (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )
    return {ERROR_KEY: {"type": name, "message": str(error), "frames": frames[-MAX_FRAMES:]}}


# -- log lines -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LogLine:
    """One log record of a step."""

    timestamp: float
    level: str
    logger: str
    message: str

    @classmethod
    def all_from(cls, metadata: Mapping[str, Any] | None) -> list[LogLine]:
        return [cls(*values) for values in (metadata or {}).get(LOGS_KEY, ())]


_PARTWISE = logging.getLogger("partwise")


class _StepLogger(logging.Logger):
    """``context.log`` of one step: every record is kept for the run; records reach the
    ``partwise`` logger's handlers only at the level that logger lets through."""

    def __init__(self, name: str, capture: StepLog) -> None:
        super().__init__(name, logging.DEBUG)
        self.parent = _PARTWISE
        self._capture = capture

    def callHandlers(self, record: logging.LogRecord) -> None:
        self._capture.keep(record)
        parent = self.parent
        if parent is not None and record.levelno >= parent.getEffectiveLevel():
            parent.handle(record)


class StepLog:
    """Collects one step's log lines while it runs (only records of the step's own thread).

    It serves as a handler of the ``partwise`` logger while the step runs. Loggers ask a handler
    only for ``level`` and ``handle(record)``; not being a ``logging.Handler`` spares each step
    the registration every ``Handler`` makes in the logging module (under its lock).
    """

    level = logging.DEBUG

    def __init__(self, step: str) -> None:
        self.step = step
        self.lines: list[list[Any]] = []
        self._thread = threading.get_ident()
        self._logger: _StepLogger | None = None

    @property
    def logger(self) -> logging.Logger:
        if self._logger is None:
            self._logger = _StepLogger(f"partwise.{self.step}", self)
        return self._logger

    def __enter__(self) -> StepLog:
        _PARTWISE.addHandler(self)  # type: ignore[arg-type]  # a handler as loggers use one
        return self

    def __exit__(self, *exc: object) -> None:
        _PARTWISE.removeHandler(self)  # type: ignore[arg-type]
        self._logger = None  # the logger refers to this capture: no cycle left for the GC

    def handle(self, record: logging.LogRecord) -> bool:
        self.keep(record)
        return True

    def keep(self, record: logging.LogRecord) -> None:
        if record.thread != self._thread or getattr(record, "_partwise_kept", None) is self:
            return
        record._partwise_kept = self
        if len(self.lines) < MAX_LOG_LINES:
            try:
                message = record.getMessage()
            except Exception as error:  # a bad format string must not fail the step
                message = f"{record.msg!r} (unformattable: {error})"
            self.lines.append([record.created, record.levelname, record.name, message])

    def metadata(self) -> dict[str, Any]:
        return {LOGS_KEY: self.lines} if self.lines else {}
