"""The plugin's fixtures (registered by ``plugin.py``); partwise itself is imported on first use.

``partition_key``, ``partitions_def`` and ``partition_time_window`` are not fixtures but direct
parameters of marked tests (see ``_parametrize``). The fixtures here return public, typed helper
objects (:class:`MaterializePartition`, :class:`~pytest_partwise.clock.PartwiseClock`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from ._project import project_definitions
from ._settings import SETTINGS_KEY

if TYPE_CHECKING:
    from partwise import Definitions, ExecuteInProcessResult, Instance

    from ._marker import Source
    from .clock import PartwiseClock

__all__ = [
    "CLOCK_KEY",
    "MaterializePartition",
    "materialize_partition",
    "partwise_clock",
    "partwise_definitions",
    "partwise_instance",
    "run_config_for_partition",
]


def __tracebackhide__(excinfo: Any) -> bool:
    """Failures show the user's frames, not these (partwise loads on first use)."""
    from partwise._tracebackhide import hide_engine_frames

    return hide_engine_frames(excinfo)


CLOCK_KEY = pytest.StashKey["PartwiseClock"]()
_SOURCE_KEY = pytest.StashKey["Source | None"]()


def _source(item: pytest.Item) -> Source | None:
    """The resolved source of the item's ``partitions`` marker (cached on the item)."""
    if _SOURCE_KEY not in item.stash:
        from ._marker import parse_marker, resolve_source

        marker = item.get_closest_marker("partitions")
        source = None
        if marker is not None:
            source = resolve_source(item.nodeid, parse_marker(item.nodeid, marker).source)
        item.stash[_SOURCE_KEY] = source
    return item.stash[_SOURCE_KEY]


def _key(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return None if callspec is None else callspec.params.get("partition_key")


@pytest.fixture
def partwise_instance(request: pytest.FixtureRequest) -> Iterator[Instance]:
    """A fresh in-memory instance per test; a dynamic test key is already added to it."""
    from partwise import Instance

    instance = Instance.ephemeral()
    source, key = _source(request.node), _key(request.node)
    if source is not None and key is not None:
        for name, value in source.partitions_def.dynamic_partitions_needed(key):
            instance.add_dynamic_partitions(name, [value])
    yield instance
    instance.close()


def _in_memory_by_default(
    resources: Mapping[str, Any] | None, project: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The project's resources overridden by ``resources``, with an in-memory ``io_manager``
    unless either names one (no disk writes)."""
    chosen = {**(project or {}), **(resources or {})}
    if "io_manager" not in chosen:
        from partwise import InMemoryIOManager

        chosen["io_manager"] = InMemoryIOManager()
    return chosen


@dataclass(frozen=True)
class MaterializePartition:
    """Materializes assets for the test's partition key into :attr:`instance`.

    Call it with assets (``materialize_partition(raw, daily)``); with none, it materializes the
    marker's asset, or runs the marker's job. Outputs stay in the instance's memory unless
    ``resources`` (or the project's) names an ``io_manager``.

    With a project (``--partwise-definitions``), the project's resources are the defaults (each
    of ``resources`` replaces the one of its name) and assets of the project run in its asset
    graph: their inputs load through the I/O managers they load through in production.
    """

    instance: Instance
    partition_key: str | None
    source: Source | None
    effective_now: Callable[[], _dt.datetime | None]
    project: Definitions | None = None

    def __call__(
        self,
        *assets: Any,
        selection: Any = None,
        run_config: Any = None,
        resources: Mapping[str, Any] | None = None,
        tags: Mapping[str, str] | None = None,
        raise_on_error: bool = True,
        partition_key: Any = None,
    ) -> ExecuteInProcessResult:
        from partwise import materialize, partition_loading_context

        key = partition_key if partition_key is not None else self.partition_key
        if key is None:
            from partwise import InvalidInvocationError

            raise InvalidInvocationError(
                "materialize_partition has no partition key: mark the test with "
                "@pytest.mark.partitions(...) or pass partition_key=..."
            )
        project = self.project.resources if self.project is not None else None
        resources = _in_memory_by_default(resources, project)
        with partition_loading_context(self.effective_now()):
            chosen = self._assets(assets)
            if chosen is None:
                return self._run_job(key, run_config, resources, tags, raise_on_error)
            chosen, selection = self._in_project(chosen, selection)
            return materialize(
                chosen,
                run_config=run_config,
                instance=self.instance,
                resources=resources,
                partition_key=key,
                raise_on_error=raise_on_error,
                tags=tags,
                selection=selection,
            )

    def _in_project(self, chosen: list[Any], selection: Any) -> tuple[list[Any], Any]:
        """The project's assets with ``chosen`` selected, when the project defines them all."""
        from partwise import AssetsDefinition

        if self.project is None or selection is not None:
            return chosen, selection
        graph = self.project.asset_graph
        defined = [a for a in chosen if isinstance(a, AssetsDefinition)]
        keys = [(k, a) for a in defined for k in a.keys]
        if len(defined) != len(chosen) or not all(graph.assets.get(k) is a for k, a in keys):
            return chosen, selection
        return list(self.project.assets), [k for k, _ in keys]

    def _assets(self, assets: Sequence[Any]) -> list[Any] | None:
        if len(assets) == 1 and isinstance(assets[0], list | tuple):
            assets = assets[0]
        if assets:
            return list(assets)
        if self.source is not None and self.source.asset is not None:
            return [self.source.asset]
        if self.source is not None and hasattr(self.source.job, "execute_in_process"):
            return None
        from partwise import InvalidInvocationError

        raise InvalidInvocationError(
            "materialize_partition() got no assets and the test's marker names no asset or job; "
            "pass the assets to materialize, e.g. materialize_partition(raw, daily)"
        )

    def _run_job(
        self,
        key: Any,
        run_config: Any,
        resources: Mapping[str, Any] | None,
        tags: Mapping[str, str] | None,
        raise_on_error: bool,
    ) -> ExecuteInProcessResult:
        assert self.source is not None
        result: ExecuteInProcessResult = self.source.job.execute_in_process(
            run_config=run_config,
            instance=self.instance,
            partition_key=key,
            raise_on_error=raise_on_error,
            tags=tags,
            resources=resources,
        )
        return result


def _effective_now(config: pytest.Config) -> Callable[[], _dt.datetime | None]:
    """The session's "now", or ``None`` (the frozen clock decides) while the clock is frozen."""
    settings = config.stash[SETTINGS_KEY]

    def now() -> _dt.datetime | None:
        clock = config.stash.get(CLOCK_KEY, None)
        return None if clock is not None and clock.frozen_at is not None else settings.now

    return now


@pytest.fixture
def materialize_partition(
    request: pytest.FixtureRequest, partwise_instance: Instance
) -> MaterializePartition:
    """Materialize assets (or the marker's asset or job) for this test's partition key."""
    return MaterializePartition(
        partwise_instance,
        _key(request.node),
        _source(request.node),
        _effective_now(request.config),
        project_definitions(request.config),
    )


@pytest.fixture(scope="session")
def partwise_definitions(pytestconfig: pytest.Config) -> Definitions:
    """The project's ``Definitions``, named by ``--partwise-definitions`` or the ini value."""
    defs = project_definitions(pytestconfig)
    if defs is None:
        pytest.fail(
            "the partwise_definitions fixture needs the project's Definitions: pass "
            "--partwise-definitions module:attr or set partwise_definitions = module:attr in "
            "the pytest ini file",
            pytrace=False,
        )
    return defs


@pytest.fixture
def run_config_for_partition(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The run config of this test's key, from the marker's ``PartitionedConfig`` or job."""
    source, key = _source(request.node), _key(request.node)
    config = None if source is None else source.partitioned_config
    if config is None or key is None:
        what = "no partitions marker" if source is None else "a source without partitioned config"
        pytest.fail(
            f"{request.node.nodeid}: run_config_for_partition needs @pytest.mark.partitions with "
            f"a PartitionedConfig or a partitioned job as source; the test has {what}",
            pytrace=False,
        )
    from partwise import partition_loading_context

    with partition_loading_context(_effective_now(request.config)()):
        return config.get_run_config_for_partition_key(key)


@pytest.fixture(scope="session")
def partwise_clock(pytestconfig: pytest.Config) -> PartwiseClock:
    """Frozen time and schedule ticks; freezes end with each test (safe under Hypothesis)."""
    from .clock import PartwiseClock

    clock = PartwiseClock(pytestconfig.stash[SETTINGS_KEY].now)
    pytestconfig.stash[CLOCK_KEY] = clock
    return clock
