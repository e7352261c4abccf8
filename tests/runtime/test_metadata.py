"""Metadata values: constructors, normalisation, and what runs record."""

from __future__ import annotations

import datetime as dt
import pathlib
import pickle
from typing import Any

import pytest

from partwise import (
    AssetKey,
    AssetMaterialization,
    CheckError,
    DagsterInvalidMetadata,
    MaterializeResult,
    MetadataValue,
    Output,
    StaticPartitionsDefinition,
    TableColumn,
    TableColumnConstraints,
    TableConstraints,
    TableRecord,
    TableSchema,
    asset,
    instance_for_test,
    materialize,
)
from partwise._metadata import normalize_metadata

ab = StaticPartitionsDefinition(["a", "b"])


@pytest.mark.parametrize(
    ("built", "cls", "value"),
    [
        (MetadataValue.text("t"), "TextMetadataValue", "t"),
        (MetadataValue.int(3), "IntMetadataValue", 3),
        (MetadataValue.float(2.5), "FloatMetadataValue", 2.5),
        (MetadataValue.bool(True), "BoolMetadataValue", True),
        (MetadataValue.json({"a": [1]}), "JsonMetadataValue", {"a": [1]}),
        (MetadataValue.md("# h"), "MarkdownMetadataValue", "# h"),
        (MetadataValue.path(pathlib.Path("/tmp/x")), "PathMetadataValue", "/tmp/x"),
        (MetadataValue.notebook("/n.ipynb"), "NotebookMetadataValue", "/n.ipynb"),
        (MetadataValue.url("http://x"), "UrlMetadataValue", "http://x"),
        (MetadataValue.null(), "NullMetadataValue", None),
        (MetadataValue.dagster_run("r1"), "DagsterRunMetadataValue", "r1"),
        (
            MetadataValue.asset(AssetKey(["a", "b"])),
            "DagsterAssetMetadataValue",
            AssetKey(["a", "b"]),
        ),
        (MetadataValue.timestamp(1.5), "TimestampMetadataValue", 1.5),
    ],
)
def test_constructors_build_typed_values(built: Any, cls: str, value: Any) -> None:
    """Each constructor builds its typed value, whose ``.value`` is the raw value."""
    assert type(built).__name__ == cls
    assert isinstance(built, MetadataValue)
    assert built.value == value
    assert pickle.loads(pickle.dumps(built)) == built


def test_constructors_check_types_exactly() -> None:
    """``int`` refuses a bool and ``float`` an int, as the reference's checks do."""
    with pytest.raises(CheckError, match='Param "value" is not a int'):
        MetadataValue.int("x")  # type: ignore[arg-type]
    with pytest.raises(CheckError, match="is not a float"):
        MetadataValue.float(1)
    with pytest.raises(CheckError, match="is not a bool"):
        MetadataValue.bool(1)  # type: ignore[arg-type]


def test_timestamp_takes_aware_datetimes_only() -> None:
    """An aware datetime gives its timestamp; a naive one is refused."""
    aware = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    assert MetadataValue.timestamp(aware).value == aware.timestamp()
    with pytest.raises(CheckError, match="must have timezones"):
        MetadataValue.timestamp(dt.datetime(2024, 1, 1))


def test_python_artifact_names_module_and_function() -> None:
    """A python artifact records where the callable lives."""
    value = MetadataValue.python_artifact(normalize_metadata)
    assert (value.module, value.name) == ("partwise._metadata", "normalize_metadata")


def test_table_infers_its_schema_from_the_first_record() -> None:
    """Without a schema, column types come from the first row's values."""
    table = MetadataValue.table([TableRecord({"n": 1, "s": "x", "f": 1.5, "b": True})])
    assert [(c.name, c.type) for c in table.schema.columns] == [
        ("n", "int"),
        ("s", "string"),
        ("f", "float"),
        ("b", "bool"),
    ]
    assert table.value is table


def test_table_records_must_agree_and_hold_scalars() -> None:
    """Rows with different fields, or a non-scalar cell, are refused."""
    with pytest.raises(CheckError, match="same fields"):
        MetadataValue.table([TableRecord({"a": 1}), TableRecord({"b": 1})])
    with pytest.raises(CheckError, match="key a"):
        TableRecord({"a": [1]})


def test_table_schema_value() -> None:
    """A table schema value carries its schema, with default column type and constraints."""
    schema = TableSchema(columns=[TableColumn("a"), TableColumn("b", "int", description="d")])
    value = MetadataValue.table_schema(schema)
    assert value.value.columns[0].type == "string"
    assert value.value.columns[0].constraints.nullable is True
    assert TableSchema.from_name_type_dict({"a": "int"}).columns == [TableColumn("a", "int")]


def test_raw_values_are_normalised_like_the_reference() -> None:
    """str, float, bool, int, list/dict, paths, asset keys, schemas and None get their types."""
    typed = normalize_metadata(
        {
            "s": "x",
            "f": 1.0,
            "b": False,
            "i": 2,
            "l": [1],
            "d": {"k": 1},
            "p": pathlib.Path("/a"),
            "k": AssetKey("x"),
            "t": TableSchema([]),
            "n": None,
        }
    )
    assert {k: type(v).__name__ for k, v in typed.items()} == {
        "s": "TextMetadataValue",
        "f": "FloatMetadataValue",
        "b": "BoolMetadataValue",
        "i": "IntMetadataValue",
        "l": "JsonMetadataValue",
        "d": "JsonMetadataValue",
        "p": "PathMetadataValue",
        "k": "DagsterAssetMetadataValue",
        "t": "TableSchemaMetadataValue",
        "n": "NullMetadataValue",
    }


def test_unsupported_values_name_their_key() -> None:
    """An object with no metadata type is refused, naming the key."""
    with pytest.raises(DagsterInvalidMetadata, match='value for "o"'):
        Output(1, metadata={"o": object()})
    with pytest.raises(DagsterInvalidMetadata, match='value for "o"'):
        AssetMaterialization("x", metadata={"o": object()})
    with pytest.raises(CheckError, match='"o"'):
        MaterializeResult(metadata={"o": object()})


def test_output_normalises_at_construction_and_materialize_result_keeps_raw() -> None:
    """``Output.metadata`` is typed at once; ``MaterializeResult.metadata`` stays as given."""
    assert Output(1, metadata={"a": 1}).metadata["a"] == MetadataValue.int(1)
    assert MaterializeResult(metadata={"a": 1}).metadata == {"a": 1}


@asset(partitions_def=ab)
def with_context_metadata(context: Any) -> int:
    context.add_output_metadata({"partition": context.partition_key, "rows": 3})
    return 1


@asset(partitions_def=ab)
def with_result_metadata(context: Any) -> MaterializeResult:
    return MaterializeResult(metadata={"partition": context.partition_key, "d": {"x": 1}})


def test_recorded_materializations_carry_typed_metadata() -> None:
    """``mat.metadata["partition"].value`` works for every way of attaching metadata."""
    with instance_for_test() as instance:
        result = materialize(
            [with_context_metadata, with_result_metadata], partition_key="b", instance=instance
        )
        (mat,) = result.asset_materializations_for_node("with_context_metadata")
        assert mat.metadata["partition"].value == "b"
        assert mat.metadata["rows"] == MetadataValue.int(3)
        assert type(mat.metadata["path"]).__name__ == "PathMetadataValue"
        stored = instance.get_latest_materialization_event(AssetKey("with_result_metadata"))
        assert stored is not None
        assert stored.asset_materialization is not None
        assert stored.asset_materialization.metadata["d"].value == {"x": 1}


def test_allow_invalid_keeps_a_placeholder() -> None:
    """``allow_invalid`` turns an unsupported value into a text placeholder."""
    assert normalize_metadata({"foo": object()}, allow_invalid=True) == {
        "foo": MetadataValue.text("[object] (unserializable)")
    }


def test_json_metadata_must_serialize() -> None:
    """A dict or list holding something JSON cannot encode is refused."""
    with pytest.raises(DagsterInvalidMetadata, match=r"Value is not JSON serializable\."):
        normalize_metadata({"bad": {"nested": object()}})


@pytest.mark.parametrize(
    "build",
    [
        lambda: TableColumn(name=False),  # type: ignore[arg-type]
        lambda: TableColumn("a", type=False),  # type: ignore[arg-type]
        lambda: TableColumn("a", constraints=False),  # type: ignore[arg-type]
        lambda: TableColumnConstraints(nullable="foo"),  # type: ignore[arg-type]
        lambda: TableColumnConstraints(other=False),  # type: ignore[arg-type]
        lambda: TableConstraints(other=False),  # type: ignore[arg-type]
        lambda: TableSchema(columns=False),  # type: ignore[arg-type]
        lambda: TableSchema(columns=[], constraints=False),  # type: ignore[arg-type]
    ],
)
def test_table_parts_check_their_fields(build: Any) -> None:
    """Wrongly typed table fields are refused with ``CheckError``."""
    with pytest.raises(CheckError):
        build()


def test_event_specific_data_reaches_the_materialization() -> None:
    """``event.event_specific_data.materialization.metadata`` as on the reference's events."""
    with instance_for_test() as instance:
        result = materialize([with_context_metadata], partition_key="a", instance=instance)
        (event,) = result.get_asset_materialization_events()
        assert event.event_specific_data.materialization is not None
        assert event.event_specific_data.materialization.metadata["rows"].value == 3


def test_log_event_and_observations_are_recorded() -> None:
    """``context.log_event`` and yielded observations become the run's asset events."""
    from partwise import AssetObservation, Output, job, op

    @op
    def reports(context: Any) -> Any:
        context.log_event(AssetMaterialization("m", metadata={"a": 1}))
        context.log_event(AssetObservation(asset_key="obs", metadata={"rows": 5}))
        yield AssetObservation(asset_key="obs2")
        yield Output(1)

    @job
    def reporting() -> None:
        reports()

    with instance_for_test() as instance:
        result = reporting.execute_in_process(instance=instance)
        kinds = [(e.event_type, e.asset_key) for e in result.all_events if e.asset_key]
        assert kinds == [
            ("ASSET_MATERIALIZATION", AssetKey("m")),
            ("ASSET_OBSERVATION", AssetKey("obs")),
            ("ASSET_OBSERVATION", AssetKey("obs2")),
        ]
        (record,) = instance.fetch_observations(AssetKey("obs"), limit=5).records
        assert record.asset_observation is not None
        assert record.asset_observation.metadata["rows"].value == 5
