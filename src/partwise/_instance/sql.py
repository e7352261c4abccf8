"""The SQLite schema, row conversions and WHERE-clause builders used by :mod:`.sqlite`."""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import json
import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

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
from .schema import BULK_EVENT_TYPES, EVENT_FIELDS, NOT_BULK, Dialect

T = TypeVar("T")

__all__ = [
    "event_entry",
    "event_where",
    "insert_events",
    "insert_rows",
    "insert_tags",
    "run_record",
    "run_refs",
    "text_values",
    "adopt_events",
    "chunks",
    "run_row",
    "run_where",
]

_MAX_PARAMS = 900  # bound values per statement, under SQLite's oldest limit (999)

# Python's sqlite3 binds None and bytes through its adapter registry, at several times the cost
# of an int or a str (about 0.5 µs a value, and a run's events have some 60 of them). So a NULL
# is bound as a value of another storage class than the column's own values, which NULLIF turns
# back into NULL: 0 in a text, blob or run-reference column (runs.id starts at 1), '' in a
# number column; and a blob is bound as a bytearray.
NO_TEXT: Any = 0
NO_NUMBER: Any = ""
_TEXT, _NUMBER = "NULLIF(?, 0)", "NULLIF(?, '')"


@functools.lru_cache(maxsize=64)
def _values(row: str, rows: int) -> str:
    return " VALUES " + ", ".join([row] * rows)


def chunks(items: Sequence[T], width: int = 1) -> Iterator[Sequence[T]]:
    """``items`` in pieces of at most :data:`_MAX_PARAMS` values of ``width`` each, whose sizes
    are powers of two: every statement built for a piece is one of a few texts, compiled once
    and then found in the connection's statement cache (a new size would be compiled anew)."""
    size = 1 << ((_MAX_PARAMS // width).bit_length() - 1)
    start = 0
    while start < len(items):
        while size > len(items) - start:
            size >>= 1
        yield items[start : start + size]
        start += size


def insert_rows(
    conn: sqlite3.Connection, head: str, row: str, rows: Sequence[Sequence[Any]]
) -> None:
    """``head`` (``INSERT INTO t (a, b)``) of ``rows``, each as ``row`` says (``(?, ?)``),
    many rows per statement: a statement per row costs SQLite and Python twice as much."""
    for chunk in chunks(rows, row.count("?")):
        conn.execute(head + _values(row, len(chunk)), list(itertools.chain.from_iterable(chunk)))


@functools.lru_cache(maxsize=256)
def _selection(keys: frozenset[AssetKey]) -> str:
    """A run's asset selection as stored: the sorted key paths as JSON (the same for every run
    of a job, so computed once)."""
    return json.dumps(sorted(list(key.path) for key in keys))


RUN_ROW = f"(?, ?, ?, ?, {_TEXT}, {_TEXT}, {_NUMBER}, {_TEXT}, ?, ?, {_NUMBER}, {_NUMBER}, {_TEXT})"
"""How :func:`run_row` is inserted (after ``INSERT INTO runs (<RUN_COLUMNS but id>)``)."""


def run_row(run: DagsterRun, now: float) -> tuple[Any, ...]:
    return (
        run.run_id,
        run.job_name,
        run.status.value,
        json.dumps(dict(run.tags)),
        bytearray(pickle.dumps(dict(run.run_config))) if run.run_config else NO_TEXT,
        NO_TEXT if run.asset_selection is None else _selection(run.asset_selection),
        NO_NUMBER if run.pid is None else run.pid,
        NO_TEXT if run.hostname is None else run.hostname,
        now,
        now,
        NO_NUMBER if run.start_time is None else run.start_time,
        NO_NUMBER if run.end_time is None else run.end_time,
        NO_TEXT if run.process_start is None else run.process_start,
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


def run_refs(conn: sqlite3.Connection, run_ids: Iterable[str]) -> dict[str, int]:
    """The ``runs.id`` of each of ``run_ids`` that names a stored run."""
    refs: dict[str, int] = {}
    for chunk in chunks(list(run_ids)):
        sql = f"SELECT run_id, id FROM runs WHERE run_id IN ({_placeholders(chunk)})"
        refs.update(conn.execute(sql, chunk).fetchall())
    return refs


def text_values(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[str]:
    """The text column ``v`` that ``sql`` selects, as a list. SQLite hands it over as one JSON
    array where it has JSON functions: a row at a time costs twice as much (a tuple per row) on
    the 100,000 partitions of a big asset."""
    try:
        found = conn.execute(f"SELECT json_group_array(v) FROM ({sql})", params).fetchone()[0]
    except sqlite3.OperationalError as exc:
        if "json_group_array" not in str(exc):  # "no such function": SQLite built without JSON
            raise
        return [row[0] for row in conn.execute(sql, params)]
    return list(json.loads(found))


def adopt_events(conn: sqlite3.Connection, run_ids: Sequence[str]) -> None:
    """Events stored under ``run_ids`` before their runs were (just now) are now theirs."""
    for chunk in chunks(run_ids):
        conn.execute(
            "UPDATE events SET run = (SELECT id FROM runs WHERE runs.run_id = events.run_id),"
            f" run_id = NULL WHERE run_id IN ({_placeholders(chunk)})",
            chunk,
        )


def insert_tags(
    conn: sqlite3.Connection, tags_by_run: Iterable[tuple[int, Mapping[str, str]]]
) -> None:
    """Each stored run's tags (by its ``runs.id``), replacing values the run had."""
    rows = [(ref, key, str(value)) for ref, tags in tags_by_run for key, value in tags.items()]
    insert_rows(conn, "INSERT OR REPLACE INTO run_tags (run, key, value)", "(?, ?, ?)", rows)


def insert_events(
    conn: sqlite3.Connection, events: Sequence[EventLogEntry], refs: Mapping[str, int]
) -> None:
    """Store ``events``; ``refs`` maps run ids to their ``runs.id`` (others are looked up)."""
    if not events:
        return
    missing = {event.run_id for event in events}.difference(refs)
    if missing:
        refs = {**refs, **run_refs(conn, missing)}
    get = refs.get
    rows = [
        (
            ref := get(event.run_id, NO_TEXT),
            event.run_id if ref is NO_TEXT else NO_TEXT,
            event.event_type,
            event.timestamp,
            NO_TEXT if event.step_key is None else event.step_key,
            NO_TEXT if event.asset_key is None else event.asset_key.to_string(),
            NO_TEXT if event.partition is None else event.partition,
            bytearray(pickle.dumps((dict(event.metadata), event.message)))
            if event.metadata or event.message
            else NO_TEXT,
        )
        for event in events
    ]
    insert_rows(conn, _INSERT_EVENTS, _EVENT_ROW, rows)


_INSERT_EVENTS = f"INSERT INTO events (run, run_id, {EVENT_FIELDS})"
_EVENT_ROW = f"({_TEXT}, {_TEXT}, ?, ?, {_TEXT}, {_TEXT}, {_TEXT}, {_TEXT})"


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


def run_where(filters: RunsFilter | None, dialect: Dialect) -> tuple[str, list[Any]]:
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
            f"{dialect.runs_key} IN (SELECT {dialect.run_ref} FROM run_tags WHERE key = ?"
            f" AND value IN ({_placeholders(values)}))"
        )
        params.extend([key, *values])
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def event_where(filters: EventRecordsFilter, dialect: Dialect) -> tuple[str, list[Any]]:
    """The WHERE clause selecting ``filters``' events from ``events e``, and its values."""
    clauses: list[str] = ["1 = 1"]
    params: list[Any] = []
    if filters.event_type is not None:
        event_type = event_type_value(filters.event_type)
        clauses.append("e.event_type = ?")
        params.append(event_type)
        if event_type not in BULK_EVENT_TYPES:  # lets the partial event_type index serve
            clauses.append(NOT_BULK)
    if filters.asset_key is not None:
        clauses.append("e.asset_key = ?")
        params.append(filters.asset_key.to_string())
    if filters.asset_partitions is not None:
        clauses.append(f"e.partition IN ({_placeholders(filters.asset_partitions)})")
        params.extend(filters.asset_partitions)
    if filters.run_id is not None:
        clause, values = dialect.of_run(filters.run_id)
        clauses.append(clause)
        params.extend(values)
    if filters.after_cursor is not None:
        clauses.append("e.id > ?")
        params.append(filters.after_cursor)
    if filters.before_cursor is not None:
        clauses.append("e.id < ?")
        params.append(filters.before_cursor)
    return " WHERE " + " AND ".join(clauses), params
