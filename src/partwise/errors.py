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
    "TypeCheckError",
    "UnknownImportError",
    "UnknownNameError",
    "UnknownPartitionError",
    "UnknownTimezoneError",
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


def nearest(value: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The ``n`` candidates closest to ``value`` by spelling, for "did you mean" hints."""
    return difflib.get_close_matches(value, list(candidates), n=n, cutoff=0.0)
