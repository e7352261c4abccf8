"""``backfill``: run many partitions without a daemon, in dependency order, on any executor.

Runs whose upstream partitions are in the backfill wait for them; a failed run stops only the runs
downstream of it. Serial runs go chronologically by partition index. An ``executor`` (any
``concurrent.futures.Executor``, or a dask.distributed ``Client``) receives every run whose
dependencies are done; thread pools share this process's objects, other executors get picklable
tasks and need a persistent instance.
"""

from __future__ import annotations

import graphlib
import heapq
import os
import pickle
import secrets
import string
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Protocol

from partwise._asset_key import AssetKey
from partwise._compat import strict_keywords
from partwise._definitions.definitions import Definitions
from partwise._partitions.definitions.base import PartitionKeyRange
from partwise.errors import (
    InvalidInvocationError,
    InvariantViolationError,
    StorageError,
    check_param,
)

from .backfill_plan import BackfillPlan, Chunk
from .backfill_progress import progress_bar
from .backfill_resume import resume_mode
from .backfill_source import Source, plan_for, source_of
from .backfill_worker import (
    ChunkOutcome,
    ChunkTask,
    JobRecipe,
    execute_chunks,
    group_job,
    run_chunk_tasks,
)
from .run_request import BACKFILL_ID_TAG

__all__ = ["BackfillResult", "BackfillRun", "backfill"]

_MAX_BATCH = 16  # runs per task sent to an executor (stored in one transaction)
_MAX_SERIAL_BATCH = 256
_BATCH_SECONDS = 0.25  # a serial batch of runs is stored about this often


@dataclass(frozen=True)
class BackfillRun:
    """One run of a backfill: its partitions, assets and outcome (``run_id`` is ``None`` when the
    run was refused before it started)."""

    run_id: str | None
    partition_keys: tuple[str, ...]
    asset_keys: tuple[AssetKey, ...]
    success: bool
    error: str | None = None

    @property
    def partition_range(self) -> PartitionKeyRange | None:
        if len(self.partition_keys) < 2:
            return None
        return PartitionKeyRange(self.partition_keys[0], self.partition_keys[-1])


@dataclass(frozen=True)
class BackfillResult:
    """Which partitions succeeded, failed or were not run (downstream of a failure)."""

    backfill_id: str
    runs: tuple[BackfillRun, ...]
    succeeded: tuple[str, ...]
    failed: tuple[str, ...]
    not_run: tuple[str, ...]
    instance: Any = field(default=None, repr=False, compare=False)
    by_asset: Mapping[AssetKey, Mapping[str, str]] = field(default_factory=dict, repr=False)
    """Per asset, each partition key's outcome: ``"succeeded"``, ``"failed"`` or ``"not_run"``
    (the pooled tuples above mix keys of different partitions definitions)."""

    @property
    def success(self) -> bool:
        return all(run.success for run in self.runs) and not self.failed and not self.not_run

    @property
    def run_ids(self) -> list[str]:
        return [run.run_id for run in self.runs if run.run_id is not None]


# -- running ------------------------------------------------------------------------------------
class _Runner:
    """Executes a plan's runs as their dependencies complete."""

    def __init__(
        self,
        plan: BackfillPlan,
        source: Source,
        instance: Any,
        resources: Any,
        tags: Mapping[str, str],
    ) -> None:
        self.plan, self.source, self.instance = plan, source, instance
        self.resources = dict(resources) if resources else None
        self.tags = dict(tags)
        self.jobs: dict[int, Any] = {}
        self.recipes: dict[int, JobRecipe] = {}
        self.outcomes: dict[int, ChunkOutcome] = {}
        self.on_outcome: Callable[[ChunkOutcome], None] = lambda outcome: None

    def job(self, group: int) -> Any:
        if group not in self.jobs:
            assets = self.plan.groups[group].assets
            if self.source.graph is None:
                self.jobs[group] = self.source.base
            else:
                self.jobs[group] = group_job(
                    self.source.graph, assets, self.source.base, self.source.resources
                )
        return self.jobs[group]

    def run_here(self, batch: list[int]) -> list[ChunkOutcome]:
        items = [
            (self.job(self.plan.chunks[i].group), self.plan.chunks[i].partition) for i in batch
        ]
        return execute_chunks(items, self.instance, self.tags, self.resources)

    def task(self, index: int) -> ChunkTask:
        chunk = self.plan.chunks[index]
        if chunk.group not in self.recipes:
            self.recipes[chunk.group] = self.source.recipe(self.plan.groups[chunk.group].assets)
        recipe = self.recipes[chunk.group]
        return ChunkTask(
            recipe, self.instance.root_directory, chunk.partition, self.tags, self.resources
        )

    def sorter(self) -> _Sorter:
        """What hands out the runs whose upstream runs succeeded (all at once without any)."""
        deps, count = self.plan.deps, len(self.plan.chunks)
        if not deps:  # one node per run would only weigh on the garbage collector
            return _AllReady(count)
        sorter = graphlib.TopologicalSorter({i: deps.get(i, ()) for i in range(count)})
        try:
            sorter.prepare()
        except graphlib.CycleError as e:
            raise InvariantViolationError(
                f"The backfill's runs depend on each other in a cycle: {e.args[1]}"
            ) from None
        return sorter

    def record(self, sorter: _Sorter, index: int, outcome: ChunkOutcome) -> None:
        self.outcomes[index] = outcome
        if outcome.success:
            sorter.done(index)
        self.on_outcome(outcome)

    def push_ready(self, sorter: _Sorter, ready: list[tuple[tuple[int, int], int]]) -> None:
        for index in sorter.get_ready():
            heapq.heappush(ready, (self.plan.chunks[index].order, index))

    def run_serial(self) -> None:
        """Ready runs in chronological order, stored in batches of about ``_BATCH_SECONDS``."""
        sorter, ready = self.sorter(), _heap()
        self.push_ready(sorter, ready)
        size = 1
        while ready:
            batch = [heapq.heappop(ready)[1] for _ in range(min(size, len(ready)))]
            began = time.monotonic()
            for index, outcome in zip(batch, self.run_here(batch), strict=True):
                self.record(sorter, index, outcome)
            per_run = (time.monotonic() - began) / len(batch)
            size = max(1, min(_MAX_SERIAL_BATCH, int(_BATCH_SECONDS / max(per_run, 1e-6))))
            self.push_ready(sorter, ready)

    def run_on(self, executor: Executor) -> None:
        """Keep a bounded window of batches in flight; each finished run may free dependents."""
        in_process = isinstance(executor, ThreadPoolExecutor)
        if in_process:
            # An ephemeral instance creates its directory lazily and without a lock: do it once
            # here, or concurrent first runs could each create (and write to) a different one.
            self.instance.storage_directory()
        else:
            self.check_portable()
        window = 2 * _workers(executor)
        sorter, ready = self.sorter(), _heap()
        inflight: dict[Future[list[ChunkOutcome]], list[int]] = {}
        while True:
            self.push_ready(sorter, ready)
            while ready and len(inflight) < window:
                size = max(1, min(_MAX_BATCH, len(ready) // window))
                batch = [heapq.heappop(ready)[1] for _ in range(min(size, len(ready)))]
                inflight[self.submit(executor, batch, in_process)] = batch
            if not inflight:
                return
            done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
            for future in done:
                batch = inflight.pop(future)
                for index, outcome in zip(batch, _outcomes(future, len(batch)), strict=True):
                    self.record(sorter, index, outcome)

    def submit(
        self, executor: Executor, batch: list[int], in_process: bool
    ) -> Future[list[ChunkOutcome]]:
        if in_process:
            return executor.submit(self.run_here, batch)
        return executor.submit(run_chunk_tasks, [self.task(i) for i in batch])

    def check_portable(self) -> None:
        if self.instance.is_ephemeral:
            raise InvalidInvocationError(
                "This executor runs backfill runs in other processes, which cannot see an "
                "ephemeral instance: pass instance=Instance.local(path) (or Instance.local_temp())"
            )
        if self.plan.chunks:
            try:
                pickle.dumps(self.task(0))
            except (pickle.PicklingError, TypeError, AttributeError) as e:
                raise InvalidInvocationError(
                    f"Backfill runs cannot be sent to worker processes: {e}. Resources must be "
                    "picklable, and assets, jobs and definitions importable module attributes"
                ) from e


class _Sorter(Protocol):
    """The part of ``graphlib.TopologicalSorter`` a backfill uses."""

    def get_ready(self) -> tuple[int, ...]: ...

    def done(self, *nodes: int) -> None: ...


class _AllReady:
    """A sorter for runs that wait for no other run: all are ready at once."""

    def __init__(self, count: int) -> None:
        self._pending: tuple[int, ...] = tuple(range(count))

    def get_ready(self) -> tuple[int, ...]:
        ready, self._pending = self._pending, ()
        return ready

    def done(self, *nodes: int) -> None:
        pass


def _outcomes(future: Future[list[ChunkOutcome]], size: int) -> list[ChunkOutcome]:
    try:
        return future.result()
    except StorageError:  # the instance is unusable: no later run can do better
        raise
    except Exception as exc:  # the worker died or could not run the task
        return [ChunkOutcome(None, False, f"{type(exc).__name__}: {exc}")] * size


def _workers(executor: Any) -> int:
    workers = getattr(executor, "_max_workers", None)
    return workers if isinstance(workers, int) and workers > 0 else (os.cpu_count() or 2)


def _heap() -> list[tuple[tuple[int, int], int]]:
    return []


def _new_id() -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))


def _result(backfill_id: str, runner: _Runner, instance: Any) -> BackfillResult:
    plan = runner.plan
    status: dict[str, str] = {}
    per_asset: dict[AssetKey, dict[str, str]] = {}
    runs = []
    for index in sorted(range(len(plan.chunks)), key=lambda i: (plan.chunks[i].order, i)):
        chunk: Chunk = plan.chunks[index]
        outcome = runner.outcomes.get(index)
        state = "not_run" if outcome is None else ("succeeded" if outcome.success else "failed")
        for key in chunk.keys or ():
            previous = status.get(key)
            if previous is None or _RANK[state] > _RANK[previous]:
                status[key] = state
            for asset in plan.groups[chunk.group].assets:
                per_asset.setdefault(asset, {})[key] = state
        if outcome is not None:
            assets = tuple(plan.groups[chunk.group].assets)
            runs.append(
                BackfillRun(
                    outcome.run_id, chunk.keys or (), assets, outcome.success, outcome.error
                )
            )
    by_state = {s: tuple(k for k, v in status.items() if v == s) for s in _RANK}
    return BackfillResult(
        backfill_id,
        tuple(runs),
        by_state["succeeded"],
        by_state["failed"],
        by_state["not_run"],
        instance,
        per_asset,
    )


_RANK = {"succeeded": 0, "not_run": 1, "failed": 2}


@strict_keywords
def backfill(
    target: Any,
    *,
    partition_keys: Sequence[str] | None = None,
    partition_range: PartitionKeyRange | tuple[str, str] | None = None,
    instance: Any = None,
    resources: Mapping[str, Any] | None = None,
    executor: Any = None,
    max_partitions_per_run: int | None = 1,
    progress: bool = False,
    definitions: Any = None,
    missing_only: bool = False,
    failed_only: bool = False,
) -> BackfillResult:
    """Materialize many partitions of assets (or run a partitioned job) without a daemon.

    ``target`` is a list of assets, an asset job or an op job (a job name, an asset selection or
    asset keys with ``definitions=``). Without ``partition_keys`` / ``partition_range`` every
    partition is run. Assets without a ``backfill_policy`` get ``max_partitions_per_run``
    partitions per run (``None``: one run per contiguous range). Every run is tagged
    ``dagster/backfill=<id>``.

    To resume a backfill that was stopped or killed, pass ``missing_only=True`` (run only the
    partitions each asset is missing; for an op job, those without a successful run) or
    ``failed_only=True`` (only those whose latest run failed).
    """
    from partwise._instance import Instance

    check_param(max_partitions_per_run, "max_partitions_per_run", int, optional=True)
    if max_partitions_per_run is not None and max_partitions_per_run < 1:
        raise InvalidInvocationError(
            f"max_partitions_per_run must be at least 1 (or None for one run per range), got "
            f"{max_partitions_per_run}"
        )
    check_param(instance, "instance", Instance, optional=True)
    check_param(definitions, "definitions", (Definitions, str), optional=True)  # str: module:attr
    check_param(resources, "resources", Mapping, optional=True)
    if not isinstance(partition_keys, str):  # a str gets its own "did you mean" below
        check_param(partition_keys, "partition_keys", (list, tuple), optional=True)
    check_param(partition_range, "partition_range", tuple, optional=True)  # PartitionKeyRange too
    if partition_range is not None and len(partition_range) != 2:
        raise InvalidInvocationError(
            f"partition_range must be (start, end), got {partition_range!r}"
        )
    only = resume_mode(missing_only, failed_only)
    instance = instance if instance is not None else Instance.ephemeral()
    source = source_of(target, definitions)
    plan = plan_for(source, partition_keys, partition_range, max_partitions_per_run, instance, only)
    backfill_id = _new_id()
    runner = _Runner(plan, source, instance, resources, {BACKFILL_ID_TAG: backfill_id})
    if (
        executor is not None
        and not isinstance(executor, Executor)
        and hasattr(executor, "get_executor")
    ):
        executor = executor.get_executor()  # a dask.distributed Client
    with progress_bar(progress, len(plan.chunks), backfill_id) as on_outcome:
        runner.on_outcome = on_outcome
        if executor is None:
            runner.run_serial()
        else:
            runner.run_on(executor)
    return _result(backfill_id, runner, instance)
