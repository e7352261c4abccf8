"""Metadata values and what runs record (run with the package name as the argument)."""

from __future__ import annotations

import datetime as dt
import pathlib
from typing import Any

from _common import lib, show

MV = lib.MetadataValue
values = [
    MV.text("a"), MV.int(3), MV.float(2.5), MV.bool(True), MV.json({"a": [1]}), MV.md("# h"),
    MV.path("/tmp/x"), MV.url("http://x"), MV.null(), MV.notebook("/n.ipynb"),
    MV.dagster_run("abc"), MV.asset(lib.AssetKey(["a", "b"])), MV.timestamp(1700000000.0),
    MV.timestamp(dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)),
]  # fmt: skip
for value in values:
    print(type(value).__name__, repr(value.value), repr(value))
schema = lib.TableSchema(columns=[lib.TableColumn("a", "int"), lib.TableColumn("b")])
table = MV.table(records=[lib.TableRecord({"a": 1, "b": "x"})], schema=schema)
print([(c.name, c.type) for c in table.value.schema.columns], table.value.records[0].data)
inferred = MV.table(records=[lib.TableRecord({"n": 1, "f": 1.5, "b": True, "s": "x"})])
print([(c.name, c.type) for c in inferred.schema.columns])
show("int('x')", lambda: MV.int("x"))
show("float(1)", lambda: MV.float(1))
show("naive timestamp", lambda: MV.timestamp(dt.datetime(2024, 1, 1)))
show("bad output metadata", lambda: lib.Output(1, metadata={"o": object()}))
print(lib.Output(1, metadata={"a": 1}).metadata, lib.MaterializeResult(metadata={"a": 1}).metadata)

ab = lib.StaticPartitionsDefinition(["a", "b"])


@lib.asset(partitions_def=ab)
def a1(context) -> int:  # type: ignore[no-untyped-def]
    context.add_output_metadata({"partition": context.partition_key, "f": 1.5, "none": None})
    context.add_output_metadata({"p": pathlib.Path("/tmp"), "k": lib.AssetKey("x")})
    return 1


@lib.asset(partitions_def=ab)
def a2(context) -> Any:  # type: ignore[no-untyped-def]
    return lib.MaterializeResult(metadata={"partition": context.partition_key, "d": {"x": 1}})


with lib.instance_for_test() as instance:
    lib.materialize([a1, a2], partition_key="a", instance=instance)
    for name in ("a1", "a2"):
        event = instance.get_latest_materialization_event(lib.AssetKey(name))
        metadata = event.asset_materialization.metadata
        print(
            name, sorted((k, type(v).__name__, v.value) for k, v in metadata.items() if k != "path")
        )
    print(type(metadata.get("path", lib.MetadataValue.path("/"))).__name__)


@lib.op
def reports(context):  # type: ignore[no-untyped-def]
    context.log_event(lib.AssetMaterialization("m", metadata={"a": 1}))
    context.log_event(lib.AssetObservation(asset_key="obs", metadata={"rows": 5}))
    yield lib.AssetObservation(asset_key="obs2")
    yield lib.Output(1)


@lib.job
def reporting():  # type: ignore[no-untyped-def]
    reports()


with lib.instance_for_test() as instance:
    result = reporting.execute_in_process(instance=instance)
    print([(e.event_type_value, e.asset_key) for e in result.all_events if e.event_type_value.startswith("ASSET")])  # fmt: skip
    observed = instance.fetch_observations(lib.AssetKey("obs"), limit=5)
    print(len(observed.records), observed.records[0].asset_observation.metadata["rows"].value)
    instance.report_runless_asset_event(lib.AssetObservation("z", metadata={"k": "v"}))
    print(len(instance.fetch_observations(lib.AssetKey("z"), limit=5).records))
