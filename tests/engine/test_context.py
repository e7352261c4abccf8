"""The one context class: every row of the spec's §4.2 table, through real runs and direct builds.

Each scenario is probed twice — inside a real ``materialize`` run and through
``build_asset_context`` — and both must give the table's answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pytest

from partwise import (
    AssetExecutionContext,
    CheckError,
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    InvalidInvocationError,
    InvariantViolationError,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    OpExecutionContext,
    PartitionKeyRange,
    StaticPartitionsDefinition,
    TimeWindow,
    asset,
    build_asset_context,
    build_op_context,
    materialize_to_memory,
)

HOURLY = HourlyPartitionsDefinition(start_date="2022-01-01-00:00")
DAILY = DailyPartitionsDefinition(start_date="2022-01-01")
LETTERS = StaticPartitionsDefinition(["a", "b", "c"])
MULTI = MultiPartitionsDefinition({"date": DAILY, "letter": StaticPartitionsDefinition(["a", "b"])})

PROPERTIES = (
    "has_partition_key",
    "has_partition_key_range",
    "partition_key",
    "partition_keys",
    "partition_key_range",
    "partition_time_window",
    "multi_partition_key",
)
OUTPUT_METHODS = (
    "asset_partition_key_for_output",
    "asset_partition_keys_for_output",
    "asset_partition_key_range_for_output",
    "asset_partitions_time_window_for_output",
    "asset_partitions_def_for_output",
)
INPUT_METHODS = (
    "asset_partition_keys_for_input",
    "asset_partition_key_range_for_input",
    "asset_partition_key_for_input",
    "asset_partitions_time_window_for_input",
    "asset_partitions_def_for_input",
)


@dataclass(frozen=True)
class Err:
    """An expected error: its class and the start of its message."""

    cls: type[BaseException]
    text: str


Outcome = tuple[Any, ...]


def _outcome(read: Callable[[], Any]) -> Outcome:
    try:
        return ("value", read())
    except Exception as error:
        return ("error", type(error), str(error))


def probe(context: Any, input_name: str | None) -> dict[str, Outcome]:
    """Every accessor of the table, read from ``context``."""
    found = {name: _outcome(lambda n=name: getattr(context, n)) for name in PROPERTIES}
    for name in OUTPUT_METHODS:
        found[name] = _outcome(lambda n=name: getattr(context, n)())
    if input_name is not None:
        for name in INPUT_METHODS:
            found[name] = _outcome(lambda n=name: getattr(context, n)(input_name))
    return found


def _window(start: tuple[int, ...], end: tuple[int, ...]) -> TimeWindow:
    return TimeWindow(datetime(*start, tzinfo=timezone.utc), datetime(*end, tzinfo=timezone.utc))


@asset(partitions_def=HOURLY)
def h_up() -> int:
    return 0


@asset
def plain_up() -> int:
    return 0


@asset(partitions_def=MULTI)
def m_up() -> int:
    return 0


def _probing_asset(name: str, pdef: Any, upstream: Any, sink: dict[str, Any]) -> Any:
    @asset(name=name, partitions_def=pdef, deps=[upstream] if upstream is not None else [])
    def probing(context: AssetExecutionContext) -> None:
        sink["probe"] = probe(context, upstream.key.path[-1] if upstream is not None else None)

    return probing


@dataclass(frozen=True)
class Scenario:
    name: str
    pdef: Any
    upstream: Any
    key: Any  # str, MultiPartitionKey, PartitionKeyRange or None
    expected: dict[str, Any]


HOURS_0102 = [f"2022-01-02-{h:02d}:00" for h in range(24)]
HOURS_0103 = [f"2022-01-03-{h:02d}:00" for h in range(24)]
NOT_MULTI = Err(
    InvariantViolationError,
    "Cannot access multi_partition_key for a run that is not partitioned with a "
    "MultiPartitionsDefinition.",
)
UNPARTITIONED = Err(
    InvariantViolationError, "Cannot access partition_key for a non-partitioned run"
)
NO_OUTPUT_PARTITIONS = Err(CheckError, "Failure condition: The output has no asset partitions")
NO_INPUT_PARTITIONS = Err(CheckError, "Failure condition: The input has no asset partitions")

SCENARIOS = [
    Scenario(
        "single_key",
        DAILY,
        h_up,
        "2022-01-02",
        {
            "has_partition_key": True,
            "has_partition_key_range": False,
            "partition_key": "2022-01-02",
            "partition_keys": ["2022-01-02"],
            "partition_key_range": PartitionKeyRange("2022-01-02", "2022-01-02"),
            "partition_time_window": _window((2022, 1, 2), (2022, 1, 3)),
            "multi_partition_key": NOT_MULTI,
            "asset_partition_key_for_output": "2022-01-02",
            "asset_partition_keys_for_output": ["2022-01-02"],
            "asset_partition_key_range_for_output": PartitionKeyRange("2022-01-02", "2022-01-02"),
            "asset_partitions_time_window_for_output": _window((2022, 1, 2), (2022, 1, 3)),
            "asset_partitions_def_for_output": DAILY,
            "asset_partition_keys_for_input": HOURS_0102,
            "asset_partition_key_range_for_input": PartitionKeyRange(
                "2022-01-02-00:00", "2022-01-02-23:00"
            ),
            "asset_partition_key_for_input": Err(
                CheckError,
                "Failure condition: Tried to access partition key for input 'h_up' of step "
                "'single_key', but the step input has a partition range: '2022-01-02-00:00' to "
                "'2022-01-02-23:00'.",
            ),
            "asset_partitions_time_window_for_input": _window((2022, 1, 2), (2022, 1, 3)),
            "asset_partitions_def_for_input": HOURLY,
        },
    ),
    Scenario(
        "key_range",
        DAILY,
        h_up,
        PartitionKeyRange("2022-01-02", "2022-01-03"),
        {
            "has_partition_key": False,
            "has_partition_key_range": True,
            "partition_key": Err(
                InvariantViolationError,
                "Cannot access partition_key for a partitioned run with a range of partitions. "
                "Call partition_key_range instead.",
            ),
            "partition_keys": ["2022-01-02", "2022-01-03"],
            "partition_key_range": PartitionKeyRange("2022-01-02", "2022-01-03"),
            "partition_time_window": _window((2022, 1, 2), (2022, 1, 4)),
            "multi_partition_key": NOT_MULTI,
            "asset_partition_key_for_output": Err(
                CheckError,
                "Failure condition: Tried to access partition key for output 'result' of step "
                "'key_range', but the step output has a partition range: '2022-01-02' to "
                "'2022-01-03'.",
            ),
            "asset_partition_keys_for_output": ["2022-01-02", "2022-01-03"],
            "asset_partition_key_range_for_output": PartitionKeyRange("2022-01-02", "2022-01-03"),
            "asset_partitions_time_window_for_output": _window((2022, 1, 2), (2022, 1, 4)),
            "asset_partitions_def_for_output": DAILY,
            "asset_partition_keys_for_input": HOURS_0102 + HOURS_0103,
            "asset_partition_key_range_for_input": PartitionKeyRange(
                "2022-01-02-00:00", "2022-01-03-23:00"
            ),
            "asset_partitions_time_window_for_input": _window((2022, 1, 2), (2022, 1, 4)),
            "asset_partitions_def_for_input": HOURLY,
        },
    ),
    Scenario(
        "unpartitioned",
        None,
        plain_up,
        None,
        {
            "has_partition_key": False,
            "has_partition_key_range": False,
            "partition_key": UNPARTITIONED,
            "partition_keys": UNPARTITIONED,
            "partition_key_range": UNPARTITIONED,
            "partition_time_window": Err(
                InvariantViolationError, "Partitions definition is not defined"
            ),
            "multi_partition_key": NOT_MULTI,
            "asset_partition_key_for_output": NO_OUTPUT_PARTITIONS,
            "asset_partition_keys_for_output": Err(
                InvariantViolationError,
                "Attempting to access partitions def for asset AssetKey(['unpartitioned']), but "
                "it is not partitioned",
            ),
            "asset_partition_key_range_for_output": NO_OUTPUT_PARTITIONS,
            "asset_partitions_time_window_for_output": Err(
                ValueError,
                "Tried to get asset partitions for an output 'result' that does not correspond "
                "to a partitioned asset.",
            ),
            "asset_partitions_def_for_output": Err(InvariantViolationError, "Attempting to"),
            "asset_partition_keys_for_input": NO_INPUT_PARTITIONS,
            "asset_partition_key_range_for_input": NO_INPUT_PARTITIONS,
            "asset_partition_key_for_input": NO_INPUT_PARTITIONS,
            "asset_partitions_time_window_for_input": Err(
                ValueError, "Tried to get asset partitions for an input 'plain_up'"
            ),
            "asset_partitions_def_for_input": Err(InvariantViolationError, "Attempting to"),
        },
    ),
    Scenario(
        "static_key",
        LETTERS,
        None,
        "b",
        {
            "has_partition_key": True,
            "partition_key": "b",
            "partition_keys": ["b"],
            "partition_key_range": PartitionKeyRange("b", "b"),
            "partition_time_window": Err(
                InvariantViolationError,
                "Expected a TimeWindowPartitionsDefinition or MultiPartitionsDefinition with a "
                "single time dimension, but instead found",
            ),
            "asset_partition_key_for_output": "b",
            "asset_partitions_time_window_for_output": Err(
                ValueError,
                "Tried to get asset partitions for an output 'result' that correponds to a "
                "partitioned asset that is not time-partitioned.",
            ),
            "asset_partitions_def_for_output": LETTERS,
        },
    ),
    Scenario(
        "multi_key",
        MULTI,
        None,
        MultiPartitionKey({"date": "2022-01-02", "letter": "a"}),
        {
            "has_partition_key": True,
            "partition_key": MultiPartitionKey({"date": "2022-01-02", "letter": "a"}),
            "multi_partition_key": MultiPartitionKey({"date": "2022-01-02", "letter": "a"}),
            "partition_time_window": _window((2022, 1, 2), (2022, 1, 3)),
            "asset_partitions_time_window_for_output": _window((2022, 1, 2), (2022, 1, 3)),
        },
    ),
    Scenario(
        "daily_over_multi",
        DAILY,
        m_up,
        "2022-01-02",
        {
            "asset_partition_key_for_input": Err(
                CheckError,
                "Failure condition: Tried to access partition key for input 'm_up' of step "
                "'daily_over_multi', but the step input has a partition range:",
            ),
            "asset_partitions_def_for_input": MULTI,
            "asset_partitions_time_window_for_input": _window((2022, 1, 2), (2022, 1, 3)),
        },
    ),
]


def _run_probe(scenario: Scenario) -> dict[str, Outcome]:
    sink: dict[str, Any] = {}
    probing = _probing_asset(scenario.name, scenario.pdef, scenario.upstream, sink)
    upstream = [scenario.upstream] if scenario.upstream is not None else []
    materialize_to_memory([probing, *upstream], partition_key=scenario.key, selection=[probing])
    return sink["probe"]  # type: ignore[no-any-return]


def _direct_probe(scenario: Scenario) -> dict[str, Outcome]:
    probing = _probing_asset(scenario.name, scenario.pdef, scenario.upstream, {})
    key = scenario.key
    context = build_asset_context(
        partition_key=None if isinstance(key, PartitionKeyRange) else key,
        partition_key_range=key if isinstance(key, PartitionKeyRange) else None,
        assets_def=probing,
        upstream_assets=[scenario.upstream] if scenario.upstream is not None else [],
    )
    return probe(context, scenario.upstream.key.path[-1] if scenario.upstream else None)


@pytest.fixture(scope="module")
def probes() -> dict[tuple[str, str], dict[str, Outcome]]:
    return {
        (s.name, how): (_run_probe if how == "run" else _direct_probe)(s)
        for s in SCENARIOS
        for how in ("run", "direct")
    }


TABLE = [(s.name, accessor) for s in SCENARIOS for accessor in s.expected]


@pytest.mark.parametrize("how", ["run", "direct"])
@pytest.mark.parametrize(("scenario", "accessor"), TABLE)
def test_table_row(
    probes: dict[tuple[str, str], dict[str, Outcome]], scenario: str, accessor: str, how: str
) -> None:
    """The accessor gives the §4.2 answer for the scenario, in a run and in a direct build."""
    expected = next(s for s in SCENARIOS if s.name == scenario).expected[accessor]
    outcome = probes[(scenario, how)][accessor]
    if isinstance(expected, Err):
        assert outcome[0] == "error", outcome
        assert issubclass(outcome[1], expected.cls), outcome
        assert outcome[2].startswith(expected.text), outcome
    else:
        assert outcome == ("value", expected)


@pytest.mark.parametrize("scenario", [s.name for s in SCENARIOS])
def test_run_and_direct_contexts_agree(
    probes: dict[tuple[str, str], dict[str, Outcome]], scenario: str
) -> None:
    """Every accessor answers the same in a real run and in ``build_asset_context``."""
    assert probes[(scenario, "run")] == probes[(scenario, "direct")]


def test_multi_partition_key_is_a_multi_partition_key_instance(
    probes: dict[tuple[str, str], dict[str, Outcome]],
) -> None:
    """In a multi-partitioned run ``partition_key`` is a ``MultiPartitionKey`` with dimensions."""
    for how in ("run", "direct"):
        key = probes[("multi_key", how)]["partition_key"][1]
        assert isinstance(key, MultiPartitionKey)
        assert key.keys_by_dimension == {"date": "2022-01-02", "letter": "a"}


def test_daily_over_multi_maps_both_letters(
    probes: dict[tuple[str, str], dict[str, Outcome]],
) -> None:
    """A daily asset over a (date, letter) asset reads every letter of that date."""
    for how in ("run", "direct"):
        keys = probes[("daily_over_multi", how)]["asset_partition_keys_for_input"][1]
        assert {str(k) for k in keys} == {"2022-01-02|a", "2022-01-02|b"}


def test_context_classes_are_one_class() -> None:
    """``AssetExecutionContext``, ``OpExecutionContext`` and built contexts share one class."""
    assert OpExecutionContext is AssetExecutionContext
    assert type(build_asset_context()) is AssetExecutionContext
    assert type(build_op_context()) is AssetExecutionContext


def test_run_context_is_the_built_context_class() -> None:
    """The context a real run passes is an instance of the class tests build."""
    seen: list[type] = []

    @asset
    def grab(context: AssetExecutionContext) -> None:
        seen.append(type(context))

    materialize_to_memory([grab])
    assert seen == [type(build_asset_context())]


def test_build_op_context_with_partitions_def_has_window() -> None:
    """``build_op_context(partition_key=, partitions_def=)`` answers window questions."""
    context = build_op_context(partition_key="2022-01-05", partitions_def=DAILY)
    assert context.partition_time_window == _window((2022, 1, 5), (2022, 1, 6))
    assert context.partition_key_range == PartitionKeyRange("2022-01-05", "2022-01-05")


def test_build_asset_context_range_with_definition_lists_keys() -> None:
    """A range context with ``asset_partitions_def`` lists the keys in the range."""
    context = build_asset_context(
        partition_key_range=PartitionKeyRange("2022-01-30", "2022-02-02"),
        asset_partitions_def=DAILY,
    )
    assert context.partition_keys == ["2022-01-30", "2022-01-31", "2022-02-01", "2022-02-02"]
    assert context.has_partition_key_range


def test_build_asset_context_rejects_key_and_range_together() -> None:
    """A context has a key or a range, not both."""
    with pytest.raises(InvalidInvocationError, match="not both"):
        build_asset_context(
            partition_key="2022-01-01",
            partition_key_range=PartitionKeyRange("2022-01-01", "2022-01-02"),
        )


def test_window_without_definition_explains_how_to_fix() -> None:
    """A key-only built context says how to give it a definition when asked for a window."""
    context = build_asset_context(partition_key="2022-01-02")
    with pytest.raises(
        InvariantViolationError, match=r"Partitions definition is not defined.*asset_partitions_def"
    ):
        _ = context.partition_time_window


def test_resources_run_id_instance_and_log_are_available() -> None:
    """A built context exposes resources by attribute, a run id, an instance and a logger."""
    context = build_asset_context(resources={"api": "token"}, run_tags={"who": "me"})
    assert context.resources.api == "token"
    assert context.run_id
    assert context.instance is not None
    assert context.log.name.startswith("partwise")
    assert context.get_tag("who") == "me"


def test_unknown_resource_suggests_nearest() -> None:
    """Reading a resource that was not given names the available ones."""
    context = build_asset_context(resources={"warehouse": 1})
    with pytest.raises(InvalidInvocationError, match="warehouse"):
        _ = context.resources.warehous


def test_run_context_exposes_run_id_and_tags() -> None:
    """In a run the context's ``run_id`` and tags are the run's."""
    seen: dict[str, Any] = {}

    @asset(partitions_def=DAILY)
    def tagged(context: AssetExecutionContext) -> None:
        seen["run_id"] = context.run_id
        seen["tags"] = context.run_tags

    result = materialize_to_memory([tagged], partition_key="2022-01-09", tags={"x": "y"})
    assert seen["run_id"] == result.run_id
    assert seen["tags"]["dagster/partition"] == "2022-01-09"
    assert seen["tags"]["x"] == "y"
