"""Config in runs: ``Config`` injection, ``RunConfig``, partitioned configs, ``validate_run_config``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pydantic
import pytest

from partwise import (
    Config,
    DagsterInvalidConfigError,
    DagsterInvalidInvocationError,
    DailyPartitionsDefinition,
    Definitions,
    InvalidInvocationError,
    RunConfig,
    asset,
    daily_partitioned_config,
    define_asset_job,
    job,
    materialize_to_memory,
    op,
    static_partitioned_config,
    validate_run_config,
)


class WindowConfig(Config):
    start: str
    limit: int = 5


@op
def windowed(context: Any, config: WindowConfig) -> tuple[str, int]:
    return config.start, config.limit


@job
def plain_job() -> None:
    windowed()


@daily_partitioned_config(
    start_date=datetime(2021, 3, 1),
    tags_for_partition_fn=lambda start, _end: {"weekday": start.strftime("%a")},
)
def by_day(start: datetime, _end: datetime) -> dict[str, Any]:
    return {"ops": {"windowed": {"config": {"start": start.strftime("%Y-%m-%d")}}}}


@job(config=by_day)
def daily_job() -> None:
    windowed()


def test_dict_run_config_reaches_the_op() -> None:
    """Raw run config is validated and injected as the ``Config`` instance; defaults fill in."""
    result = plain_job.execute_in_process(
        run_config={"ops": {"windowed": {"config": {"start": "2021-03-02"}}}}
    )
    assert result.output_for_node("windowed") == ("2021-03-02", 5)


def test_run_config_object_reaches_the_op() -> None:
    """``RunConfig(ops={name: ConfigInstance})`` is accepted too."""
    result = plain_job.execute_in_process(
        run_config=RunConfig(ops={"windowed": WindowConfig(start="s", limit=9)})
    )
    assert result.output_for_node("windowed") == ("s", 9)


def test_resolved_config_is_stored_on_the_run() -> None:
    """The run records the run config it was given."""
    run_config = {"ops": {"windowed": {"config": {"start": "x"}}}}
    run = plain_job.execute_in_process(run_config=run_config).dagster_run
    assert run.run_config == run_config


def test_missing_config_fails_before_the_step() -> None:
    """No config for a required field fails with the reference's message."""
    with pytest.raises(DagsterInvalidConfigError, match='Missing required config entry "ops"'):
        plain_job.execute_in_process()


def test_config_for_asset_by_step_name() -> None:
    """Assets take config the same way, keyed by their step name."""

    @asset
    def tuned(config: WindowConfig) -> int:
        return config.limit

    result = materialize_to_memory(
        [tuned], run_config={"ops": {"tuned": {"config": {"start": "a", "limit": 2}}}}
    )
    assert result.output_for_node("tuned") == 2


def test_config_instances_are_frozen() -> None:
    """Assigning to a config attribute raises the reference's invocation error."""
    cfg = WindowConfig(start="a")
    with pytest.raises(
        DagsterInvalidInvocationError, match=r"^'WindowConfig' is a Pythonic config"
    ):
        cfg.limit = 3  # type: ignore[misc]


def test_config_construction_validates_types() -> None:
    """Constructing a config with a wrong type raises pydantic's ``ValidationError``."""
    with pytest.raises(pydantic.ValidationError):
        WindowConfig(start=5)  # type: ignore[arg-type]


def test_partitioned_job_uses_generated_config_and_tags() -> None:
    """A partition's run config comes from the ``PartitionedConfig``; its tags come first."""
    result = daily_job.execute_in_process(partition_key="2021-03-04")
    assert result.output_for_node("windowed") == ("2021-03-04", 5)
    tags = result.dagster_run.tags
    assert tags["weekday"] == "Thu"
    assert tags["dagster/partition"] == "2021-03-04"
    assert next(iter(tags)) == "weekday"


def test_explicit_run_config_wins_over_partitioned_config() -> None:
    """An explicit ``run_config`` replaces the generated one."""
    result = daily_job.execute_in_process(
        partition_key="2021-03-04",
        run_config={"ops": {"windowed": {"config": {"start": "manual"}}}},
    )
    assert result.output_for_node("windowed") == ("manual", 5)


def test_job_config_decides_partitions() -> None:
    """``@job(config=partitioned_config)`` takes the config's definition."""
    assert daily_job.partitions_def == by_day.partitions_def
    assert daily_job.partitioned_config is by_day


def test_fixed_config_with_partitions_def_is_wrapped() -> None:
    """``@job(partitions_def=, config={...})`` gives every partition the same config."""

    @job(
        partitions_def=DailyPartitionsDefinition(start_date="2021-01-01"),
        config={"ops": {"windowed": {"config": {"start": "fixed"}}}},
    )
    def fixed() -> None:
        windowed()

    assert fixed.partitioned_config.get_run_config_for_partition_key("2021-01-05") == {
        "ops": {"windowed": {"config": {"start": "fixed"}}}
    }
    assert fixed.execute_in_process(partition_key="2021-01-05").output_for_node("windowed") == (
        "fixed",
        5,
    )


def test_static_partitioned_config_job() -> None:
    """A static partitioned config makes one partition per key."""

    @static_partitioned_config(partition_keys=["red", "green"])
    def colours(key: str) -> dict[str, Any]:
        return {"ops": {"windowed": {"config": {"start": key}}}}

    @job(config=colours)
    def colour_job() -> None:
        windowed()

    assert colour_job.partitions_def.get_partition_keys() == ["red", "green"]
    assert (
        colour_job.execute_in_process(partition_key="green").output_for_node("windowed")[0]
        == "green"
    )


def test_asset_job_with_config() -> None:
    """``define_asset_job(config=)`` accepts a dict or a ``RunConfig``."""

    @asset
    def tuned(config: WindowConfig) -> int:
        return config.limit

    jobs = [
        define_asset_job(
            "as_dict", [tuned], config={"ops": {"tuned": {"config": {"start": "x", "limit": 1}}}}
        ),
        define_asset_job(
            "as_object", [tuned], config=RunConfig(ops={"tuned": WindowConfig(start="y", limit=2)})
        ),
    ]
    defs = Definitions(assets=[tuned], jobs=jobs)
    assert defs.get_job_def("as_dict").execute_in_process().output_for_node("tuned") == 1
    assert defs.get_job_def("as_object").execute_in_process().output_for_node("tuned") == 2


# -- validate_run_config ------------------------------------------------------------------------


def test_validate_returns_the_resolved_config() -> None:
    """The resolved config has defaults filled, as in the reference."""
    resolved = validate_run_config(plain_job, {"ops": {"windowed": {"config": {"start": "d"}}}})
    assert resolved["ops"] == {
        "windowed": {"config": {"start": "d", "limit": 5}, "inputs": {}, "outputs": None}
    }
    assert resolved["resources"] == {"io_manager": {"config": None}}
    assert resolved["loggers"] == {}
    assert "multi_or_in_process_executor" in resolved["execution"]


def test_validate_accepts_a_run_config_object() -> None:
    """``validate_run_config`` takes ``RunConfig`` objects."""
    resolved = validate_run_config(plain_job, RunConfig(ops={"windowed": WindowConfig(start="o")}))
    assert resolved["ops"]["windowed"]["config"] == {"start": "o", "limit": 5}


def test_validate_numbers_each_error_with_its_path() -> None:
    """Each problem is a numbered error naming its path, expected and got."""
    with pytest.raises(DagsterInvalidConfigError) as info:
        validate_run_config(plain_job, {"ops": {"windowed": {"config": {"limit": "many"}}}})
    text = str(info.value)
    assert 'Missing required config entry "start" at path root:ops:windowed:config' in text
    assert (
        'Invalid scalar at path root:ops:windowed:config:limit. Value "many" of type '
        '"<class \'str\'>" is not valid for expected type "Int".'
    ) in text
    assert "Error 1:" in text
    assert "Error 2:" in text
    assert "ops.windowed.config.limit" in text


def test_validate_suggests_misspelt_keys() -> None:
    """A misspelt key gets a "did you mean" hint."""
    with pytest.raises(DagsterInvalidConfigError, match='Did you mean "windowed"'):
        validate_run_config(plain_job, {"ops": {"windowd": {"config": {"start": "a"}}}})


def test_validate_ignores_partitioned_config() -> None:
    """Like the reference, validation does not generate a partition's config by itself."""
    with pytest.raises(DagsterInvalidConfigError, match='Missing required config entry "ops"'):
        validate_run_config(daily_job)


def test_validate_accepts_a_partitions_generated_config() -> None:
    """A partition's generated config validates against the job."""
    run_config = by_day.get_run_config_for_partition_key("2021-03-10")
    assert validate_run_config(daily_job, run_config)["ops"]["windowed"]["config"]["start"] == (
        "2021-03-10"
    )


def test_directly_constructed_partitioned_config_is_not_invocable() -> None:
    """Only decorator-made partitioned configs can be called."""
    from partwise import PartitionedConfig

    pconfig = PartitionedConfig(
        partitions_def=DailyPartitionsDefinition(start_date="2021-01-01"),
        run_config_for_partition_key_fn=lambda key: {},
    )
    with pytest.raises(InvalidInvocationError, match=r"^Only PartitionedConfig objects created"):
        pconfig()


def test_range_run_of_per_partition_config_job_explains_itself() -> None:
    """A multi-partition run of a job whose config is made per partition hints at run_config."""
    from partwise import PartitionKeyRange

    with pytest.raises(DagsterInvalidConfigError, match="makes its run config per partition"):
        daily_job.execute_in_process(partition_key=PartitionKeyRange("2021-03-02", "2021-03-03"))
    result = daily_job.execute_in_process(
        partition_key=PartitionKeyRange("2021-03-02", "2021-03-03"),
        run_config={"ops": {"windowed": {"config": {"start": "both"}}}},
    )
    assert result.output_for_node("windowed") == ("both", 5)


def test_run_config_configures_function_style_io_manager(tmp_path: Any) -> None:
    """``resources.<key>.config`` in the run config reaches an ``@io_manager`` definition."""
    from partwise import materialize
    from partwise._io.filesystem import fs_io_manager

    @asset
    def stored() -> int:
        return 1

    materialize(
        [stored],
        resources={"io_manager": fs_io_manager},
        run_config={"resources": {"io_manager": {"config": {"base_dir": str(tmp_path)}}}},
    )
    assert (tmp_path / "stored").is_file()
