"""The plain values partition code passes around: key ranges, time windows, the multi-key separator.

A leaf module: definitions, subsets and mappings all import it, and it imports none of them.
"""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

__all__ = ["SEPARATOR", "PartitionKeyRange", "TimeWindow"]

SEPARATOR = "|"  # joins the dimension values of a multi-partition key


class PartitionKeyRange(NamedTuple):
    """An inclusive range of partition keys, ``start`` to ``end``, in definition order."""

    start: str
    end: str


class TimeWindow(NamedTuple):
    """A half-open interval ``[start, end)`` of aware datetimes in the definition's timezone."""

    start: _dt.datetime
    end: _dt.datetime
