"""``Definitions``: the assets, jobs, schedules, sensors and resources of a code location."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from typing import Any

from partwise._compat import check_keywords
from partwise.errors import (
    InvalidInvocationError,
    InvariantViolationError,
    check_param,
    did_you_mean,
)

from .asset_graph import AssetGraph
from .graph import GraphDefinition
from .job import JobDefinition, UnresolvedAssetJobDefinition

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
        for name, given in (("assets", assets), ("schedules", schedules), ("sensors", sensors)):
            check_param(given, name, (list, tuple, set, frozenset), optional=True)
        check_param(jobs, "jobs", (list, tuple, set, frozenset), optional=True)
        for value, param in (
            (resources, "resources"),
            (loggers, "loggers"),
            (metadata, "metadata"),
        ):
            check_param(value, param, Mapping, optional=True)
        self.assets = list(assets or ())
        self.schedules = list(schedules or ())
        self.sensors = list(sensors or ())
        self.jobs = list(jobs or ())
        self.resources = dict(resources or {})
        self.executor = executor
        """Kept for compatibility: partwise runs every step in process."""
        self.loggers = dict(loggers or {})
        self.asset_checks = list(asset_checks or ())
        self.metadata = dict(metadata or {})
        self._resolved: dict[str, JobDefinition] = {}

    @cached_property
    def asset_graph(self) -> AssetGraph:
        return AssetGraph([*self.assets, *self.asset_checks])

    @staticmethod
    def merge(*def_sets: Definitions) -> Definitions:
        """One ``Definitions`` holding everything of ``def_sets``.

        A resource key given two different values, or two different executors, is an error.
        """
        resources: dict[str, Any] = {}
        executor, executor_at = None, None
        for i, defs in enumerate(def_sets):
            for key, value in defs.resources.items():
                if key in resources and resources[key] is not value:
                    raise InvariantViolationError(
                        f"Definitions objects {_first(def_sets, key)} and {i} have different "
                        f"resources with same key '{key}'"
                    )
                resources[key] = value
            if defs.executor is not None:
                if executor is not None and defs.executor is not executor:
                    raise InvariantViolationError(
                        f"Definitions objects {executor_at} and {i} both have an executor"
                    )
                executor, executor_at = defs.executor, i
        return Definitions(
            assets=[a for d in def_sets for a in d.assets],
            schedules=[s for d in def_sets for s in d.schedules],
            sensors=[s for d in def_sets for s in d.sensors],
            jobs=[j for d in def_sets for j in d.jobs],
            resources=resources,
            executor=executor,
            loggers={k: v for d in def_sets for k, v in d.loggers.items()},
            asset_checks=[c for d in def_sets for c in d.asset_checks],
            metadata={k: v for d in def_sets for k, v in d.metadata.items()},
        )

    def resolve_asset_graph(self) -> AssetGraph:
        return self.asset_graph

    def _job_sources(self) -> dict[str, Any]:
        sources: dict[str, Any] = {}
        for target in [
            *self.jobs,
            *(getattr(s, "job", None) for s in [*self.schedules, *self.sensors]),
        ]:
            if isinstance(target, GraphDefinition):  # a schedule or sensor may target a graph
                sources.setdefault(target.name, target.to_job())
            elif isinstance(target, JobDefinition | UnresolvedAssetJobDefinition):
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
                sources[name] = UnresolvedAssetJobDefinition(
                    IMPLICIT_JOB_NAME, allow_different_partitions_defs=True
                )
            if name not in sources:
                raise InvalidInvocationError(
                    f"No job named {name!r}; jobs: {sorted(sources)}{did_you_mean(name, sources)}"
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

    get_implicit_global_asset_job_def = resolve_implicit_global_asset_job_def

    def has_implicit_global_asset_job_def(self) -> bool:
        return bool(self.asset_graph.assets)

    def resolve_all_job_defs(self) -> list[JobDefinition]:
        """Every job, with the implicit asset job (``__ASSET_JOB``) when there are assets."""
        names = set(self.job_names)
        if self.has_implicit_global_asset_job_def():
            names.add(IMPLICIT_JOB_NAME)
        return [self.resolve_job_def(n) for n in sorted(names)]

    def get_assets_def(self, key: Any) -> Any:
        from partwise._asset_key import AssetKey

        return self.asset_graph.get(AssetKey.from_coercible(key))

    resolve_assets_def = get_assets_def

    def resolve_all_asset_keys(self) -> list[Any]:
        """Every asset key: defined, external, and depended on without a definition."""
        graph = self.asset_graph
        return sorted(graph.all_keys.union(*(a.dependency_keys for a in graph.nodes)))

    def resolve_schedule_def(self, name: str) -> Any:
        return self._named(self.schedules, name, "schedule")

    def resolve_sensor_def(self, name: str) -> Any:
        return self._named(self.sensors, name, "sensor")

    get_schedule_def = resolve_schedule_def
    get_sensor_def = resolve_sensor_def

    def _named(self, items: list[Any], name: str, kind: str) -> Any:
        for item in items:
            if item.name == name:
                resolve = getattr(item, "resolve", None)
                return resolve(self) if resolve is not None else item
        names = [i.name for i in items]
        raise InvalidInvocationError(
            f"No {kind} named {name!r}; {kind}s: {names}{did_you_mean(name, names)}"
        )

    def get_asset_checks_def(self, key: Any) -> Any:
        """The ``@asset_check`` with this ``AssetCheckKey``."""
        for check in self.asset_graph.checks:
            if key in check.check_keys:
                return check
        known = sorted(k.to_user_string() for c in self.asset_graph.checks for k in c.check_keys)
        raise InvalidInvocationError(f"No asset check {key!r}; checks: {known}")

    def get_repository_def(self) -> Definitions:
        """These definitions, validated as the reference validates its repository on creation."""
        for name in self.job_names:  # like the reference's repository: every job resolves
            self.resolve_job_def(name)
        return self

    get_job = resolve_job_def
    get_schedule_def = resolve_schedule_def
    get_sensor_def = resolve_sensor_def
    get_all_jobs = get_all_job_defs

    def has_job(self, name: str) -> bool:
        return name in self._job_sources()

    def _validate_loadable(self) -> None:
        """Validate every asset edge's partition mapping and every job's resolution."""
        self.asset_graph.validate()
        for name in self.job_names:
            self.resolve_job_def(name)

    validate_loadable = _ValidateLoadable()

    def __repr__(self) -> str:
        return f"Definitions(assets={len(self.assets)}, jobs={self.job_names})"


def _first(def_sets: tuple[Definitions, ...], key: str) -> int:
    return next(i for i, d in enumerate(def_sets) if key in d.resources)
