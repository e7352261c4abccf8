"""Daemonless automation: partwise.tick evaluates due schedule ticks and sensors, and runs them."""

from __future__ import annotations

import datetime as dt
import os
import tempfile

from partwise import (
    AssetExecutionContext,
    Definitions,
    DynamicPartitionsDefinition,
    HourlyPartitionsDefinition,
    Instance,
    RunRequest,
    SensorEvaluationContext,
    SensorResult,
    asset,
    build_schedule_from_partitioned_job,
    define_asset_job,
    sensor,
    tick,
)

UTC = dt.timezone.utc
hourly = HourlyPartitionsDefinition(start_date="2024-01-01-00:00")
uploads = DynamicPartitionsDefinition(name="uploads")
inbox = tempfile.mkdtemp()


@asset(partitions_def=hourly)
def page_views(context: AssetExecutionContext) -> int:
    return int(context.partition_key[11:13])


@asset(partitions_def=uploads)
def parsed_upload(context: AssetExecutionContext) -> str:
    return context.partition_key.upper()


page_views_job = define_asset_job("page_views_job", selection=[page_views])
uploads_job = define_asset_job("uploads_job", selection=[parsed_upload], partitions_def=uploads)


@sensor(job=uploads_job)
def new_uploads(context: SensorEvaluationContext) -> SensorResult:
    new = [
        f
        for f in sorted(os.listdir(inbox))
        if not context.instance.has_dynamic_partition("uploads", f)
    ]
    return SensorResult(
        run_requests=[RunRequest(partition_key=f, run_key=f) for f in new],
        dynamic_partitions_requests=[uploads.build_add_request(new)],
        cursor=new[-1] if new else context.cursor,
    )


defs = Definitions(
    assets=[page_views, parsed_upload],
    schedules=[build_schedule_from_partitioned_job(page_views_job)],
    sensors=[new_uploads],
)

with tempfile.TemporaryDirectory() as home, Instance.local(home) as instance:
    open(os.path.join(inbox, "a.csv"), "w").close()

    # First call: only the latest schedule tick (no catch-up), and every sensor.
    first = tick(defs, instance=instance, now=dt.datetime(2024, 3, 5, 7, 30, tzinfo=UTC))
    assert first.success
    assert [r.partition_key for r in first.run_requests] == ["2024-03-05-06:00", "a.csv"]
    assert instance.get_dynamic_partitions("uploads") == ["a.csv"]

    # Later calls: each new tick once; run keys already launched are skipped.
    second = tick(defs, instance=instance, now=dt.datetime(2024, 3, 5, 10, 0, tzinfo=UTC))
    assert [r.partition_key for r in second.run_requests] == [
        "2024-03-05-07:00",
        "2024-03-05-08:00",
        "2024-03-05-09:00",
    ]
    assert all(run.success for run in second.runs)
    sensor_tick = second.evaluations[-1]
    assert (sensor_tick.name, sensor_tick.cursor) == ("new_uploads", "a.csv")
