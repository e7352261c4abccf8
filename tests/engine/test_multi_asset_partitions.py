"""A ``@multi_asset`` whose specs are partitioned: one way, several ways, or some not at all."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from partwise import (
    AssetExecutionContext,
    AssetKey,
    AssetOut,
    AssetSpec,
    CheckError,
    DailyPartitionsDefinition,
    Definitions,
    InputContext,
    InvalidDefinitionError,
    InvariantViolationError,
    IOManager,
    MaterializeResult,
    OutputContext,
    PartitionKeyRange,
    StaticPartitionsDefinition,
    TimeWindow,
    UnknownPartitionError,
    asset,
    define_asset_job,
    materialize,
    materialize_to_memory,
    multi_asset,
)

DAILY = DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-02-01")
LETTERS = StaticPartitionsDefinition(["a", "b", "c"])
NUMBERS = StaticPartitionsDefinition(["1", "2", "3"])

RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


def _materialized(result: Any) -> list[tuple[str, str | None]]:
    return sorted(
        (e.asset_key.to_user_string(), e.partition)
        for e in result.get_asset_materialization_events()
    )


seen: list[tuple[list[str], str]] = []


@multi_asset(
    specs=[
        AssetSpec("letter", partitions_def=LETTERS),
        AssetSpec("number", partitions_def=NUMBERS),
    ],
    can_subset=True,
)
def two_ways(context: AssetExecutionContext) -> Iterator[MaterializeResult]:
    seen.append(
        (sorted(k.to_user_string() for k in context.selected_asset_keys), context.partition_key)
    )
    for key in context.selected_asset_keys:
        yield MaterializeResult(asset_key=key)


@multi_asset(
    specs=[AssetSpec("partitioned", partitions_def=LETTERS), AssetSpec("plain")], can_subset=True
)
def mixed(context: AssetExecutionContext) -> Iterator[MaterializeResult]:
    for key in context.selected_asset_keys:
        yield MaterializeResult(asset_key=key)


# -- definition ------------------------------------------------------------------------------


def test_specs_partitions_def_partitions_the_node() -> None:
    @multi_asset(specs=[AssetSpec("x", partitions_def=DAILY), AssetSpec("y", partitions_def=DAILY)])
    def both() -> None:
        return None

    assert both.partitions_def == DAILY
    assert [s.partitions_def for s in both.specs] == [DAILY, DAILY]


def test_a_spec_partitioned_otherwise_than_the_node_is_refused() -> None:
    with pytest.raises(CheckError, match="different than the partitions_def provided"):

        @multi_asset(specs=[AssetSpec("x", partitions_def=LETTERS)], partitions_def=DAILY)
        def other() -> None:
            return None

    with pytest.raises(CheckError, match="either all specs must have that PartitionsDefinition"):

        @multi_asset(
            specs=[AssetSpec("x", partitions_def=DAILY), AssetSpec("y")], partitions_def=DAILY
        )
        def some() -> None:
            return None


def test_specs_without_a_definition_take_the_nodes() -> None:
    @multi_asset(specs=[AssetSpec("x"), AssetSpec("y")], partitions_def=DAILY)
    def given() -> None:
        return None

    assert [s.partitions_def for s in given.specs] == [DAILY, DAILY]


def test_specs_partitioned_two_ways_need_can_subset() -> None:
    specs = [AssetSpec("x", partitions_def=DAILY), AssetSpec("y", partitions_def=LETTERS)]
    with pytest.raises(InvalidDefinitionError, match="can_subset must be True") as raised:

        @multi_asset(specs=specs)
        def unsubsettable() -> None:
            return None

    assert "x: Daily" in str(raised.value) and "y: 'a', 'b', 'c'" in str(raised.value)


def test_each_spec_keeps_its_own_definition() -> None:
    assert {s.key.to_user_string(): s.partitions_def for s in two_ways.specs} == {
        "letter": LETTERS,
        "number": NUMBERS,
    }
    assert two_ways.partitions_def_for("number") == NUMBERS
    assert two_ways.specs_by_key[AssetKey("letter")].partitions_def == LETTERS
    assert [s.partitions_def for s in two_ways.to_source_assets()] == [LETTERS, NUMBERS]


def test_the_node_has_no_single_definition_when_its_assets_differ() -> None:
    with pytest.raises(CheckError, match="have different PartitionsDefinitions") as raised:
        _ = two_ways.partitions_def
    assert "letter: 'a', 'b', 'c'" in str(raised.value)


def test_a_top_level_group_applies_to_specs_partitioned_two_ways() -> None:
    @multi_asset(
        specs=[AssetSpec("x", partitions_def=DAILY), AssetSpec("y", partitions_def=NUMBERS)],
        can_subset=True,
        group_name="grouped",
    )
    def grouped() -> None:
        return None

    assert [s.group_name for s in grouped.specs] == ["grouped", "grouped"]
    assert {s.partitions_def for s in grouped.specs} == {DAILY, NUMBERS}


def test_partitioned_and_unpartitioned_specs_need_no_can_subset() -> None:
    @multi_asset(specs=[AssetSpec("x", partitions_def=LETTERS), AssetSpec("y")])
    def half() -> None:
        return None

    assert half.partitions_def == LETTERS
    assert [s.partitions_def for s in half.specs] == [LETTERS, None]


# -- runs of the assets of one definition --------------------------------------------------


def test_a_run_of_one_definitions_assets_uses_its_keys() -> None:
    result = materialize([two_ways], selection=["letter"], partition_key="b")
    assert _materialized(result) == [("letter", "b")]
    assert seen[-1] == (["letter"], "b")
    result = materialize([two_ways], selection=["number"], partition_key="2")
    assert _materialized(result) == [("number", "2")]
    assert seen[-1] == (["number"], "2")


def test_a_subset_run_sees_its_assets_alone_in_assets_def() -> None:
    seen_defs: list[tuple[list[str], Any]] = []

    @multi_asset(
        specs=[AssetSpec("l", partitions_def=LETTERS), AssetSpec("n", partitions_def=NUMBERS)],
        can_subset=True,
    )
    def pair(context: AssetExecutionContext) -> Iterator[MaterializeResult]:
        node = context.assets_def
        seen_defs.append((sorted(k.to_user_string() for k in node.keys), node.partitions_def))
        for key in context.selected_asset_keys:
            yield MaterializeResult(asset_key=key)

    materialize([pair], selection=["n"], partition_key="1")
    assert seen_defs == [(["n"], NUMBERS)]
    assert pair.subset_for([AssetKey("l")]).partitions_def == LETTERS


def test_a_key_of_the_other_definition_is_unknown() -> None:
    with pytest.raises(UnknownPartitionError, match="Could not find a partition with key `b`"):
        materialize([two_ways], selection=["number"], partition_key="b")


def test_a_range_run_of_one_definitions_assets() -> None:
    windows: list[TimeWindow] = []

    @multi_asset(
        specs=[AssetSpec("day", partitions_def=DAILY), AssetSpec("number", partitions_def=NUMBERS)],
        can_subset=True,
    )
    def daily_and_numbers(context: AssetExecutionContext) -> Iterator[MaterializeResult]:
        assert context.partition_key_range == PartitionKeyRange("2024-01-01", "2024-01-03")
        windows.append(context.partition_time_window)
        for key in context.selected_asset_keys:
            yield MaterializeResult(asset_key=key)

    tags = {RANGE_START: "2024-01-01", RANGE_END: "2024-01-03"}
    result = materialize([daily_and_numbers], selection=["day"], tags=tags)
    assert _materialized(result) == [("day", f"2024-01-0{d}") for d in (1, 2, 3)]
    assert windows == [
        TimeWindow(
            DAILY.time_window_for_partition_key("2024-01-01").start,
            DAILY.time_window_for_partition_key("2024-01-03").end,
        )
    ]


def test_a_job_over_one_definitions_assets_is_partitioned_by_it() -> None:
    defs = Definitions(assets=[two_ways], jobs=[define_asset_job("numbers", selection=["number"])])
    job = defs.resolve_job_def("numbers")
    assert job.partitions_def == NUMBERS
    assert _materialized(job.execute_in_process(partition_key="3")) == [("number", "3")]


def test_a_downstream_asset_maps_from_the_asset_it_reads() -> None:
    @asset(partitions_def=NUMBERS, deps=["number"])
    def after_number(context: AssetExecutionContext) -> str:
        return context.partition_key

    result = materialize_to_memory(
        [two_ways, after_number], selection=["number", "after_number"], partition_key="1"
    )
    assert _materialized(result) == [("after_number", "1"), ("number", "1")]


# -- runs that mix definitions ---------------------------------------------------------------


def test_a_run_over_two_definitions_is_refused() -> None:
    with pytest.raises(
        InvalidDefinitionError, match="Selected assets must have the same partitions definitions"
    ):
        materialize([two_ways], partition_key="b")


def test_a_job_over_two_definitions_is_refused() -> None:
    defs = Definitions(assets=[two_ways], jobs=[define_asset_job("all")])
    with pytest.raises(InvalidDefinitionError, match="letter: 'a', 'b', 'c'; number: '1'"):
        defs.resolve_job_def("all")


def test_a_run_selecting_across_definitions_at_run_time_is_refused() -> None:
    defs = Definitions(assets=[two_ways], jobs=[define_asset_job("letters", selection=["letter"])])
    job = defs.resolve_job_def("letters")
    for selection in (["letter", "number"], ["number"]):
        with pytest.raises(CheckError, match="no PartitionsDefinition shared") as raised:
            job.execute_in_process(
                partition_key="a", asset_selection=[AssetKey(k) for k in selection]
            )
        assert "number: '1', '2', '3'" in str(raised.value)


# -- the implicit asset job spans definitions ----------------------------------------------------


def test_the_implicit_job_has_no_partitions_of_its_own() -> None:
    job = Definitions(assets=[two_ways, mixed]).resolve_implicit_global_asset_job_def()
    assert job.partitions_def is None
    result = job.execute_in_process(asset_selection=[AssetKey("number")], partition_key="3")
    assert _materialized(result) == [("number", "3")]
    result = job.execute_in_process(asset_selection=[AssetKey("plain")])
    assert _materialized(result) == [("plain", None)]


def test_an_implicit_job_run_over_two_definitions_is_refused() -> None:
    job = Definitions(assets=[two_ways]).resolve_implicit_global_asset_job_def()
    with pytest.raises(CheckError, match="letter: 'a', 'b', 'c'; number: '1', '2', '3'"):
        job.execute_in_process(partition_key="a")


def test_the_implicit_job_over_plain_assets_partitioned_two_ways() -> None:
    @asset(partitions_def=LETTERS)
    def by_letter(context: AssetExecutionContext) -> str:
        return context.partition_key

    @asset(partitions_def=NUMBERS)
    def by_number(context: AssetExecutionContext) -> str:
        return context.partition_key

    defs = Definitions(assets=[by_letter, by_number])
    assert [j.name for j in defs.resolve_all_job_defs()] == ["__ASSET_JOB"]
    job = defs.resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(asset_selection=[AssetKey("by_letter")], partition_key="b")
    assert _materialized(result) == [("by_letter", "b")]


def test_a_backfill_runs_each_definitions_assets_separately() -> None:
    from partwise import Instance, backfill

    @multi_asset(
        specs=[
            AssetSpec("letter", partitions_def=LETTERS),
            AssetSpec("number", partitions_def=NUMBERS),
        ],
        can_subset=True,
    )
    def pair(context: AssetExecutionContext) -> Iterator[MaterializeResult]:
        for key in context.selected_asset_keys:
            yield MaterializeResult(asset_key=key)

    # the target may name the assets by key, or give the node itself (which stands for both)
    for target in ([AssetKey("letter"), AssetKey("number")], [pair]):
        instance = Instance.ephemeral()
        result = backfill(target, definitions=Definitions(assets=[pair]), instance=instance)
        assert (
            sorted(r.asset_keys[0].to_user_string() for r in result.runs)
            == ["letter"] * 3 + ["number"] * 3
        )
        assert instance.get_materialized_partitions(AssetKey("letter")) == {"a", "b", "c"}
        assert instance.get_materialized_partitions(AssetKey("number")) == {"1", "2", "3"}


# -- partitioned and unpartitioned assets of one node ------------------------------------------


def test_the_unpartitioned_asset_alone_runs_without_a_key() -> None:
    result = materialize([mixed], selection=["plain"])
    assert _materialized(result) == [("plain", None)]


def test_the_unpartitioned_asset_alone_refuses_a_key() -> None:
    with pytest.raises(CheckError, match="no PartitionsDefinition shared by all"):
        materialize([mixed], selection=["plain"], partition_key="a")


def test_both_run_under_the_partitioned_ones_key() -> None:
    assert _materialized(materialize([mixed], partition_key="a")) == [
        ("partitioned", "a"),
        ("plain", None),
    ]
    assert _materialized(materialize([mixed], selection=["partitioned"], partition_key="a")) == [
        ("partitioned", "a")
    ]


def test_a_range_run_materializes_the_unpartitioned_asset_once() -> None:
    result = materialize([mixed], tags={RANGE_START: "a", RANGE_END: "b"})
    assert _materialized(result) == [("partitioned", "a"), ("partitioned", "b"), ("plain", None)]


class _Recorder(IOManager):
    def __init__(self) -> None:
        self.loads: dict[str, Any] = {}

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        return None

    def load_input(self, context: InputContext) -> int:
        key = context.asset_key.to_user_string()
        self.loads[key] = context.asset_partition_key if context.has_asset_partitions else None
        return 1


def test_a_reader_sees_each_upstream_assets_own_partitions() -> None:
    @asset(partitions_def=LETTERS)
    def reader(partitioned: int, plain: int) -> int:
        return partitioned + plain

    recorder = _Recorder()
    result = materialize([mixed, reader], partition_key="b", resources={"io_manager": recorder})
    assert result.success
    assert recorder.loads == {"partitioned": "b", "plain": None}


class _OutputRecorder(_Recorder):
    def __init__(self) -> None:
        super().__init__()
        self.writes: dict[str, tuple[Any, ...]] = {}

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        pdef = context.asset_partitions_def if context.has_asset_partitions else None
        run_key = context.partition_key if context.has_partition_key else None
        self.writes[context.asset_key.to_user_string()] = (pdef, run_key)


def test_outs_from_specs_keep_each_specs_partitions() -> None:
    @multi_asset(
        outs={
            "pa": AssetOut.from_spec(AssetSpec("pa", partitions_def=LETTERS, group_name="g")),
            "npa": AssetOut.from_spec(AssetSpec("npa")),
        }
    )
    def outs(context: AssetExecutionContext) -> tuple[int, int]:
        return 1, 2

    assert outs.partitions_def == LETTERS
    assert outs.partitions_def_for("npa") is None
    assert outs.group_names_by_key[AssetKey("pa")] == "g"
    recorder = _OutputRecorder()
    result = materialize([outs], partition_key="b", resources={"io_manager": recorder})
    assert _materialized(result) == [("npa", None), ("pa", "b")]
    # the unpartitioned output has no asset partitions, but the one-key run still has its key
    assert recorder.writes == {"pa": (LETTERS, "b"), "npa": (None, "b")}


def test_a_multi_assets_partitions_def_wins_over_its_outs_specs() -> None:
    @multi_asset(
        outs={"x": AssetOut.from_spec(AssetSpec("x", partitions_def=NUMBERS)), "y": AssetOut()},
        partitions_def=LETTERS,
    )
    def given() -> tuple[int, int]:
        return 1, 2

    assert [s.partitions_def for s in given.specs] == [LETTERS, LETTERS]


def test_outs_from_specs_partitioned_two_ways_need_can_subset() -> None:
    outs = {
        "x": AssetOut.from_spec(AssetSpec("x", partitions_def=LETTERS)),
        "y": AssetOut.from_spec(AssetSpec("y", partitions_def=NUMBERS)),
    }
    with pytest.raises(InvalidDefinitionError, match="can_subset must be True"):
        multi_asset(outs=outs)(lambda: (1, 2))


def test_a_spec_with_deps_makes_no_asset_out() -> None:
    with pytest.raises(InvalidDefinitionError, match="cannot build AssetOut from spec with deps"):
        AssetOut.from_spec(AssetSpec("x", deps=["y"]))


def test_output_accessors_answer_per_asset_of_a_mixed_node() -> None:
    seen: list[Any] = []

    @multi_asset(specs=[AssetSpec("part", partitions_def=LETTERS), AssetSpec("whole")])
    def half(context: AssetExecutionContext) -> Iterator[MaterializeResult]:
        seen.append(context.asset_partition_key_for_output("part"))
        with pytest.raises(InvariantViolationError, match=r"asset AssetKey\(\['whole'\]\), but"):
            context.asset_partitions_def_for_output("whole")
        with pytest.raises(CheckError, match="The output has no asset partitions"):
            context.asset_partition_key_for_output("whole")
        for key in context.selected_asset_keys:
            yield MaterializeResult(asset_key=key)

    assert materialize([half], partition_key="a").success
    assert seen == ["a"]
