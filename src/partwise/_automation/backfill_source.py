"""What a backfill targets: assets (with their graph), an asset job or an op job.

Also how worker processes rebuild a run's job: by the import paths of the definitions, the job or
the assets (see :class:`~partwise._automation.backfill_worker.JobRecipe`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from partwise._asset_key import AssetKey
from partwise._definitions.asset_graph import AssetGraph
from partwise._definitions.backfill_policy import BackfillPolicy
from partwise.errors import InvalidInvocationError

from .backfill_plan import BackfillPlan, plan_asset_backfill, plan_job_backfill
from .backfill_resume import Only
from .backfill_worker import JobRecipe, asset_hints, find_ref, import_ref

__all__ = ["Source", "plan_for", "source_of"]


@dataclass
class Source:
    """The target as the planner and the runs need it."""

    graph: AssetGraph | None
    selected: list[AssetKey]
    base: Any  # the targeted JobDefinition, if the target is a job
    resources: Mapping[str, Any]
    definitions: Any = None
    definitions_ref: str | None = None
    objects: list[Any] = field(default_factory=list)  # the asset objects given as the target

    def recipe(self, group: Sequence[AssetKey]) -> JobRecipe:
        """How a worker process rebuilds the job of ``group``."""
        job_name = self.base.name if self.base is not None else None
        if self.definitions is not None:
            ref = self.definitions_ref or find_ref(
                self.definitions, asset_hints(self.definitions.assets)
            )
            return JobRecipe(definitions=ref, job_name=job_name, group=tuple(group))
        if self.base is not None:
            return JobRecipe(op_job=find_ref(self.base), job_name=job_name, group=tuple(group))
        hints = asset_hints(self.objects)
        refs = tuple(find_ref(a, hints) for a in self.objects)
        return JobRecipe(assets=refs, group=tuple(group))


def _load_definitions(definitions: Any) -> tuple[Any, str | None]:
    if isinstance(definitions, str):
        return import_ref(definitions), definitions
    return definitions, None


def source_of(target: Any, definitions: Any) -> Source:
    from partwise._definitions.job import JobDefinition, UnresolvedAssetJobDefinition
    from partwise._definitions.selection import AssetSelection

    defs, ref = _load_definitions(definitions)
    resources = defs.resources if defs is not None else {}
    if isinstance(target, str | UnresolvedAssetJobDefinition):
        name = target if isinstance(target, str) else target.name
        if defs is None:
            raise InvalidInvocationError(
                f"Backfilling the job {name!r} needs the Definitions that resolve it: pass "
                "definitions=defs (or 'package.module:defs')"
            )
        target = defs.resolve_job_def(name)
    if isinstance(target, JobDefinition):
        graph = target.asset_graph
        return Source(graph, list(target.selected), target, target.resource_defs, defs, ref)
    if isinstance(target, AssetSelection):
        if defs is None:
            raise InvalidInvocationError("Backfilling an AssetSelection needs definitions=defs")
        return Source(
            defs.asset_graph, sorted(target.resolve(defs.asset_graph)), None, resources, defs, ref
        )
    if isinstance(target, Sequence) and target:
        return _assets_source(list(target), defs, ref)
    raise InvalidInvocationError(
        f"backfill target must be a list of assets (or asset keys with definitions=), a job or a "
        f"job name; got {target!r}"
    )


def _assets_source(items: list[Any], defs: Any, ref: str | None) -> Source:
    from partwise._definitions.asset import AssetsDefinition, keys_of

    objects = [i for i in items if isinstance(i, AssetsDefinition)]
    if defs is not None:
        keys = [k for i in items for k in sorted(keys_of(i))]  # a multi-asset stands for several
        return Source(defs.asset_graph, keys, None, defs.resources, defs, ref)
    if len(objects) != len(items):
        raise InvalidInvocationError(
            "Asset keys in a backfill target need definitions=defs to find their assets; got "
            f"{[i for i in items if not isinstance(i, AssetsDefinition)][:3]}"
        )
    graph = AssetGraph(items)
    return Source(graph, [k for a in objects for k in sorted(a.keys)], None, {}, objects=objects)


def plan_for(
    source: Source,
    keys: Any,
    range_: Any,
    per_run: int | None,
    instance: Any,
    only: Only | None = None,
) -> BackfillPlan:
    if source.graph is not None:
        policy = BackfillPolicy(max_partitions_per_run=per_run)
        return plan_asset_backfill(
            source.graph, source.selected, keys, range_, policy, instance, only
        )
    pdef = source.base.partitions_def
    if pdef is None:
        raise InvalidInvocationError(
            f"Job {source.base.name!r} is not partitioned, so there is nothing to backfill; "
            "run it with execute_in_process()"
        )
    return plan_job_backfill(pdef, keys, range_, per_run, instance, only, source.base.name)
