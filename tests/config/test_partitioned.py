"""PartitionedConfig and the partitioned-config decorators."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from partwise._config.config import RunConfig
from partwise._config.partitioned import (
    Partition,
    PartitionedConfig,
    daily_partitioned_config,
    dynamic_partitioned_config,
    hourly_partitioned_config,
    monthly_partitioned_config,
    static_partitioned_config,
    weekly_partitioned_config,
)
from partwise._partitions.definitions.base import TimeWindow
from partwise._partitions.definitions.cadences import DailyPartitionsDefinition
from partwise._partitions.definitions.multi import MultiPartitionsDefinition
from partwise._partitions.definitions.static import StaticPartitionsDefinition
from partwise.errors import CheckError, InvalidInvocationError

UTC = dt.timezone.utc


def window_config(start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    return {"ops": {"a": {"config": {"s": start.isoformat(), "e": end.isoformat()}}}}


@daily_partitioned_config(
    start_date="2022-01-01", tags_for_partition_fn=lambda s, e: {"s": s.isoformat()}
)
def daily_cfg(start: dt.datetime, end: dt.datetime) -> RunConfig:
    return RunConfig(ops={"a": {"config": {"s": start.isoformat(), "e": end.isoformat()}}})


def test_daily_config_for_key_gets_aware_window() -> None:
    """The decorated function receives the key's aware window bounds; RunConfig becomes a dict."""
    assert daily_cfg.get_run_config_for_partition_key("2022-01-02") == {
        "loggers": {},
        "resources": {},
        "ops": {
            "a": {"config": {"s": "2022-01-02T00:00:00+00:00", "e": "2022-01-03T00:00:00+00:00"}}
        },
        "execution": {},
    }


def test_daily_tags_match_dagster_example() -> None:
    """User tags first, then the partition tag, then the partition-set tag."""
    tags = daily_cfg.get_tags_for_partition_key("2022-01-02", job_name="j")
    assert tags == {
        "s": "2022-01-02T00:00:00+00:00",
        "dagster/partition": "2022-01-02",
        "dagster/partition_set": "j_partition_set",
    }
    assert list(tags) == ["s", "dagster/partition", "dagster/partition_set"]


def test_tags_without_job_name() -> None:
    """Without a job name there is no partition-set tag."""
    assert "dagster/partition_set" not in daily_cfg.get_tags_for_partition_key("2022-01-02")


def test_system_tags_overwrite_user_tags() -> None:
    """A user tag with a system name is overwritten by the system value."""
    config = PartitionedConfig(
        StaticPartitionsDefinition(["a"]),
        run_config_for_partition_key_fn=lambda k: {},
        tags_for_partition_key_fn=lambda k: {"dagster/partition": "mine"},
    )
    assert config.get_tags_for_partition_key("a") == {"dagster/partition": "a"}


def test_decorated_config_is_callable() -> None:
    """Calling the decorator result calls the raw function."""
    result = daily_cfg(dt.datetime(2022, 1, 1), dt.datetime(2022, 1, 2))
    assert isinstance(result, RunConfig)


def test_decorator_result_is_a_partitioned_config() -> None:
    """The decorator returns a PartitionedConfig over a daily definition."""
    assert isinstance(daily_cfg, PartitionedConfig)
    assert daily_cfg.partitions_def == DailyPartitionsDefinition(start_date="2022-01-01")


def test_partition_keys_at_time() -> None:
    """get_partition_keys lists the definition's keys at current_time."""
    keys = daily_cfg.get_partition_keys(current_time=dt.datetime(2022, 1, 4, tzinfo=UTC))
    assert keys == ["2022-01-01", "2022-01-02", "2022-01-03"]


def test_direct_construction_is_not_callable() -> None:
    """A PartitionedConfig built directly cannot be invoked."""
    config = PartitionedConfig(
        DailyPartitionsDefinition(start_date="2022-01-01"),
        run_config_for_partition_key_fn=lambda k: {},
    )
    with pytest.raises(InvalidInvocationError) as info:
        config()
    assert str(info.value) == (
        "Only PartitionedConfig objects created using one of the partitioned config decorators "
        "can be directly invoked."
    )


def test_exactly_one_run_config_fn() -> None:
    """Giving neither or both run-config functions is a CheckError."""
    defn = StaticPartitionsDefinition(["a"])
    with pytest.raises(CheckError, match="Must provide exactly one of"):
        PartitionedConfig(defn)
    with pytest.raises(CheckError, match="Must provide exactly one of"):
        PartitionedConfig(
            defn,
            run_config_for_partition_fn=lambda p: {},
            run_config_for_partition_key_fn=lambda k: {},
        )


def test_at_most_one_tags_fn() -> None:
    """Giving both tags functions is a CheckError."""
    with pytest.raises(CheckError, match="Cannot provide both of tags_for_partition_fn"):
        PartitionedConfig(
            StaticPartitionsDefinition(["a"]),
            run_config_for_partition_key_fn=lambda k: {},
            tags_for_partition_fn=lambda p: {},
            tags_for_partition_key_fn=lambda k: {},
        )


def test_returned_config_is_a_copy() -> None:
    """Mutating a returned config does not change the next one."""
    shared = {"ops": {"a": {"config": {"items": [1]}}}}
    config = PartitionedConfig(
        StaticPartitionsDefinition(["a"]), run_config_for_partition_key_fn=lambda k: shared
    )
    config.get_run_config_for_partition_key("a")["ops"]["a"]["config"]["items"].append(2)
    assert config.get_run_config_for_partition_key("a") == {
        "ops": {"a": {"config": {"items": [1]}}}
    }


def test_non_dict_config_is_refused() -> None:
    """A run-config function returning neither a dict nor a RunConfig is an invocation error."""
    config = PartitionedConfig(
        StaticPartitionsDefinition(["a"]),
        run_config_for_partition_key_fn=lambda k: "nope",  # type: ignore[arg-type,return-value]
    )
    with pytest.raises(InvalidInvocationError, match="must return a dict or a RunConfig"):
        config.get_run_config_for_partition_key("a")


def test_legacy_partition_fn_gets_time_window() -> None:
    """The legacy partition-object callbacks get a Partition whose value is the time window."""
    seen: list[Partition] = []
    config = PartitionedConfig(
        DailyPartitionsDefinition(start_date="2022-01-01"),
        run_config_for_partition_fn=lambda p: seen.append(p) or {},
        tags_for_partition_fn=lambda p: {"n": p.name},
    )
    config.get_run_config_for_partition_key("2022-01-03")
    start = dt.datetime(2022, 1, 3, tzinfo=UTC)
    assert seen == [Partition(TimeWindow(start, start + dt.timedelta(days=1)), "2022-01-03")]
    assert config.get_tags_for_partition_key("2022-01-03")["n"] == "2022-01-03"


def test_hourly_window_in_timezone() -> None:
    """Hourly windows are aware in the definition's timezone."""

    @hourly_partitioned_config(start_date="2022-01-01-00:00", timezone="US/Central")
    def cfg(start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
        return {"s": start.isoformat()}

    assert cfg.get_run_config_for_partition_key("2022-01-01-05:00") == {
        "s": "2022-01-01T05:00:00-06:00"
    }


def test_weekly_window() -> None:
    """Weekly windows span seven days from the key."""
    cfg = weekly_partitioned_config(start_date="2022-01-02")(window_config)
    assert cfg.get_run_config_for_partition_key("2022-01-09")["ops"]["a"]["config"] == {
        "s": "2022-01-09T00:00:00+00:00",
        "e": "2022-01-16T00:00:00+00:00",
    }


def test_monthly_window() -> None:
    """Monthly windows end at the next month's start."""
    cfg = monthly_partitioned_config(start_date="2022-01-01")(window_config)
    assert cfg.get_run_config_for_partition_key("2022-02-01")["ops"]["a"]["config"] == {
        "s": "2022-02-01T00:00:00+00:00",
        "e": "2022-03-01T00:00:00+00:00",
    }


def test_static_decorator() -> None:
    """Static configs take the key; tags_for_partition_key_fn adds user tags."""

    @static_partitioned_config(["a", "b"], tags_for_partition_key_fn=lambda k: {"x": k})
    def cfg(key: str) -> dict[str, Any]:
        return {"k": key}

    assert cfg.get_partition_keys() == ["a", "b"]
    assert cfg.get_run_config_for_partition_key("b") == {"k": "b"}
    assert cfg.get_tags_for_partition_key("a", "j") == {
        "x": "a",
        "dagster/partition": "a",
        "dagster/partition_set": "j_partition_set",
    }
    assert cfg("zz") == {"k": "zz"}


def test_static_decorator_legacy_tags_fn_takes_key() -> None:
    """On the static decorator, tags_for_partition_fn also receives the key."""
    cfg = static_partitioned_config(["a"], tags_for_partition_fn=lambda k: {"x": k})(lambda k: {})
    assert cfg.get_tags_for_partition_key("a") == {"x": "a", "dagster/partition": "a"}


def test_static_decorator_refuses_two_tags_fns() -> None:
    """Both tags functions on the static decorator is a CheckError."""
    with pytest.raises(CheckError):
        static_partitioned_config(
            ["a"], tags_for_partition_fn=lambda k: {}, tags_for_partition_key_fn=lambda k: {}
        )


def test_dynamic_decorator() -> None:
    """Dynamic configs list keys from partition_fn and pass the key to the function."""

    @dynamic_partitioned_config(lambda current_time: ["x", "y"])
    def cfg(key: str) -> dict[str, Any]:
        return {"k": key}

    assert cfg.get_partition_keys() == ["x", "y"]
    assert cfg.get_run_config_for_partition_key("x") == {"k": "x"}
    assert cfg.get_tags_for_partition_key("x") == {"dagster/partition": "x"}


def test_multi_partition_tags() -> None:
    """Multi-partitioned configs tag each dimension too."""
    defn = MultiPartitionsDefinition(
        {"a": StaticPartitionsDefinition(["1"]), "b": StaticPartitionsDefinition(["x"])}
    )
    config = PartitionedConfig(defn, run_config_for_partition_key_fn=lambda k: {})
    assert config.get_tags_for_partition_key("1|x", "j") == {
        "dagster/partition": "1|x",
        "dagster/partition/a": "1",
        "dagster/partition/b": "x",
        "dagster/partition_set": "j_partition_set",
    }


def test_from_flexible_config_wraps_fixed_dict() -> None:
    """A fixed dict becomes a config returning it for every key; a PartitionedConfig is kept."""
    defn = StaticPartitionsDefinition(["a", "b"])
    fixed = PartitionedConfig.from_flexible_config({"ops": {}}, defn)
    assert fixed.get_run_config_for_partition_key("b") == {"ops": {}}
    assert fixed.partitions_def is defn
    assert PartitionedConfig.from_flexible_config(daily_cfg, defn) is daily_cfg


def test_from_flexible_config_normalizes_run_config() -> None:
    """A RunConfig given as fixed config is stored as its dict."""
    defn = StaticPartitionsDefinition(["a"])
    fixed = PartitionedConfig.from_flexible_config(RunConfig(ops={"o": {"config": 1}}), defn)
    assert fixed.get_run_config_for_partition_key("a")["ops"] == {"o": {"config": 1}}
