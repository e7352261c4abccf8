"""``Instance``: where runs, events, materializations by partition and dynamic partitions live.

``Instance.ephemeral()`` keeps everything in memory (the default for tests);
``Instance.local(path)`` keeps it in ``<path>/partwise.db`` (SQLite), shared safely by many
processes. How runs target asset partitions is described in :mod:`partwise._instance.storage`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import threading
import weakref
from collections.abc import Iterable, Mapping, Sequence
from types import TracebackType
from typing import Any

from partwise import _clock
from partwise._asset_key import AssetKey, CoercibleToAssetKey, asset_key_param
from partwise._partitions.context import partition_loading_context
from partwise._partitions.definitions.base import PARTITION_NAME_TAG
from partwise._scratch import recover_scratch_files
from partwise.errors import (
    CheckError,
    InvalidInvocationError,
    InvariantViolationError,
    PartwiseError,
    StorageError,
    check_param,
)

from .memory import MemoryStorage
from .processes import hostname, new_run, process_is_gone
from .records import (
    FINISHED_STATUSES,
    AssetPartitionStatus,
    DagsterEventType,
    DagsterRun,
    DagsterRunStatus,
    EventLogEntry,
    EventRecordsFilter,
    RunRecord,
    RunsFilter,
    RunStats,
    event_type_value,
)
from .storage import (
    FinishedRun,
    PartitionRangeResolver,
    Storage,
    check_dynamic_keys,
    status_by_partition,
    status_values,
)

__all__ = ["DagsterInstance", "Instance"]

_ENV_HOME = "PARTWISE_HOME"
_FAILURE_REASON_TAG = "dagster/failure_reason"
_RUN_EVENT_BY_STATUS = {
    DagsterRunStatus.QUEUED: DagsterEventType.RUN_ENQUEUED,
    DagsterRunStatus.STARTING: DagsterEventType.RUN_STARTING,
    DagsterRunStatus.STARTED: DagsterEventType.RUN_START,
    DagsterRunStatus.SUCCESS: DagsterEventType.RUN_SUCCESS,
    DagsterRunStatus.FAILURE: DagsterEventType.RUN_FAILURE,
    DagsterRunStatus.CANCELED: DagsterEventType.RUN_CANCELED,
}
_STATUS_BY_RUN_EVENT = {event.value: status for status, event in _RUN_EVENT_BY_STATUS.items()}


class Instance:
    """Runs, their events, materializations by partition and dynamic partitions.

    Build one with :meth:`ephemeral`, :meth:`local`, :meth:`local_temp` or :meth:`get`; use it
    as a context manager (or call :meth:`close`) to release connections and temporary files.
    """

    def __init__(
        self,
        storage: Storage,
        root_directory: str | None = None,
        storage_directory: str | None = None,
    ) -> None:
        self._storage = storage
        self._root = root_directory
        self._storage_dir: str | None = storage_directory
        self._cleanup: weakref.finalize[Any, Any] | None = None
        self.memory_store: dict[Any, Any] = {}
        """Objects kept by the in-memory I/O manager, owned by this instance."""

    # construction

    @classmethod
    def ephemeral(
        cls, tempdir: str | None = None, preload: Any = None, settings: Any = None
    ) -> Instance:
        """An in-memory instance; its directory is ``tempdir``, else a temporary one made on first use.

        ``preload`` and ``settings`` (the reference's) have no meaning here and are ignored.
        """
        check_param(tempdir, "tempdir", (str, os.PathLike), optional=True)
        return cls(MemoryStorage(), os.path.abspath(tempdir) if tempdir is not None else None)

    @classmethod
    def from_config(
        cls,
        config_dir: str | os.PathLike[str],
        config_filename: str = "dagster.yaml",
        overrides: Mapping[str, Any] | None = None,
    ) -> Instance:
        """A persistent instance rooted at ``config_dir``, placed as its ``dagster.yaml`` says.

        Storage locations are honoured; sections about daemons and launchers are ignored;
        anything else is refused by name (see :mod:`partwise._instance.config`).
        """
        from .config import instance_from_config

        check_param(config_dir, "config_dir", (str, os.PathLike))
        check_param(config_filename, "config_filename", str)
        check_param(overrides, "overrides", Mapping, optional=True)
        return instance_from_config(cls, config_dir, config_filename, overrides)

    @classmethod
    def local(cls, path: str | os.PathLike[str], *, read_only: bool = False) -> Instance:
        """A persistent instance in ``path``: SQLite file ``partwise.db``, files in ``storage/``.

        ``read_only=True`` opens the database for reading only and creates nothing: a folder
        without a database reads as an instance without runs.
        """
        from .sqlite import SqliteStorage  # sqlite3 is imported only when needed

        if not isinstance(path, str | os.PathLike):
            raise InvalidInvocationError(
                f"Instance.local takes a folder path, got {type(path).__name__} {path!r}"
            )
        root = os.path.abspath(os.fspath(path))
        db = os.path.join(root, "partwise.db")
        if read_only:
            if os.path.exists(root) and not os.path.isdir(root):
                raise StorageError(f"Cannot use {root} as an instance folder: it is not a folder")
            if not os.path.exists(db):
                return cls(MemoryStorage(), root)
            reader = cls(SqliteStorage(db, read_only=True), root)
            if reader._has_dead_runs() and os.access(db, os.W_OK) and os.access(root, os.W_OK):
                cls.local(root).close()  # run monitoring needs a write; only when there is one
            return reader
        try:
            os.makedirs(root, exist_ok=True)
        except (OSError, ValueError) as e:  # ValueError: a NUL in the path
            problem = "it is not a folder" if os.path.exists(root) else str(e)
            raise StorageError(f"Cannot use {root} as an instance folder: {problem}") from e
        instance = cls(SqliteStorage(db), root)
        instance._fail_dead_runs()
        return instance

    def _fail_dead_runs(self) -> None:
        """Run monitoring on open: runs whose process died are marked failed (see below)."""
        import contextlib
        import sqlite3

        # A read-only or damaged database: its first real use reports the problem.
        with contextlib.suppress(sqlite3.Error, PartwiseError):
            self.mark_abandoned_runs_failed()

    @classmethod
    def local_temp(cls, tempdir: str | None = None) -> Instance:
        """A persistent instance in a new temporary directory, removed when it is closed."""
        import tempfile

        check_param(tempdir, "tempdir", (str, os.PathLike), optional=True)
        try:
            root = tempfile.mkdtemp(prefix="partwise-", dir=tempdir)
        except (OSError, ValueError) as e:  # ValueError: a NUL in the path
            raise StorageError(f"Cannot make an instance folder in {tempdir!r}: {e}") from e
        instance = cls.local(root)
        instance._remove_on_close(instance.root_directory)
        return instance

    @classmethod
    def get(cls, *, read_only: bool = False) -> Instance:
        """The instance at ``$PARTWISE_HOME``, else ``$DAGSTER_HOME`` (read with its
        ``dagster.yaml``), else ``.partwise`` in the working directory. ``read_only``: see
        :meth:`local` (an instance configured by ``dagster.yaml`` is opened as it says)."""
        home = os.environ.get(_ENV_HOME)
        if not home and os.environ.get("DAGSTER_HOME"):
            return cls.from_config(os.environ["DAGSTER_HOME"])
        try:
            return cls.local(home or os.path.join(os.getcwd(), ".partwise"), read_only=read_only)
        except StorageError as e:
            if not home:
                raise
            raise StorageError(f"{e} (set PARTWISE_HOME to a folder)") from e.__cause__

    def _remove_on_close(self, root: str) -> None:
        import shutil

        self._cleanup = weakref.finalize(self, shutil.rmtree, root, True)

    @property
    def is_read_only(self) -> bool:
        """Opened with ``read_only=True`` over an existing database: every write is refused."""
        return bool(getattr(self._storage, "read_only", False))

    @property
    def is_ephemeral(self) -> bool:
        return isinstance(self._storage, MemoryStorage)

    @property
    def root_directory(self) -> str:
        if self._root is None:
            with _ROOT_LOCK:  # threads of one backfill must share one temporary directory
                if self._root is None:
                    import tempfile

                    root = tempfile.mkdtemp(prefix="partwise-ephemeral-")
                    self._remove_on_close(root)
                    self._root = root
        return self._root

    def storage_directory(self) -> str:
        """Where I/O managers write files by default (``<root>/storage``), created on demand."""
        if self._storage_dir is None:
            path = os.path.join(self.root_directory, "storage")
            os.makedirs(path, exist_ok=True)
            self._storage_dir = path
        return self._storage_dir

    def close(self) -> None:
        """Close connections and remove temporary directories; safe to call twice."""
        self._storage.close()
        if self._cleanup is not None:
            self._cleanup()

    def __enter__(self) -> Instance:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        if self.is_ephemeral:
            raise InvalidInvocationError(
                "An ephemeral instance cannot be sent to another process: its state lives in "
                "this process's memory; use Instance.local(path) or Instance.local_temp()"
            )
        return (Instance.local, (self.root_directory,))

    def __repr__(self) -> str:
        return "Instance(ephemeral)" if self.is_ephemeral else f"Instance(local {self._root!r})"

    # runs

    def add_run(self, run: DagsterRun) -> DagsterRun:
        """Store ``run`` and a planned-materialization event per asset it targets."""
        self.add_runs([check_param(run, "run", DagsterRun)])
        return run

    def add_runs(self, runs: Sequence[DagsterRun]) -> None:
        """Store several runs (see :meth:`add_run`) in one transaction."""
        _each(runs, "runs", DagsterRun)
        self._storage.add_runs([(run, _planned(run)) for run in runs])

    def create_run(
        self,
        job_name: str,
        run_id: str | None = None,
        tags: Mapping[str, str] | None = None,
        run_config: Mapping[str, Any] | None = None,
        asset_selection: Iterable[CoercibleToAssetKey] | None = None,
        status: DagsterRunStatus = DagsterRunStatus.STARTED,
    ) -> DagsterRun:
        """Create and store a run (status ``STARTED`` unless told), owned by this process."""
        check_param(job_name, "job_name", str)
        check_param(
            asset_selection, "asset_selection", (list, tuple, set, frozenset), optional=True
        )
        check_param(run_id, "run_id", str, optional=True)
        check_param(status, "status", DagsterRunStatus)
        for value, name in ((tags, "tags"), (run_config, "run_config")):
            check_param(value, name, Mapping, optional=True)
        return self.add_run(new_run(job_name, run_id, tags, run_config, asset_selection, status))

    def report_run_status(
        self, run_id: str, status: DagsterRunStatus, message: str = ""
    ) -> DagsterRun:
        """Move a run to ``status``, recording the matching ``RUN_*`` event; returns the run."""
        run = self._require_run(run_id)
        now = _clock.timestamp()
        started = status is DagsterRunStatus.STARTED and run.start_time is None
        updated = dataclasses.replace(
            run,
            status=status,
            start_time=now if started else run.start_time,
            end_time=now if status in FINISHED_STATUSES else run.end_time,
        )
        event = EventLogEntry(run_id, _RUN_EVENT_BY_STATUS[status], message=message)
        self._storage.update_run(updated, event)
        return updated

    def finish_run(
        self,
        run: DagsterRun,
        status: DagsterRunStatus,
        events: Sequence[EventLogEntry],
        tags: Mapping[str, str] | None = None,
        message: str = "",
    ) -> DagsterRun:
        """End ``run`` with ``status``: its events, tags and status event in one transaction."""
        finished = self.finished(run, status, events, tags, message)
        self.finish_runs([finished])
        return finished.run

    def finished(
        self,
        run: DagsterRun,
        status: DagsterRunStatus,
        events: Sequence[EventLogEntry],
        tags: Mapping[str, str] | None = None,
        message: str = "",
    ) -> FinishedRun:
        """What :meth:`finish_run` would store, to store it later with :meth:`finish_runs`."""
        check_param(run, "run", DagsterRun)
        check_param(status, "status", DagsterRunStatus)
        check_param(tags, "tags", Mapping, optional=True)
        _each(events, "events", EventLogEntry)
        updated = dataclasses.replace(
            run,
            status=status,
            tags={**run.tags, **(tags or {})},
            end_time=_clock.timestamp() if status in FINISHED_STATUSES else run.end_time,
        )
        status_event = EventLogEntry(run.run_id, _RUN_EVENT_BY_STATUS[status], message=message)
        return FinishedRun(updated, dict(tags or {}), [*events, status_event])

    def finish_runs(self, finished: Sequence[FinishedRun]) -> None:
        """Store several finished runs in one transaction (a backfill's batch of runs)."""
        self._storage.finish_runs(_each(finished, "finished", FinishedRun))

    def end_runs(self, finished: Sequence[FinishedRun]) -> None:
        """Store finished runs if at all possible, never raising: when their events cannot be
        stored (a full disk), at least their status is, in place."""
        try:
            self._storage.finish_runs(finished)
        except Exception:
            with contextlib.suppress(Exception):
                for status in {f.run.status for f in finished}:
                    ids = [f.run.run_id for f in finished if f.run.status is status]
                    self._storage.set_run_statuses(ids, status)

    def handle_run_event(self, run_id: str, event: EventLogEntry | str) -> DagsterRun:
        """Apply a run life-cycle event (``RUN_START``, ``RUN_SUCCESS``, …) to the run's status."""
        event_type = (
            event.event_type if isinstance(event, EventLogEntry) else event_type_value(event)
        )
        if event_type not in _STATUS_BY_RUN_EVENT:
            raise CheckError(
                f"Not a run life-cycle event: {event!r}; expected one of "
                f"{sorted(_STATUS_BY_RUN_EVENT)}"
            )
        message = event.message if isinstance(event, EventLogEntry) else ""
        return self.report_run_status(run_id, _STATUS_BY_RUN_EVENT[event_type], message)

    def add_run_tags(self, run_id: str, new_tags: Mapping[str, str]) -> None:
        """Add (or overwrite) tags of a stored run."""
        check_param(new_tags, "new_tags", Mapping)
        self._require_run(run_id)
        self._storage.add_run_tags(run_id, dict(new_tags))

    def get_run_by_id(self, run_id: str) -> DagsterRun | None:
        record = self.get_run_record_by_id(run_id)
        return record.dagster_run if record is not None else None

    def get_run_stats(self, run_id: str) -> RunStats:
        """Steps succeeded and failed, materializations, start and end time of a run."""
        run = self.get_run_by_id(run_id)
        if run is None:
            known = [r.run_id for r in self.get_runs(limit=5)]
            raise InvalidInvocationError(f"No run with id {run_id!r}; latest runs: {known}")
        return RunStats.of(run, self.all_logs(run_id))

    def get_run_record_by_id(self, run_id: str) -> RunRecord | None:
        check_param(run_id, "run_id", str)
        records = self._storage.get_run_records(RunsFilter(run_ids=[run_id]), 1, False)
        return records[0] if records else None

    def _require_run(self, run_id: str) -> DagsterRun:
        run = self.get_run_by_id(run_id)
        if run is None:
            raise InvariantViolationError(f"No run with run_id={run_id!r} in {self!r}")
        return run

    def get_runs(
        self,
        filters: RunsFilter | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        ascending: bool = False,
    ) -> list[DagsterRun]:
        """Runs matching ``filters``, newest first; ``cursor`` is the run_id to continue after."""
        check_param(cursor, "cursor", str, optional=True)
        records = self.get_run_records(filters, None if cursor else limit, ascending=ascending)
        if cursor is not None:
            ids = [record.dagster_run.run_id for record in records]
            records = records[ids.index(cursor) + 1 :] if cursor in ids else []
            records = records if _limit(limit) is None else records[: _limit(limit)]
        return [record.dagster_run for record in records]

    def get_run_records(
        self, filters: RunsFilter | None = None, limit: int | None = None, ascending: bool = False
    ) -> list[RunRecord]:
        check_param(filters, "filters", RunsFilter, optional=True)
        return self._storage.get_run_records(filters, _limit(limit), ascending)

    def get_run_tags(
        self, tag_keys: Sequence[str], value_prefix: str | None = None, limit: int | None = None
    ) -> list[tuple[str, set[str]]]:
        """Each of ``tag_keys`` with the values it has on stored runs (those starting with
        ``value_prefix``; at most ``limit`` values per key)."""
        _each(tag_keys, "tag_keys", str)
        check_param(value_prefix, "value_prefix", str, optional=True)
        limit = _limit(limit)
        out = []
        for key in tag_keys:
            values = self._storage.get_run_tag_values(key)
            if value_prefix is not None:
                values = {v for v in values if v.startswith(value_prefix)}
            if limit is not None:
                values = set(sorted(values)[:limit])
            out.append((key, values))
        return out

    def get_runs_count(self, filters: RunsFilter | None = None) -> int:
        check_param(filters, "filters", RunsFilter, optional=True)
        return self._storage.count_runs(filters)

    def delete_run(self, run_id: str) -> None:
        """Delete a run and all its events (materializations included)."""
        self._storage.delete_run(check_param(run_id, "run_id", str))

    def mark_abandoned_runs_failed(self) -> list[str]:
        """Mark ``FAILURE`` every unfinished run whose process on this host died; their ids.

        :meth:`local` does this on open, as the reference's run monitoring does: a run killed with
        ``kill -9`` (or whose machine lost power) never stays ``STARTED``. The run gets the reason
        ``process died`` and the tag ``dagster/failure_reason=UNEXPECTED_TERMINATION``.
        """
        marked = []
        for run in self._dead_runs():
            message = f"process died (pid {run.pid} on {run.hostname})"
            tags = {_FAILURE_REASON_TAG: "UNEXPECTED_TERMINATION"}
            self.finish_run(run, DagsterRunStatus.FAILURE, [], tags, message)
            marked.append(run.run_id)
        storage = self._storage_dir or os.path.join(self.root_directory or "", "storage")
        if marked and self.root_directory and os.path.isdir(storage):
            # their files too: half-written ones go, replaced ones come back as recorded
            recover_scratch_files(storage, recursive=True)
        return marked

    def _dead_runs(self) -> list[DagsterRun]:
        """Unfinished runs of this host whose process is gone."""
        running = [DagsterRunStatus.STARTING, DagsterRunStatus.STARTED]
        return [
            run
            for run in self.get_runs(RunsFilter(statuses=running))
            if run.pid is not None
            and run.hostname in (None, hostname())
            and process_is_gone(run.pid, run.process_start)
        ]

    def _has_dead_runs(self) -> bool:
        import sqlite3

        with contextlib.suppress(sqlite3.Error, PartwiseError):  # its first real use reports it
            return bool(self._dead_runs())
        return False

    # events

    def store_event(self, event: EventLogEntry) -> None:
        self._storage.store_events([check_param(event, "event", EventLogEntry)])

    def store_events(self, events: Sequence[EventLogEntry]) -> None:
        """Store several events in one transaction."""
        self._storage.store_events(_each(events, "events", EventLogEntry))

    def get_event_records(
        self,
        event_records_filter: EventRecordsFilter | None = None,
        limit: int | None = None,
        ascending: bool = False,
        *,
        event_type: str | DagsterEventType | None = None,
        asset_key: AssetKey | None = None,
        run_id: str | None = None,
    ) -> list[EventLogEntry]:
        """Stored events matching the filter and keyword conditions, newest first by default."""
        check_param(event_records_filter, "event_records_filter", EventRecordsFilter, optional=True)
        limit = _limit(limit)
        filters = event_records_filter or EventRecordsFilter()
        if event_type is not None:
            filters = dataclasses.replace(filters, event_type=event_type)
        if asset_key is not None:
            filters = dataclasses.replace(filters, asset_key=asset_key)
        if run_id is not None:
            filters = dataclasses.replace(filters, run_id=run_id)
        return self._storage.get_event_records(filters, limit, ascending)

    def fetch_materializations(
        self, records_filter: Any, limit: int, cursor: str | None = None, ascending: bool = False
    ) -> Any:
        """A page of an asset's materializations (newest first by default), after ``cursor``."""
        from .fetch import fetch_asset_events

        kind = DagsterEventType.ASSET_MATERIALIZATION
        return fetch_asset_events(self, kind, records_filter, limit, cursor, ascending)

    def fetch_observations(
        self, records_filter: Any, limit: int, cursor: str | None = None, ascending: bool = False
    ) -> Any:
        """A page of an asset's observations, as :meth:`fetch_materializations`."""
        from .fetch import fetch_asset_events

        kind = DagsterEventType.ASSET_OBSERVATION
        return fetch_asset_events(self, kind, records_filter, limit, cursor, ascending)

    def report_runless_asset_event(self, asset_event: Any) -> None:
        """Record an ``AssetMaterialization`` made outside any run (of its ``partition``, if any)."""
        from partwise._execution.events import AssetMaterialization, AssetObservation

        if not isinstance(asset_event, AssetMaterialization | AssetObservation):
            raise InvariantViolationError(
                f"Received unexpected asset event type {asset_event!r}, expected "
                "AssetMaterialization or AssetObservation"
            )
        observed = isinstance(asset_event, AssetObservation)
        entry = EventLogEntry(
            "",
            DagsterEventType.ASSET_OBSERVATION
            if observed
            else DagsterEventType.ASSET_MATERIALIZATION,
            asset_key=asset_event.asset_key,
            partition=asset_event.partition,
            metadata=dict(asset_event.metadata),
            message=asset_event.description or "",
        )
        self._storage.store_events([entry])

    def all_logs(
        self, run_id: str, of_type: str | DagsterEventType | Iterable[str] | None = None
    ) -> list[EventLogEntry]:
        """Every event of a run, oldest first (only the types in ``of_type`` if given)."""
        check_param(run_id, "run_id", str)
        if not isinstance(of_type, str | DagsterEventType | None):
            _each(of_type, "of_type", (str, DagsterEventType))
        entries = self._storage.get_event_records(EventRecordsFilter(run_id=run_id), None, True)
        if of_type is None:
            return entries
        wanted = {of_type} if isinstance(of_type, str) else set(of_type)
        values = {event_type_value(t) for t in wanted}
        return [entry for entry in entries if entry.event_type in values]

    # materializations

    def get_latest_materialization_event(self, asset_key: AssetKey) -> EventLogEntry | None:
        """The newest materialization of the asset (any partition), or ``None``."""
        filters = EventRecordsFilter(DagsterEventType.ASSET_MATERIALIZATION, asset_key)
        records = self._storage.get_event_records(filters, 1, False)
        return records[0] if records else None

    def get_materialized_partitions(
        self,
        asset_key: AssetKey,
        before_cursor: int | None = None,
        after_cursor: int | None = None,
    ) -> set[str]:
        """Every partition of the asset ever materialized (storage ids strictly between cursors)."""
        key = asset_key_param(asset_key)
        before, after = (
            _cursor(before_cursor, "before_cursor"),
            _cursor(after_cursor, "after_cursor"),
        )
        return self._storage.get_materialized_partitions(key, before, after)

    def get_status_by_partition(
        self,
        asset_key: AssetKey,
        partition_keys: Sequence[str],
        partitions_def: PartitionRangeResolver,
    ) -> dict[str, AssetPartitionStatus | None]:
        """Per key: ``IN_PROGRESS`` > ``FAILED`` > ``MATERIALIZED`` > ``None`` (spec §7.3)."""
        check_param(partition_keys, "partition_keys", Sequence)
        data = self._storage.get_materialization_attempts(asset_key_param(asset_key))
        with partition_loading_context(dynamic_partitions_store=self):
            return status_by_partition(list(partition_keys), data, partitions_def)

    def get_status_values(
        self,
        asset_key: AssetKey,
        partition_keys: Sequence[str],
        partitions_def: PartitionRangeResolver,
    ) -> list[str | None]:
        """partwise: ``get_status_by_partition``'s statuses as plain values, in key order —
        what a status bar needs, without a mapping of every key."""
        check_param(partition_keys, "partition_keys", Sequence)
        data = self._storage.get_materialization_attempts(asset_key_param(asset_key))
        with partition_loading_context(dynamic_partitions_store=self):
            return status_values(partition_keys, data, partitions_def)

    def has_asset_key(self, asset_key: AssetKey) -> bool:
        return self._storage.has_asset_key(asset_key_param(asset_key))

    def get_asset_keys(self) -> list[AssetKey]:
        """Every asset key with at least one stored event, sorted."""
        return self._storage.get_asset_keys()

    all_asset_keys = get_asset_keys

    # dynamic partitions

    def add_dynamic_partitions(
        self, partitions_def_name: str, partition_keys: Sequence[str]
    ) -> None:
        """Add keys (existing ones are kept in place); a key repeated in one call is an error."""
        self._storage.add_dynamic_partitions(
            partitions_def_name, check_dynamic_keys(partitions_def_name, partition_keys)
        )

    def delete_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> None:
        check_param(partitions_def_name, "partitions_def_name", str)
        check_param(partition_key, "partition_key", str)
        self._storage.delete_dynamic_partition(partitions_def_name, partition_key)

    def get_dynamic_partitions(self, partitions_def_name: str) -> Sequence[str]:
        """The keys in insertion order (``[]`` for an unknown name)."""
        check_param(partitions_def_name, "partitions_def_name", str)
        return self._storage.get_dynamic_partitions(partitions_def_name)

    def has_dynamic_partition(self, partitions_def_name: str, partition_key: str) -> bool:
        if not isinstance(partition_key, str) or not isinstance(partitions_def_name, str):
            check_param(partitions_def_name, "partitions_def_name", str)
            check_param(partition_key, "partition_key", str)
        return self._storage.has_dynamic_partition(partitions_def_name, partition_key)


DagsterInstance = Instance


_ROOT_LOCK = threading.Lock()


def _planned(run: DagsterRun) -> list[EventLogEntry]:
    """One planned-materialization event per asset the run targets (spec: storage module)."""
    partition = run.tags.get(PARTITION_NAME_TAG)
    return [
        EventLogEntry(
            run.run_id,
            DagsterEventType.ASSET_MATERIALIZATION_PLANNED,
            asset_key=key,
            partition=partition,
        )
        for key in _sorted_keys(run.asset_selection or frozenset())
    ]


@functools.lru_cache(maxsize=64)
def _sorted_keys(keys: frozenset[AssetKey]) -> tuple[AssetKey, ...]:
    """``sorted(keys)``, once per selection (every run of a job has the same one)."""
    return tuple(sorted(keys))


def _limit(limit: int | None) -> int | None:
    """A query's ``limit``: a negative one or one past any count means no limit (as SQL's)."""
    check_param(limit, "limit", int, optional=True)
    return None if limit is None or limit < 0 or limit > 2**62 else limit


def _each(values: Any, name: str, kind: Any) -> list[Any]:
    """``values`` as a list, each checked to be a ``kind`` (the parameter named ``name``)."""
    check_param(values, name, (list, tuple, set, frozenset))
    items = list(values)
    for value in items:
        if not isinstance(value, kind):  # engine calls pass this test: no call per item
            check_param(value, f"{name} item", kind)
    return items


def _cursor(cursor: int | None, name: str) -> int | None:
    """A storage-id bound, held within what SQLite can compare."""
    check_param(cursor, name, int, optional=True)
    return None if cursor is None else max(-(2**62), min(cursor, 2**62))
