"""What a failed step leaves behind: its error and, for a ``Failure``, the user's description and metadata.

``ExecuteInProcessResult.failure_data_for_node(name)`` returns a :class:`StepFailureData`, shaped as
the reference's (``.error.cls_name``, ``.error.message``, ``.user_failure_data.description``).
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "SerializableErrorInfo",
    "StepFailureData",
    "UserFailureData",
    "raised_failure",
    "step_failure_data",
]


@dataclass(frozen=True)
class SerializableErrorInfo:
    """An exception as text: ``"ValueError: boom\\n"``, its stack, its class name and its cause."""

    message: str
    stack: list[str]
    cls_name: str | None
    cause: SerializableErrorInfo | None = None
    context: SerializableErrorInfo | None = None

    @classmethod
    def from_exception(cls, error: BaseException) -> SerializableErrorInfo:
        cause = error.__cause__
        return cls(
            "".join(traceback.format_exception_only(type(error), error)),
            traceback.format_tb(error.__traceback__),
            type(error).__name__,
            cls.from_exception(cause) if cause is not None else None,
        )

    def to_string(self) -> str:
        text = self.message + "".join(self.stack)
        if self.cause is not None:
            text += "\nThe above exception was caused by the following exception:\n"
            text += self.cause.to_string()
        return text


@dataclass(frozen=True)
class UserFailureData:
    """What a ``Failure`` raised on purpose carried."""

    label: str
    description: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StepFailureData:
    error: SerializableErrorInfo | None
    user_failure_data: UserFailureData | None = None
    error_source: str | None = None


def raised_failure(error: BaseException) -> Any:
    """The ``Failure`` behind ``error`` (itself, or the cause of exhausted retries), else ``None``."""
    from partwise.errors import MaxRetriesExceededError

    from .outcomes import Failure

    if isinstance(error, MaxRetriesExceededError):
        error = error.__cause__ or error
    return error if isinstance(error, Failure) else None


def step_failure_data(error: BaseException) -> StepFailureData:
    """The failure data of a step that raised ``error``."""
    user = None
    failure = raised_failure(error)
    if failure is not None:
        user = UserFailureData("intentional-failure", failure.description, failure.metadata)
    return StepFailureData(SerializableErrorInfo.from_exception(error), user, "USER_CODE_ERROR")
