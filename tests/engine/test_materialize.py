"""``materialize`` / ``materialize_to_memory``: run tags (§4.4), errors (§4.3, §8), selection."""

from __future__ import annotations

import os
from typing import Any

import pytest

from partwise import (
    AssetExecutionContext,
    AssetKey,
    AssetSelection,
    CheckError,
    DagsterUnknownPartitionError,
    DailyPartitionsDefinition,
    DynamicPartitionsDefinition,
    FilesystemIOManager,
    HourlyPartitionsDefinition,
    InMemoryIOManager,
    Instance,
    InvalidDefinitionError,
    InvalidInvocationError,
    InvariantViolationError,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    PartitionKeyRange,
    StaticPartitionsDefinition,
    asset,
    materialize,
    materialize_to_memory,
)

DAILY = DailyPartitionsDefinition(start_date="2023-06-01")
HOURLY = HourlyPartitionsDefinition(start_date="2023-06-01-00:00")
REGION = StaticPartitionsDefinition(["emea", "apac"])
GRID = MultiPartitionsDefinition({"day": DAILY, "region": REGION})
PARTITION_SET = "__ephemeral_asset_job___partition_set"


@asset(partitions_def=DAILY)
def sales(context: AssetExecutionContext) -> str:
    return f"sales@{context.partition_key}"


@asset(partitions_def=DAILY)
def summary(sales: str) -> str:
    return sales.upper()


@asset(partitions_def=HOURLY)
def clicks() -> int:
    return 1


@asset
def lookup() -> dict[str, int]:
    return {"x": 1}


@asset(partitions_def=GRID)
def grid(context: AssetExecutionContext) -> str:
    return str(context.partition_key)


# -- tags ---------------------------------------------------------------------------------------


def test_single_key_tags() -> None:
    """A one-key run is tagged with the key and the ephemeral job's partition set."""
    tags = materialize_to_memory([sales], partition_key="2023-06-03").dagster_run.tags
    assert tags == {"dagster/partition": "2023-06-03", "dagster/partition_set": PARTITION_SET}


def test_multi_key_tags_add_one_tag_per_dimension() -> None:
    """A multi-dimensional key also tags each dimension's value."""
    key = MultiPartitionKey({"day": "2023-06-02", "region": "apac"})
    tags = materialize_to_memory([grid], partition_key=key).dagster_run.tags
    assert tags["dagster/partition"] == "2023-06-02|apac"
    assert tags["dagster/partition/day"] == "2023-06-02"
    assert tags["dagster/partition/region"] == "apac"


def test_multi_key_given_as_string_is_accepted() -> None:
    """The ``day|region`` string form of a multi key (dimensions sorted by name) runs like the ``MultiPartitionKey``."""
    result = materialize_to_memory([grid], partition_key="2023-06-02|emea")
    assert result.output_for_node("grid") == "2023-06-02|emea"
    assert result.dagster_run.tags["dagster/partition/region"] == "emea"


def test_range_run_tags_have_no_partition_tag() -> None:
    """A range run sets the range start/end tags and no ``dagster/partition``."""

    @asset(partitions_def=DAILY)
    def ranged(context: AssetExecutionContext) -> None:
        return None

    tags = materialize_to_memory(
        [ranged], partition_key=PartitionKeyRange("2023-06-01", "2023-06-04")
    ).dagster_run.tags
    assert tags["dagster/asset_partition_range_start"] == "2023-06-01"
    assert tags == {
        "dagster/asset_partition_range_start": "2023-06-01",
        "dagster/asset_partition_range_end": "2023-06-04",
    }


def test_range_given_as_tags_runs_the_range() -> None:
    """Range tags alone (the reference's spelling) make a range run."""
    seen: list[list[str]] = []

    @asset(partitions_def=DAILY)
    def ranged(context: AssetExecutionContext) -> None:
        seen.append(list(context.partition_keys))

    materialize_to_memory(
        [ranged],
        tags={
            "dagster/asset_partition_range_start": "2023-06-02",
            "dagster/asset_partition_range_end": "2023-06-03",
        },
    )
    assert seen == [["2023-06-02", "2023-06-03"]]


def test_key_set_run_tags_list_the_keys() -> None:
    """A run over a set of keys records them, sorted in definition order, as a JSON tag."""

    @asset(partitions_def=DAILY)
    def picked(context: AssetExecutionContext) -> None:
        return None

    result = materialize_to_memory([picked], partition_key={"2023-06-05", "2023-06-02"})
    assert result.dagster_run.tags["partwise/partition_keys"] == '["2023-06-02", "2023-06-05"]'
    partitions = [m.partition for m in result.asset_materializations_for_node("picked")]
    assert partitions == ["2023-06-02", "2023-06-05"]


def test_user_tags_are_merged() -> None:
    """``tags=`` are kept alongside the system tags."""
    tags = materialize_to_memory(
        [sales], partition_key="2023-06-03", tags={"owner": "ana"}
    ).dagster_run.tags
    assert tags["owner"] == "ana"
    assert tags["dagster/partition"] == "2023-06-03"


def test_failed_run_is_tagged_with_the_failure_reason() -> None:
    """A failed run carries ``dagster/failure_reason: STEP_FAILURE``."""

    @asset
    def broken() -> None:
        raise RuntimeError("no")

    result = materialize_to_memory([broken], raise_on_error=False)
    assert result.dagster_run.tags["dagster/failure_reason"] == "STEP_FAILURE"


def test_unpartitioned_run_has_no_partition_tags() -> None:
    """An unpartitioned run adds no partition tags."""
    assert materialize_to_memory([lookup]).dagster_run.tags == {}


# -- errors -------------------------------------------------------------------------------------


def test_mixed_partitions_definitions_fail_to_resolve() -> None:
    """Selected assets with different definitions fail, even without a partition key."""
    with pytest.raises(
        InvalidDefinitionError, match=r"^Failed to resolve asset job __ephemeral_asset_job__"
    ) as info:
        materialize_to_memory([sales, clicks])
    assert "Selected assets must have the same partitions definitions" in str(info.value.__cause__)


def test_unpartitioned_assets_mix_with_partitioned_ones() -> None:
    """Unpartitioned assets are ignored when inferring the run's definition."""
    result = materialize_to_memory([sales, lookup], partition_key="2023-06-02")
    assert result.success
    partitions = {
        m.asset_key.to_user_string(): m.partition for m in result.get_asset_materialization_events()
    }
    assert partitions == {"sales": "2023-06-02", "lookup": None}


def test_unknown_partition_key_fails_before_any_step() -> None:
    """A key outside the definition raises ``DagsterUnknownPartitionError`` and runs nothing."""
    calls: list[str] = []

    @asset(partitions_def=DAILY)
    def tracked() -> None:
        calls.append("ran")

    with pytest.raises(DagsterUnknownPartitionError, match="2023-05-31"):
        materialize_to_memory([tracked], partition_key="2023-05-31")
    assert calls == []


def test_partition_key_without_partitioned_assets_is_a_check_error() -> None:
    """A key for unpartitioned assets raises the reference's ``CheckError``."""
    with pytest.raises(
        CheckError,
        match=r"^Failure condition: There is no PartitionsDefinition shared by all the provided assets",
    ):
        materialize_to_memory([lookup], partition_key="2023-06-01")


def test_partition_key_with_range_tags_is_rejected() -> None:
    """A key plus range tags raises the reference's invariant error."""
    with pytest.raises(
        InvariantViolationError,
        match=r"^Cannot have dagster/asset_partition_range_start or "
        "dagster/asset_partition_range_end tags set along with dagster/partition",
    ):
        materialize_to_memory(
            [sales],
            partition_key="2023-06-02",
            tags={"dagster/asset_partition_range_end": "2023-06-03"},
        )


def test_missing_partition_key_fails_before_any_step() -> None:
    """partwise's choice: no key for a partitioned asset is an error naming the latest key."""
    with pytest.raises(InvalidInvocationError, match=r"no partition was given.*latest is"):
        materialize_to_memory([sales])


def test_reversed_range_is_rejected() -> None:
    """A range whose start is after its end selects nothing and is refused."""
    with pytest.raises(InvalidInvocationError, match="reversed"):
        materialize_to_memory([sales], partition_key=PartitionKeyRange("2023-06-05", "2023-06-01"))


def test_bad_partition_key_type_is_rejected() -> None:
    """A partition key that is neither a key, a range nor a collection is refused."""
    with pytest.raises(InvalidInvocationError, match="PartitionKeyRange"):
        materialize_to_memory([sales], partition_key=20230601)


def test_user_exception_is_reraised_unchanged() -> None:
    """``raise_on_error=True`` re-raises the asset's own exception object."""
    boom = ValueError("boom")

    @asset(partitions_def=DAILY)
    def exploding() -> None:
        raise boom

    with pytest.raises(ValueError, match="boom") as info:
        materialize_to_memory([exploding], partition_key="2023-06-02")
    assert info.value is boom
    assert "partwise: step 'exploding' failed for partition '2023-06-02'" in info.value.__notes__


def test_failure_without_raise_records_failure_events() -> None:
    """``raise_on_error=False`` returns a failed result with the failure events."""

    @asset
    def exploding() -> None:
        raise ValueError("boom")

    result = materialize_to_memory([exploding], raise_on_error=False)
    kinds = [e.event_type_value for e in result.all_events]
    assert not result.success
    assert "STEP_FAILURE" in kinds
    assert kinds[-1] == "PIPELINE_FAILURE"


def test_memory_materialize_refuses_io_manager_resources() -> None:
    """``materialize_to_memory`` replaces I/O managers, so passing one is an error."""
    with pytest.raises(InvariantViolationError, match="io_manager"):
        materialize_to_memory([lookup], resources={"io_manager": InMemoryIOManager()})


def test_unknown_io_manager_key_is_reported() -> None:
    """An asset naming an I/O manager nobody provided fails before running."""

    @asset(io_manager_key="warehouse_io")
    def stored() -> int:
        return 1

    with pytest.raises(InvalidDefinitionError, match="warehouse_io"):
        materialize([stored])


def test_unknown_selection_suggests_nearest_asset() -> None:
    """A misspelt selected key suggests the nearest asset."""
    with pytest.raises(InvalidInvocationError, match=r"did you mean.*sales"):
        materialize_to_memory([sales], selection=["sale"], partition_key="2023-06-01")


def test_dynamic_key_must_exist_in_the_instance() -> None:
    """A dynamic key runs once added to the instance; before that it is unknown."""
    files = DynamicPartitionsDefinition(name="files")

    @asset(partitions_def=files)
    def parsed(context: AssetExecutionContext) -> str:
        return str(context.partition_key)

    instance = Instance.ephemeral()
    with pytest.raises(DagsterUnknownPartitionError, match=r"a.csv"):
        materialize_to_memory([parsed], partition_key="a.csv", instance=instance)
    instance.add_dynamic_partitions("files", ["a.csv"])
    result = materialize_to_memory([parsed], partition_key="a.csv", instance=instance)
    assert result.output_for_node("parsed") == "a.csv"


# -- selection and loading ----------------------------------------------------------------------


def test_selection_runs_only_selected_assets(tmp_path: Any) -> None:
    """Unselected assets are not run; they only tell where inputs are stored."""
    with Instance.local(tmp_path) as instance:
        materialize([sales], partition_key="2023-06-02", instance=instance)
        result = materialize(
            [sales, summary], partition_key="2023-06-02", instance=instance, selection=[summary]
        )
        assert result.output_for_node("summary") == "SALES@2023-06-02"
        assert [e.step_key for e in result.get_asset_materialization_events()] == ["summary"]


def test_selection_accepts_strings_and_asset_selections() -> None:
    """``selection=`` takes a selection string or an ``AssetSelection``."""
    both = materialize_to_memory([sales, summary], partition_key="2023-06-02", selection="sales+")
    assert {e.step_key for e in both.get_asset_materialization_events()} == {"sales", "summary"}
    only = materialize_to_memory(
        [sales, summary], partition_key="2023-06-02", selection=AssetSelection.keys("sales")
    )
    assert {e.step_key for e in only.get_asset_materialization_events()} == {"sales"}


def test_memory_materialize_writes_no_files(tmp_path: Any) -> None:
    """``materialize_to_memory`` keeps values in memory even on a persistent instance."""
    with Instance.local(tmp_path) as instance:
        result = materialize_to_memory(
            [sales, summary], partition_key="2023-06-04", instance=instance
        )
        assert result.output_for_node("summary") == "SALES@2023-06-04"
        storage = os.path.join(instance.root_directory, "storage")
        assert not os.path.exists(storage) or os.listdir(storage) == []


def test_memory_values_persist_within_one_instance() -> None:
    """Values kept in memory by one run are loadable by the next run on the same instance."""
    instance = Instance.ephemeral()
    materialize_to_memory([sales], partition_key="2023-06-06", instance=instance)
    result = materialize_to_memory(
        [sales, summary], partition_key="2023-06-06", instance=instance, selection=[summary]
    )
    assert result.output_for_node("summary") == "SALES@2023-06-06"


def test_default_materialize_writes_to_instance_storage(tmp_path: Any) -> None:
    """``materialize`` pickles to ``<instance root>/storage/<asset>/<key>`` by default."""
    with Instance.local(tmp_path) as instance:
        materialize([sales], partition_key="2023-06-07", instance=instance)
        assert os.path.isfile(tmp_path / "storage" / "sales" / "2023-06-07")


def test_resources_io_manager_override(tmp_path: Any) -> None:
    """An ``io_manager`` resource replaces the default one."""
    materialize(
        [sales],
        partition_key="2023-06-08",
        resources={"io_manager": FilesystemIOManager(base_dir=str(tmp_path / "lake"))},
    )
    assert os.path.isfile(tmp_path / "lake" / "sales" / "2023-06-08")


def test_result_materialization_accessors() -> None:
    """Materializations are reported per node and overall, with key and partition."""
    result = materialize_to_memory([sales, summary], partition_key="2023-06-09")
    (mat,) = result.asset_materializations_for_node("summary")
    assert mat.asset_key == AssetKey("summary")
    assert mat.partition == "2023-06-09"
    events = result.get_asset_materialization_events()
    assert [e.dagster_event.partition for e in events] == ["2023-06-09", "2023-06-09"]
    assert result.asset_value("sales") == "sales@2023-06-09"


def test_output_metadata_is_attached_to_the_materialization() -> None:
    """``context.add_output_metadata`` lands on the materialization event."""

    @asset
    def counted(context: AssetExecutionContext) -> int:
        context.add_output_metadata({"rows": 3})
        return 3

    (mat,) = materialize_to_memory([counted]).asset_materializations_for_node("counted")
    assert mat.metadata["rows"].value == 3


def test_run_is_stored_with_its_materializations() -> None:
    """The instance records the run and the materialized partition."""
    instance = Instance.ephemeral()
    result = materialize_to_memory([sales], partition_key="2023-06-10", instance=instance)
    run = instance.get_run_by_id(result.run_id)
    assert run is not None
    assert run.is_success
    assert instance.get_materialized_partitions(AssetKey("sales")) == {"2023-06-10"}


def test_materialize_result_skips_the_io_manager(tmp_path: Any) -> None:
    """Returning ``MaterializeResult`` records metadata but stores nothing."""
    from partwise import MaterializeResult

    @asset
    def external_write() -> MaterializeResult:
        return MaterializeResult(metadata={"rows": 10})

    with Instance.local(tmp_path) as instance:
        result = materialize([external_write], instance=instance)
        (mat,) = result.asset_materializations_for_node("external_write")
        assert {k: v.value for k, v in mat.metadata.items()} == {"rows": 10}
        assert not (tmp_path / "storage" / "external_write").exists()
        kinds = [e.event_type_value for e in result.events_for_node("external_write")]
        assert "HANDLED_OUTPUT" not in kinds


def test_missing_input_manager_is_reported_before_running() -> None:
    """An ``AssetIn(input_manager_key=)`` without that resource fails before any step."""
    from partwise import AssetIn

    @asset(ins={"lookup": AssetIn(input_manager_key="loader")})
    def enriched(lookup: Any) -> Any:
        return lookup

    with pytest.raises(InvalidDefinitionError, match="'loader'"):
        materialize([lookup, enriched], selection=[enriched])


def test_input_manager_loads_the_input() -> None:
    """An input manager given as a resource loads the input instead of the upstream's."""
    from partwise import AssetIn, IOManager

    class Loader(IOManager):
        def handle_output(self, context: Any, obj: Any) -> None:
            raise AssertionError("loaders only load")

        def load_input(self, context: Any) -> Any:
            return f"loaded {context.asset_key.to_user_string()}"

    @asset(ins={"lookup": AssetIn(input_manager_key="loader")})
    def enriched(lookup: Any) -> Any:
        return lookup

    result = materialize([lookup, enriched], selection=[enriched], resources={"loader": Loader()})
    assert result.output_for_node("enriched") == "loaded lookup"


def test_resource_setup_and_teardown_wrap_the_run() -> None:
    """Overridden resource life-cycle methods run once before and once after the steps."""
    from partwise import ConfigurableResource

    calls: list[str] = []

    class Connection(ConfigurableResource):
        url: str

        def setup_for_execution(self, context: Any) -> None:
            calls.append(f"open {self.url}")

        def teardown_after_execution(self, context: Any) -> None:
            calls.append(f"close {self.url}")

    @asset
    def queried(conn: Connection) -> int:
        calls.append("query")
        return 1

    materialize_to_memory([queried], resources={"conn": Connection(url="db://x")})
    assert calls == ["open db://x", "query", "close db://x"]


def test_failing_resource_setup_fails_the_run_without_steps() -> None:
    """A resource whose setup raises fails the run; no step runs."""
    from partwise import ConfigurableResource

    class Down(ConfigurableResource):
        def setup_for_execution(self, context: Any) -> None:
            raise ConnectionError("unreachable")

    @asset
    def needs_down(down: Down) -> int:
        return 1

    result = materialize_to_memory([needs_down], resources={"down": Down()}, raise_on_error=False)
    assert not result.success
    assert result.is_node_skipped("needs_down")
    with pytest.raises(ConnectionError, match="unreachable") as info:
        materialize_to_memory([needs_down], resources={"down": Down()})
    assert "partwise: resource setup failed" in info.value.__notes__
