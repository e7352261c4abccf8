"""``@repository``: the older way to group definitions, over the same machinery as ``Definitions``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from partwise._compat import strict_keywords
from partwise.errors import CheckError, InvalidDefinitionError, InvariantViolationError

from .asset import AssetsDefinition, AssetSpec
from .definitions import IMPLICIT_JOB_NAME, Definitions
from .graph import GraphDefinition
from .job import JobDefinition, UnresolvedAssetJobDefinition

__all__ = ["RepositoryDefinition", "repository"]

_SECTIONS = ("jobs", "schedules", "sensors")


class RepositoryDefinition:
    """The definitions a ``@repository`` function returned, with the reference's accessors.

    ``lazy_jobs`` are job constructors (from the ``{"jobs": {"name": lambda: ...}}`` form),
    called once, on first use.
    """

    def __init__(
        self,
        name: str,
        items: Iterable[Any],
        description: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        lazy_jobs: Mapping[str, Callable[[], Any]] | None = None,
    ) -> None:
        self.name = name
        self.description = description
        self.metadata = dict(metadata or {})
        self._defs = _definitions(list(items))
        self._lazy = dict(lazy_jobs or {})
        self._built: dict[str, JobDefinition] = {}
        _check_targets(self._defs, set(self._defs.job_names) | set(self._lazy))

    def __call__(self) -> RepositoryDefinition:
        """The repository itself: older code calls the decorated function (``my_repo()``)."""
        return self

    @property
    def definitions(self) -> Definitions:
        return self._defs

    @property
    def job_names(self) -> list[str]:
        names = [*self._defs.job_names, *(n for n in self._lazy if n not in self._defs.job_names)]
        if self._defs.assets and IMPLICIT_JOB_NAME not in names:
            names.append(IMPLICIT_JOB_NAME)
        return names

    def has_job(self, name: str) -> bool:
        return name in self.job_names

    def get_job(self, name: str) -> JobDefinition:
        if not self.has_job(name):
            found = ", ".join(f"'{n}'" for n in self.job_names)
            raise InvariantViolationError(f"Could not find job '{name}'. Found: {found}.")
        if name in self._lazy:
            return self._lazy_job(name)
        return self._defs.resolve_job_def(name)

    def _lazy_job(self, name: str) -> JobDefinition:
        if name not in self._built:
            job = self._lazy[name]()
            if not isinstance(job, JobDefinition):
                raise CheckError(
                    f"Invariant failed. Description: Bad constructor for job {name}: must return "
                    f"JobDefinition, got {job!r}"
                )
            if job.name != name:
                raise CheckError(
                    f"Invariant failed. Description: Bad constructor for job {name!r}: name in "
                    f"JobDefinition does not match: got {job.name!r}"
                )
            self._built[name] = job
        return self._built[name]

    def get_all_jobs(self) -> list[JobDefinition]:
        return [self.get_job(n) for n in self.job_names]

    def get_implicit_global_asset_job_def(self) -> JobDefinition:
        return self._defs.resolve_implicit_global_asset_job_def()

    @property
    def schedule_defs(self) -> list[Any]:
        return [self._defs.resolve_schedule_def(s.name) for s in self._defs.schedules]

    def has_schedule_def(self, name: str) -> bool:
        return any(s.name == name for s in self._defs.schedules)

    def get_schedule_def(self, name: str) -> Any:
        return self._defs.resolve_schedule_def(name)

    @property
    def sensor_defs(self) -> list[Any]:
        return list(self._defs.sensors)

    def has_sensor_def(self, name: str) -> bool:
        return any(s.name == name for s in self._defs.sensors)

    def get_sensor_def(self, name: str) -> Any:
        return self._defs.resolve_sensor_def(name)

    @property
    def assets_defs_by_key(self) -> dict[Any, AssetsDefinition]:
        return dict(self._defs.asset_graph.assets)

    @property
    def source_assets_by_key(self) -> dict[Any, AssetSpec]:
        return dict(self._defs.asset_graph.external)

    @property
    def asset_checks_defs_by_key(self) -> dict[Any, Any]:
        return {k: c for c in self._defs.asset_graph.checks for k in c.check_keys}

    @property
    def asset_graph(self) -> Any:
        return self._defs.asset_graph

    def validate_loadable(self) -> None:
        Definitions.validate_loadable(self._defs)

    def __repr__(self) -> str:
        return f"RepositoryDefinition(name={self.name!r}, jobs={self.job_names})"


def _check_targets(defs: Definitions, job_names: set[str]) -> None:
    """Every schedule and sensor that names its job by name finds it here."""
    for item in [*defs.schedules, *defs.sensors]:
        if getattr(item, "job", None) is not None:
            continue
        target = getattr(item, "job_name", None)
        if target is not None and target not in job_names:
            kind = "ScheduleDefinition" if item in defs.schedules else "SensorDefinition"
            raise InvalidDefinitionError(
                f'{kind} "{item.name}" targets job "{target}" which was not found in this '
                "repository."
            )


def _flatten(returned: Any, name: str) -> tuple[list[Any], dict[str, Callable[[], Any]]]:
    """The definitions a ``@repository`` function returned, and its lazily built jobs."""
    if isinstance(returned, Mapping):
        unknown = sorted(set(returned) - set(_SECTIONS))
        if unknown:
            raise InvalidDefinitionError(
                f"@repository {name!r} returned a dict with keys {unknown}; use {list(_SECTIONS)}"
            )
        items: list[Any] = []
        lazy: dict[str, Callable[[], Any]] = {}
        for key, value in returned.get("jobs", {}).items():
            if isinstance(value, JobDefinition | UnresolvedAssetJobDefinition | GraphDefinition):
                items.append(value)
            elif callable(value):
                lazy[key] = value
            else:
                raise InvalidDefinitionError(
                    f"Object mapped to {key} is not an instance of JobDefinition or "
                    f"GraphDefinition: {value!r}"
                )
        for section in ("schedules", "sensors"):
            items.extend(returned.get(section, {}).values())
        return items, lazy
    if isinstance(returned, Iterable) and not isinstance(returned, str):
        out: list[Any] = []
        for item in returned:
            is_list = isinstance(item, list | tuple)
            out.extend(item if is_list else [item])
        return out, {}
    raise InvalidDefinitionError(
        f"@repository {name!r} must return a list of definitions or a dict of them; "
        f"got {returned!r}"
    )


def _definitions(items: list[Any]) -> Definitions:
    from partwise._automation.schedule import ScheduleDefinition
    from partwise._automation.sensor import SensorDefinition

    sorted_items: dict[str, list[Any]] = {k: [] for k in ("assets", "checks", *_SECTIONS)}
    for item in items:
        if isinstance(item, AssetsDefinition | AssetSpec):
            sorted_items["assets"].append(item)
        elif type(item).__name__ == "AssetChecksDefinition":
            sorted_items["checks"].append(item)
        elif isinstance(item, GraphDefinition | JobDefinition | UnresolvedAssetJobDefinition):
            job = item.to_job() if isinstance(item, GraphDefinition) else item
            if any(j.name == job.name for j in sorted_items["jobs"]):
                kind = "graph" if isinstance(item, GraphDefinition) else "job"
                raise InvalidDefinitionError(
                    f"Duplicate job definition found for {kind} '{job.name}'"
                )
            sorted_items["jobs"].append(job)
        elif isinstance(item, SensorDefinition):
            sorted_items["sensors"].append(item)
        elif isinstance(item, ScheduleDefinition) or hasattr(item, "cron_schedule"):
            sorted_items["schedules"].append(item)
        else:
            raise InvalidDefinitionError(
                f"Bad return value from @repository: all elements of list must be of type "
                f"JobDefinition, GraphDefinition, ScheduleDefinition, SensorDefinition, "
                f"AssetsDefinition, SourceAsset or AssetChecksDefinition; got {item!r}"
            )
    return Definitions(
        assets=sorted_items["assets"],
        asset_checks=sorted_items["checks"],
        jobs=sorted_items["jobs"],
        schedules=sorted_items["schedules"],
        sensors=sorted_items["sensors"],
    )


@strict_keywords
def repository(
    definitions_fn: Callable[[], Any] | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    default_executor_def: Any = None,
    default_logger_defs: Mapping[str, Any] | None = None,
) -> RepositoryDefinition | Callable[[Callable[[], Any]], RepositoryDefinition]:
    """Group definitions returned by a function (a list, or ``{"jobs": {...}, ...}``)."""

    def build(fn: Callable[[], Any]) -> RepositoryDefinition:
        repo_name = name or fn.__name__
        items, lazy = _flatten(fn(), repo_name)
        description_ = description or (fn.__doc__ or "").strip() or None
        return RepositoryDefinition(repo_name, items, description_, metadata, lazy)

    return build(definitions_fn) if definitions_fn is not None else build
