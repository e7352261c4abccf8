"""Metadata, types, failures and retries, resources from functions and the environment, test instances.

Run it: ``python docs/examples/engine_runtime.py``. Each part below is shown in docs/engine.md.
"""

from __future__ import annotations

import os

from partwise import (
    AssetKey,
    AssetMaterialization,
    Backoff,
    ConfigurableResource,
    DagsterTypeCheckDidNotPass,
    EnvVar,
    Failure,
    MaterializeResult,
    MetadataValue,
    Output,
    RetryPolicy,
    StaticPartitionsDefinition,
    StringSource,
    _clock,
    asset,
    instance_for_test,
    job,
    materialize,
    op,
    resource,
)

regions = StaticPartitionsDefinition(["eu", "us"])

# --- metadata -------------------------------------------------------------------------------------


@asset(partitions_def=regions)
def orders(context) -> MaterializeResult:
    return MaterializeResult(
        metadata={
            "region": context.partition_key,  # plain values are typed: TextMetadataValue
            "rows": 120,  # IntMetadataValue
            "dashboard": MetadataValue.url("https://example.com/orders"),
        }
    )


with instance_for_test() as instance:
    materialize([orders], partition_key="eu", instance=instance)
    event = instance.get_latest_materialization_event(AssetKey("orders"))
    metadata = event.asset_materialization.metadata
    assert metadata["region"].value == "eu"
    assert metadata["rows"] == MetadataValue.int(120)

# --- types ----------------------------------------------------------------------------------------


@asset
def total() -> int:
    return "12"  # not an int: the run fails with the reference's type-check error


try:
    materialize([total])
except DagsterTypeCheckDidNotPass as error:
    assert str(error) == (
        'Type check failed for step output "result" - expected type "Int". '
        'Description: Value "12" of python type "str" must be a int.'
    )
else:
    raise AssertionError("the type check should have failed the run")


@asset
def counted() -> Output[int]:
    return Output(12, metadata={"source": "api"})


assert materialize([counted]).output_for_node("counted") == 12

# --- failures and retries -------------------------------------------------------------------------

waits: list[float] = []
real_sleep, _clock.sleep = _clock.sleep, waits.append  # record the delays instead of waiting
calls: list[int] = []


@op(retry_policy=RetryPolicy(max_retries=3, delay=0.5, backoff=Backoff.EXPONENTIAL))
def fetch(context) -> str:
    calls.append(context.retry_number)
    if context.retry_number < 2:
        raise ConnectionError("flaky network")
    return "payload"


@job
def nightly():
    fetch()


result = nightly.execute_in_process()
assert result.output_for_node("fetch") == "payload" and calls == [0, 1, 2]
assert waits == [0.5, 1.5]  # (2**n - 1) * delay before retry n
kinds = [e.event_type for e in result.all_events if e.step_key == "fetch"]
assert kinds.count("STEP_UP_FOR_RETRY") == 2 and kinds.count("STEP_RESTARTED") == 2
_clock.sleep = real_sleep


@op
def check_quota():
    raise Failure(description="quota exceeded", metadata={"used": 1.2})


@job
def guarded():
    check_quota()


failed = guarded.execute_in_process(raise_on_error=False)
(failure,) = failed.get_step_failure_events()
assert failure.message == "Failure: quota exceeded"
assert failure.metadata["used"].value == 1.2

# --- resources from functions and the environment -------------------------------------------------


class Api(ConfigurableResource):
    token: str

    def client(self) -> str:
        self._session = f"session for {self.token}"  # private state is allowed
        return self._session


@asset
def pulled(api: Api) -> str:
    return api.client()


os.environ["API_TOKEN"] = "s3cret"  # read when the run starts, not when Api(...) is built
pulled_run = materialize([pulled], resources={"api": Api(token=EnvVar("API_TOKEN"))})
assert pulled_run.output_for_node("pulled") == "session for s3cret"


@resource(config_schema={"url": StringSource})
def warehouse(init_context) -> str:
    return init_context.resource_config["url"]


@op(required_resource_keys={"warehouse"})
def where(context) -> str:
    return context.resources.warehouse


@job(resource_defs={"warehouse": warehouse})
def report():
    where()


os.environ["WAREHOUSE_URL"] = "duckdb:///tmp/w.db"
config = {"resources": {"warehouse": {"config": {"url": {"env": "WAREHOUSE_URL"}}}}}
assert report.execute_in_process(run_config=config).output_for_node("where") == "duckdb:///tmp/w.db"

# --- instances for tests --------------------------------------------------------------------------

with instance_for_test() as instance:  # SQLite in a temporary directory, removed afterwards
    instance.report_runless_asset_event(AssetMaterialization("raw_orders", partition="eu"))
    assert instance.get_materialized_partitions(AssetKey("raw_orders")) == {"eu"}
    assert os.environ["DAGSTER_HOME"] == instance.root_directory

for name in ("API_TOKEN", "WAREHOUSE_URL"):
    del os.environ[name]
