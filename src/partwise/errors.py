"""The partwise error tree.

One root, :class:`PartwiseError`; every class also subclasses the built-in a caller would naturally
catch (``ValueError``, ``KeyError``, …). Dagster's names are aliases, so code that catches
``DagsterUnknownPartitionError`` keeps working after the import line changes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "CheckError",
    "DagsterError",
    "DagsterExecutionStepExecutionError",
    "DagsterInvalidConfigError",
    "DagsterInvalidDefinitionError",
    "DagsterInvalidDeserializationVersionError",
    "DagsterInvalidInvocationError",
    "DagsterInvariantViolationError",
    "DagsterInvalidMetadata",
    "DagsterMaxRetriesExceededError",
    "DagsterTypeCheckDidNotPass",
    "DagsterUnknownPartitionError",
    "ImmutableDefinitionError",
    "InvalidConfigError",
    "InvalidDefinitionError",
    "InvalidDeserializationVersionError",
    "InvalidInvocationError",
    "InvalidPartitionKeyError",
    "InvariantViolationError",
    "InvalidMetadataError",
    "MaxRetriesExceededError",
    "MissingInputError",
    "PartwiseError",
    "SerializationError",
    "StepExecutionError",
    "StorageError",
    "TypeCheckError",
    "UnknownImportError",
    "UnknownNameError",
    "UnknownPartitionError",
    "UnknownTimezoneError",
    "check_param",
    "did_you_mean",
    "nearest",
]


class PartwiseError(Exception):
    """Root of every error partwise raises on purpose."""


class InvalidDefinitionError(PartwiseError, ValueError):
    """A definition (partitions, asset, job, mapping, schedule) is malformed."""


class InvalidInvocationError(PartwiseError, TypeError):
    """A public function was called with arguments it cannot accept."""


class InvariantViolationError(PartwiseError, RuntimeError):
    """An operation is not valid in the current state (e.g. a partition accessor in an unpartitioned run)."""


class MissingInputError(InvariantViolationError, FileNotFoundError):
    """An input's upstream value was never stored: the same error (naming the asset and its
    partition) whichever I/O manager looked for it."""


class UnknownPartitionError(PartwiseError, KeyError):
    """A partition key does not exist in its partitions definition."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class InvalidConfigError(PartwiseError, ValueError):
    """Run config does not match the job's config schema."""

    def __init__(self, message: str, errors: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


class InvalidPartitionKeyError(PartwiseError, ValueError):
    """A partition key cannot be parsed with its definition's format."""


class UnknownTimezoneError(InvalidDefinitionError, KeyError):
    """A timezone name is not in the IANA database (also catchable as ``ZoneInfoNotFoundError``'s base)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ImmutableDefinitionError(PartwiseError, AttributeError):
    """An attribute of a partitions definition or partition mapping was assigned or deleted."""


class CheckError(PartwiseError, ValueError):
    """A precondition on arguments failed (Dagster raises its ``CheckError`` in the same places)."""


class InvalidDeserializationVersionError(PartwiseError, ValueError):
    """Serialized text was written in a format version this code does not read."""


class SerializationError(PartwiseError, ValueError):
    """A value cannot be written by ``serialize_value`` or read back by ``deserialize_value``."""


class StepExecutionError(PartwiseError, RuntimeError):
    """User code raised inside a step; ``__cause__`` is the original exception."""


class StorageError(PartwiseError, OSError):
    """An instance's storage cannot be used (its folder is a file, its database is damaged, not a
    partwise database or read-only), or a page cannot be written. The message names the file
    and what to do."""


class InvalidMetadataError(PartwiseError, TypeError):
    """A metadata value has a type no ``MetadataValue`` stands for."""


class TypeCheckError(PartwiseError, TypeError):
    """A step's input or output value failed its type check (its annotation or ``dagster_type``)."""

    def __init__(self, description: str, type_check: Any = None, dagster_type: Any = None) -> None:
        super().__init__(description)
        self.description = description
        self.metadata = getattr(type_check, "metadata", {})
        self.dagster_type = dagster_type


class MaxRetriesExceededError(PartwiseError, RuntimeError):
    """A step kept failing after its retry policy's (or ``RetryRequested``'s) last attempt."""


class UnknownNameError(PartwiseError, AttributeError):
    """``partwise.X`` for a name partwise does not provide."""


class UnknownImportError(PartwiseError, ImportError):
    """``from partwise import X`` for a name partwise does not provide."""


# Dagster-named aliases, for code that catches them by name.
DagsterError = PartwiseError
DagsterInvalidDefinitionError = InvalidDefinitionError
DagsterInvalidInvocationError = InvalidInvocationError
DagsterInvariantViolationError = InvariantViolationError
DagsterUnknownPartitionError = UnknownPartitionError
DagsterInvalidConfigError = InvalidConfigError
DagsterExecutionStepExecutionError = StepExecutionError
DagsterInvalidDeserializationVersionError = InvalidDeserializationVersionError
DagsterInvalidMetadata = InvalidMetadataError
DagsterTypeCheckDidNotPass = TypeCheckError
DagsterMaxRetriesExceededError = MaxRetriesExceededError


def check_param(
    value: Any, name: str, expected: type | tuple[type, ...], *, optional: bool = False
) -> Any:
    """``value`` if it is an ``expected`` (or ``None`` when ``optional``), else a
    :class:`CheckError` in the reference's words naming the parameter and what it got."""
    if (value is None and optional) or isinstance(value, expected):
        return value
    types = expected if isinstance(expected, tuple) else (expected,)
    what = " or ".join(t.__name__ for t in types)
    raise CheckError(f'Param "{name}" is not a {what}. Got {value!r} which is type {type(value)}.')


def nearest(value: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` candidates close to ``value`` by spelling, closest first.

    A candidate is close when it is at least ``cutoff`` similar (0.0: the ``n`` closest, however
    far) or when one of the two contains the other, the shorter having 3 characters or more
    (``pipeline`` for ``pipeline_schedule``).
    """
    options = list(candidates)
    close = difflib.get_close_matches(value, options, n=n, cutoff=cutoff)
    if len(close) < n:
        close += [c for c in options if c not in close and _contains(value, c)]
    return close[:n]


def _contains(a: str, b: str) -> bool:
    short, long = sorted((a.casefold(), b.casefold()), key=len)
    return len(short) >= 3 and short in long


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the candidate close to ``value``, or ``""`` if none is."""
    close = nearest(value, candidates, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
