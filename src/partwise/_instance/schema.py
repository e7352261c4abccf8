"""The SQLite schema: its tables and indexes, the migration of older versions, and the
:class:`Dialect` that queries use to read either version."""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import Any

__all__ = [
    "BULK_EVENT_TYPES",
    "CURRENT",
    "EVENT_COLUMNS",
    "EVENT_FIELDS",
    "RUN_COLUMNS",
    "NOT_BULK",
    "SCHEMA_VERSION",
    "Dialect",
    "create_schema",
    "dialect_of",
]

SCHEMA_VERSION = 2
"""``PRAGMA user_version`` of the current schema. Version 1 (user_version 0) named an event's
and a tag's run by its ``run_id`` text; version 2 by the run's integer ``runs.id``, so their
indexes grow at the end instead of at random places (run ids are random uuids)."""

# Per-step events: most of every run's events, and never asked for by type alone by the engine.
# The event_type index leaves them out (a query for one of them by type alone scans the table,
# in id order; one with a run or an asset uses those indexes).
BULK_EVENT_TYPES = ("STEP_START", "STEP_OUTPUT", "HANDLED_OUTPUT", "STEP_SUCCESS", "LOADED_INPUT")
# (a chain of <> rather than NOT IN: SQLite checks a partial index's NOT IN with a temporary
# table built for every row inserted)
NOT_BULK = " AND ".join(f"e.event_type <> '{t}'" for t in BULK_EVENT_TYPES)

_TABLES = (
    """CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL UNIQUE,
        job_name TEXT NOT NULL, status TEXT NOT NULL, tags TEXT NOT NULL, run_config BLOB,
        asset_selection TEXT, pid INTEGER, hostname TEXT, create_timestamp REAL NOT NULL,
        update_timestamp REAL NOT NULL, start_time REAL, end_time REAL, process_start TEXT)""",
    "CREATE INDEX IF NOT EXISTS runs_status ON runs (status)",
    """CREATE TABLE IF NOT EXISTS dynamic_partitions (
        id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, key TEXT NOT NULL,
        UNIQUE (name, key))""",
)
# ``run`` is the run's ``runs.id``; ``run_id`` is set only when no stored run has that id (a
# runless event, a tick's, one stored before its run): then ``run`` is NULL.
_EVENTS = """CREATE TABLE {} (
        id INTEGER PRIMARY KEY AUTOINCREMENT, run INTEGER, run_id TEXT, event_type TEXT NOT NULL,
        timestamp REAL NOT NULL, step_key TEXT, asset_key TEXT, partition TEXT, body BLOB)"""
_RUN_TAGS = """CREATE TABLE {} (
        run INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (run, key)) WITHOUT ROWID"""
_INDEXES = (
    "CREATE INDEX run_tags_key_value ON run_tags (key, value)",
    "CREATE INDEX events_asset ON events (asset_key, event_type, partition)"
    " WHERE asset_key IS NOT NULL",
    "CREATE INDEX events_run ON events (run)",
    "CREATE INDEX events_run_id ON events (run_id) WHERE run_id IS NOT NULL",
    "CREATE INDEX events_type ON events (event_type) WHERE "
    + NOT_BULK.replace("e.event_type", "event_type"),
)
RUN_COLUMNS = (
    "id, run_id, job_name, status, tags, run_config, asset_selection, pid, hostname, "
    "create_timestamp, update_timestamp, start_time, end_time, process_start"
)
EVENT_FIELDS = "event_type, timestamp, step_key, asset_key, partition, body"
EVENT_COLUMNS = ", ".join(f"e.{name}" for name in ("id", "run_id", *EVENT_FIELDS.split(", ")))


@dataclasses.dataclass(frozen=True)
class Dialect:
    """How queries name an event's or a tag's run: ``run`` (its ``runs.id``) in the current
    schema, ``run_id`` (its text) in a version-1 database opened read-only (never migrated)."""

    run_ref: str  # the column of events and run_tags naming the run
    runs_key: str  # the column of runs it refers to

    @property
    def legacy(self) -> bool:
        return self.run_ref == "run_id"

    @property
    def events(self) -> str:
        """The FROM clause of an event query: ``events e``, and its run as ``r`` if need be."""
        return "events e" if self.legacy else "events e LEFT JOIN runs r ON r.id = e.run"

    @property
    def event_columns(self) -> str:
        """:data:`EVENT_COLUMNS` read from :attr:`events`."""
        run_id = "e.run_id" if self.legacy else "COALESCE(e.run_id, r.run_id)"
        return EVENT_COLUMNS.replace("e.run_id", run_id)

    @property
    def run_of_e(self) -> str:
        """The join condition of an event ``e`` and its run ``r``."""
        return f"r.{self.runs_key} = e.{self.run_ref}"

    def of_run(self, run_id: str) -> tuple[str, list[Any]]:
        """The condition on ``e`` selecting the events of the run ``run_id``, and its values."""
        if self.legacy:
            return "e.run_id = ?", [run_id]
        return "(e.run = (SELECT id FROM runs WHERE run_id = ?) OR e.run_id = ?)", [run_id] * 2


CURRENT = Dialect("run", "id")
_LEGACY = Dialect("run_id", "run_id")


def dialect_of(conn: sqlite3.Connection) -> Dialect:
    """The dialect of the database ``conn`` reads (a missing one reads as current)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(events)")}
    return _LEGACY if "run_id" in columns and "run" not in columns else CURRENT


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the tables, or migrate those of an older version (in the caller's transaction)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return
    for statement in _TABLES:
        conn.execute(statement)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(runs)")}
    if "process_start" not in columns:  # a database written before runs recorded it
        conn.execute("ALTER TABLE runs ADD COLUMN process_start TEXT")
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    _rebuild(
        conn,
        "events",
        _EVENTS,
        "id, run, run_id, event_type, timestamp, step_key, asset_key, partition, body",
        "SELECT e.id, r.id, CASE WHEN r.id IS NULL THEN e.run_id END, e.event_type, e.timestamp,"
        " e.step_key, e.asset_key, e.partition, e.body FROM events e"
        " LEFT JOIN runs r ON r.run_id = e.run_id ORDER BY e.id",
        "events" in tables,
    )
    _rebuild(
        conn,
        "run_tags",
        _RUN_TAGS,
        "run, key, value",
        "SELECT r.id, t.key, t.value FROM run_tags t JOIN runs r ON r.run_id = t.run_id",
        "run_tags" in tables,
    )
    for statement in _INDEXES:
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _rebuild(
    conn: sqlite3.Connection, table: str, create: str, columns: str, select: str, exists: bool
) -> None:
    """Create ``table`` anew, with the rows of the version-1 table of that name if ``exists``
    (``select`` reads them); its AUTOINCREMENT counter is kept, so no id is ever used twice."""
    if not exists:
        conn.execute(create.format(table))
        return
    conn.execute(create.format(f"{table}_v2"))
    conn.execute(f"INSERT INTO {table}_v2 ({columns}) {select}")
    counter = "SELECT seq FROM sqlite_sequence WHERE name = ?"
    seq = conn.execute(counter, (table,)).fetchone()
    conn.execute(f"DROP TABLE {table}")  # and its indexes
    conn.execute(f"ALTER TABLE {table}_v2 RENAME TO {table}")
    if seq is not None:
        conn.execute("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?", (seq[0], table))
        if not conn.execute(counter, (table,)).fetchone():  # the old table was emptied
            conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, seq[0]))
