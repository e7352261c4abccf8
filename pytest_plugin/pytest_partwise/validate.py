"""CI validation items for ``--partwise-definitions module:attr``.

One item per (partitioned job, key) validates the key's run config against the job's schema, one
per schedule checks its next ticks, and one per partitioned asset edge checks that the mapping
resolves for every downstream key. Ids read ``partwise-validate::load_job[2024-01-03]``. Keys
honour ``--partitions-now``, ``--partitions-sample``, ``--partition-key`` and
``--partition-range``, so huge definitions validate quickly.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ._settings import Settings
from ._summary import group_ranges

__all__ = ["ValidationFailure", "ValidationItem", "load_definitions", "validation_items"]

GROUP = "partwise-validate"
SCHEDULE_TICKS = 3
_HORIZONS = (_dt.timedelta(days=1), _dt.timedelta(days=35), _dt.timedelta(days=800))


class ValidationFailure(AssertionError):
    """A validation check failed; its message is the whole report."""


class ValidationGroup(pytest.Collector):
    """The parent of every validation item (node id ``partwise-validate``)."""

    def collect(self) -> list[pytest.Item | pytest.Collector]:
        return []


class ValidationItem(pytest.Item):
    """One validation check, run as a test item."""

    def __init__(
        self, *, check: Callable[[], None], skip: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.check, self.skip_reason = check, skip

    def runtest(self) -> None:
        if self.skip_reason is not None:
            pytest.skip(self.skip_reason)
        self.check()

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        from partwise import PartwiseError

        if isinstance(excinfo.value, ValidationFailure):
            return str(excinfo.value)
        if isinstance(excinfo.value, PartwiseError):
            return f"{self.name}: {type(excinfo.value).__name__}: {excinfo.value}"
        return super().repr_failure(excinfo, style="short")

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, None, self.nodeid


def _import(module_name: str, search: list[Path]) -> Any:
    """Import a module by name or ``.py`` path, also looking in ``search`` (cwd, rootdir)."""
    if module_name.endswith(".py"):
        path = Path(module_name)
        if not path.is_absolute():
            path = next((d / path for d in search if (d / path).exists()), path)
        search = [path.resolve().parent]
        module_name = path.stem
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name.split(".")[0]:
            raise
        extra = [str(d) for d in search if str(d) not in sys.path]
        sys.path[:0] = extra
        return importlib.import_module(module_name)


def load_definitions(spec: str, search: list[Path] | None = None) -> Any:
    """The ``Definitions`` named by ``module:attr`` or ``path.py:attr``.

    ``attr`` defaults to ``defs`` and may name a function returning the definitions.
    """
    from partwise import Definitions
    from partwise.errors import nearest

    module_name, _, attr = spec.rpartition(":") if ":" in spec else (spec, "", "")
    try:
        module = _import(module_name, search or [])
    except ImportError as error:
        raise pytest.UsageError(
            f"--partwise-definitions {spec!r}: cannot import {module_name!r}: {error}"
        ) from None
    attr = attr or "defs"
    if not hasattr(module, attr):
        names = [n for n in vars(module) if not n.startswith("_")]
        raise pytest.UsageError(
            f"--partwise-definitions {spec!r}: module {module_name!r} has no attribute {attr!r}; "
            f"did you mean {nearest(attr, names)}?"
        )
    value = getattr(module, attr)
    if callable(value) and not isinstance(value, Definitions):
        value = value()
    if not isinstance(value, Definitions):
        raise pytest.UsageError(
            f"--partwise-definitions {spec!r}: expected a Definitions (or a function returning "
            f"one); got {type(value).__name__}"
        )
    return value


def validation_items(session: pytest.Session, settings: Settings) -> list[pytest.Item]:
    """Every validation item for the session's ``--partwise-definitions``."""
    assert settings.definitions is not None
    config = session.config
    defs = load_definitions(settings.definitions, [config.invocation_params.dir, config.rootpath])
    parent = ValidationGroup.from_parent(session, name=GROUP, nodeid=GROUP)
    checks = [
        ("definitions", _check_loadable(defs), None),
        *_job_checks(defs, settings),
        *_schedule_checks(defs, settings),
        *_edge_checks(defs, settings),
    ]
    items: list[pytest.Item] = [
        ValidationItem.from_parent(parent, name=name, check=check, skip=skip)
        for name, check, skip in checks
    ]
    report = pytest.CollectReport(GROUP, "passed", None, [*items])
    session.config.hook.pytest_collectreport(report=report)  # counted as collected
    return items


Check = tuple[str, Callable[[], None], str | None]


def _check_loadable(defs: Any) -> Callable[[], None]:
    def check() -> None:
        try:
            type(defs).validate_loadable(defs)
        except Exception as error:
            raise ValidationFailure(
                f"definitions do not load: {type(error).__name__}: {error}"
            ) from error

    return check


def _failing(message: str) -> Callable[[], None]:
    def check() -> None:
        raise ValidationFailure(message)

    return check


def _job_checks(defs: Any, settings: Settings) -> Iterator[Check]:
    from partwise import CheckError

    from ._marker import session_positions

    for name in defs.job_names:
        try:
            job = defs.resolve_job_def(name)
        except Exception as error:
            yield name, _failing(f"job {name!r} does not resolve: {error}"), None
            continue
        defn = job.partitions_def
        if defn is None:
            continue
        try:
            space = defn.key_space(settings.now)
        except CheckError:
            yield f"{name}[*]", _failing(""), "dynamic partitions have no keys to validate in CI"
            continue
        for key in space.keys(session_positions(defn, space, settings)):
            yield f"{name}[{key}]", _config_check(job, key, settings.now), None


def _config_check(job: Any, key: str, now: _dt.datetime) -> Callable[[], None]:
    def check() -> None:
        from partwise import partition_loading_context

        with partition_loading_context(now):
            config = job.partitioned_config.get_run_config_for_partition_key(key)
        _validate_config(job, key, config)

    return check


def _validate_config(job: Any, key: str | None, config: Any) -> None:
    from partwise import InvalidConfigError

    try:
        job.config_schema.resolve(config)
    except InvalidConfigError as error:
        raise ValidationFailure(
            f"run config of job {job.name!r} for partition {key!r} is invalid:\n{error}\n"
            f"config: {config!r}"
        ) from None


def _schedule_checks(defs: Any, settings: Settings) -> Iterator[Check]:
    for schedule in defs.schedules:
        yield schedule.name, _schedule_check(defs, schedule.name, settings.now), None


def _next_ticks(schedule: Any, defs: Any, now: _dt.datetime) -> list[Any]:
    """Rows of the schedule's next few requested runs after ``now``."""
    from partwise import schedule_ticks

    from .clock import tick_rows

    rows: list[Any] = []
    for horizon in _HORIZONS:
        ticks = schedule_ticks(schedule, now, now + horizon, definitions=defs)
        rows = [row for one in ticks for row in tick_rows(one)]
        if len(rows) >= SCHEDULE_TICKS:
            break
    return rows[:SCHEDULE_TICKS]


def _schedule_check(defs: Any, name: str, now: _dt.datetime) -> Callable[[], None]:
    def check() -> None:
        schedule = defs.resolve_schedule_def(name)
        job = defs.resolve_job_def(schedule.job_name)
        for row in _next_ticks(schedule, defs, now):
            config = dict(row.run_config)
            defn = job.partitions_def
            if defn is not None and row.partition_key is not None:
                if not defn.has_partition_key(row.partition_key, current_time=row.time):
                    raise ValidationFailure(
                        f"schedule {schedule.name!r} at {row.time.isoformat()} requests partition "
                        f"{row.partition_key!r}, which does not exist in {defn} then"
                    )
                if not config:
                    config = job.partitioned_config.get_run_config_for_partition_key(
                        row.partition_key
                    )
            _validate_config(job, row.partition_key, config)

    return check


def _edge_checks(defs: Any, settings: Settings) -> Iterator[Check]:
    graph = defs.asset_graph
    for key in sorted(graph.assets):
        for upstream in sorted(graph.parents(key)):
            down_def, up_def = graph.partitions_def(key), graph.partitions_def(upstream)
            if down_def is None or up_def is None or upstream not in graph.all_keys:
                continue
            name = f"{upstream.to_user_string()}->{key.to_user_string()}"
            yield name, _edge_check(graph, key, upstream, settings), None


def _edge_check(graph: Any, key: Any, upstream: Any, settings: Settings) -> Callable[[], None]:
    def check() -> None:
        from ._marker import session_positions

        try:
            graph.validate_edge(key, upstream)
        except Exception as error:
            raise ValidationFailure(str(error)) from None
        down_def, up_def = graph.partitions_def(key), graph.partitions_def(upstream)
        mapping = graph.mapping(key, upstream)
        space = down_def.key_space(settings.now)
        bad: list[tuple[int, str]] = []
        example = ""
        for index in session_positions(down_def, space, settings):
            down_key = space.key_at(index)
            problem = _map_one(mapping, down_def, up_def, down_key, settings.now)
            if problem:
                bad.append((index, down_key))
                example = example or f"e.g. {down_key!r} {problem}"
        if bad:
            ranges = ", ".join(group_ranges(bad)[:8])
            raise ValidationFailure(
                f"{mapping!r} from {upstream.to_user_string()} to {key.to_user_string()}: "
                f"{len(bad)} downstream partitions do not resolve: {ranges}; {example}"
            )

    return check


def _map_one(mapping: Any, down_def: Any, up_def: Any, key: str, now: _dt.datetime) -> str:
    """Why one downstream key does not resolve upstream ("" if it does)."""
    try:
        result = mapping.get_upstream_mapped_partitions_result_for_partitions(
            down_def.subset_with_partition_keys([key]), down_def, up_def, current_time=now
        )
    except Exception as error:
        return f"raises {type(error).__name__}: {error}"
    missing = result.required_but_nonexistent_subset
    if missing is not None and len(missing):
        return f"needs nonexistent upstream partitions {list(missing.get_partition_keys())}"
    return ""
