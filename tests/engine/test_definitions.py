"""``define_asset_job``, ``AssetSelection`` and ``Definitions`` (spec §5.1, §5.2, §5.6, §3.5)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from partwise import (
    AssetIn,
    AssetKey,
    AssetSelection,
    AssetSpec,
    DailyPartitionsDefinition,
    Definitions,
    HourlyPartitionsDefinition,
    InvalidDefinitionError,
    InvalidInvocationError,
    JobDefinition,
    StaticPartitionMapping,
    StaticPartitionsDefinition,
    TimeWindowPartitionMapping,
    UnresolvedAssetJobDefinition,
    asset,
    define_asset_job,
    job,
    op,
    repository,
)

DAILY = DailyPartitionsDefinition(start_date="2024-01-01")
HOURLY = HourlyPartitionsDefinition(start_date="2024-01-01-00:00")


@asset(partitions_def=DAILY, group_name="ingest")
def raw() -> int:
    return 1


@asset(partitions_def=DAILY, group_name="ingest")
def clean(raw: int) -> int:
    return raw


@asset(partitions_def=DAILY, group_name="serve")
def report(clean: int) -> int:
    return clean


@asset(partitions_def=HOURLY, group_name="serve")
def ticks() -> int:
    return 1


@asset(group_name="serve")
def dims() -> int:
    return 1


ALL = [raw, clean, report, ticks, dims]


def keys(*names: str) -> frozenset[AssetKey]:
    return frozenset(AssetKey(n) for n in names)


# -- define_asset_job ---------------------------------------------------------------------------


def test_define_asset_job_is_unresolved_until_definitions_resolve_it() -> None:
    """``define_asset_job`` returns an unresolved job; ``Definitions`` resolves it lazily."""
    unresolved = define_asset_job("chain", AssetSelection.assets(raw, clean))
    assert isinstance(unresolved, UnresolvedAssetJobDefinition)
    resolved = Definitions(assets=ALL, jobs=[unresolved]).resolve_job_def("chain")
    assert isinstance(resolved, JobDefinition)
    assert resolved.name == "chain"


def test_partitions_inferred_from_the_selection() -> None:
    """The single definition among selected partitioned assets becomes the job's."""
    defs = Definitions(assets=ALL, jobs=[define_asset_job("chain", [raw, clean, dims])])
    assert defs.get_job_def("chain").partitions_def == DAILY


def test_unpartitioned_selection_gives_unpartitioned_job() -> None:
    """A selection with no partitioned asset makes an unpartitioned job."""
    defs = Definitions(assets=ALL, jobs=[define_asset_job("dims_only", [dims])])
    assert defs.get_job_def("dims_only").partitions_def is None


def test_mixed_definitions_fail_with_cause() -> None:
    """Two definitions in one selection fail to resolve, with the reference's cause text."""
    defs = Definitions(assets=ALL, jobs=[define_asset_job("mixed", [raw, ticks])])
    with pytest.raises(InvalidDefinitionError, match=r"^Failed to resolve asset job mixed") as info:
        defs.get_job_def("mixed")
    assert str(info.value.__cause__).startswith(
        'Error resolving selection for asset job "mixed": Selected assets must have the same '
        "partitions definitions, but the selected assets have different partitions definitions:"
    )


def test_explicit_partitions_def_must_match_assets() -> None:
    """An explicit ``partitions_def`` differing from an asset's fails, naming that asset."""
    defs = Definitions(assets=ALL, jobs=[define_asset_job("wrong", [raw], partitions_def=HOURLY)])
    with pytest.raises(InvalidDefinitionError) as info:
        defs.get_job_def("wrong")
    assert str(info.value.__cause__).startswith(
        "Executable asset AssetKey(['raw']) has a different partitions definition than the one "
        "specified for the job."
    )


def test_assets_of_two_definitions_fail_before_the_jobs_own_is_compared() -> None:
    """With ``partitions_def`` given, a selection spanning definitions reports that first."""
    defs = Definitions(
        assets=ALL, jobs=[define_asset_job("both", [raw, ticks], partitions_def=HOURLY)]
    )
    with pytest.raises(InvalidDefinitionError) as info:
        defs.get_job_def("both")
    assert "Selected assets must have the same partitions definitions" in str(info.value.__cause__)


def test_explicit_partitions_def_matching_assets_is_used() -> None:
    """An explicit ``partitions_def`` equal to the assets' is accepted (the guide's pattern)."""
    defs = Definitions(assets=ALL, jobs=[define_asset_job("ok", [raw], partitions_def=DAILY)])
    assert defs.get_job_def("ok").partitions_def == DAILY


def test_selection_given_as_strings_keys_and_assets() -> None:
    """``selection`` accepts a selection string, key strings and asset objects."""
    jobs = [
        define_asset_job("by_string", "raw+"),
        define_asset_job("by_keys", ["raw", "clean"]),
        define_asset_job("by_assets", [raw, clean]),
    ]
    defs = Definitions(assets=ALL, jobs=jobs)
    for name in ("by_string", "by_keys", "by_assets"):
        assert set(defs.get_job_def(name).selected) == keys("raw", "clean")


def test_resolved_asset_job_orders_steps_topologically() -> None:
    """The selected assets run upstream first."""
    defs = Definitions(assets=ALL, jobs=[define_asset_job("chain", [report, raw, clean])])
    steps = [s.name for s in defs.get_job_def("chain").plan.steps]
    assert steps == ["raw", "clean", "report"]


def test_job_runs_a_partition_end_to_end() -> None:
    """A resolved asset job runs one partition across its assets."""
    defs = Definitions(assets=ALL, jobs=[define_asset_job("chain", [raw, clean, report])])
    result = defs.get_job_def("chain").execute_in_process(partition_key="2024-01-03")
    assert result.success
    assert {m.partition for m in result.get_asset_materialization_events()} == {"2024-01-03"}
    assert result.dagster_run.tags["dagster/partition_set"] == "chain_partition_set"


def test_asset_cycle_is_rejected() -> None:
    """Assets depending on each other in a cycle fail, naming the cycle."""

    @asset(name="ping")
    def ping(pong: int) -> int:
        return pong

    @asset(name="pong")
    def pong(ping: int) -> int:
        return ping

    defs = Definitions(assets=[ping, pong], jobs=[define_asset_job("loop")])
    with pytest.raises(InvalidDefinitionError, match="cycle"):
        defs.get_job_def("loop")


def test_duplicate_asset_keys_are_rejected() -> None:
    """Two different assets with one key cannot live in one graph."""

    @asset(name="raw")
    def other_raw() -> int:
        return 2

    with pytest.raises(
        InvalidDefinitionError, match=re.escape("Duplicate asset key: AssetKey(['raw'])")
    ):
        Definitions(assets=[raw, other_raw]).resolve_asset_graph()


# -- AssetSelection -----------------------------------------------------------------------------


def test_selection_constructors() -> None:
    """``assets``, ``keys``, ``groups`` and ``all`` select what they name."""
    assert AssetSelection.assets(raw, clean).resolve(ALL) == keys("raw", "clean")
    assert AssetSelection.keys("report").resolve(ALL) == keys("report")
    assert AssetSelection.groups("serve").resolve(ALL) == keys("report", "ticks", "dims")
    assert AssetSelection.all().resolve(ALL) == keys("raw", "clean", "report", "ticks", "dims")


def test_selection_traversal() -> None:
    """``upstream()`` and ``downstream()`` follow edges, optionally to a depth."""
    assert AssetSelection.keys("clean").upstream().resolve(ALL) == keys("raw", "clean")
    assert AssetSelection.keys("raw").downstream().resolve(ALL) == keys("raw", "clean", "report")
    assert AssetSelection.keys("raw").downstream(depth=1).resolve(ALL) == keys("raw", "clean")
    assert AssetSelection.keys("raw").downstream(include_self=False).resolve(ALL) == keys(
        "clean", "report"
    )


def test_selection_set_operators() -> None:
    """``|``, ``&`` and ``-`` combine selections."""
    serve = AssetSelection.groups("serve")
    daily = AssetSelection.keys("raw", "clean", "report")
    assert (serve & daily).resolve(ALL) == keys("report")
    assert (serve - daily).resolve(ALL) == keys("ticks", "dims")
    assert (AssetSelection.keys("raw") | AssetSelection.keys("dims")).resolve(ALL) == keys(
        "raw", "dims"
    )


def test_selection_strings() -> None:
    """``a+`` adds direct children, ``+a`` direct parents, ``*a`` all ancestors."""
    assert AssetSelection.from_string("raw+").resolve(ALL) == keys("raw", "clean")
    assert AssetSelection.from_string("+report").resolve(ALL) == keys("clean", "report")
    assert AssetSelection.from_string("*report").resolve(ALL) == keys("raw", "clean", "report")
    assert AssetSelection.from_string("raw, dims").resolve(ALL) == keys("raw", "dims")


def test_selection_of_unknown_key_suggests_nearest() -> None:
    """Selecting a key that no asset has suggests the nearest one."""
    with pytest.raises(InvalidInvocationError, match=r"did you mean.*clean"):
        AssetSelection.keys("claen").resolve(ALL)


def test_selection_with_key_path() -> None:
    """Multi-part keys are selected with ``a/b`` strings."""

    @asset(key_prefix="lake")
    def table() -> int:
        return 1

    assert AssetSelection.keys("lake/table").resolve([table]) == frozenset(
        [AssetKey(["lake", "table"])]
    )


# -- Definitions --------------------------------------------------------------------------------


def test_definitions_accessors() -> None:
    """Jobs, the implicit asset job, assets and the repository are reachable by name."""

    @op
    def noop() -> None:
        return None

    @job
    def op_job() -> None:
        noop()

    defs = Definitions(assets=ALL, jobs=[op_job, define_asset_job("chain", [raw])])
    assert defs.get_job_def("op_job") is defs.resolve_job_def("op_job")
    assert defs.job_names == ["chain", "op_job"]
    assert defs.get_assets_def("clean") is clean
    assert defs.get_repository_def() is defs
    assert set(defs.resolve_asset_graph().assets) == keys("raw", "clean", "report", "ticks", "dims")


def test_implicit_asset_job_covers_assets_of_one_definition() -> None:
    """The implicit global asset job resolves over every asset (one definition here)."""
    defs = Definitions(assets=[raw, clean, report, dims])
    implicit = defs.resolve_implicit_global_asset_job_def()
    assert set(implicit.selected) == keys("raw", "clean", "report", "dims")
    assert implicit.partitions_def == DAILY


def test_unknown_job_name_suggests_nearest() -> None:
    """Asking for a missing job lists the jobs and the nearest name."""
    defs = Definitions(assets=ALL, jobs=[define_asset_job("daily_chain", [raw])])
    with pytest.raises(InvalidInvocationError, match=r"did you mean.*daily_chain"):
        defs.get_job_def("daily_chian")


def test_definitions_resources_reach_jobs() -> None:
    """Resources given to ``Definitions`` are available to its jobs' steps."""

    @asset(required_resource_keys={"api"})
    def fetched(context: Any) -> str:
        return str(context.resources.api)

    defs = Definitions(assets=[fetched], jobs=[define_asset_job("fetch")], resources={"api": "k"})
    assert defs.get_job_def("fetch").execute_in_process().output_for_node("fetched") == "k"


def test_validate_loadable_accepts_valid_definitions() -> None:
    """Valid definitions pass ``validate_loadable``."""
    Definitions.validate_loadable(
        Definitions(assets=[raw, clean, report, dims], jobs=[define_asset_job("chain")])
    )


def test_validate_loadable_names_both_assets_of_a_bad_mapping() -> None:
    """An incompatible inferred mapping fails, naming downstream then upstream."""

    @asset(partitions_def=StaticPartitionsDefinition(["a", "b"]))
    def lettered(raw: int) -> int:
        return raw

    with pytest.raises(
        InvalidDefinitionError, match=r"^Invalid partition mapping from lettered to raw"
    ) as info:
        Definitions.validate_loadable(Definitions(assets=[raw, lettered]))
    assert "Upstream and downstream partitions definitions must match" in str(info.value.__cause__)


def test_validate_loadable_checks_explicit_mappings() -> None:
    """An explicit time mapping between a static and a time asset fails validation."""

    @asset(
        partitions_def=StaticPartitionsDefinition(["x"]),
        ins={"raw": AssetIn(partition_mapping=TimeWindowPartitionMapping())},
    )
    def timed(raw: int) -> int:
        return raw

    with pytest.raises(
        InvalidDefinitionError, match=r"^Invalid partition mapping from timed to raw"
    ):
        Definitions.validate_loadable(Definitions(assets=[raw, timed]))


def test_validate_loadable_checks_static_mapping_keys() -> None:
    """A static mapping naming keys the upstream lacks fails validation."""
    up_def = StaticPartitionsDefinition(["p", "q"])

    @asset(partitions_def=up_def)
    def source() -> int:
        return 1

    @asset(
        partitions_def=StaticPartitionsDefinition(["x"]),
        ins={"source": AssetIn(partition_mapping=StaticPartitionMapping({"zz": "x"}))},
    )
    def mapped(source: int) -> int:
        return source

    with pytest.raises(InvalidDefinitionError, match="from mapped to source") as info:
        Definitions.validate_loadable(Definitions(assets=[source, mapped]))
    assert "zz" in str(info.value.__cause__)


def test_validate_loadable_resolves_every_job() -> None:
    """A job that cannot resolve makes ``validate_loadable`` fail."""
    defs = Definitions(assets=ALL, jobs=[define_asset_job("mixed", [raw, ticks])])
    with pytest.raises(InvalidDefinitionError, match="Failed to resolve asset job mixed"):
        Definitions.validate_loadable(defs)


def test_external_asset_spec_in_definitions() -> None:
    """An ``AssetSpec`` upstream counts for mapping validation but is not a step."""
    spec = AssetSpec("landing", partitions_def=DAILY)

    @asset(partitions_def=DAILY)
    def staged(landing: int) -> int:
        return landing

    defs = Definitions(assets=[spec, staged], jobs=[define_asset_job("stage")])
    Definitions.validate_loadable(defs)
    assert [s.name for s in defs.get_job_def("stage").plan.steps] == ["staged"]


def test_calling_a_decorated_repository_returns_it() -> None:
    @repository
    def my_repo() -> list[object]:
        return []

    assert my_repo() is my_repo
