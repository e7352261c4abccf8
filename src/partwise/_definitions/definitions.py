"""``Definitions``: the assets, jobs, schedules, sensors and resources of a code location."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from typing import Any

from partwise._compat import check_keywords
from partwise.errors import InvalidInvocationError, nearest

from .asset_graph import AssetGraph
from .job import JobDefinition, UnresolvedAssetJobDefinition, define_asset_job

__all__ = ["Definitions"]

IMPLICIT_JOB_NAME = "__ASSET_JOB"


class _ValidateLoadable:
    """``Definitions.validate_loadable(defs)`` on the class, ``defs.validate_loadable()`` on one."""

    def __get__(self, defs: Definitions | None, owner: type) -> Callable[..., None]:
        if defs is None:
            return Definitions._validate_loadable
        return defs._validate_loadable


class Definitions:
    """Everything one project defines; jobs are resolved against its assets on first use."""

    def __init__(
        self,
        assets: Iterable[Any] | None = None,
        schedules: Iterable[Any] | None = None,
        sensors: Iterable[Any] | None = None,
        jobs: Iterable[Any] | None = None,
        resources: Mapping[str, Any] | None = None,
        executor: Any = None,
        loggers: Mapping[str, Any] | None = None,
        asset_checks: Iterable[Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
        **ignored: Any,
    ) -> None:
        check_keywords(Definitions, ignored)
        self.assets = list(assets or ())
        self.schedules = list(schedules or ())
        self.sensors = list(sensors or ())
        self.jobs = list(jobs or ())
        self.resources = dict(resources or {})
        self.metadata = dict(metadata or {})
        self._resolved: dict[str, JobDefinition] = {}

    @cached_property
    def asset_graph(self) -> AssetGraph:
        return AssetGraph(self.assets)

    def resolve_asset_graph(self) -> AssetGraph:
        return self.asset_graph

    def _job_sources(self) -> dict[str, Any]:
        sources: dict[str, Any] = {}
        for target in [
            *self.jobs,
            *(getattr(s, "job", None) for s in [*self.schedules, *self.sensors]),
        ]:
            if isinstance(target, JobDefinition | UnresolvedAssetJobDefinition):
                sources.setdefault(target.name, target)
        return sources

    @property
    def job_names(self) -> list[str]:
        return sorted(self._job_sources())

    def resolve_job_def(self, name: str) -> JobDefinition:
        """The named job, resolved against these assets and resources."""
        if name not in self._resolved:
            sources = self._job_sources()
            if name == IMPLICIT_JOB_NAME and name not in sources:
                sources[name] = define_asset_job(IMPLICIT_JOB_NAME)
            if name not in sources:
                raise InvalidInvocationError(
                    f"No job named {name!r}; jobs: {sorted(sources)}; "
                    f"did you mean {nearest(name, sources)}?"
                )
            source = sources[name]
            if isinstance(source, UnresolvedAssetJobDefinition):
                self._resolved[name] = source.resolve(self.asset_graph, self.resources)
            else:
                self._resolved[name] = source.with_resources(self.resources)
        return self._resolved[name]

    get_job_def = resolve_job_def

    def get_all_job_defs(self) -> list[JobDefinition]:
        return [self.resolve_job_def(n) for n in self.job_names]

    def resolve_implicit_global_asset_job_def(self) -> JobDefinition:
        return self.resolve_job_def(IMPLICIT_JOB_NAME)

    def get_assets_def(self, key: Any) -> Any:
        from partwise._asset_key import AssetKey

        return self.asset_graph.get(AssetKey.from_coercible(key))

    def resolve_schedule_def(self, name: str) -> Any:
        return self._named(self.schedules, name, "schedule")

    def resolve_sensor_def(self, name: str) -> Any:
        return self._named(self.sensors, name, "sensor")

    def _named(self, items: list[Any], name: str, kind: str) -> Any:
        for item in items:
            if item.name == name:
                resolve = getattr(item, "resolve", None)
                return resolve(self) if resolve is not None else item
        names = [i.name for i in items]
        raise InvalidInvocationError(
            f"No {kind} named {name!r}; {kind}s: {names}; did you mean {nearest(name, names)}?"
        )

    def get_repository_def(self) -> Definitions:
        return self

    def _validate_loadable(self) -> None:
        """Validate every asset edge's partition mapping and every job's resolution."""
        self.asset_graph.validate()
        for name in self.job_names:
            self.resolve_job_def(name)

    validate_loadable = _ValidateLoadable()

    def __repr__(self) -> str:
        return f"Definitions(assets={len(self.assets)}, jobs={self.job_names})"
