"""How a step ends other than by returning: ``Failure``, ``RetryRequested``, and ``RetryPolicy``.

A step with a retry policy (its own, or its job's ``op_retry_policy``) that raises is run again up
to ``max_retries`` times, waiting the policy's delay in between. The wait goes through
``partwise._clock.sleep``, the one seam tests replace to run retries without waiting.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from partwise._metadata import normalize_metadata
from partwise.errors import CheckError, InvalidDefinitionError, MaxRetriesExceededError

__all__ = ["Backoff", "Failure", "Jitter", "RetryPolicy", "RetryRequested", "retry_delay"]


class Failure(Exception):
    """Raised by a step to fail on purpose, with a description and metadata for the failure event."""

    def __init__(
        self,
        description: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        allow_retries: bool | None = None,
    ) -> None:
        super().__init__(description)
        self.description = description
        self.metadata = normalize_metadata(metadata)
        self.allow_retries = True if allow_retries is None else allow_retries


class RetryRequested(Exception):
    """Raised by a step to be run again (up to ``max_retries`` times, after ``seconds_to_wait``)."""

    def __init__(self, max_retries: int | None = 1, seconds_to_wait: float | None = None) -> None:
        super().__init__()
        self.max_retries = _int("max_retries", max_retries)
        self.seconds_to_wait = seconds_to_wait


class Backoff(enum.Enum):
    """How the delay grows with the attempt number: ``LINEAR`` (n × d) or ``EXPONENTIAL`` ((2ⁿ−1) × d)."""

    LINEAR = "LINEAR"
    EXPONENTIAL = "EXPONENTIAL"


class Jitter(enum.Enum):
    """Randomness added to the delay: ``FULL`` (0…delay) or ``PLUS_MINUS`` (± the base delay)."""

    FULL = "FULL"
    PLUS_MINUS = "PLUS_MINUS"


def _int(name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise CheckError(f'Param "{name}" is not a int. Got {value!r} which is type {type(value)}.')
    return value


@dataclass(frozen=True)
class RetryPolicy:
    """Run a failing step again, up to ``max_retries`` times, ``delay`` seconds apart."""

    max_retries: int = 1
    delay: float | None = None
    backoff: Backoff | None = None
    jitter: Jitter | None = None

    def __post_init__(self) -> None:
        _int("max_retries", self.max_retries)
        for name in ("backoff", "jitter"):
            if getattr(self, name) is not None and self.delay is None:
                raise InvalidDefinitionError(
                    f"Can not set {name} on RetryPolicy without also setting delay"
                )

    def calculate_delay(self, attempt_num: int) -> float:
        """Seconds to wait before attempt ``attempt_num`` (1 for the first retry)."""
        return retry_delay(attempt_num, self.backoff, self.jitter, self.delay or 0)


def retry_delay(attempt: int, backoff: Backoff | None, jitter: Jitter | None, base: float) -> float:
    """The reference's delay formula: backoff first, then jitter."""
    if backoff is Backoff.EXPONENTIAL:
        delay: float = (2**attempt - 1) * base
    elif backoff is Backoff.LINEAR:
        delay = attempt * base
    else:
        delay = base
    if jitter is Jitter.FULL:
        delay = random.random() * delay
    elif jitter is Jitter.PLUS_MINUS:
        delay += 2 * random.random() * base - base
    return delay


def next_attempt_delay(
    error: BaseException, policy: RetryPolicy | None, retries_done: int
) -> float | None:
    """Seconds to wait before running the step again after ``error``, or ``None`` for no retry.

    Raises ``MaxRetriesExceededError`` (caused by ``error``) when a retry was asked for but the
    retries are used up.
    """
    if isinstance(error, RetryRequested):
        limit, wait = error.max_retries, error.seconds_to_wait or 0
    elif policy is not None and not (isinstance(error, Failure) and not error.allow_retries):
        limit, wait = policy.max_retries, None
    else:
        return None
    if retries_done >= limit:
        raise MaxRetriesExceededError(f"Exceeded max_retries of {limit}") from error
    if wait is None:
        assert policy is not None
        wait = policy.calculate_delay(retries_done + 1)
    return max(wait, 0.0)
