"""Instance behaviour on both backends: runs, events, materialization status, dynamic partitions."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from partwise._asset_key import AssetKey
from partwise._instance import (
    AssetPartitionStatus,
    DagsterEventType,
    DagsterRun,
    DagsterRunStatus,
    EventLogEntry,
    EventRecordsFilter,
    Instance,
    RunsFilter,
)
from partwise._partitions.context import DynamicPartitionsStore
from partwise._partitions.definitions.base import PartitionKeyRange
from partwise.errors import (
    CheckError,
    InvalidInvocationError,
    InvariantViolationError,
    StorageError,
)

A = AssetKey("a")
DAYS = [f"2022-01-0{d}" for d in range(1, 8)]
MATERIALIZED = AssetPartitionStatus.MATERIALIZED
FAILED = AssetPartitionStatus.FAILED
IN_PROGRESS = AssetPartitionStatus.IN_PROGRESS


class KeysDef:
    """A minimal partitions definition: ordered keys and inclusive ranges."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = list(keys)

    def get_partition_keys_in_range(self, partition_key_range: PartitionKeyRange) -> list[str]:
        start = self.keys.index(partition_key_range.start)
        return self.keys[start : self.keys.index(partition_key_range.end) + 1]


@pytest.fixture(params=["memory", "sqlite"])
def instance(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Instance]:
    inst = Instance.ephemeral() if request.param == "memory" else Instance.local(tmp_path / "home")
    with inst:
        yield inst


def run_partition(
    inst: Instance,
    key: str,
    status: DagsterRunStatus,
    asset: AssetKey = A,
    materialize: bool | None = None,
) -> DagsterRun:
    """A run of ``asset`` for partition ``key`` that ends in ``status`` (STARTED: never ends)."""
    run = inst.create_run("job", tags={"dagster/partition": key}, asset_selection=[asset])
    if materialize if materialize is not None else status is DagsterRunStatus.SUCCESS:
        inst.store_event(EventLogEntry(run.run_id, "ASSET_MATERIALIZATION", asset, key))
    if status is not DagsterRunStatus.STARTED:
        inst.report_run_status(run.run_id, status)
    return run


def dead_pid() -> int:
    """The pid of a process that has exited and been reaped."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# construction


def test_ephemeral_storage_directory_is_lazy_and_removed_on_close() -> None:
    """The ephemeral storage directory appears on first use and disappears on close."""
    inst = Instance.ephemeral()
    assert inst.is_ephemeral
    path = inst.storage_directory()
    assert os.path.isdir(path)
    inst.close()
    assert not os.path.exists(path)


def test_local_layout(tmp_path: Path) -> None:
    """A local instance keeps partwise.db and storage/ in its root."""
    with Instance.local(tmp_path / "home") as inst:
        inst.create_run("job")
        assert inst.root_directory == str(tmp_path / "home")
        assert inst.storage_directory() == str(tmp_path / "home" / "storage")
    assert (tmp_path / "home" / "partwise.db").is_file()
    assert (tmp_path / "home" / "storage").is_dir()


def test_local_persists_across_instances(tmp_path: Path) -> None:
    """Runs written by one local instance are read by the next one on the same path."""
    with Instance.local(tmp_path) as inst:
        run = inst.create_run("job", tags={"t": "1"})
    with Instance.local(tmp_path) as again:
        assert again.get_run_by_id(run.run_id) == run


def test_get_reads_partwise_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Instance.get() uses $PARTWISE_HOME."""
    monkeypatch.setenv("PARTWISE_HOME", str(tmp_path / "h"))
    with Instance.get() as inst:
        assert inst.root_directory == str(tmp_path / "h")


def test_get_defaults_to_dot_partwise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without $PARTWISE_HOME, Instance.get() uses .partwise in the working directory."""
    monkeypatch.delenv("PARTWISE_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    with Instance.get() as inst:
        assert inst.root_directory == str(tmp_path / ".partwise")


def test_local_temp_is_removed_on_close() -> None:
    """local_temp() is a SQLite instance in a temporary directory removed on close."""
    inst = Instance.local_temp()
    root = inst.root_directory
    inst.create_run("job")
    assert not inst.is_ephemeral and os.path.isdir(root)
    inst.close()
    assert not os.path.exists(root)


def test_local_instance_pickles_to_same_root(tmp_path: Path) -> None:
    """A local instance crosses process boundaries as its path."""
    with Instance.local(tmp_path) as inst:
        run = inst.create_run("job")
        with pickle.loads(pickle.dumps(inst)) as copy:
            assert copy.get_run_by_id(run.run_id) == run


def test_ephemeral_instance_refuses_pickling() -> None:
    """Pickling an ephemeral instance explains why it cannot cross processes."""
    with pytest.raises(InvalidInvocationError, match=r"Instance\.local"):
        pickle.dumps(Instance.ephemeral())


def test_memory_store_is_per_instance() -> None:
    """Each instance owns its own in-memory object store."""
    first, second = Instance.ephemeral(), Instance.ephemeral()
    first.memory_store["k"] = 1
    assert second.memory_store == {}


# runs


def test_create_run_defaults(instance: Instance) -> None:
    """create_run stores a STARTED run with a uuid, tags, config and this process's pid."""
    run = instance.create_run("job", tags={"k": "v"}, run_config={"ops": {"x": {"config": 1}}})
    assert run.status is DagsterRunStatus.STARTED
    assert len(run.run_id) == 36 and run.pid == os.getpid()
    assert run.start_time is not None and run.end_time is None
    assert instance.get_run_by_id(run.run_id) == run


def test_get_run_by_id_unknown(instance: Instance) -> None:
    """An unknown run id gives None."""
    assert instance.get_run_by_id("nope") is None


def test_add_run_twice_is_an_error(instance: Instance) -> None:
    """A run id can be stored only once."""
    instance.add_run(DagsterRun("r1", "job"))
    with pytest.raises(InvariantViolationError, match="r1"):
        instance.add_run(DagsterRun("r1", "job"))


def test_report_run_status_finishes_run(instance: Instance) -> None:
    """Reporting SUCCESS marks the run finished, sets end_time and records RUN_SUCCESS."""
    run = instance.create_run("job")
    instance.report_run_status(run.run_id, DagsterRunStatus.SUCCESS)
    stored = instance.get_run_by_id(run.run_id)
    assert stored is not None and stored.is_success and stored.is_finished
    assert stored.end_time is not None
    assert [e.event_type for e in instance.all_logs(run.run_id)] == ["PIPELINE_SUCCESS"]


def test_report_status_of_unknown_run(instance: Instance) -> None:
    """Updating a run that does not exist names the run id."""
    with pytest.raises(InvariantViolationError, match="ghost"):
        instance.report_run_status("ghost", DagsterRunStatus.SUCCESS)


def test_handle_run_event(instance: Instance) -> None:
    """A RUN_FAILURE event moves the run to FAILURE."""
    run = instance.create_run("job")
    instance.handle_run_event(run.run_id, EventLogEntry(run.run_id, DagsterEventType.RUN_FAILURE))
    stored = instance.get_run_by_id(run.run_id)
    assert stored is not None and stored.is_failure


def test_handle_run_event_rejects_other_events(instance: Instance) -> None:
    """Only run life-cycle events change a run's status."""
    run = instance.create_run("job")
    with pytest.raises(CheckError, match="STEP_FAILURE"):
        instance.handle_run_event(run.run_id, "STEP_FAILURE")


def test_get_runs_newest_first_with_limit(instance: Instance) -> None:
    """get_runs lists newest first; limit and ascending work."""
    ids = [instance.create_run("job").run_id for _ in range(4)]
    assert [r.run_id for r in instance.get_runs()] == ids[::-1]
    assert [r.run_id for r in instance.get_runs(limit=2)] == ids[:1:-1]
    assert [r.run_id for r in instance.get_runs(ascending=True)] == ids
    assert [r.run_id for r in instance.get_runs(cursor=ids[2])] == ids[1::-1]


def test_runs_filter(instance: Instance) -> None:
    """RunsFilter matches run ids, job name, statuses and tags (a list means any value)."""
    r1 = instance.create_run("a", tags={"dagster/partition": "1"})
    r2 = instance.create_run("b", tags={"dagster/partition": "2"})
    instance.report_run_status(r2.run_id, DagsterRunStatus.FAILURE)

    def ids(f: RunsFilter) -> set[str]:
        return {run.run_id for run in instance.get_runs(f)}

    assert ids(RunsFilter(tags={"dagster/partition": "1"})) == {r1.run_id}
    assert ids(RunsFilter(tags={"dagster/partition": ["1", "2"]})) == {r1.run_id, r2.run_id}
    assert ids(RunsFilter(job_name="b")) == {r2.run_id}
    assert ids(RunsFilter(statuses=[DagsterRunStatus.FAILURE])) == {r2.run_id}
    assert ids(RunsFilter(run_ids=[r1.run_id, "x"])) == {r1.run_id}
    assert instance.get_runs_count(RunsFilter(job_name="a")) == 1


def test_add_run_tags(instance: Instance) -> None:
    """add_run_tags merges new tags, and tag filters see them."""
    run = instance.create_run("job", tags={"a": "1"})
    instance.add_run_tags(run.run_id, {"b": "2"})
    stored = instance.get_run_by_id(run.run_id)
    assert stored is not None and stored.tags == {"a": "1", "b": "2"}
    assert instance.get_runs(RunsFilter(tags={"b": "2"})) == [stored]


def test_run_records_carry_storage_ids(instance: Instance) -> None:
    """Run records have increasing storage ids and timestamps."""
    instance.create_run("job")
    instance.create_run("job")
    records = instance.get_run_records(ascending=True)
    assert records[0].storage_id < records[1].storage_id
    assert records[0].create_timestamp.tzinfo is not None


def test_delete_run_removes_its_events(instance: Instance) -> None:
    """Deleting a run deletes its events, materializations included."""
    run = run_partition(instance, "p", DagsterRunStatus.SUCCESS)
    instance.delete_run(run.run_id)
    assert instance.get_run_by_id(run.run_id) is None
    assert instance.all_logs(run.run_id) == []
    assert instance.get_materialized_partitions(A) == set()


# events


def test_all_logs_in_order_and_by_type(instance: Instance) -> None:
    """all_logs returns a run's events oldest first, optionally of some types."""
    run = instance.create_run("job")
    steps = [EventLogEntry(run.run_id, t, step_key="s") for t in ("STEP_START", "STEP_SUCCESS")]
    instance.store_events(steps)
    assert [e.event_type for e in instance.all_logs(run.run_id)] == ["STEP_START", "STEP_SUCCESS"]
    only = instance.all_logs(run.run_id, of_type=DagsterEventType.STEP_SUCCESS)
    assert [e.event_type for e in only] == ["STEP_SUCCESS"]


def test_event_metadata_round_trips(instance: Instance) -> None:
    """Metadata of any picklable value and the message survive storage."""
    meta = {"rows": 3, "cols": ("a", "b"), "path": Path("/x")}
    instance.store_event(EventLogEntry("r", "ASSET_MATERIALIZATION", A, "p", metadata=meta))
    (entry,) = instance.get_event_records(asset_key=A)
    assert entry.metadata == meta and entry.storage_id is not None


def test_event_type_enum_is_stored_as_string(instance: Instance) -> None:
    """A DagsterEventType member is normalized to its plain string value."""
    instance.store_event(EventLogEntry("r", DagsterEventType.STEP_FAILURE))
    (entry,) = instance.get_event_records(event_type="STEP_FAILURE")
    assert type(entry.event_type) is str and entry.event_type == "STEP_FAILURE"


def test_get_event_records_filters(instance: Instance) -> None:
    """Event records filter by type, asset, partition, run and cursors; newest first."""
    mats = [EventLogEntry("r", "ASSET_MATERIALIZATION", A, p) for p in "xyz"]
    instance.store_events([*mats, EventLogEntry("s", "STEP_START")])
    found = instance.get_event_records(event_type=DagsterEventType.ASSET_MATERIALIZATION)
    assert [e.partition for e in found] == ["z", "y", "x"]
    assert [e.partition for e in instance.get_event_records(asset_key=A, limit=1)] == ["z"]
    by_part = EventRecordsFilter(asset_key=A, asset_partitions=["x", "z"])
    assert {e.partition for e in instance.get_event_records(by_part)} == {"x", "z"}
    first = found[-1].storage_id
    after = instance.get_event_records(EventRecordsFilter(asset_key=A, after_cursor=first))
    assert {e.partition for e in after} == {"y", "z"}
    assert [e.event_type for e in instance.get_event_records(run_id="s")] == ["STEP_START"]


# materializations and status


def test_latest_materialization_event(instance: Instance) -> None:
    """The latest materialization exposes Dagster-style accessors; None if never."""
    assert instance.get_latest_materialization_event(A) is None
    run_partition(instance, "p1", DagsterRunStatus.SUCCESS)
    run = run_partition(instance, "p2", DagsterRunStatus.SUCCESS)
    event = instance.get_latest_materialization_event(A)
    assert event is not None and event.run_id == run.run_id
    assert event.dagster_event.partition == "p2" and event.partition == "p2"
    assert event.asset_materialization is not None and event.asset_key == A


def test_has_asset_key_and_asset_keys(instance: Instance) -> None:
    """has_asset_key and get_asset_keys reflect stored events."""
    assert not instance.has_asset_key(A)
    run_partition(instance, "p", DagsterRunStatus.SUCCESS, asset=AssetKey(["z", "b"]))
    run_partition(instance, "p", DagsterRunStatus.SUCCESS)
    assert instance.has_asset_key(A)
    assert instance.get_asset_keys() == [A, AssetKey(["z", "b"])]


def test_materialized_partitions_with_cursors(instance: Instance) -> None:
    """get_materialized_partitions lists every partition ever materialized, within cursors."""
    for key in ("p1", "p2", "p3"):
        run_partition(instance, key, DagsterRunStatus.SUCCESS)
    assert instance.get_materialized_partitions(A) == {"p1", "p2", "p3"}
    mats = instance.get_event_records(event_type="ASSET_MATERIALIZATION", ascending=True)
    middle = mats[1].storage_id
    assert instance.get_materialized_partitions(A, before_cursor=middle) == {"p1"}
    assert instance.get_materialized_partitions(A, after_cursor=middle) == {"p3"}


def test_status_precedence_example(instance: Instance) -> None:
    """Spec §7.3: failed runs after materialization show FAILED until a later success."""
    for key in DAYS[:3]:
        run_partition(instance, key, DagsterRunStatus.SUCCESS)
    for key in DAYS[2:4]:
        run_partition(instance, key, DagsterRunStatus.FAILURE)
    status = instance.get_status_by_partition(A, DAYS[:5], KeysDef(DAYS))
    assert status == {
        DAYS[0]: MATERIALIZED,
        DAYS[1]: MATERIALIZED,
        DAYS[2]: FAILED,
        DAYS[3]: FAILED,
        DAYS[4]: None,
    }
    assert DAYS[2] in instance.get_materialized_partitions(A)
    run_partition(instance, DAYS[3], DagsterRunStatus.SUCCESS)
    assert instance.get_status_by_partition(A, [DAYS[3]], KeysDef(DAYS))[DAYS[3]] == MATERIALIZED


def test_status_in_progress_wins(instance: Instance) -> None:
    """An unfinished run targeting a materialized partition makes it IN_PROGRESS."""
    run_partition(instance, DAYS[0], DagsterRunStatus.SUCCESS)
    run_partition(instance, DAYS[0], DagsterRunStatus.STARTED)
    run_partition(instance, DAYS[1], DagsterRunStatus.STARTED)
    status = instance.get_status_by_partition(A, DAYS[:2], KeysDef(DAYS))
    assert status == {DAYS[0]: IN_PROGRESS, DAYS[1]: IN_PROGRESS}


def test_status_ignores_runs_of_other_assets(instance: Instance) -> None:
    """A failed run that does not target the asset leaves its status alone."""
    run_partition(instance, DAYS[0], DagsterRunStatus.SUCCESS)
    run_partition(instance, DAYS[0], DagsterRunStatus.FAILURE, asset=AssetKey("other"))
    assert instance.get_status_by_partition(A, DAYS[:1], KeysDef(DAYS)) == {DAYS[0]: MATERIALIZED}


def test_status_canceled_run_is_not_failed(instance: Instance) -> None:
    """A canceled run is neither failed nor in progress."""
    run_partition(instance, DAYS[0], DagsterRunStatus.SUCCESS)
    run_partition(instance, DAYS[0], DagsterRunStatus.CANCELED)
    run_partition(instance, DAYS[1], DagsterRunStatus.CANCELED)
    status = instance.get_status_by_partition(A, DAYS[:2], KeysDef(DAYS))
    assert status == {DAYS[0]: MATERIALIZED, DAYS[1]: None}


def test_status_from_failed_materializing_run(instance: Instance) -> None:
    """A failed run that still materialized the partition leaves it MATERIALIZED."""
    run_partition(instance, DAYS[0], DagsterRunStatus.FAILURE, materialize=True)
    assert instance.get_status_by_partition(A, DAYS[:1], KeysDef(DAYS)) == {DAYS[0]: MATERIALIZED}


def test_status_from_range_tags(instance: Instance) -> None:
    """A failed range run marks every key of its range FAILED."""
    tags = {
        "dagster/asset_partition_range_start": DAYS[1],
        "dagster/asset_partition_range_end": DAYS[3],
    }
    run = instance.create_run("job", tags=tags, asset_selection=["a"])
    instance.report_run_status(run.run_id, DagsterRunStatus.FAILURE)
    status = instance.get_status_by_partition(A, DAYS[:5], KeysDef(DAYS))
    assert [status[k] for k in DAYS[:5]] == [None, FAILED, FAILED, FAILED, None]


def test_status_with_static_partitions_definition(instance: Instance) -> None:
    """A real StaticPartitionsDefinition resolves range tags for the status query."""
    from partwise._partitions.definitions.static import StaticPartitionsDefinition

    defn = StaticPartitionsDefinition(["w", "x", "y", "z"])
    tags = {"dagster/asset_partition_range_start": "x", "dagster/asset_partition_range_end": "y"}
    instance.create_run("job", tags=tags, asset_selection=[A])
    status = instance.get_status_by_partition(A, ["w", "x", "y", "z"], defn)
    assert status == {"w": None, "x": IN_PROGRESS, "y": IN_PROGRESS, "z": None}


def test_status_from_partition_keys_tag(instance: Instance) -> None:
    """A key-set run (partwise/partition_keys tag) targets exactly its keys."""
    tags = {"partwise/partition_keys": f'["{DAYS[0]}", "{DAYS[4]}"]'}
    instance.create_run("job", tags=tags, asset_selection=[A])
    status = instance.get_status_by_partition(A, DAYS[:5], KeysDef(DAYS))
    assert [status[k] for k in DAYS[:5]] == [IN_PROGRESS, None, None, None, IN_PROGRESS]


def test_status_over_10k_partitions(instance: Instance) -> None:
    """A failed range run over 10,000 materialized partitions marks them all failed."""
    keys = [f"k{i:05d}" for i in range(10_000)]
    run = instance.create_run("job", asset_selection=[A])
    instance.store_events([EventLogEntry(run.run_id, "ASSET_MATERIALIZATION", A, k) for k in keys])
    tags = {
        "dagster/asset_partition_range_start": keys[0],
        "dagster/asset_partition_range_end": keys[-1],
    }
    failed = instance.create_run("job", tags=tags, asset_selection=[A])
    instance.report_run_status(failed.run_id, DagsterRunStatus.FAILURE)
    status = instance.get_status_by_partition(A, keys, KeysDef(keys))
    assert set(status.values()) == {FAILED}


def test_abandoned_run_is_in_progress_then_failed(instance: Instance) -> None:
    """A STARTED run whose process is gone stays IN_PROGRESS until marked abandoned."""
    tags = {"dagster/partition": DAYS[0]}
    instance.add_run(
        DagsterRun("dead", "job", tags=tags, asset_selection=frozenset([A]), pid=dead_pid())
    )
    live = run_partition(instance, DAYS[1], DagsterRunStatus.STARTED)
    assert instance.get_status_by_partition(A, DAYS[:1], KeysDef(DAYS)) == {DAYS[0]: IN_PROGRESS}
    assert instance.mark_abandoned_runs_failed() == ["dead"]
    stored = instance.get_run_by_id("dead")
    assert stored is not None and stored.status is DagsterRunStatus.FAILURE
    assert stored.tags["dagster/failure_reason"] == "UNEXPECTED_TERMINATION"
    assert instance.get_status_by_partition(A, DAYS[:2], KeysDef(DAYS)) == {
        DAYS[0]: FAILED,
        DAYS[1]: IN_PROGRESS,
    }
    assert instance.get_run_by_id(live.run_id) == live


# dynamic partitions


def test_dynamic_partitions_insertion_order(instance: Instance) -> None:
    """Keys come back in insertion order; adding existing keys changes nothing."""
    instance.add_dynamic_partitions("fruits", ["b", "a"])
    instance.add_dynamic_partitions("fruits", ["a", "c"])
    assert instance.get_dynamic_partitions("fruits") == ["b", "a", "c"]
    assert instance.has_dynamic_partition("fruits", "c")


def test_dynamic_unknown_name(instance: Instance) -> None:
    """An unknown definition name has no keys."""
    assert instance.get_dynamic_partitions("nope") == []
    assert not instance.has_dynamic_partition("nope", "a")


def test_dynamic_repeated_key_in_one_call(instance: Instance) -> None:
    """A key repeated within one call is a CheckError naming it, and nothing is added."""
    with pytest.raises(CheckError, match="'x'"):
        instance.add_dynamic_partitions("f", ["x", "y", "x"])
    assert instance.get_dynamic_partitions("f") == []


def test_dynamic_bare_string(instance: Instance) -> None:
    """A bare string instead of a list is a CheckError with a hint."""
    with pytest.raises(CheckError, match=r"did you mean \['kiwi'\]"):
        instance.add_dynamic_partitions("f", "kiwi")


def test_dynamic_keys_refuse_control_characters(instance: Instance) -> None:
    """Odd printable keys are accepted; NUL and other control characters are refused, on both
    backends, and nothing of a refused call is stored."""
    odd = ["a...b", "a|b", ""]
    instance.add_dynamic_partitions("f", odd)
    for bad in ["a\nb", "nul\x00", "bell\a"]:
        with pytest.raises(CheckError, match="holds the control characters"):
            instance.add_dynamic_partitions("f", ["fine", bad])
    assert instance.get_dynamic_partitions("f") == odd


def test_dynamic_delete_and_readd_moves_to_end(instance: Instance) -> None:
    """Deleting is silent for absent keys; re-adding a deleted key puts it last."""
    instance.add_dynamic_partitions("f", ["a", "b", "c"])
    instance.delete_dynamic_partition("f", "a")
    instance.delete_dynamic_partition("f", "zzz")
    instance.delete_dynamic_partition("unknown", "a")
    instance.add_dynamic_partitions("f", ["a"])
    assert instance.get_dynamic_partitions("f") == ["b", "c", "a"]
    assert not instance.has_dynamic_partition("g", "a")


def test_instance_is_a_dynamic_partitions_store(instance: Instance) -> None:
    """The instance satisfies the DynamicPartitionsStore protocol."""
    assert isinstance(instance, DynamicPartitionsStore)


def test_has_dynamic_partition_among_10k(instance: Instance) -> None:
    """Membership among 10,000 dynamic keys (speed: benchmarks/bench_storage.py)."""
    instance.add_dynamic_partitions("f", [str(i) for i in range(10_000)])
    assert all(instance.has_dynamic_partition("f", str(i * 7)) for i in range(1000))
    assert not instance.has_dynamic_partition("f", "10000")


def test_sqlite_dynamic_cache_sees_other_writers(tmp_path: Path) -> None:
    """A second instance on the same file sees keys added and deleted by the first."""
    with Instance.local(tmp_path) as first, Instance.local(tmp_path) as second:
        assert not second.has_dynamic_partition("f", "a")
        first.add_dynamic_partitions("f", ["a"])
        assert second.has_dynamic_partition("f", "a")
        first.delete_dynamic_partition("f", "a")
        assert second.get_dynamic_partitions("f") == []


def test_read_only_instance_reads_and_refuses_writes(tmp_path: Path) -> None:
    """Instance.local(read_only=True) sees what was written and refuses to write, naming the file;
    a folder without a database reads as an empty instance and is not created."""
    with Instance.local(tmp_path / "home") as writer:
        run_partition(writer, DAYS[0], DagsterRunStatus.SUCCESS)
    with Instance.local(tmp_path / "home", read_only=True) as reader:
        assert reader.is_read_only
        assert reader.get_materialized_partitions(A) == {DAYS[0]}
        with pytest.raises(StorageError, match=r"partwise\.db: attempt to write a readonly"):
            reader.add_dynamic_partitions("f", ["x"])
    with Instance.local(tmp_path / "nothing", read_only=True) as empty:
        assert empty.get_runs() == []
    assert not (tmp_path / "nothing").exists()


@pytest.mark.parametrize(
    "content", [b"not a database at all" * 200, b"SQLite format 3\x00" + b"\x01" * 4000]
)
def test_a_damaged_database_is_a_storage_error_naming_the_file(
    tmp_path: Path, content: bytes
) -> None:
    """Garbage or a truncated header: StorageError (an OSError) naming the file and what to do."""
    (tmp_path / "partwise.db").write_bytes(content)
    with Instance.local(tmp_path) as instance, pytest.raises(StorageError) as raised:
        instance.get_runs()
    assert str(tmp_path / "partwise.db") in str(raised.value)
    assert "move it aside" in str(raised.value)
    assert isinstance(raised.value, OSError)


def test_a_file_where_the_folder_belongs_is_a_storage_error(tmp_path: Path) -> None:
    """Instance.local on a file: StorageError naming it (was FileExistsError)."""
    (tmp_path / "file").write_text("")
    with pytest.raises(StorageError, match="it is not a folder"):
        Instance.local(tmp_path / "file")
