"""SQLite storage: one file in WAL mode, safe for concurrent writers in many processes.

Every write runs in a ``BEGIN IMMEDIATE`` transaction; ``busy_timeout`` makes SQLite wait for
the write lock, and a "database is locked" that still escapes is retried with backoff. Each
thread of each process opens its own connection lazily (a fork is detected by its pid). A
read-only storage opens the file with ``mode=ro`` and never writes (not even the schema). Any
other SQLite error becomes a :class:`~partwise.errors.StorageError` naming the file.
"""

from __future__ import annotations

import json
import logging
import os
import random
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

from partwise import _clock
from partwise._asset_key import AssetKey
from partwise.errors import InvariantViolationError, StorageError

from .records import (
    DagsterEventType,
    DagsterRun,
    DagsterRunStatus,
    EventLogEntry,
    EventRecordsFilter,
    RunRecord,
    RunsFilter,
)
from .schema import CURRENT, RUN_COLUMNS, Dialect, create_schema, dialect_of
from .sql import (
    RUN_ROW,
    adopt_events,
    event_entry,
    event_where,
    insert_events,
    insert_rows,
    insert_tags,
    run_record,
    run_refs,
    run_row,
    run_where,
    text_values,
)
from .sql_status import materialization_attempts
from .storage import FinishedRun, MaterializationAttempts

__all__ = ["SqliteStorage"]

T = TypeVar("T")
_MATERIALIZATION = DagsterEventType.ASSET_MATERIALIZATION.value
_INSERT_RUNS = f"INSERT INTO runs ({RUN_COLUMNS.removeprefix('id, ')})"
_BUSY_TIMEOUT_MS = 5_000  # SQLite waits this long for a lock; _retry then tries again
_RETRY_SECONDS = 300.0
_SAY_WAITING_AFTER = 10.0  # seconds of waiting for another writer before saying so (once)
_LOG = logging.getLogger("partwise.storage")


class _Pool:
    """The connections this storage opened in the current process (reset after a fork)."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.conns: list[sqlite3.Connection] = []
        self.inherited: list[sqlite3.Connection] = []  # from a parent process: never touched
        self.schema_ready = False

    def after_fork(self) -> None:
        self.inherited.extend(self.conns)
        self.conns = []
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.schema_ready = False


def _close_pool(pool: _Pool) -> None:
    if pool.pid == os.getpid():
        for conn in pool.conns:
            conn.close()
        pool.conns.clear()


class _ThreadState:
    """One thread's connection, its cache of dynamic partition keys, the dialect it reads."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.pid = os.getpid()
        self.data_version = -1
        self.dynamic: dict[str, tuple[list[str], frozenset[str]]] = {}
        self.schema_version = -1
        self.dialect = CURRENT


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def storage_error(path: str, exc: sqlite3.Error) -> StorageError:
    """``exc`` as a one-line error naming the database file and what to do about it."""
    text = str(exc)
    lower = text.lower()
    if "readonly" in lower or "read-only" in lower:
        advice = "it is read-only: make it writable (reading commands work on it as it is)"
    elif os.path.isdir(path):
        advice = "it is a folder, not a database file: move it aside (a new one is created)"
    elif "unable to open" in lower:
        advice = "check that it is a file this user may read and write"
    elif "full" in lower:
        advice = "free some disk space and run again"
    elif _is_busy(exc):
        advice = "another process holds its write lock: wait for it, or stop it"
    else:
        advice = (
            "it is damaged or not a partwise database: move it aside (a new one is created) "
            "or set PARTWISE_HOME to another folder"
        )
    return StorageError(f"Cannot use the partwise database {path}: {text}; {advice}")


class SqliteStorage:
    """Runs, events and dynamic partitions in one SQLite file."""

    def __init__(self, db_path: str, read_only: bool = False) -> None:
        self._path = db_path
        self.read_only = read_only
        self._local = threading.local()
        self._pool = _Pool()
        self._finalizer = weakref.finalize(self, _close_pool, self._pool)

    # connection and transaction plumbing

    def _state(self) -> _ThreadState:
        state: _ThreadState | None = getattr(self._local, "state", None)
        if state is None or state.pid != os.getpid():
            state = _ThreadState(self._open())
            self._local.state = state
        return state

    def _open(self) -> sqlite3.Connection:
        pool = self._pool
        if pool.pid != os.getpid():
            pool.after_fork()
        try:
            conn = self._connect("?mode=ro" if self.read_only else "")
            if not self.read_only:
                conn.execute("PRAGMA synchronous = NORMAL")
            else:
                try:
                    conn.execute("PRAGMA schema_version").fetchone()
                except sqlite3.OperationalError:
                    # WAL needs a -shm file next to the database; in a folder this user cannot
                    # write, read the file as it is (what a read-only reader sees anyway)
                    conn.close()
                    conn = self._connect("?mode=ro&immutable=1")
        except sqlite3.Error as exc:
            raise storage_error(self._path, exc) from exc
        with pool.lock:
            pool.conns.append(conn)
            if not pool.schema_ready and not self.read_only:
                self._retry(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
                self._retry(lambda: self._transaction(conn, create_schema))
                pool.schema_ready = True
        return conn

    @property
    def _dialect(self) -> Dialect:
        """How queries name runs: the current schema's, but a read-only storage reads a
        version-1 file as it is (checked again when its schema changes: another process may
        migrate it while this one reads)."""
        if not self.read_only:
            return CURRENT
        state = self._state()
        version = self._retry(lambda: state.conn.execute("PRAGMA schema_version").fetchone()[0])
        if version != state.schema_version:
            state.dialect = self._retry(lambda: dialect_of(state.conn))
            state.schema_version = version
        return state.dialect

    def _connect(self, query: str) -> sqlite3.Connection:
        conn = sqlite3.connect(
            f"file:{quote(self._path)}{query}",
            uri=True,
            timeout=_BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        return conn

    def _retry(self, attempt: Callable[[], T]) -> T:
        """``attempt()``, again while another process holds the database (up to
        ``_RETRY_SECONDS``; a wait past ``_SAY_WAITING_AFTER`` is logged once)."""
        delay = 0.002
        began = time.monotonic()
        said = False
        while True:
            try:
                return attempt()
            except sqlite3.DatabaseError as exc:
                waited = time.monotonic() - began
                if not _is_busy(exc) or waited > _RETRY_SECONDS:
                    raise storage_error(self._path, exc) from exc
                if not said and waited >= _SAY_WAITING_AFTER:
                    said = True
                    _LOG.warning(
                        "Waiting for %s: another process has held it for %.0f s (still trying "
                        "for up to %.0f s more)",
                        self._path,
                        waited,
                        _RETRY_SECONDS - waited,
                    )
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.25)

    @staticmethod
    def _transaction(conn: sqlite3.Connection, body: Callable[[sqlite3.Connection], T]) -> T:
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = body(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    def _write(self, body: Callable[[sqlite3.Connection], T]) -> T:
        if self.read_only:
            raise storage_error(
                self._path, sqlite3.OperationalError("attempt to write a readonly database")
            )
        return self._retry(lambda: self._transaction(self._state().conn, body))

    def _read(self, body: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``body`` in a read transaction, so its queries see one snapshot."""

        def attempt() -> T:
            conn = self._state().conn
            conn.execute("BEGIN")
            try:
                return body(conn)
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

        return self._retry(attempt)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self._retry(lambda: self._state().conn.execute(sql, params).fetchall())

    # runs

    def add_runs(self, runs: Sequence[tuple[DagsterRun, Sequence[EventLogEntry]]]) -> None:
        def body(conn: sqlite3.Connection) -> None:
            now = _clock.now().timestamp()
            try:
                insert_rows(conn, _INSERT_RUNS, RUN_ROW, [run_row(run, now) for run, _ in runs])
            except sqlite3.IntegrityError:
                ids = [run.run_id for run, _ in runs]
                raise InvariantViolationError(
                    f"A run with run_id={ids[0] if len(ids) == 1 else ids!r} already exists; "
                    "use a new run_id"
                ) from None
            run_ids = [run.run_id for run, _ in runs]
            adopt_events(conn, run_ids)
            refs = run_refs(conn, run_ids)
            insert_tags(conn, [(refs[run.run_id], run.tags) for run, _ in runs])
            insert_events(conn, [event for _, planned in runs for event in planned], refs)

        self._write(body)

    def update_run(self, run: DagsterRun, event: EventLogEntry | None) -> None:
        def body(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE runs SET status = ?, start_time = ?, end_time = ?, update_timestamp = ?"
                " WHERE run_id = ?",
                (
                    run.status.value,
                    run.start_time,
                    run.end_time,
                    _clock.now().timestamp(),
                    run.run_id,
                ),
            )
            insert_events(conn, [event] if event is not None else [], {})

        self._write(body)

    def finish_runs(self, runs: Sequence[FinishedRun]) -> None:
        def body(conn: sqlite3.Connection) -> None:
            now = _clock.now().timestamp()
            refs = run_refs(conn, [f.run.run_id for f in runs])
            conn.executemany(
                "UPDATE runs SET status = ?, start_time = ?, end_time = ?, update_timestamp = ?,"
                " tags = ? WHERE id = ?",
                [
                    (
                        f.run.status.value,
                        f.run.start_time,
                        f.run.end_time,
                        now,
                        json.dumps(dict(f.run.tags)),
                        refs[f.run.run_id],
                    )
                    for f in runs
                    if f.run.run_id in refs
                ],
            )
            insert_tags(
                conn, [(refs[f.run.run_id], f.new_tags) for f in runs if f.run.run_id in refs]
            )
            insert_events(conn, [event for f in runs for event in f.events], refs)

        self._write(body)

    def set_run_statuses(self, run_ids: Sequence[str], status: DagsterRunStatus) -> None:
        sql = "UPDATE runs SET status = ? WHERE run_id = ?"
        self._write(lambda conn: conn.executemany(sql, [(status.value, i) for i in run_ids]))

    def add_run_tags(self, run_id: str, tags: Mapping[str, str]) -> None:
        def body(conn: sqlite3.Connection) -> None:
            sql = "SELECT id, tags FROM runs WHERE run_id = ?"
            found = conn.execute(sql, (run_id,)).fetchone()
            if found is None:
                raise InvariantViolationError(f"No run with run_id={run_id!r} to tag")
            ref, stored = found
            merged = {**json.loads(stored), **tags}
            conn.execute("UPDATE runs SET tags = ? WHERE id = ?", (json.dumps(merged), ref))
            insert_tags(conn, [(ref, tags)])

        self._write(body)

    def get_run_records(
        self, filters: RunsFilter | None, limit: int | None, ascending: bool
    ) -> list[RunRecord]:
        where, params = run_where(filters, self._dialect)
        sql = f"SELECT {RUN_COLUMNS} FROM runs{where} ORDER BY id {'ASC' if ascending else 'DESC'}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [run_record(row) for row in self._query(sql, params)]

    def count_runs(self, filters: RunsFilter | None) -> int:
        where, params = run_where(filters, self._dialect)
        return int(self._query(f"SELECT COUNT(*) FROM runs{where}", params)[0][0])

    def get_run_tag_values(self, key: str) -> set[str]:
        sql = "SELECT DISTINCT value AS v FROM run_tags WHERE key = ?"
        return set(self._retry(lambda: text_values(self._state().conn, sql, (key,))))

    def delete_run(self, run_id: str) -> None:
        def body(conn: sqlite3.Connection) -> None:
            for ref in run_refs(conn, [run_id]).values():
                for table in ("run_tags", "events"):
                    conn.execute(f"DELETE FROM {table} WHERE run = ?", (ref,))
            for table in ("runs", "events"):
                conn.execute(f"DELETE FROM {table} WHERE run_id = ?", (run_id,))

        self._write(body)

    # events

    def store_events(self, events: Sequence[EventLogEntry]) -> None:
        if events:
            self._write(lambda conn: insert_events(conn, events, {}))

    def get_event_records(
        self, filters: EventRecordsFilter, limit: int | None, ascending: bool
    ) -> list[EventLogEntry]:
        dialect = self._dialect
        where, params = event_where(filters, dialect)
        sql = f"SELECT {dialect.event_columns} FROM {dialect.events}{where} ORDER BY e.id"
        sql += " ASC" if ascending else " DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [event_entry(row) for row in self._query(sql, params)]

    def get_materialized_partitions(
        self, asset_key: AssetKey, before_cursor: int | None, after_cursor: int | None
    ) -> set[str]:
        filters = EventRecordsFilter(
            _MATERIALIZATION, asset_key, before_cursor=before_cursor, after_cursor=after_cursor
        )
        where, params = event_where(filters, self._dialect)
        sql = f"SELECT DISTINCT e.partition AS v FROM events e{where} AND e.partition IS NOT NULL"
        return set(self._retry(lambda: text_values(self._state().conn, sql, params)))

    def get_materialization_attempts(self, asset_key: AssetKey) -> MaterializationAttempts:
        dialect, key = self._dialect, asset_key.to_string()
        return self._read(lambda conn: materialization_attempts(conn, dialect, key))

    def has_asset_key(self, asset_key: AssetKey) -> bool:
        sql = "SELECT 1 FROM events WHERE asset_key = ? LIMIT 1"
        return bool(self._query(sql, (asset_key.to_string(),)))

    def get_asset_keys(self) -> list[AssetKey]:
        # one index seek per distinct key, not a scan of every event
        sql = (
            "WITH RECURSIVE k(key) AS ("
            "SELECT MIN(asset_key) FROM events WHERE asset_key IS NOT NULL UNION ALL"
            " SELECT (SELECT MIN(asset_key) FROM events WHERE asset_key > k.key) FROM k"
            " WHERE k.key IS NOT NULL) SELECT key FROM k WHERE key IS NOT NULL"
        )
        return sorted(AssetKey([str(p) for p in json.loads(row[0])]) for row in self._query(sql))

    # dynamic partitions

    def add_dynamic_partitions(self, name: str, keys: Sequence[str]) -> None:
        rows = [(name, key) for key in keys]
        self._write(
            lambda conn: conn.executemany(
                "INSERT OR IGNORE INTO dynamic_partitions (name, key) VALUES (?, ?)", rows
            )
        )
        self._state().dynamic.clear()

    def delete_dynamic_partition(self, name: str, key: str) -> None:
        sql = "DELETE FROM dynamic_partitions WHERE name = ? AND key = ?"
        self._write(lambda conn: conn.execute(sql, (name, key)))
        self._state().dynamic.clear()

    def _dynamic_keys(self, name: str) -> tuple[list[str], frozenset[str]]:
        """The keys of ``name``, cached until any connection commits a change to the file."""
        state = self._state()
        version = self._retry(lambda: state.conn.execute("PRAGMA data_version").fetchone()[0])
        if version != state.data_version:
            state.dynamic.clear()
            state.data_version = version
        cached = state.dynamic.get(name)
        if cached is None:
            sql = "SELECT key FROM dynamic_partitions WHERE name = ? ORDER BY id"
            keys = [row[0] for row in self._query(sql, (name,))]
            cached = state.dynamic[name] = (keys, frozenset(keys))
        return cached

    def get_dynamic_partitions(self, name: str) -> list[str]:
        return list(self._dynamic_keys(name)[0])

    def has_dynamic_partition(self, name: str, key: str) -> bool:
        return key in self._dynamic_keys(name)[1]

    def close(self) -> None:
        """Close every connection of this process; a later call opens new ones."""
        self._finalizer()
        self._local = threading.local()
        self._pool = _Pool()
        self._finalizer = weakref.finalize(self, _close_pool, self._pool)
