"""Sensors: @sensor, SensorResult, build_sensor_context and tick evaluation (spec §6.3)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from partwise import (
    AddDynamicPartitionsRequest,
    CheckError,
    DefaultSensorStatus,
    Definitions,
    DeleteDynamicPartitionsRequest,
    DynamicPartitionsDefinition,
    Instance,
    InvalidInvocationError,
    InvariantViolationError,
    RunRequest,
    SensorDefinition,
    SensorResult,
    SkipReason,
    StaticPartitionsDefinition,
    UnknownPartitionError,
    asset,
    build_sensor_context,
    define_asset_job,
    job,
    op,
    sensor,
)

FRUITS = DynamicPartitionsDefinition(name="fruits")


@asset(partitions_def=FRUITS)
def fruit(context: Any) -> str:
    return str(context.partition_key)


FRUIT_JOB = define_asset_job("fruit_job", selection=[fruit], partitions_def=FRUITS)


@pytest.fixture
def instance() -> Instance:
    inst = Instance.ephemeral()
    inst.add_dynamic_partitions("fruits", ["apple"])
    return inst


def test_sensor_attributes() -> None:
    """name, job_name, minimum_interval_seconds (default 30) and default_status."""

    @sensor(job=FRUIT_JOB)
    def watcher(context: Any) -> None:
        return None

    @sensor(job=FRUIT_JOB, minimum_interval_seconds=5, name="fast")
    def other(context: Any) -> None:
        return None

    assert (watcher.name, watcher.job_name, watcher.minimum_interval_seconds) == (
        "watcher",
        "fruit_job",
        30,
    )
    assert (other.name, other.minimum_interval_seconds) == ("fast", 5)
    assert watcher.default_status is DefaultSensorStatus.STOPPED
    assert isinstance(watcher, SensorDefinition)


def test_sensor_result_refuses_requests_and_skip_together() -> None:
    """Both run requests and a skip reason is a CheckError with the reference's text."""
    with pytest.raises(
        CheckError,
        match=r"^Failure condition: Expected a single skip reason or one or more run requests: received values for both run_requests and skip_reason",
    ):
        SensorResult(run_requests=[RunRequest()], skip_reason="x")


def test_sensor_result_wraps_string_skip_reason() -> None:
    """A string skip_reason becomes a SkipReason; missing lists become empty lists."""
    result = SensorResult(skip_reason="x")
    assert result.skip_reason == SkipReason("x")
    assert (result.run_requests, result.dynamic_partitions_requests) == ([], [])


def test_sensor_result_refuses_other_dynamic_requests() -> None:
    """dynamic_partitions_requests hold add/delete requests only."""
    with pytest.raises(CheckError, match=r"dynamic_partitions_requests"):
        SensorResult(dynamic_partitions_requests=["apple"])  # type: ignore[list-item]


def test_dynamic_partition_added_and_requested_in_one_tick(instance: Instance) -> None:
    """Keys are validated as if the tick's own add requests were applied (§6.3)."""

    @sensor(job=FRUIT_JOB)
    def adds(context: Any) -> SensorResult:
        return SensorResult(
            run_requests=[RunRequest(partition_key="durian")],
            dynamic_partitions_requests=[FRUITS.build_add_request(["durian"])],
            cursor="c1",
        )

    data = adds.evaluate_tick(build_sensor_context(instance=instance, cursor="c0"))
    (request,) = data.run_requests
    assert request.tags == {
        "dagster/partition": "durian",
        "dagster/partition_set": "fruit_job_partition_set",
        "dagster/sensor_name": "adds",
    }
    assert data.cursor == "c1"
    assert data.dynamic_partitions_requests == [AddDynamicPartitionsRequest("fruits", ["durian"])]
    assert not instance.has_dynamic_partition("fruits", "durian")  # evaluation applies nothing


def test_unknown_dynamic_key_is_an_error(instance: Instance) -> None:
    """A key that neither exists nor is added is unknown."""

    @sensor(job=FRUIT_JOB)
    def asks(context: Any) -> list[RunRequest]:
        return [RunRequest(partition_key="kiwi")]

    with pytest.raises(
        UnknownPartitionError, match=r"^Could not find a partition with key `kiwi`."
    ):
        asks.evaluate_tick(build_sensor_context(instance=instance))


def test_key_deleted_in_the_same_tick_is_unknown(instance: Instance) -> None:
    """A delete request in the same result removes the key before validation."""

    @sensor(job=FRUIT_JOB)
    def deletes(context: Any) -> SensorResult:
        return SensorResult(
            run_requests=[RunRequest(partition_key="apple")],
            dynamic_partitions_requests=[DeleteDynamicPartitionsRequest("fruits", ["apple"])],
        )

    with pytest.raises(UnknownPartitionError):
        deletes.evaluate_tick(build_sensor_context(instance=instance))


def test_existing_keys_skip_with_nothing_new(instance: Instance) -> None:
    """The usual dedupe: has_dynamic_partition, then SkipReason('nothing new')."""

    @sensor(job=FRUIT_JOB)
    def dedupe(context: Any) -> Any:
        new = [k for k in ["apple"] if not context.instance.has_dynamic_partition("fruits", k)]
        return SkipReason("nothing new") if not new else SensorResult(run_requests=[])

    data = dedupe.evaluate_tick(build_sensor_context(instance=instance))
    assert (data.run_requests, data.skip_message) == ([], "nothing new")


def test_guide_image_sensor(tmp_path: Path, instance: Instance) -> None:
    """The guide's image sensor: new files become dynamic partitions and runs in one tick."""
    images = DynamicPartitionsDefinition(name="images")

    @asset(partitions_def=images)
    def image(context: Any) -> None:
        pass

    images_job = define_asset_job("images_job", selection=[image], partitions_def=images)
    for name in ["a.png", "b.png"]:
        (tmp_path / name).write_text("x")

    @sensor(job=images_job)
    def image_sensor(context: Any) -> SensorResult:
        new_images = [
            f
            for f in sorted(os.listdir(tmp_path))
            if not context.instance.has_dynamic_partition(images.name, f)
        ]
        return SensorResult(
            run_requests=[RunRequest(partition_key=f) for f in new_images],
            dynamic_partitions_requests=[images.build_add_request(new_images)],
        )

    data = image_sensor.evaluate_tick(build_sensor_context(instance=instance))
    assert [r.partition_key for r in data.run_requests] == ["a.png", "b.png"]


def test_empty_result_skips() -> None:
    """None skips with the reference's message; the context's cursor is kept."""

    @sensor(job=FRUIT_JOB)
    def quiet(context: Any) -> None:
        return None

    data = quiet.evaluate_tick(build_sensor_context(cursor="c0"))
    assert (data.skip_message, data.cursor) == ("Sensor function returned an empty result", "c0")


def test_yielded_requests_and_updated_cursor() -> None:
    """Yielded requests need no run keys; update_cursor sets the tick's cursor."""

    @sensor(job=FRUIT_JOB)
    def yields(context: Any) -> Any:
        context.update_cursor("zz")
        yield RunRequest(run_key="a")
        yield RunRequest()

    data = yields.evaluate_tick(build_sensor_context(cursor="c0"))
    assert [r.run_key for r in data.run_requests] == ["a", None]
    assert data.run_requests[0].tags == {"dagster/sensor_name": "yields"}
    assert data.cursor == "zz"


def test_cursor_in_result_and_update_cursor_conflict() -> None:
    """A SensorResult cursor after update_cursor() is refused."""

    @sensor(job=FRUIT_JOB)
    def both(context: Any) -> SensorResult:
        context.update_cursor("a")
        return SensorResult(cursor="b")

    with pytest.raises(
        CheckError,
        match=r"SensorResult.cursor cannot be set if context.update_cursor\(\) was called",
    ):
        both.evaluate_tick(build_sensor_context())


def test_sensor_result_must_be_alone() -> None:
    """A SensorResult mixed with other yielded values is refused."""

    @sensor(job=FRUIT_JOB)
    def mixed(context: Any) -> Any:
        yield RunRequest()
        yield SensorResult()

    with pytest.raises(CheckError, match=r"it must be the only object returned"):
        mixed.evaluate_tick(build_sensor_context())


def test_sensor_without_context_parameter() -> None:
    """A function without parameters is called without a context."""

    @sensor(job=FRUIT_JOB)
    def bare() -> SkipReason:
        return SkipReason("x")

    assert bare.evaluate_tick(build_sensor_context()).skip_message == "x"


def test_dynamic_keys_without_instance_fail_with_store_message() -> None:
    """Without an instance a dynamic key cannot be checked (the reference's CheckError)."""

    @sensor(job=FRUIT_JOB)
    def asks() -> RunRequest:
        return RunRequest(partition_key="apple")

    with pytest.raises(
        CheckError, match=r"^Failure condition: The instance is not available to load partitions"
    ):
        asks.evaluate_tick(build_sensor_context())


def test_keys_added_in_the_tick_resolve_without_instance() -> None:
    """Keys the tick itself adds resolve even without an instance."""

    @sensor(job=FRUIT_JOB)
    def adds() -> SensorResult:
        return SensorResult(
            [RunRequest(partition_key="fig")],
            dynamic_partitions_requests=[FRUITS.build_add_request(["fig"])],
        )

    assert adds.evaluate_tick(build_sensor_context()).run_requests[0].partition_key == "fig"


def test_sensor_on_unresolved_asset_job_needs_definitions(instance: Instance) -> None:
    """An asset job without partitions_def resolves keys only with definitions=."""
    job_without_def = define_asset_job("fj2", selection=[fruit])

    @sensor(job=job_without_def)
    def asks() -> RunRequest:
        return RunRequest(partition_key="apple")

    defs = Definitions(assets=[fruit], sensors=[asks])
    with pytest.raises(InvariantViolationError, match=r"^Attempted to access repository_def"):
        asks.evaluate_tick(build_sensor_context(instance=instance))
    data = asks.evaluate_tick(build_sensor_context(instance=instance, definitions=defs))
    assert data.run_requests[0].tags["dagster/partition_set"] == "fj2_partition_set"


def test_sensor_with_several_jobs_needs_job_name_per_request() -> None:
    """With several target jobs each partitioned request names its job."""

    @op
    def noop() -> None:
        pass

    @job(partitions_def=StaticPartitionsDefinition(["a"]))
    def first() -> None:
        noop()

    @job(partitions_def=StaticPartitionsDefinition(["b"]))
    def second() -> None:
        noop()

    @sensor(jobs=[first, second])
    def multi(context: Any) -> list[RunRequest]:
        return [RunRequest(partition_key="b", job_name="second")]

    @sensor(jobs=[first, second])
    def unnamed(context: Any) -> list[RunRequest]:
        return [RunRequest(partition_key="a")]

    assert (
        multi.evaluate_tick(build_sensor_context()).run_requests[0].tags["dagster/partition"] == "b"
    )
    with pytest.raises(CheckError, match=r"each RunRequest must specify job_name"):
        unnamed.evaluate_tick(build_sensor_context())
    with pytest.raises(CheckError, match=r"targets multiple jobs"):
        _ = multi.job_name


def test_direct_invocation_returns_raw_output() -> None:
    """Calling a sensor returns its output unresolved; a context is built when none is given."""

    @sensor(job=FRUIT_JOB)
    def raw(context: Any) -> list[RunRequest]:
        return [RunRequest(partition_key="apple")]

    assert raw()[0].tags == {}
    assert raw(build_sensor_context())[0].partition_key == "apple"
    with pytest.raises(InvalidInvocationError, match=r"SensorEvaluationContext"):
        raw("not a context")


def test_evaluate_tick_needs_a_sensor_context() -> None:
    """evaluate_tick refuses anything but a SensorEvaluationContext."""

    @sensor(job=FRUIT_JOB)
    def s(context: Any) -> None:
        return None

    with pytest.raises(CheckError, match=r"SensorEvaluationContext"):
        s.evaluate_tick(None)  # type: ignore[arg-type]


def test_build_sensor_context_values(instance: Instance) -> None:
    """The context carries the instance and cursor; a missing instance errors on access."""
    ctx = build_sensor_context(instance=instance, cursor="a")
    assert (ctx.instance, ctx.cursor, ctx.last_run_key) == (instance, "a", None)
    with pytest.raises(InvariantViolationError, match=r"^Attempted to initialize dagster instance"):
        _ = build_sensor_context().instance


def test_add_request_needs_a_list() -> None:
    """AddDynamicPartitionsRequest keeps the reference's argument checks."""
    with pytest.raises(CheckError, match='Param "partition_keys" is not a list'):
        AddDynamicPartitionsRequest("fruits", "apple")  # type: ignore[arg-type]
