"""The SQLite schema, row conversions and WHERE-clause builders used by :mod:`.sqlite`."""

from __future__ import annotations

import datetime as _dt
import functools
import json
import pickle
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from partwise._asset_key import AssetKey

from .records import (
    DagsterRun,
    DagsterRunStatus,
    EventLogEntry,
    EventRecordsFilter,
    RunRecord,
    RunsFilter,
    event_type_value,
)

__all__ = [
    "EVENT_COLUMNS",
    "RUN_COLUMNS",
    "create_schema",
    "event_entry",
    "event_where",
    "insert_events",
    "insert_tags",
    "run_record",
    "run_row",
    "run_where",
]

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL UNIQUE,
        job_name TEXT NOT NULL, status TEXT NOT NULL, tags TEXT NOT NULL, run_config BLOB,
        asset_selection TEXT, pid INTEGER, hostname TEXT, create_timestamp REAL NOT NULL,
        update_timestamp REAL NOT NULL, start_time REAL, end_time REAL, process_start TEXT)""",
    "CREATE INDEX IF NOT EXISTS runs_status ON runs (status)",
    """CREATE TABLE IF NOT EXISTS run_tags (
        run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run_id, key))""",
    "CREATE INDEX IF NOT EXISTS run_tags_key_value ON run_tags (key, value)",
    """CREATE TABLE IF NOT EXISTS events (
        id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, event_type TEXT NOT NULL,
        timestamp REAL NOT NULL, step_key TEXT, asset_key TEXT, partition TEXT, body BLOB)""",
    "CREATE INDEX IF NOT EXISTS events_asset ON events (asset_key, event_type, partition)",
    "CREATE INDEX IF NOT EXISTS events_run ON events (run_id)",
    "CREATE INDEX IF NOT EXISTS events_type ON events (event_type)",
    """CREATE TABLE IF NOT EXISTS dynamic_partitions (
        id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, key TEXT NOT NULL,
        UNIQUE (name, key))""",
)
RUN_COLUMNS = (
    "id, run_id, job_name, status, tags, run_config, asset_selection, pid, hostname, "
    "create_timestamp, update_timestamp, start_time, end_time, process_start"
)
EVENT_COLUMNS = "id, run_id, event_type, timestamp, step_key, asset_key, partition, body"


def create_schema(conn: sqlite3.Connection) -> None:
    for statement in _SCHEMA:
        conn.execute(statement)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(runs)")}
    if "process_start" not in columns:  # a database written before runs recorded it
        conn.execute("ALTER TABLE runs ADD COLUMN process_start TEXT")


@functools.lru_cache(maxsize=256)
def _selection(keys: frozenset[AssetKey]) -> str:
    """A run's asset selection as stored: the sorted key paths as JSON (the same for every run
    of a job, so computed once)."""
    return json.dumps(sorted(list(key.path) for key in keys))


def run_row(run: DagsterRun, now: float) -> tuple[Any, ...]:
    selection = None if run.asset_selection is None else _selection(run.asset_selection)
    config = pickle.dumps(dict(run.run_config)) if run.run_config else None
    return (
        run.run_id,
        run.job_name,
        run.status.value,
        json.dumps(dict(run.tags)),
        config,
        selection,
        run.pid,
        run.hostname,
        now,
        now,
        run.start_time,
        run.end_time,
        run.process_start,
    )


def run_record(row: Sequence[Any]) -> RunRecord:
    (
        storage_id,
        run_id,
        job_name,
        status,
        tags,
        config,
        selection,
        pid,
        hostname,
        created,
        updated,
        start,
        end,
        process_start,
    ) = row
    run = DagsterRun(
        run_id=run_id,
        job_name=job_name,
        status=DagsterRunStatus(status),
        tags=json.loads(tags),
        run_config=pickle.loads(config) if config is not None else {},
        asset_selection=None
        if selection is None
        else frozenset(AssetKey(path) for path in json.loads(selection)),
        start_time=start,
        end_time=end,
        pid=pid,
        hostname=hostname,
        process_start=process_start,
    )
    utc = _dt.timezone.utc
    return RunRecord(
        storage_id,
        run,
        _dt.datetime.fromtimestamp(created, utc),
        _dt.datetime.fromtimestamp(updated, utc),
        start,
        end,
    )


def insert_tags(
    conn: sqlite3.Connection, tags_by_run: Sequence[tuple[str, Mapping[str, str]]]
) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO run_tags (run_id, key, value) VALUES (?, ?, ?)",
        [(run_id, key, str(value)) for run_id, tags in tags_by_run for key, value in tags.items()],
    )


def insert_events(conn: sqlite3.Connection, events: Sequence[EventLogEntry]) -> None:
    conn.executemany(
        f"INSERT INTO events ({EVENT_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                event.run_id,
                event.event_type,
                event.timestamp,
                event.step_key,
                event.asset_key.to_string() if event.asset_key is not None else None,
                event.partition,
                pickle.dumps((dict(event.metadata), event.message))
                if event.metadata or event.message
                else None,
            )
            for event in events
        ],
    )


def event_entry(row: Sequence[Any]) -> EventLogEntry:
    storage_id, run_id, event_type, timestamp, step_key, asset_key, partition, body = row
    metadata, message = pickle.loads(body) if body is not None else ({}, "")
    return EventLogEntry(
        run_id=run_id,
        event_type=event_type,
        asset_key=AssetKey.from_db_string(asset_key),
        partition=partition,
        step_key=step_key,
        metadata=metadata,
        message=message,
        timestamp=timestamp,
        storage_id=storage_id,
    )


def _placeholders(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def run_where(filters: RunsFilter | None) -> tuple[str, list[Any]]:
    if filters is None:
        return "", []
    clauses: list[str] = []
    params: list[Any] = []
    if filters.run_ids is not None:
        clauses.append(f"run_id IN ({_placeholders(filters.run_ids)})")
        params.extend(filters.run_ids)
    if filters.job_name is not None:
        clauses.append("job_name = ?")
        params.append(filters.job_name)
    if filters.statuses is not None:
        clauses.append(f"status IN ({_placeholders(filters.statuses)})")
        params.extend(DagsterRunStatus(status).value for status in filters.statuses)
    for key, values in filters.tag_values().items():
        clauses.append(
            "run_id IN (SELECT run_id FROM run_tags WHERE key = ?"
            f" AND value IN ({_placeholders(values)}))"
        )
        params.extend([key, *values])
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def event_where(filters: EventRecordsFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = ["1 = 1"]
    params: list[Any] = []
    if filters.event_type is not None:
        clauses.append("event_type = ?")
        params.append(event_type_value(filters.event_type))
    if filters.asset_key is not None:
        clauses.append("asset_key = ?")
        params.append(filters.asset_key.to_string())
    if filters.asset_partitions is not None:
        clauses.append(f"partition IN ({_placeholders(filters.asset_partitions)})")
        params.extend(filters.asset_partitions)
    if filters.run_id is not None:
        clauses.append("run_id = ?")
        params.append(filters.run_id)
    if filters.after_cursor is not None:
        clauses.append("id > ?")
        params.append(filters.after_cursor)
    if filters.before_cursor is not None:
        clauses.append("id < ?")
        params.append(filters.before_cursor)
    return " WHERE " + " AND ".join(clauses), params
