"""Output and input contexts: accessors, their error texts, identifiers and the build_* helpers."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from partwise._asset_key import AssetKey
from partwise._config.config import Config
from partwise._instance.instance import Instance
from partwise._io.base import (
    InitResourceContext,
    InputContext,
    IOManager,
    IOManagerDefinition,
    OutputContext,
    build_init_resource_context,
    build_input_context,
    build_output_context,
    io_manager,
)
from partwise._io.configurable import ConfigurableIOManager, ConfigurableIOManagerFactory
from partwise._partitions.definitions.base import PartitionKeyRange, TimeWindow
from partwise._partitions.definitions.cadences import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
)
from partwise._partitions.definitions.multi import MultiPartitionKey, MultiPartitionsDefinition
from partwise._partitions.definitions.static import StaticPartitionsDefinition
from partwise.errors import CheckError, InvalidInvocationError, InvariantViolationError

DAILY = DailyPartitionsDefinition(start_date="2022-01-01")
HOURLY = HourlyPartitionsDefinition(start_date="2022-01-01-00:00")
STATIC = StaticPartitionsDefinition(["a", "b", "c"])
MULTI = MultiPartitionsDefinition({"date": DAILY, "letter": StaticPartitionsDefinition(["a", "b"])})


def utc(year: int, month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=dt.timezone.utc)


@pytest.fixture
def instance() -> Iterator[Instance]:
    with Instance.ephemeral() as inst:
        yield inst


# OutputContext


def test_output_defaults() -> None:
    """An output context defaults to the name 'result', no asset and no partitions."""
    context = OutputContext()
    assert context.name == "result"
    assert not context.has_asset_key
    assert not context.has_asset_partitions
    assert not context.has_partition_key
    assert context.metadata == {}


def test_output_step_key_and_run_id_must_be_given() -> None:
    """step_key and run_id raise when the context was built without them."""
    context = OutputContext()
    with pytest.raises(InvariantViolationError, match=r"^Attempting to access step_key, but it"):
        context.step_key  # noqa: B018
    with pytest.raises(InvariantViolationError, match=r"^Attempting to access run_id, but it"):
        context.run_id  # noqa: B018


def test_output_asset_key_missing() -> None:
    """asset_key without an asset names the missing attribute."""
    with pytest.raises(InvariantViolationError, match=r"^Attempting to access asset_key"):
        OutputContext().asset_key  # noqa: B018


def test_output_coerces_asset_key() -> None:
    """A string or a list becomes an AssetKey."""
    assert OutputContext(asset_key=["pre", "a"]).asset_key == AssetKey(["pre", "a"])
    assert OutputContext(asset_key="a/b").asset_key == AssetKey(["a/b"])  # one part, as Dagster


def test_output_single_partition_accessors() -> None:
    """A single written key answers every partition accessor."""
    context = OutputContext(asset_key="a", partitions_def=DAILY, partition_keys=["2022-01-02"])
    assert context.has_partition_key
    assert context.partition_key == "2022-01-02"
    assert context.asset_partition_key == "2022-01-02"
    assert context.asset_partition_keys == ["2022-01-02"]
    assert context.asset_partition_key_range == PartitionKeyRange("2022-01-02", "2022-01-02")
    assert context.asset_partitions_def is DAILY


def test_output_range_partition_key_error() -> None:
    """partition_key on a range output raises the run context's range text."""
    context = OutputContext(partition_keys=["2022-01-02", "2022-01-03"], partitions_def=DAILY)
    assert not context.has_partition_key
    with pytest.raises(
        InvariantViolationError,
        match=r"^Cannot access partition_key for a partitioned run with a range of partitions\. "
        r"Call partition_key_range instead\.",
    ):
        context.partition_key  # noqa: B018


def test_output_unpartitioned_partition_key_error() -> None:
    """partition_key on an unpartitioned output raises the non-partitioned text."""
    with pytest.raises(
        InvariantViolationError, match=r"^Cannot access partition_key for a non-partitioned run"
    ):
        OutputContext().partition_key  # noqa: B018


def test_output_asset_partition_key_range_error_text() -> None:
    """asset_partition_key on a range raises spec §4.2's CheckError text."""
    context = OutputContext(
        step_key="a",
        asset_key="a",
        partitions_def=DAILY,
        partition_keys=["2022-01-02", "2022-01-03"],
    )
    expected = (
        "Failure condition: Tried to access partition key for output 'result' of step 'a', but "
        "the step output has a partition range: '2022-01-02' to '2022-01-03'."
    )
    with pytest.raises(CheckError) as info:
        context.asset_partition_key  # noqa: B018
    assert str(info.value).startswith(expected)


def test_output_asset_partition_key_unpartitioned_text() -> None:
    """asset_partition_key and the range on an unpartitioned output raise 'no asset partitions'."""
    context = OutputContext(asset_key="u2")
    for accessor in ("asset_partition_key", "asset_partition_key_range"):
        with pytest.raises(
            CheckError, match=r"^Failure condition: The output has no asset partitions"
        ):
            getattr(context, accessor)


def test_output_asset_partition_keys_unpartitioned_text() -> None:
    """asset_partition_keys on an unpartitioned asset names the asset (spec §4.2)."""
    with pytest.raises(
        InvariantViolationError,
        match=r"^Attempting to access partitions def for asset AssetKey\(\['u2'\]\), but it is "
        "not partitioned",
    ):
        OutputContext(asset_key="u2").asset_partition_keys  # noqa: B018


def test_output_partitions_def_without_asset() -> None:
    """asset_partitions_def without an asset says the output is not an asset."""
    with pytest.raises(InvariantViolationError, match=r"output does not correspond to an asset"):
        OutputContext().asset_partitions_def  # noqa: B018


def test_output_given_key_range_wins() -> None:
    """An explicit partition_key_range is returned as is."""
    key_range = PartitionKeyRange("2022-01-02", "2022-01-04")
    keys = ["2022-01-02", "2022-01-03", "2022-01-04"]
    context = OutputContext(
        partitions_def=DAILY, partition_keys=keys, partition_key_range=key_range
    )
    assert context.asset_partition_key_range is key_range


def test_output_time_window_of_key() -> None:
    """The window of a single daily key is that day."""
    context = OutputContext(partitions_def=DAILY, partition_keys=["2022-01-02"])
    assert context.asset_partitions_time_window == TimeWindow(utc(2022, 1, 2), utc(2022, 1, 3))


def test_output_time_window_of_range() -> None:
    """A range's window runs from the first key's start to the last key's end."""
    context = OutputContext(
        partitions_def=HOURLY, partition_keys=["2022-01-02-05:00", "2022-01-02-07:00"]
    )
    assert context.asset_partitions_time_window == TimeWindow(
        utc(2022, 1, 2, 5), utc(2022, 1, 2, 8)
    )


def test_output_time_window_of_multi_key() -> None:
    """A multi key's window is its time dimension's window."""
    context = OutputContext(partitions_def=MULTI, partition_keys=["2022-01-02|b"])
    assert context.asset_partitions_time_window == TimeWindow(utc(2022, 1, 2), utc(2022, 1, 3))


def test_output_time_window_unpartitioned_text() -> None:
    """Without a partitions definition the window raises spec §4.2's text."""
    with pytest.raises(
        ValueError,
        match=r"^Tried to get asset partitions for an output 'result' that does not correspond "
        "to a partitioned asset.",
    ):
        OutputContext(asset_key="a").asset_partitions_time_window  # noqa: B018


def test_output_time_window_static_text() -> None:
    """A static definition has no time window (spec §4.2's verbatim typo included)."""
    context = OutputContext(partitions_def=STATIC, partition_keys=["a"])
    with pytest.raises(
        ValueError,
        match=r"^Tried to get asset partitions for an output 'result' that correponds to a "
        "partitioned asset that is not time-partitioned.",
    ):
        context.asset_partitions_time_window  # noqa: B018


def test_output_metadata_is_definition_metadata() -> None:
    """metadata and definition_metadata are the given mapping."""
    context = OutputContext(metadata={"owner": "me"})
    assert context.metadata == {"owner": "me"}
    assert context.definition_metadata == {"owner": "me"}


def test_output_logged_metadata_is_consumed_once() -> None:
    """consume_logged_metadata returns what was added, then nothing."""
    context = OutputContext()
    context.add_output_metadata({"path": "/x"})
    context.add_output_metadata({"rows": 3})
    assert context.get_logged_metadata() == {"path": "/x", "rows": 3}
    assert context.consume_logged_metadata() == {"path": "/x", "rows": 3}
    assert context.consume_logged_metadata() == {}


def test_output_metadata_key_added_twice() -> None:
    """Adding the same metadata key twice names the key."""
    context = OutputContext()
    context.add_output_metadata({"path": "/x"})
    with pytest.raises(InvariantViolationError, match=r"already have metadata: \['path'\]"):
        context.add_output_metadata({"path": "/y"})


def test_output_resources_by_attribute() -> None:
    """A resources mapping is readable by attribute."""
    context = OutputContext(resources={"db": "conn"})
    assert context.resources.db == "conn"


def test_output_instance_missing() -> None:
    """instance without one raises and suggests passing one."""
    with pytest.raises(InvariantViolationError, match=r"^Attempting to access instance.*ephemeral"):
        OutputContext().instance  # noqa: B018


def test_output_log_default_and_given() -> None:
    """The default logger is 'partwise'; a given logger is used as is."""
    assert OutputContext().log is logging.getLogger("partwise")
    mine = logging.getLogger("mine")
    assert OutputContext(log=mine).log is mine


def test_output_get_identifier() -> None:
    """An op output's identifier is run id, step key and output name."""
    context = OutputContext(run_id="r1", step_key="s", name="out")
    assert context.get_identifier() == ["r1", "s", "out"]


def test_output_asset_identifier() -> None:
    """The asset identifier is the path, then the partition key."""
    assert OutputContext(asset_key=["p", "a"]).get_asset_identifier() == ["p", "a"]
    context = OutputContext(asset_key="a", partitions_def=DAILY, partition_keys=["2022-01-02"])
    assert context.get_asset_identifier() == ["a", "2022-01-02"]


def test_output_asset_identifier_splits_multi_key() -> None:
    """A multi key contributes its dimension values, dimensions sorted by name."""
    key = MultiPartitionKey({"letter": "b", "date": "2022-01-02"})
    context = OutputContext(asset_key="m", partitions_def=MULTI, partition_keys=[key])
    assert context.get_asset_identifier() == ["m", "2022-01-02", "b"]
    plain = OutputContext(asset_key="m", partitions_def=MULTI, partition_keys=["2022-01-02|b"])
    assert plain.get_asset_identifier() == ["m", "2022-01-02", "b"]


def test_output_asset_identifier_without_asset() -> None:
    """get_asset_identifier without an asset key raises a CheckError."""
    with pytest.raises(CheckError, match=r"no asset key"):
        OutputContext().get_asset_identifier()


# InputContext


def _hourly_input(keys: list[str]) -> InputContext:
    return InputContext(
        name="h_up", asset_key="h_up", partitions_def=HOURLY, asset_partition_keys=keys,
        partition_key="2022-01-02", step_key="d_down",
    )  # fmt: skip


HOURS = [f"2022-01-02-{h:02d}:00" for h in range(24)]


def test_input_daily_over_hourly() -> None:
    """Spec §4.2's example: 24 hourly keys, their range and the day's window."""
    context = _hourly_input(HOURS)
    assert context.asset_partition_keys == HOURS
    assert context.asset_partition_key_range == PartitionKeyRange(HOURS[0], HOURS[-1])
    assert context.asset_partitions_time_window == TimeWindow(utc(2022, 1, 2), utc(2022, 1, 3))
    assert context.partition_key == "2022-01-02"
    assert context.has_partition_key


def test_input_range_key_error_text() -> None:
    """asset_partition_key over several keys raises spec §4.2's input text."""
    keys = [MultiPartitionKey({"date": "2022-01-02", "letter": x}) for x in "ab"]
    context = InputContext(
        name="m", asset_key="m", partitions_def=MULTI, asset_partition_keys=keys,
        step_key="d_from_multi",
    )  # fmt: skip
    expected = (
        "Failure condition: Tried to access partition key for input 'm' of step 'd_from_multi', "
        "but the step input has a partition range: '2022-01-02|a' to '2022-01-02|b'."
    )
    with pytest.raises(CheckError) as info:
        context.asset_partition_key  # noqa: B018
    assert str(info.value).startswith(expected)


def test_input_no_mapped_partition() -> None:
    """A partitioned upstream with no mapped key has partitions but no single key."""
    context = _hourly_input([])
    assert context.has_asset_partitions
    assert context.asset_partition_keys == []
    with pytest.raises(CheckError, match=r"no upstream partition is mapped"):
        context.asset_partition_key  # noqa: B018


def test_input_unpartitioned_texts() -> None:
    """An unpartitioned upstream raises spec §4.2's 'input has no asset partitions'."""
    context = InputContext(name="u", asset_key="u")
    assert not context.has_asset_partitions
    for accessor in ("asset_partition_keys", "asset_partition_key_range", "asset_partition_key"):
        with pytest.raises(
            CheckError, match=r"^Failure condition: The input has no asset partitions"
        ):
            getattr(context, accessor)
    with pytest.raises(
        ValueError,
        match=r"^Tried to get asset partitions for an input 'u' that does not correspond",
    ):
        context.asset_partitions_time_window  # noqa: B018


def test_input_non_contiguous_range() -> None:
    """Mapped keys with a gap have no single key range."""
    context = _hourly_input([HOURS[0], HOURS[2]])
    with pytest.raises(CheckError, match=r"do not form one contiguous range"):
        context.asset_partition_key_range  # noqa: B018


def test_input_asset_key_missing_text() -> None:
    """asset_key on an op input says no asset is associated."""
    with pytest.raises(
        InvariantViolationError,
        match=r"^Attempting to access asset_key, but no asset is associated with this input",
    ):
        InputContext(name="x").asset_key  # noqa: B018


def test_input_partitions_def_unpartitioned() -> None:
    """asset_partitions_def of an unpartitioned upstream names the asset."""
    with pytest.raises(InvariantViolationError, match=r"AssetKey\(\['u'\]\), but it is not"):
        InputContext(name="u", asset_key="u").asset_partitions_def  # noqa: B018


def test_input_partition_key_unpartitioned() -> None:
    """partition_key of an unpartitioned step raises the non-partitioned text."""
    with pytest.raises(InvariantViolationError, match=r"^Cannot access partition_key for a non"):
        InputContext(name="u").partition_key  # noqa: B018


def test_input_name_and_step_key() -> None:
    """name and step_key are the given values; a missing name raises."""
    context = InputContext(name="x", step_key="s")
    assert (context.name, context.step_key, context.has_input_name) == ("x", "s", True)
    with pytest.raises(InvariantViolationError, match=r"^Attempting to access name"):
        InputContext(name=None).name  # noqa: B018


def test_input_identifier_is_upstream_output() -> None:
    """get_identifier delegates to the upstream output."""
    upstream = OutputContext(run_id="r", step_key="up")
    context = InputContext(name="x", upstream_output=upstream)
    assert context.upstream_output is upstream
    assert context.get_identifier() == ["r", "up", "result"]


def test_input_identifier_without_upstream() -> None:
    """get_identifier without an upstream output raises."""
    with pytest.raises(InvariantViolationError, match=r"upstream_output not defined"):
        InputContext(name="x").get_identifier()


def test_input_metadata() -> None:
    """metadata and definition_metadata are the input's metadata."""
    context = InputContext(name="x", metadata={"allow_missing_partitions": True})
    assert context.definition_metadata == {"allow_missing_partitions": True}
    assert context.metadata == {"allow_missing_partitions": True}


def test_input_asset_identifier() -> None:
    """An input's asset identifier appends its single mapped key."""
    context = _hourly_input([HOURS[3]])
    assert context.get_asset_identifier() == ["h_up", HOURS[3]]


# build_* helpers


def test_build_output_context_time_window() -> None:
    """A built output context with a key and a definition has a time window (Dagster #15051)."""
    context = build_output_context(
        asset_key="a", partition_key="2022-01-02", asset_partitions_def=DAILY
    )
    assert context.asset_partitions_time_window == TimeWindow(utc(2022, 1, 2), utc(2022, 1, 3))
    assert context.asset_partition_key == "2022-01-02"


def test_build_output_context_expands_range() -> None:
    """A key range with a definition lists its keys."""
    context = build_output_context(
        asset_key="a", partitions_def=DAILY,
        asset_partition_key_range=PartitionKeyRange("2022-01-02", "2022-01-04"),
    )  # fmt: skip
    assert context.asset_partition_keys == ["2022-01-02", "2022-01-03", "2022-01-04"]
    assert context.asset_partition_key_range == PartitionKeyRange("2022-01-02", "2022-01-04")


def test_build_output_context_range_needs_definition() -> None:
    """A multi-key range without a definition cannot be listed."""
    with pytest.raises(InvalidInvocationError, match=r"without a partitions definition"):
        build_output_context(partition_key_range=PartitionKeyRange("a", "c"))


def test_build_output_context_one_way_to_give_keys() -> None:
    """partition_key and partition_keys together are refused."""
    with pytest.raises(InvalidInvocationError, match=r"one of"):
        build_output_context(partition_key="a", partition_keys=["a", "b"])


def test_build_output_context_conflicting_spellings() -> None:
    """Our and Dagster's spelling of the same argument must agree."""
    with pytest.raises(InvalidInvocationError, match=r"Dagster spelling"):
        build_output_context(partitions_def=DAILY, asset_partitions_def=STATIC)


def test_build_parses_multi_keys() -> None:
    """String keys of a multi definition become MultiPartitionKey."""
    context = build_output_context(
        asset_key="m", partitions_def=MULTI, partition_key="2022-01-02|a"
    )
    key = context.asset_partition_key
    assert isinstance(key, MultiPartitionKey)
    assert key.keys_by_dimension == {"date": "2022-01-02", "letter": "a"}


def test_build_input_context_partition_key_is_upstream_key() -> None:
    """partition_key alone is both the step's key and the key to load."""
    context = build_input_context(name="a", asset_key="a", partition_key="2022-01-02")
    assert context.partition_key == "2022-01-02"
    assert context.asset_partition_keys == ["2022-01-02"]


def test_build_input_context_explicit_upstream_keys() -> None:
    """asset_partition_keys overrides the upstream keys; the step key stays."""
    context = build_input_context(
        name="h_up", asset_key="h_up", partition_key="2022-01-02", asset_partitions_def=HOURLY,
        asset_partition_keys=HOURS, definition_metadata={"k": 1},
    )  # fmt: skip
    assert context.asset_partition_keys == HOURS
    assert context.partition_key == "2022-01-02"
    assert context.metadata == {"k": 1}


def test_build_input_context_range() -> None:
    """An upstream key range is expanded with the definition."""
    context = build_input_context(
        name="s", asset_key="s", partitions_def=STATIC,
        asset_partition_key_range=PartitionKeyRange("a", "b"),
    )  # fmt: skip
    assert context.asset_partition_keys == ["a", "b"]


# io_manager and configurable managers


class _Echo(IOManager):
    def __init__(self, config: Any = None) -> None:
        self.config = config

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        pass

    def load_input(self, context: InputContext) -> Any:
        return self.config


def test_io_manager_bare(instance: Instance) -> None:
    """@io_manager over a function gives a definition whose create calls it."""
    seen: list[InitResourceContext] = []

    @io_manager
    def my_manager(init_context: InitResourceContext) -> IOManager:
        seen.append(init_context)
        return _Echo()

    assert isinstance(my_manager, IOManagerDefinition)
    manager = my_manager.create(instance)
    assert isinstance(manager, _Echo)
    assert seen[0].instance is instance
    assert seen[0].resource_config == {}
    assert seen[0].log is logging.getLogger("partwise")


def test_io_manager_with_config(instance: Instance) -> None:
    """@io_manager(config_schema=...) passes resource_config to the function."""

    @io_manager(config_schema={"path": str}, description="mine")
    def my_manager(init_context: InitResourceContext) -> IOManager:
        return _Echo(init_context.resource_config)

    assert my_manager.config_schema == {"path": str}
    assert my_manager.description == "mine"
    assert hash(my_manager.configured({"path": "/y"}))
    manager = my_manager.create(instance, {"path": "/x"})
    assert manager.load_input(InputContext(name="x")) == {"path": "/x"}


def test_io_manager_configured() -> None:
    """configured fixes the resource config used when none is given."""
    definition = io_manager(lambda ctx: _Echo(ctx.resource_config)).configured({"a": 1})
    assert definition.create(None).load_input(InputContext(name="x")) == {"a": 1}


def test_io_manager_called_directly() -> None:
    """A definition can be called with an init context in unit tests."""
    definition = io_manager(lambda ctx: _Echo(ctx.resource_config))
    manager = definition(build_init_resource_context(config={"b": 2}))
    assert manager.load_input(InputContext(name="x")) == {"b": 2}


def test_io_manager_must_return_manager() -> None:
    """create refuses a function that returns something else, naming the type."""

    @io_manager
    def broken(init_context: InitResourceContext) -> Any:
        return 3

    with pytest.raises(InvariantViolationError, match=r"'broken' returned int"):
        broken.create(None)


def test_hardcoded_io_manager() -> None:
    """hardcoded_io_manager always returns the given manager."""
    manager = _Echo()
    assert IOManagerDefinition.hardcoded_io_manager(manager).create(None) is manager


class _Prefixed(ConfigurableIOManager):
    prefix: str

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        pass

    def load_input(self, context: InputContext) -> Any:
        return self.prefix + context.name


def test_configurable_io_manager() -> None:
    """A ConfigurableIOManager is a Config model and an IOManager."""
    manager = _Prefixed(prefix="p_")
    assert isinstance(manager, IOManager)
    assert isinstance(manager, Config)
    assert manager.load_input(InputContext(name="x")) == "p_x"


def test_configurable_io_manager_is_abstract() -> None:
    """A subclass without the two methods cannot be instantiated."""

    class Incomplete(ConfigurableIOManager):
        pass

    with pytest.raises(TypeError, match=r"abstract"):
        Incomplete()  # type: ignore[abstract]


def test_configurable_io_manager_factory(instance: Instance) -> None:
    """A factory builds its manager with create(instance)."""

    class Factory(ConfigurableIOManagerFactory):
        value: int = 1

        def create_io_manager(self, context: InitResourceContext) -> IOManager:
            return _Echo((self.value, context.instance))

    manager = Factory(value=5).create(instance)
    assert manager.load_input(InputContext(name="x")) == (5, instance)
