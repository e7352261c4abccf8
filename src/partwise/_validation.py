"""Validating a project: one set of checks for ``partwise validate`` and the pytest plugin's CI
items (``--partwise-definitions``), so both report the same problems on the same project.

The checks, each named as its pytest item is:

* ``definitions``: every partitions definition, asset edge and job resolves;
* ``<job>[<key>]``: the run config of each selected key of a partitioned job (its config
  function runs, the result fits the job's schema); ``<job>`` for an unpartitioned job's config;
* ``<schedule>``: the ticks of the next 8 days (at least the next 3): the schedule evaluates, each
  requested partition exists at tick time, each run config is valid;
* ``<upstream>-><downstream>``: the edge's mapping is valid and every selected downstream key
  maps to upstream partitions that exist.

Which keys are checked is the caller's choice: every key for the CLI; for pytest, the keys left
by ``--partitions-sample``/``--partition-key``/``--partition-range``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from partwise.errors import PartwiseError

__all__ = ["Check", "Problem", "checks", "run_checks"]

HORIZON = _dt.timedelta(days=8)
MIN_TICKS = 3
_LONGER = (_dt.timedelta(days=35), _dt.timedelta(days=800))
MAX_RANGES = 8

KeysOf = Callable[[Any], Sequence[str]]


class Problem(PartwiseError, AssertionError):
    """What one check found: a one-line ``summary`` and the full ``str()`` report."""

    def __init__(self, report: str, summary: str | None = None) -> None:
        super().__init__(report)
        self.summary = summary if summary is not None else one_line(report)


@dataclass(frozen=True)
class Check:
    """One named check; ``run`` raises :class:`Problem` (or the error of the user's code)."""

    name: str
    run: Callable[[], None]
    skip: str | None = None
    job: str | None = None  # the job of a run-config check


def checks(defs: Any, now: _dt.datetime, keys_of: KeysOf, instance: Any = None) -> list[Check]:
    """Every check of ``defs`` at ``now``; ``keys_of(partitions_def)`` picks the keys to check."""
    return [
        Check("definitions", lambda: _loadable(defs)),
        *_job_checks(defs, now, keys_of, instance),
        *(Check(s.name, _schedule_check(defs, s.name, now, instance)) for s in defs.schedules),
        *_edge_checks(defs, now, keys_of),
    ]


def run_checks(items: Sequence[Check]) -> Iterator[tuple[Check, Problem]]:
    """Run every check (skipped ones excepted); yield each failing one with its problem."""
    for check in items:
        if check.skip is not None:
            continue
        try:
            check.run()
        except Problem as problem:
            yield check, problem
        except Exception as error:
            text = f"{type(error).__name__}: {error}"
            yield check, Problem(text, one_line(text))


def one_line(text: str) -> str:
    """A report on one line, without a leading "Error in config for job …" header."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].startswith("Error in config"):
        lines = lines[1:]
    return "; ".join(_strip_numbering(line) for line in lines)


def _strip_numbering(line: str) -> str:
    head, sep, rest = line.partition(": ")
    return rest if sep and head.startswith("Error ") and head[6:].isdigit() else line


def _loadable(defs: Any) -> None:
    try:
        type(defs).validate_loadable(defs)
    except Exception as error:
        raise Problem(
            f"definitions do not load: {type(error).__name__}: {error}", one_line(str(error))
        ) from error


# -- jobs ----------------------------------------------------------------------------------------
def _job_checks(defs: Any, now: _dt.datetime, keys_of: KeysOf, instance: Any) -> Iterator[Check]:
    from partwise._partitions.context import partition_loading_context

    for name in defs.job_names:
        try:
            job = defs.resolve_job_def(name)
        except Exception as error:
            yield Check(name, _failing(f"job {name!r} does not resolve: {error}"), job=name)
            continue
        if job.partitions_def is None or job.partitioned_config is None:
            yield Check(name, _static_config_check(job), job=name)
            continue
        try:
            with partition_loading_context(now, instance):
                keys = list(keys_of(job.partitions_def))
        except Exception as error:  # dynamic partitions without a store, a broken definition
            reason = f"{type(error).__name__}: {one_line(str(error))}"
            yield Check(f"{name}[*]", _failing(""), f"no keys to validate ({reason})", job=name)
            continue
        for key in keys:
            yield Check(f"{name}[{key}]", _config_check(job, key, now, instance), job=name)


def _failing(message: str) -> Callable[[], None]:
    def check() -> None:
        raise Problem(message)

    return check


def _static_config_check(job: Any) -> Callable[[], None]:
    def check() -> None:
        config = job.config if isinstance(job.config, dict) else None
        if config is None and job.config is not None:
            to_dict = getattr(job.config, "to_config_dict", None)
            config = to_dict() if to_dict is not None else None
        _validate_config(job, None, config or {})

    return check


def _config_check(job: Any, key: str, now: _dt.datetime, instance: Any) -> Callable[[], None]:
    def check() -> None:
        from partwise._partitions.context import partition_loading_context

        try:
            with partition_loading_context(now, instance):
                config = job.partitioned_config.get_run_config_for_partition_key(key)
        except Exception as error:
            summary = f"the config function raised {type(error).__name__}: {one_line(str(error))}"
            raise Problem(f"job {job.name!r}, partition {key!r}: {summary}", summary) from error
        _validate_config(job, key, config)

    return check


def _validate_config(job: Any, key: str | None, config: Any) -> None:
    from partwise.errors import InvalidConfigError

    try:
        job.config_schema.resolve(config)
    except InvalidConfigError as error:
        where = f" for partition {key!r}" if key is not None else ""
        raise Problem(
            f"run config of job {job.name!r}{where} is invalid:\n{error}\nconfig: {config!r}",
            one_line(str(error)),
        ) from None


# -- schedules -----------------------------------------------------------------------------------
def _ticks(schedule: Any, defs: Any, now: _dt.datetime, instance: Any) -> list[Any]:
    """``(tick time, run request)`` of the next 8 days' ticks, or of the next 3 if fewer."""
    from partwise import schedule_ticks

    def rows(horizon: _dt.timedelta) -> list[Any]:
        ticks = schedule_ticks(schedule, now, now + horizon, definitions=defs, instance=instance)
        return [(tick.tick_time, request) for tick in ticks for request in tick.run_requests]

    found = rows(HORIZON)
    for horizon in _LONGER:
        if len(found) >= MIN_TICKS:
            break
        found = rows(horizon)[:MIN_TICKS]
    return found


def _schedule_check(defs: Any, name: str, now: _dt.datetime, instance: Any) -> Callable[[], None]:
    def check() -> None:
        schedule = defs.resolve_schedule_def(name)
        job = defs.resolve_job_def(schedule.job_name)
        defn = job.partitions_def
        for when, request in _ticks(schedule, defs, now, instance):
            key, config = request.partition_key, dict(request.run_config or {})
            if defn is not None and key is not None:
                if not defn.has_partition_key(key, current_time=when):
                    raise Problem(
                        f"schedule {name!r} at {when.isoformat()} requests partition {key!r}, "
                        f"which does not exist in {defn} then"
                    )
                if not config and job.partitioned_config is not None:
                    config = job.partitioned_config.get_run_config_for_partition_key(key)
            _validate_config(job, key, config)

    return check


# -- asset edges ---------------------------------------------------------------------------------
def _edge_checks(defs: Any, now: _dt.datetime, keys_of: KeysOf) -> Iterator[Check]:
    graph = defs.asset_graph
    for key in sorted(graph.assets):
        for upstream in sorted(graph.parents(key)):
            if upstream not in graph.all_keys:
                continue
            name = f"{upstream.to_user_string()}->{key.to_user_string()}"
            yield Check(name, _edge_check(graph, key, upstream, now, keys_of))


def _edge_check(
    graph: Any, key: Any, upstream: Any, now: _dt.datetime, keys_of: KeysOf
) -> Callable[[], None]:
    def check() -> None:
        from partwise._cli_support import ranges_of
        from partwise._partitions.context import partition_loading_context

        try:
            graph.validate_edge(key, upstream)
        except Exception as error:
            raise Problem(f"asset {key.to_user_string()}: {error}") from None
        down_def, up_def = graph.partitions_def(key), graph.partitions_def(upstream)
        if down_def is None or up_def is None:
            return
        mapping = graph.mapping(key, upstream)
        with partition_loading_context(now):
            keys = list(keys_of(down_def))
        bad = {k: p for k in keys if (p := _map_one(mapping, down_def, up_def, k, now))}
        if bad:
            first = next(iter(bad))
            ranges = ranges_of(bad, keys)
            shown = ", ".join(ranges[:MAX_RANGES]) + (" …" if len(ranges) > MAX_RANGES else "")
            raise Problem(
                f"{mapping!r} from {upstream.to_user_string()} to {key.to_user_string()}: "
                f"{len(bad)} downstream partitions do not resolve: {shown}; e.g. {first!r} "
                f"{bad[first]}"
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
