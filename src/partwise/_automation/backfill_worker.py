"""Running one backfill run, in this process or in a worker process.

A worker cannot receive assets or jobs (their functions are replaced by the decorated objects, so
pickle refuses them); it receives a :class:`JobRecipe` naming them by import path instead, plus the
root directory of a persistent instance, and rebuilds both once per process.
"""

from __future__ import annotations

import collections
import contextlib
import importlib
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from partwise._asset_key import AssetKey
from partwise._definitions.asset_graph import AssetGraph
from partwise._partitions.definitions.base import PartitionKeyRange
from partwise.errors import InvalidInvocationError, InvariantViolationError, StorageError

__all__ = [
    "ChunkOutcome",
    "ChunkTask",
    "JobRecipe",
    "execute_chunks",
    "find_ref",
    "group_job",
    "import_ref",
    "run_chunk_tasks",
]

IMPLICIT_ASSET_JOB = "__ASSET_JOB"


@dataclass(frozen=True)
class JobRecipe:
    """How a worker rebuilds the job of a run, by import paths (``"module:attr"``)."""

    definitions: str | None = None  # a Definitions
    assets: tuple[str, ...] = ()  # the assets (when there is no Definitions)
    op_job: str | None = None  # an op job
    job_name: str | None = None  # the job in ``definitions`` the backfill targets
    group: tuple[AssetKey, ...] = ()  # the assets of this run


@dataclass(frozen=True)
class ChunkTask:
    """Everything a worker needs to execute one run (all picklable)."""

    recipe: JobRecipe
    instance_root: str
    partition: str | PartitionKeyRange | None
    tags: Mapping[str, str]
    resources: Mapping[str, Any] | None


class ChunkOutcome(NamedTuple):
    """How one run of a backfill ended (a named tuple: a backfill keeps one per run, and the
    garbage collector need not trace them)."""

    run_id: str | None
    success: bool
    error: str | None = None


def group_job(graph: AssetGraph, group: Sequence[AssetKey], base: Any, resources: Any) -> Any:
    """The job materializing ``group``: the backfilled job itself if it selects exactly that."""
    from partwise._definitions.job import JobDefinition, UnresolvedAssetJobDefinition

    if isinstance(base, JobDefinition) and (
        not base.is_asset_job or set(base.selected) == set(group)
    ):
        return base
    pdef = graph.partitions_def(group[0])
    same = base is not None and base.partitions_def == pdef
    return UnresolvedAssetJobDefinition(
        name=base.name if base is not None else IMPLICIT_ASSET_JOB,
        selection=list(group),
        config=base.config if same else None,
        tags=dict(base.tags) if base is not None else {},
    ).resolve(graph, resources)


def execute_chunks(
    items: Sequence[tuple[Any, str | PartitionKeyRange | None]],
    instance: Any,
    tags: Mapping[str, str],
    resources: Mapping[str, Any] | None,
) -> list[ChunkOutcome]:
    """Execute runs ``(job, partition)`` one after another without raising, storing them together.

    The runs are stored ``STARTED`` in one transaction, and their outcomes in another once all
    ran; failures come back as outcomes with a message. If the process is interrupted, the runs
    that finished are stored, and those that never started are recorded ``CANCELED``.
    """
    from partwise._execution.interrupts import sigterm_interrupts

    with sigterm_interrupts():  # SIGTERM anywhere in the batch: store what ran, cancel the rest
        return _execute_chunks(items, instance, tags, resources)


def _execute_chunks(
    items: Sequence[tuple[Any, str | PartitionKeyRange | None]],
    instance: Any,
    tags: Mapping[str, str],
    resources: Mapping[str, Any] | None,
) -> list[ChunkOutcome]:
    from partwise._execution.batch import RunBatch
    from partwise._execution.execute import plan_runs, start_run

    outcomes: list[ChunkOutcome | None] = [None] * len(items)
    runners: dict[int, Any] = {}
    plans: dict[int, Any] = {}  # by id(job): the items hold every job, so ids stay unique
    for index, (job, partition) in enumerate(items):
        try:
            plan = plans.get(id(job))
            if plan is None:
                plan = plans[id(job)] = plan_runs(
                    job, instance=instance, tags=tags, resources=resources
                )
            runners[index] = start_run(plan, partition)
        except Exception as exc:  # refused before it started (bad config, unknown key, ...)
            outcomes[index] = ChunkOutcome(None, False, f"{type(exc).__name__}: {exc}")
    try:
        instance.add_runs([runner.run_record for runner in runners.values()])
    except StorageError:  # the instance is unusable: no later run can do better
        raise
    except Exception as exc:  # the runs could not even be stored: none of them ran
        return [o or ChunkOutcome(None, False, f"{type(exc).__name__}: {exc}") for o in outcomes]
    run_ids = {index: runner.run_record.run_id for index, runner in runners.items()}
    batch = RunBatch(instance)
    waiting = collections.deque(runners)
    try:
        while waiting:
            index = waiting[0]
            runner = runners.pop(index)  # a finished run's state goes as soon as it is stored
            runner.batch = batch
            outcomes[index] = _outcome(runner.run(raise_on_error=False))
            waiting.popleft()
    except BaseException:
        _close_interrupted(batch, [runners[i].run_record for i in list(waiting)[1:]])
        raise
    try:
        batch.flush()
    except Exception as exc:
        for index, run_id in run_ids.items():
            outcomes[index] = ChunkOutcome(run_id, False, str(exc))
    return [o if o is not None else ChunkOutcome(None, False, "not run") for o in outcomes]


def _outcome(result: Any) -> ChunkOutcome:
    if result.success:
        return ChunkOutcome(result.run_id, True)
    messages = [e.message for e in result.get_step_failure_events() if e.message]
    return ChunkOutcome(result.run_id, False, "; ".join(messages) or "the run failed")


def _close_interrupted(batch: Any, never_started: Sequence[Any]) -> None:
    """On the way out of an interrupted batch: store what finished, cancel what never started."""
    from partwise._instance.records import DagsterRunStatus

    with contextlib.suppress(Exception):
        batch.flush()
    message = "the backfill was interrupted before this run started"
    canceled = [
        batch.instance.finished(run, DagsterRunStatus.CANCELED, [], None, message)
        for run in never_started
    ]
    batch.instance.end_runs(canceled)


# -- in worker processes -------------------------------------------------------------------------
def import_ref(ref: str) -> Any:
    """The object at ``"package.module:attr"`` (``attr`` may be dotted)."""
    module_name, _, attr = ref.partition(":")
    if not attr:
        raise InvalidInvocationError(f"Expected an import path 'package.module:attr', got {ref!r}")
    obj: Any = importlib.import_module(module_name)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


@lru_cache(maxsize=8)
def _worker_instance(root: str) -> Any:
    from partwise._instance import Instance

    return Instance.local(root)


@lru_cache(maxsize=64)
def _worker_job(recipe: JobRecipe) -> Any:
    if recipe.op_job is not None:
        return import_ref(recipe.op_job)
    if recipe.definitions is not None:
        defs = import_ref(recipe.definitions)
        base = defs.resolve_job_def(recipe.job_name) if recipe.job_name else None
        graph = base.asset_graph if base is not None else defs.asset_graph
        return group_job(graph, recipe.group, base, defs.resources)
    graph = AssetGraph([import_ref(ref) for ref in recipe.assets])
    return group_job(graph, recipe.group, None, {})


def run_chunk_tasks(tasks: list[ChunkTask]) -> list[ChunkOutcome]:
    """Execute backfill runs in a worker process (a module-level function: picklable)."""
    from .parent_watch import orphaned

    if orphaned():  # the backfill is gone: start nothing (the watchdog ends this process)
        raise InvariantViolationError("the backfill that sent these runs is gone")
    if not tasks:
        return []
    first = tasks[0]
    items = [(_worker_job(task.recipe), task.partition) for task in tasks]
    return execute_chunks(items, _worker_instance(first.instance_root), first.tags, first.resources)


# -- finding import paths ------------------------------------------------------------------------
def find_ref(obj: Any, hints: Iterable[str] = ()) -> str:
    """The ``"module:attr"`` under which ``obj`` is a module-level attribute."""
    names = [*hints, "__main__"]
    for name in [*dict.fromkeys(names), *list(sys.modules)]:
        module = sys.modules.get(name)
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict):
            continue
        for attr, value in list(namespace.items()):
            if value is obj:
                return f"{'__main__' if name == '__mp_main__' else name}:{attr}"
    raise InvalidInvocationError(
        f"{obj!r} is not a module-level attribute of any imported module, so worker processes "
        "cannot import it: define it at module level, or pass definitions='package.module:defs'"
    )


def asset_hints(assets: Iterable[Any]) -> list[str]:
    """Modules where the assets' functions were defined (where to look for them first)."""
    out = []
    for a in assets:
        fn = getattr(a, "fn", None)
        module = getattr(fn, "__module__", None)
        if isinstance(module, str):
            out.append(module)
    return out
