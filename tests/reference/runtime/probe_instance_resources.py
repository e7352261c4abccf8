"""Instance helpers, resources, sources, executors and smaller behaviours."""

from __future__ import annotations

import os
import tempfile

from _common import lib, show

with lib.instance_for_test() as instance:
    print(os.environ.get("DAGSTER_HOME") == instance.root_directory, instance.is_ephemeral)
    instance.report_runless_asset_event(
        lib.AssetMaterialization("x", partition="2024-01-01", metadata={"a": 1})
    )
    print(instance.get_materialized_partitions(lib.AssetKey("x")))
    event = instance.get_latest_materialization_event(lib.AssetKey("x"))
    print(
        repr(event.run_id),
        event.asset_materialization.partition,
        event.asset_materialization.metadata,
    )
    root = instance.root_directory
print(os.path.exists(root))
directory = tempfile.mkdtemp()
with lib.instance_for_test(temp_dir=directory) as instance:
    print(instance.root_directory == directory)
ephemeral = lib.DagsterInstance.ephemeral(tempdir=directory)
print(ephemeral.is_ephemeral, ephemeral.root_directory == directory)
with open(os.path.join(directory, "dagster.yaml"), "w") as config:
    config.write(
        f"storage:\n  sqlite:\n    base_dir: {directory}/store\ntelemetry:\n  enabled: false\n"
    )
configured = lib.DagsterInstance.from_config(directory)
print(
    configured.is_ephemeral,
    configured.root_directory == directory,
    os.path.isdir(f"{directory}/store"),
)

os.environ["PW_TOKEN"] = "secret"
os.environ["PW_NUM"] = "7"
os.environ["PW_BOOL"] = "true"


class Client(lib.ConfigurableResource):
    token: str
    n: int = 1

    def connect(self) -> str:
        self._client = f"client-{self.token}"
        return self._client


@lib.asset
def uses(client: Client):  # type: ignore[no-untyped-def]
    return client.connect(), client.n


show("env var", lambda: lib.materialize([uses], resources={"client": Client(token=lib.EnvVar("PW_TOKEN"), n=lib.EnvVar.int("PW_NUM"))}).output_for_node("uses"))  # fmt: skip
show("missing env var", lambda: "PW_NOPE" in str(_missing()))


def _missing() -> str:
    try:
        lib.materialize([uses], resources={"client": Client(token=lib.EnvVar("PW_NOPE"))})
    except lib.DagsterInvalidConfigError as error:
        return str(error)
    return "no error"


print(
    lib.EnvVar("PW_TOKEN") == "PW_TOKEN",
    lib.EnvVar("PW_TOKEN").get_value(),
    lib.EnvVar("PW_TOKEN").env_var_name,
)


@lib.resource(config_schema={"k": lib.StringSource, "i": lib.IntSource, "b": lib.BoolSource})
def settings(init_context):  # type: ignore[no-untyped-def]
    return init_context.resource_config


@lib.op(required_resource_keys={"settings"})
def read(context):  # type: ignore[no-untyped-def]
    return context.resources.settings


@lib.job(resource_defs={"settings": settings}, executor_def=lib.in_process_executor)
def settings_job():  # type: ignore[no-untyped-def]
    read()


config = {"k": {"env": "PW_TOKEN"}, "i": {"env": "PW_NUM"}, "b": {"env": "PW_BOOL"}}
result = settings_job.execute_in_process(run_config={"resources": {"settings": {"config": config}}})
print(sorted(result.output_for_node("read").items()))
context = lib.build_init_resource_context(config={"x": 1}, resources={"a": 1})
print(context.resource_config, context.resources.a)
print(lib.multiprocess_executor.configured({"max_concurrent": 2}) is not None)
key = lib.AssetKey(["a", "b-c", "d.e"])
print(
    key.to_python_identifier(), key.to_python_identifier("x"), lib.AssetKey.from_user_string("a/b")
)


@lib.asset(deps=["plain", ["nested", "key"]], ins={"x": lib.AssetIn(key=["p", "q"])})
def last(x):  # type: ignore[no-untyped-def]
    return None


print(sorted(last.keys_by_input_name.items()), sorted(last.node_keys_by_input_name))
for owners in (["team:data"], ["a@b.co"], ["team:"], ["alice"]):
    show(f"owners {owners}", lambda o=owners: lib.ScheduleDefinition(name="s", cron_schedule="0 0 * * *", job=settings_job, owners=o).owners)  # fmt: skip


@lib.static_partitioned_config(
    partition_keys=["a"], tags_for_partition_key_fn=lambda k: {"d": {"x": 1}, "s": "v"}
)
def partitioned(key):  # type: ignore[no-untyped-def]
    return {}


@lib.op
def noop():  # type: ignore[no-untyped-def]
    return None


@lib.job(config=partitioned)
def tagged():  # type: ignore[no-untyped-def]
    noop()


tags = tagged.execute_in_process(partition_key="a").dagster_run.tags
print(tags["d"], tags["s"])
daily = lib.DailyPartitionsDefinition(start_date="2024-01-01")


@lib.asset(partitions_def=daily, metadata={"m": 1})
def daily_asset():  # type: ignore[no-untyped-def]
    return 1


source = daily_asset.to_source_asset()
print(type(source).__name__, source.key, source.partitions_def == daily, dict(source.metadata))
request = lib.define_asset_job("aj", [daily_asset], partitions_def=daily).run_request_for_partition(
    "2024-01-02"
)
print(request.partition_key, sorted(request.tags.items()))


@lib.asset
def up1():  # type: ignore[no-untyped-def]
    return 1


@lib.asset
def prompt():  # type: ignore[no-untyped-def]
    return "P"


@lib.asset(ins={"up1": lib.AssetIn()})
def gathered(context, prompt=None, **asset_inputs):  # type: ignore[no-untyped-def]
    return prompt, sorted(asset_inputs.items())


print(lib.materialize([up1, prompt, gathered]).output_for_node("gathered"))

two = lib.StaticPartitionsDefinition(["a", "b"])


@lib.asset(partitions_def=two)
def paged():  # type: ignore[no-untyped-def]
    return 1


with lib.instance_for_test() as instance:
    for key in ("a", "b"):
        lib.materialize([paged], partition_key=key, instance=instance)
    page = instance.fetch_materializations(lib.AssetKey("paged"), limit=10)
    print(len(page.records), page.has_more, [r.partition_key for r in page.records])
    record = page.records[0]
    print(record.asset_key, record.asset_materialization.partition, record.storage_id > 0)
    only_a = lib.AssetRecordsFilter(asset_key=lib.AssetKey("paged"), asset_partitions=["a"])
    print([r.partition_key for r in instance.fetch_materializations(only_a, limit=5).records])
    first = instance.fetch_materializations(paged.key, limit=1)
    second = instance.fetch_materializations(paged.key, limit=1, cursor=first.cursor)
    print(first.has_more, [r.partition_key for r in first.records + second.records])
    up = instance.fetch_materializations(paged.key, limit=5, ascending=True)
    print([r.partition_key for r in up.records], up.has_more)
