"""In-memory storage: dicts and lists behind one lock; the default for tests."""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections.abc import Mapping, Sequence

from partwise import _clock
from partwise._asset_key import AssetKey
from partwise.errors import InvariantViolationError

from .records import (
    DagsterEventType,
    DagsterRun,
    DagsterRunStatus,
    EventLogEntry,
    EventRecordsFilter,
    RunRecord,
    RunsFilter,
)
from .storage import FinishedRun, MaterializationAttempts

__all__ = ["MemoryStorage"]

_MATERIALIZATION = DagsterEventType.ASSET_MATERIALIZATION.value
_PLANNED = DagsterEventType.ASSET_MATERIALIZATION_PLANNED.value


class MemoryStorage:
    """Runs, events and dynamic partitions held in process memory."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_id = 1
        self._runs: dict[str, RunRecord] = {}
        self._events: dict[int, EventLogEntry] = {}
        self._events_by_run: dict[str, list[int]] = {}
        self._events_by_asset: dict[AssetKey, list[int]] = {}
        self._dynamic: dict[str, dict[str, None]] = {}

    # runs

    def add_runs(self, runs: Sequence[tuple[DagsterRun, Sequence[EventLogEntry]]]) -> None:
        now = _clock.now()
        with self._lock:
            ids = [run.run_id for run, _ in runs]
            taken = [run_id for run_id in ids if run_id in self._runs]
            if taken or len(set(ids)) != len(ids):
                raise InvariantViolationError(
                    f"A run with run_id={(taken or ids)[0]!r} already exists; use a new run_id"
                )
            for run, planned in runs:
                record = RunRecord(self._take_id(), run, now, now, run.start_time, run.end_time)
                self._runs[run.run_id] = record
                self._append_events(planned)

    def update_run(self, run: DagsterRun, event: EventLogEntry | None) -> None:
        with self._lock:
            old = self._runs[run.run_id]
            self._runs[run.run_id] = dataclasses.replace(
                old,
                dagster_run=run,
                update_timestamp=_clock.now(),
                start_time=run.start_time,
                end_time=run.end_time,
            )
            if event is not None:
                self._append_events([event])

    def finish_runs(self, runs: Sequence[FinishedRun]) -> None:
        now = _clock.now()
        with self._lock:
            for finished in runs:
                run = finished.run
                self._runs[run.run_id] = dataclasses.replace(
                    self._runs[run.run_id],
                    dagster_run=run,
                    update_timestamp=now,
                    start_time=run.start_time,
                    end_time=run.end_time,
                )
                self._append_events(finished.events)

    def set_run_statuses(self, run_ids: Sequence[str], status: DagsterRunStatus) -> None:
        with self._lock:
            for run_id in run_ids:
                old = self._runs[run_id]
                run = dataclasses.replace(old.dagster_run, status=status)
                self._runs[run_id] = dataclasses.replace(old, dagster_run=run)

    def add_run_tags(self, run_id: str, tags: Mapping[str, str]) -> None:
        with self._lock:
            old = self._runs[run_id]
            run = dataclasses.replace(old.dagster_run, tags={**old.dagster_run.tags, **tags})
            self._runs[run_id] = dataclasses.replace(old, dagster_run=run)

    def get_run_records(
        self, filters: RunsFilter | None, limit: int | None, ascending: bool
    ) -> list[RunRecord]:
        with self._lock:
            if filters is not None and filters.run_ids is not None:
                found = (self._runs.get(run_id) for run_id in dict.fromkeys(filters.run_ids))
                records = sorted(filter(None, found), key=lambda record: record.storage_id)
            else:
                records = list(self._runs.values())
        if not ascending:
            records.reverse()
        if filters is not None:
            records = [record for record in records if filters.matches(record.dagster_run)]
        return records if limit is None else records[:limit]

    def count_runs(self, filters: RunsFilter | None) -> int:
        return len(self.get_run_records(filters, None, False))

    def get_run_tag_values(self, key: str) -> set[str]:
        with self._lock:
            runs = [record.dagster_run for record in self._runs.values()]
        return {run.tags[key] for run in runs if key in run.tags}

    def delete_run(self, run_id: str) -> None:
        with self._lock:
            self._runs.pop(run_id, None)
            gone = set(self._events_by_run.pop(run_id, ()))
            for storage_id in gone:
                del self._events[storage_id]
            for key, ids in list(self._events_by_asset.items()):
                kept = [storage_id for storage_id in ids if storage_id not in gone]
                if kept:
                    self._events_by_asset[key] = kept
                else:
                    del self._events_by_asset[key]

    # events

    def store_events(self, events: Sequence[EventLogEntry]) -> None:
        with self._lock:
            self._append_events(events)

    def _take_id(self) -> int:
        storage_id = self._next_id
        self._next_id += 1
        return storage_id

    def _append_events(self, events: Sequence[EventLogEntry]) -> None:
        for event in events:
            storage_id = self._take_id()
            stored = copy.copy(event)  # a frozen dataclass: set the id on our own copy
            object.__setattr__(stored, "storage_id", storage_id)
            self._events[storage_id] = stored
            self._events_by_run.setdefault(event.run_id, []).append(storage_id)
            if event.asset_key is not None:
                self._events_by_asset.setdefault(event.asset_key, []).append(storage_id)

    def _candidates(self, filters: EventRecordsFilter) -> list[EventLogEntry]:
        with self._lock:
            if filters.asset_key is not None:
                ids = self._events_by_asset.get(filters.asset_key, [])
            elif filters.run_id is not None:
                ids = self._events_by_run.get(filters.run_id, [])
            else:
                return list(self._events.values())
            return [self._events[storage_id] for storage_id in ids]

    def get_event_records(
        self, filters: EventRecordsFilter, limit: int | None, ascending: bool
    ) -> list[EventLogEntry]:
        entries = [entry for entry in self._candidates(filters) if filters.matches(entry)]
        if not ascending:
            entries.reverse()
        return entries if limit is None else entries[:limit]

    def get_materialized_partitions(
        self, asset_key: AssetKey, before_cursor: int | None, after_cursor: int | None
    ) -> set[str]:
        filters = EventRecordsFilter(
            _MATERIALIZATION, asset_key, before_cursor=before_cursor, after_cursor=after_cursor
        )
        return {
            entry.partition
            for entry in self._candidates(filters)
            if entry.partition is not None and filters.matches(entry)
        }

    def get_materialization_attempts(self, asset_key: AssetKey) -> MaterializationAttempts:
        latest: dict[str, int] = {}
        attempts = []
        with self._lock:
            for storage_id in self._events_by_asset.get(asset_key, []):
                entry = self._events[storage_id]
                if entry.event_type == _MATERIALIZATION and entry.partition is not None:
                    latest[entry.partition] = storage_id
                elif entry.event_type == _PLANNED and entry.run_id in self._runs:
                    run = self._runs[entry.run_id].dagster_run
                    attempts.append((storage_id, run.status, run.tags))
        return MaterializationAttempts(latest.keys(), latest, attempts)

    def has_asset_key(self, asset_key: AssetKey) -> bool:
        return asset_key in self._events_by_asset

    def get_asset_keys(self) -> list[AssetKey]:
        with self._lock:
            return sorted(self._events_by_asset)

    # dynamic partitions

    def add_dynamic_partitions(self, name: str, keys: Sequence[str]) -> None:
        with self._lock:
            existing = self._dynamic.setdefault(name, {})
            for key in keys:
                existing.setdefault(key, None)

    def delete_dynamic_partition(self, name: str, key: str) -> None:
        with self._lock:
            self._dynamic.get(name, {}).pop(key, None)

    def get_dynamic_partitions(self, name: str) -> list[str]:
        with self._lock:
            return list(self._dynamic.get(name, ()))

    def has_dynamic_partition(self, name: str, key: str) -> bool:
        keys = self._dynamic.get(name)
        return keys is not None and key in keys

    def close(self) -> None:
        """Nothing to release; kept for the storage protocol."""
