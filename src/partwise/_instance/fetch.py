"""``fetch_materializations`` / ``fetch_observations``: an asset's events a page at a time.

The reference's record-fetching API: a filter (an ``AssetKey`` or :class:`AssetRecordsFilter`), a
``limit``, and an opaque ``cursor`` to continue from; the result says whether more may follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from partwise._asset_key import AssetKey
from partwise.errors import CheckError, check_param

from .records import DagsterEventType, EventLogEntry, EventRecordsFilter

if TYPE_CHECKING:
    from .instance import Instance

__all__ = ["AssetRecordsFilter", "EventRecordsResult", "fetch_asset_events"]


@dataclass(frozen=True)
class AssetRecordsFilter:
    """Which events of one asset to fetch: partitions, timestamps and storage-id bounds."""

    asset_key: AssetKey
    asset_partitions: Sequence[str] | None = None
    after_timestamp: float | None = None
    before_timestamp: float | None = None
    after_storage_id: int | None = None
    before_storage_id: int | None = None
    storage_ids: Sequence[int] | None = None

    def admits(self, entry: EventLogEntry) -> bool:
        """The conditions the storage query does not apply itself."""
        if self.after_timestamp is not None and entry.timestamp <= self.after_timestamp:
            return False
        if self.before_timestamp is not None and entry.timestamp >= self.before_timestamp:
            return False
        return self.storage_ids is None or entry.storage_id in self.storage_ids


@dataclass(frozen=True)
class EventRecordsResult:
    """One page of records, the cursor after its last record, and whether more may follow."""

    records: Sequence[EventLogEntry]
    cursor: str
    has_more: bool


def fetch_asset_events(
    instance: Instance,
    event_type: DagsterEventType,
    records_filter: AssetKey | AssetRecordsFilter,
    limit: int,
    cursor: str | None,
    ascending: bool,
) -> EventRecordsResult:
    """Up to ``limit`` events of ``event_type`` matching ``records_filter``, after ``cursor``."""
    wanted = (
        records_filter
        if isinstance(records_filter, AssetRecordsFilter)
        else AssetRecordsFilter(AssetKey.from_coercible(records_filter))
    )
    after, before = wanted.after_storage_id, wanted.before_storage_id
    check_param(cursor, "cursor", str, optional=True)
    if cursor:
        if not cursor.isdigit():
            raise CheckError(f"Invalid cursor {cursor!r}: pass the cursor of an earlier result")
        after, before = (int(cursor), before) if ascending else (after, int(cursor))
    query = EventRecordsFilter(
        event_type, wanted.asset_key, wanted.asset_partitions, None, after, before
    )
    post_filtered = (
        wanted.after_timestamp is not None
        or wanted.before_timestamp is not None
        or wanted.storage_ids is not None
    )
    found = instance.get_event_records(query, None if post_filtered else limit, ascending)
    records = [e for e in found if wanted.admits(e)][:limit] if post_filtered else found
    last = records[-1].storage_id if records else None
    next_cursor = str(last) if last is not None else (cursor or "")
    return EventRecordsResult(records, next_cursor, len(records) == limit)
