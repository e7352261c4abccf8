"""The SQLite schema: databases written before version 2 migrate on open, atomically, and answer
every query exactly as a database written now does; opened read-only they are read as they are.
Queries use their indexes (EXPLAIN QUERY PLAN), not scans of every event."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from partwise._asset_key import AssetKey
from partwise._instance import (
    DagsterEventType,
    DagsterRunStatus,
    EventLogEntry,
    EventRecordsFilter,
    Instance,
    RunsFilter,
    schema,
)
from partwise._instance.sqlite import SqliteStorage
from partwise._partitions.definitions.static import StaticPartitionsDefinition
from partwise.errors import StorageError

A, B = AssetKey("a"), AssetKey(["lake", "b"])
DAYS = [f"2022-01-0{d}" for d in range(1, 8)]
E = DagsterEventType

# The schema partwise wrote before version 2, verbatim: runs and events named by run_id text.
V1_SCHEMA = (
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


WEEK = StaticPartitionsDefinition(DAYS)  # what status-by-partition ranges walk


def populate(inst: Instance) -> None:
    """Runs of every kind, events with and without a stored run, tags added later, a deleted
    run (the newest events' ids are then unused), dynamic partitions."""
    inst.store_event(EventLogEntry("early", E.STEP_START, step_key="s"))  # before its run
    for i, day in enumerate(DAYS[:5]):
        status = [DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE][i % 2]
        run = inst.create_run(
            "job" if i < 3 else "other",
            tags={"dagster/partition": day, "team": f"t{i % 2}"},
            asset_selection=[A, B],
        )
        events = [EventLogEntry(run.run_id, E.STEP_START, step_key="a")]
        if status is DagsterRunStatus.SUCCESS:
            events += [
                EventLogEntry(run.run_id, E.ASSET_MATERIALIZATION, A, day, "a", {"n": i}),
                EventLogEntry(run.run_id, E.STEP_SUCCESS, step_key="a"),
            ]
        else:
            events.append(EventLogEntry(run.run_id, E.STEP_FAILURE, step_key="a", message="x"))
        inst.finish_run(run, status, events, tags={"extra": str(i)} if i == 1 else None)
    ranged = inst.create_run(
        "job",
        run_id="early",
        tags={
            "dagster/asset_partition_range_start": DAYS[4],
            "dagster/asset_partition_range_end": DAYS[6],
        },
        asset_selection=[A],
    )
    inst.add_run_tags(ranged.run_id, {"team": "t9", "note": "ranged"})
    inst.store_event(EventLogEntry("", E.ASSET_MATERIALIZATION, B, DAYS[6]))  # runless
    inst.store_event(EventLogEntry("partwise/tick/x", "CUSTOM_TICK", message="tick"))
    doomed = inst.create_run("job", tags={"dagster/partition": DAYS[0]}, asset_selection=[B])
    inst.store_event(EventLogEntry(doomed.run_id, E.ASSET_MATERIALIZATION, B, DAYS[0]))
    inst.delete_run(doomed.run_id)
    inst.add_dynamic_partitions("f", ["x", "y", "z"])
    inst.delete_dynamic_partition("f", "y")


def answers(inst: Instance) -> dict[str, Any]:
    """Every query's answer, as plain comparable values."""
    runs = inst.get_run_records(ascending=True)
    run_ids = [r.dagster_run.run_id for r in runs]
    filters = [
        None,
        RunsFilter(job_name="job"),
        RunsFilter(statuses=[DagsterRunStatus.FAILURE, DagsterRunStatus.STARTED]),
        RunsFilter(tags={"team": "t0"}),
        RunsFilter(tags={"team": ["t1", "t9"], "dagster/partition": DAYS[1]}),
        RunsFilter(run_ids=run_ids[1:3], job_name="job"),
    ]
    got: dict[str, Any] = {
        "runs": runs,
        "runs_desc_2": inst.get_run_records(limit=2),
        "filtered": [inst.get_run_records(f) for f in filters],
        "counts": [inst.get_runs_count(f) for f in filters],
        "cursor": inst.get_runs(cursor=run_ids[3], limit=2),
        "tags": inst.get_run_tags(["team", "dagster/partition", "note", "extra", "nothing"]),
        "logs": {i: inst.all_logs(i) for i in [*run_ids, "", "partwise/tick/x", "gone"]},
        "of_type": [inst.all_logs(i, of_type=[E.STEP_FAILURE, "STEP_START"]) for i in run_ids],
        "keys": inst.get_asset_keys(),
        "has": [inst.has_asset_key(k) for k in (A, B, AssetKey("c"))],
        "latest": [inst.get_latest_materialization_event(k) for k in (A, B)],
        "dynamic": inst.get_dynamic_partitions("f"),
    }
    event_filters = [
        EventRecordsFilter(),
        EventRecordsFilter(E.ASSET_MATERIALIZATION),
        EventRecordsFilter(E.STEP_START),
        EventRecordsFilter("CUSTOM_TICK"),
        EventRecordsFilter(E.ASSET_MATERIALIZATION_PLANNED, A, DAYS[:2]),
        EventRecordsFilter(asset_key=B),
        EventRecordsFilter(run_id=run_ids[0]),
        EventRecordsFilter(E.STEP_START, run_id="early"),
        EventRecordsFilter(after_cursor=5, before_cursor=20),
    ]
    got["events"] = [
        inst.get_event_records(f, limit, ascending)
        for f in event_filters
        for limit in (None, 3)
        for ascending in (True, False)
    ]
    got["materialized"] = [
        inst.get_materialized_partitions(k, before, after)
        for k in (A, B)
        for before, after in [(None, None), (12, None), (None, 12)]
    ]
    got["status"] = [inst.get_status_by_partition(k, DAYS, WEEK) for k in (A, B)]
    page = inst.fetch_materializations(A, limit=2)
    got["pages"] = [page, inst.fetch_materializations(A, limit=2, cursor=page.cursor)]
    return got


def write_v1(source: Path, target: Path) -> None:
    """``target``: the database ``source`` holds, as the version-1 schema stored it."""
    conn = sqlite3.connect(target, isolation_level=None)
    for statement in V1_SCHEMA:
        conn.execute(statement)
    conn.execute("ATTACH DATABASE ? AS v2", (str(source),))
    conn.executescript(
        """BEGIN;
        INSERT INTO runs SELECT * FROM v2.runs;
        INSERT INTO run_tags SELECT r.run_id, t.key, t.value FROM v2.run_tags t
            JOIN v2.runs r ON r.id = t.run;
        INSERT INTO events SELECT e.id, COALESCE(e.run_id, r.run_id), e.event_type, e.timestamp,
            e.step_key, e.asset_key, e.partition, e.body FROM v2.events e
            LEFT JOIN v2.runs r ON r.id = e.run;
        INSERT INTO dynamic_partitions SELECT * FROM v2.dynamic_partitions;
        DELETE FROM sqlite_sequence;
        INSERT INTO sqlite_sequence SELECT * FROM v2.sqlite_sequence;
        COMMIT;"""
    )
    conn.execute("DETACH DATABASE v2")
    conn.close()


def columns(db: Path, table: str) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


@pytest.fixture
def written(tmp_path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """A populated instance folder (current schema) and its answers."""
    home = tmp_path / "now"
    with Instance.local(home) as inst:
        populate(inst)
        yield home, answers(inst)


def old_copy(written: tuple[Path, dict[str, Any]], tmp_path: Path, name: str) -> Path:
    home = tmp_path / name
    home.mkdir()
    write_v1(written[0] / "partwise.db", home / "partwise.db")
    assert "run" not in columns(home / "partwise.db", "events")
    return home


def test_populated_database_exercises_every_kind_of_row(
    written: tuple[Path, dict[str, Any]],
) -> None:
    """The workload has what the migration must carry: events of no stored run, events adopted
    by a run stored after them, tags added later, a deleted run's unused ids."""
    home, got = written
    with sqlite3.connect(home / "partwise.db") as conn:
        orphans = {row[0] for row in conn.execute("SELECT run_id FROM events WHERE run IS NULL")}
        seq = dict(conn.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
        top = conn.execute("SELECT MAX(id) FROM events").fetchone()[0]
    assert orphans == {"", "partwise/tick/x"}
    assert [e.event_type for e in got["logs"]["early"]][:2] == [
        "STEP_START",
        "ASSET_MATERIALIZATION_PLANNED",
    ]
    assert seq["events"] > top
    assert got["logs"]["gone"] == [] and got["tags"][2] == ("note", {"ranged"})


def test_old_database_migrates_on_open_and_answers_the_same(
    written: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    home = old_copy(written, tmp_path, "old")
    with Instance.local(home) as inst:
        assert answers(inst) == written[1]
        after = inst.create_run("job", tags={"team": "t0"}, asset_selection=[A])
        inst.finish_run(after, DagsterRunStatus.SUCCESS, [EventLogEntry(after.run_id, "X")])
        stored = inst.all_logs(after.run_id)
    assert {"run", "run_id"} <= columns(home / "partwise.db", "events")
    with sqlite3.connect(written[0] / "partwise.db") as conn:  # no id is used twice
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()[0]
    assert min(e.storage_id or 0 for e in stored) > seq


def test_old_database_read_only_reads_as_it_is(
    written: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    home = old_copy(written, tmp_path, "old")
    with Instance.local(home, read_only=True) as reader:
        assert answers(reader) == written[1]
        with pytest.raises(StorageError, match=r"partwise\.db: attempt to write a readonly"):
            reader.create_run("job")
    assert "run" not in columns(home / "partwise.db", "events")  # untouched


def test_read_only_reader_follows_a_migration_made_by_another_writer(
    written: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    home = old_copy(written, tmp_path, "old")
    with Instance.local(home, read_only=True) as reader:
        assert answers(reader) == written[1]
        Instance.local(home).close()  # migrates
        assert "run" in columns(home / "partwise.db", "events")
        assert answers(reader) == written[1]


def test_failed_migration_leaves_the_old_database_whole(
    written: tuple[Path, dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = old_copy(written, tmp_path, "old")
    monkeypatch.setattr(
        schema, "_INDEXES", (*schema._INDEXES, "CREATE INDEX broken ON nowhere (x)")
    )
    with pytest.raises(StorageError, match=r"no such table: main\.nowhere"):
        SqliteStorage(str(home / "partwise.db")).get_run_records(None, None, True)
    assert "run" not in columns(home / "partwise.db", "run_tags") | columns(
        home / "partwise.db", "events"
    )
    monkeypatch.undo()
    with Instance.local(home) as inst:  # the next open migrates it
        assert answers(inst) == written[1]


def test_migration_keeps_the_id_counter_of_emptied_tables(tmp_path: Path) -> None:
    """Events all deleted: new events still get ids past every id ever used."""
    home = tmp_path / "now"
    with Instance.local(home) as inst:
        run = inst.create_run("job", asset_selection=[A])
        inst.delete_run(run.run_id)
    v1 = tmp_path / "old"
    v1.mkdir()
    write_v1(home / "partwise.db", v1 / "partwise.db")
    with Instance.local(v1) as inst:
        inst.store_event(EventLogEntry("", "X"))
        assert inst.get_event_records()[0].storage_id == 2


# -- query plans ---------------------------------------------------------------------------------


def plans(db: Path, call: Callable[[Instance], object]) -> list[str]:
    """The query plan of every SELECT that ``call`` runs on a read-only instance of ``db``."""
    statements: list[str] = []
    with Instance.local(db.parent, read_only=True) as inst:
        storage: Any = inst._storage
        storage._state().conn.set_trace_callback(statements.append)
        call(inst)
    out = []
    with sqlite3.connect(db) as conn:
        for sql in statements:
            if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                plan = conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
                out.append(" | ".join(row[-1] for row in plan))
    return out


QUERIES: list[tuple[str, Callable[[Instance], object]]] = [
    ("asset events", lambda i: i.get_event_records(EventRecordsFilter(asset_key=A), limit=1)),
    ("materializations", lambda i: i.get_latest_materialization_event(A)),
    ("by type", lambda i: i.get_event_records(EventRecordsFilter(E.RUN_SUCCESS), limit=1)),
    ("run logs", lambda i: i.all_logs("early")),
    ("materialized", lambda i: i.get_materialized_partitions(A)),
    ("status", lambda i: i.get_status_by_partition(A, DAYS, WEEK)),
    ("asset keys", lambda i: i.get_asset_keys()),
    ("has key", lambda i: i.has_asset_key(B)),
    ("tag filter", lambda i: i.get_runs(RunsFilter(tags={"team": "t0"}))),
    ("tag values", lambda i: i.get_run_tags(["team"])),
]


@pytest.mark.parametrize(("name", "call"), QUERIES, ids=[name for name, _ in QUERIES])
@pytest.mark.parametrize("version", ["current", "v1 read-only"])
def test_queries_use_indexes(
    written: tuple[Path, dict[str, Any]],
    tmp_path: Path,
    name: str,
    call: Callable[[Instance], object],
    version: str,
) -> None:
    home = written[0] if version == "current" else old_copy(written, tmp_path, "old")
    found = plans(home / "partwise.db", call)
    assert found, name
    for plan in found:
        scans = [
            step for step in plan.split(" | ") if step.startswith("SCAN e") or step == "SCAN events"
        ]
        assert not scans, plan


def test_type_only_query_for_a_step_event_type_is_answered_by_a_scan(
    written: tuple[Path, dict[str, Any]],
) -> None:
    """Per-step events are left out of the event_type index (most of every run's events):
    asked for by type alone, they are found by reading the table in id order."""
    found = plans(
        written[0] / "partwise.db",
        lambda i: i.get_event_records(EventRecordsFilter(E.STEP_START), limit=1),
    )
    assert found and all("events_type" not in plan for plan in found)
