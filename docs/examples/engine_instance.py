"""The instance: run history, partition status, dynamic partitions."""

from __future__ import annotations

import tempfile

from partwise import (
    AssetExecutionContext,
    AssetKey,
    AssetPartitionStatus,
    DynamicPartitionsDefinition,
    Instance,
    RunsFilter,
    asset,
    materialize,
)

uploads = DynamicPartitionsDefinition(name="uploads")


@asset(partitions_def=uploads)
def parsed_upload(context: AssetExecutionContext) -> int:
    if context.partition_key.endswith(".bad"):
        raise ValueError(f"cannot parse {context.partition_key}")
    return len(context.partition_key)


with tempfile.TemporaryDirectory() as home, Instance.local(home) as instance:
    new_files = ["a.csv", "b.csv", "c.bad"]
    fresh = [f for f in new_files if not instance.has_dynamic_partition("uploads", f)]
    instance.add_dynamic_partitions("uploads", fresh)
    assert instance.get_dynamic_partitions("uploads") == new_files

    for key in new_files:
        materialize([parsed_upload], partition_key=key, instance=instance, raise_on_error=False)

    status = instance.get_status_by_partition(AssetKey("parsed_upload"), new_files, uploads)
    assert status == {
        "a.csv": AssetPartitionStatus.MATERIALIZED,
        "b.csv": AssetPartitionStatus.MATERIALIZED,
        "c.bad": AssetPartitionStatus.FAILED,
    }
    failed = instance.get_runs(filters=RunsFilter(tags={"dagster/partition": "c.bad"}))
    assert [r.tags["dagster/failure_reason"] for r in failed] == ["STEP_FAILURE"]

# A local instance persists: reopen it (from this or another process) and everything is there.
with tempfile.TemporaryDirectory() as home:
    with Instance.local(home) as first:
        first.add_dynamic_partitions("uploads", ["kept.csv"])
        materialize([parsed_upload], partition_key="kept.csv", instance=first)
    with Instance.local(home) as again:
        assert again.get_materialized_partitions(AssetKey("parsed_upload")) == {"kept.csv"}
