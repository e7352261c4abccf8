"""The queries behind partition statuses: an asset's materializations and the runs that
attempted its partitions (see :mod:`partwise._instance.storage` for how runs target them)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from partwise._partitions.definitions.base import PARTITION_NAME_TAG

from .records import DagsterEventType, DagsterRunStatus
from .schema import Dialect
from .sql import text_values
from .storage import MaterializationAttempts

__all__ = ["materialization_attempts"]

_MATERIALIZATION = DagsterEventType.ASSET_MATERIALIZATION.value
_PLANNED = DagsterEventType.ASSET_MATERIALIZATION_PLANNED.value


def materialization_attempts(
    conn: sqlite3.Connection, dialect: Dialect, key: str
) -> MaterializationAttempts:
    """The latest materialization per partition, and the attempts that can still matter.

    Per partition only its latest single-key attempt can decide its status, and only if that
    run did not succeed or get canceled; range and key-set runs (no ``partition`` on their
    planned events) are all returned, and then so is every latest single-key attempt.
    """
    ranged = conn.execute(
        f"SELECT e.id, r.status, r.tags FROM events e JOIN runs r ON {dialect.run_of_e}"
        " WHERE e.asset_key = ? AND e.event_type = ? AND e.partition IS NULL",
        (key, _PLANNED),
    ).fetchall()
    single = _latest_single_attempts(conn, dialect, key, all_of_them=bool(ranged))
    attempts = [(sid, DagsterRunStatus(status), json.loads(tags)) for sid, status, tags in ranged]
    attempts += [
        (sid, DagsterRunStatus(status), {PARTITION_NAME_TAG: partition})
        for sid, status, partition in single
    ]
    # every materialized partition (index only); ids only where an attempt can need them
    materialized = text_values(conn, _MATERIALIZED_SQL, (key,))
    attempted = sorted({partition for _, _, partition in single})
    # ranges resolve later (in Python), so then every partition's id is needed
    every = bool(ranged) or len(attempted) > _MAX_IN
    latest = _latest_materializations(conn, key, None if every else attempted)
    return MaterializationAttempts(materialized, latest, attempts)


_UNSETTLED = ("QUEUED", "STARTING", "STARTED", "FAILURE")
_MAX_CANDIDATES = 500


_MAX_IN = 900  # bound variables per query, under SQLite's oldest limit (999)
_MATERIALIZED_SQL = (
    "SELECT DISTINCT partition AS v FROM events WHERE asset_key = ?"
    f" AND event_type = '{_MATERIALIZATION}' AND partition IS NOT NULL"
)


def _latest_materializations(
    conn: sqlite3.Connection, key: str, partitions: Sequence[str] | None
) -> dict[str, int]:
    """The latest materialization's storage id of each of ``partitions`` (None: of every one)."""
    sql = (
        "SELECT partition, MAX(id) FROM events WHERE asset_key = ? AND event_type = ?"
        " AND partition IS NOT NULL{} GROUP BY partition"
    )
    if partitions is None:
        return dict(conn.execute(sql.format(""), (key, _MATERIALIZATION)).fetchall())
    where = f" AND partition IN ({', '.join('?' * len(partitions))})"
    return dict(conn.execute(sql.format(where), (key, _MATERIALIZATION, *partitions)).fetchall())


def _latest_single_attempts(
    conn: sqlite3.Connection, dialect: Dialect, key: str, all_of_them: bool
) -> list[tuple[int, str, str]]:
    """``(planned id, run status, partition)`` of the latest single-key attempt per partition.

    Unless ``all_of_them``, only those whose run is unfinished or failed (the only ones that can
    decide a status): found from the few such runs (index on status), then kept if no later
    attempt planned the same partition.
    """
    latest_sql = (
        f"SELECT p.id, r.status, p.partition FROM (SELECT partition, MAX(id) AS id,"
        f" {dialect.run_ref} FROM events e WHERE asset_key = ? AND event_type = ?"
        " AND partition IS NOT NULL{} GROUP BY partition) p"
        f" JOIN runs r ON {dialect.run_of_e.replace('e.', 'p.')}"
    )
    if all_of_them:
        return list(conn.execute(latest_sql.format(""), (key, _PLANNED)).fetchall())
    candidates = conn.execute(
        # from the few unsettled runs (index on status) to their events (index on their run)
        "SELECT e.id, r.status, e.partition FROM runs r CROSS JOIN events e INDEXED BY events_run"
        f" ON {dialect.run_of_e}"
        f" WHERE r.status IN ({', '.join('?' * len(_UNSETTLED))}) AND e.asset_key = ?"
        " AND e.event_type = ? AND e.partition IS NOT NULL",
        (*_UNSETTLED, key, _PLANNED),
    ).fetchall()
    if len(candidates) > _MAX_CANDIDATES:  # many failures: one pass over every partition
        rows = conn.execute(latest_sql.format(""), (key, _PLANNED)).fetchall()
        return [row for row in rows if row[1] in _UNSETTLED]
    partitions = sorted({partition for _, _, partition in candidates})
    where = f" AND partition IN ({', '.join('?' * len(partitions))})"
    latest = {
        partition: sid
        for sid, _, partition in conn.execute(
            latest_sql.format(where), (key, _PLANNED, *partitions)
        ).fetchall()
    }
    return [row for row in candidates if latest.get(row[2]) == row[0]]
