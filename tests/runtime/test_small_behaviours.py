"""Smaller behaviours real projects rely on (issue 9, item 7)."""

from __future__ import annotations

from typing import Any

import pytest

from partwise import (
    AssetIn,
    AssetKey,
    DailyPartitionsDefinition,
    Definitions,
    In,
    InvalidDefinitionError,
    ScheduleDefinition,
    SensorDefinition,
    SourceAsset,
    StaticPartitionsDefinition,
    asset,
    define_asset_job,
    job,
    materialize,
    op,
    static_partitioned_config,
)

daily = DailyPartitionsDefinition(start_date="2024-01-01")


@asset
def up1() -> int:
    return 1


@asset
def up2() -> int:
    return 2


@asset
def prompt() -> str:
    return "P"


def test_declared_ins_reach_kwargs() -> None:
    """Ins without a parameter of their own arrive through ``**kwargs``; deps do not."""

    @asset(ins={"up1": AssetIn(), "up2": AssetIn()}, deps=[up1])
    def down(context: Any, prompt: Any = None, **asset_inputs: Any) -> Any:
        return prompt, sorted(asset_inputs.items())

    result = materialize([up1, up2, prompt, down])
    assert result.output_for_node("down") == ("P", [("up1", 1), ("up2", 2)])


def test_op_ins_reach_kwargs() -> None:
    """An op's declared ins arrive through ``**kwargs`` too."""

    @op(ins={"a": In(), "b": In()})
    def gather(**inputs: Any) -> Any:
        return sorted(inputs.items())

    @op
    def one() -> int:
        return 1

    @job
    def j() -> None:
        gather(a=one(), b=one())

    assert j.execute_in_process().output_for_node("gather") == [("a", 1), ("b", 1)]


def test_to_source_asset_keeps_what_loading_needs() -> None:
    """Key, partitions, I/O manager key, group, description and (typed) metadata carry over."""

    @asset(partitions_def=daily, metadata={"m": 1}, group_name="g", description="desc")
    def a1() -> int:
        return 1

    source = a1.to_source_asset()
    assert isinstance(source, SourceAsset)
    assert (source.key, source.partitions_def, source.group_name) == (AssetKey("a1"), daily, "g")
    assert source.io_manager_key == "io_manager" and source.description == "desc"
    assert source.metadata is not None and source.metadata["m"].value == 1


def test_run_request_for_partition_on_asset_and_op_jobs() -> None:
    """Asset jobs tag the partition; op jobs also their partition set, as the reference does."""

    @asset(partitions_def=daily)
    def a1() -> int:
        return 1

    asset_job = define_asset_job("aj", selection=[a1], partitions_def=daily)
    request = asset_job.run_request_for_partition("2024-01-02", run_key="k", tags={"x": "y"})
    assert (request.partition_key, request.run_key, request.job_name) == ("2024-01-02", "k", "aj")
    assert request.tags == {"x": "y", "dagster/partition": "2024-01-02"}
    resolved = Definitions(assets=[a1], jobs=[asset_job]).get_job_def("aj")
    assert resolved.run_request_for_partition("2024-01-02").tags == {
        "dagster/partition": "2024-01-02",
        "dagster/partition_set": "aj_partition_set",
    }

    @op
    def one() -> int:
        return 1

    @job(partitions_def=daily)
    def pj() -> None:
        one()

    assert pj.run_request_for_partition("2024-01-02").tags == {
        "dagster/partition": "2024-01-02",
        "dagster/partition_set": "pj_partition_set",
    }


def test_asset_key_identifiers() -> None:
    """``to_python_identifier`` and ``from_user_string`` as in the reference."""
    key = AssetKey(["a", "b-c", "d.e"])
    assert key.to_python_identifier() == "a__b_c__d_e"
    assert key.to_python_identifier("x") == "a__b_c__d_e__x"
    assert AssetKey.from_user_string("a/b/c") == AssetKey(["a", "b", "c"])


def test_node_keys_by_input_name_includes_deps() -> None:
    """Loaded inputs by parameter name, ordering-only deps by their joined key."""

    @asset(ins={"x": AssetIn(key=["p", "q"])}, deps=[["n", "k"]])
    def a2(x: Any) -> int:
        return 1

    expected = {"x": AssetKey(["p", "q"]), "n_k": AssetKey(["n", "k"])}
    assert a2.node_keys_by_input_name == expected == a2.keys_by_input_name


def test_get_repository_def_validates() -> None:
    """``get_repository_def`` resolves every job, so a broken one (mixed partitions) fails there."""

    @asset(partitions_def=daily)
    def a1() -> int:
        return 1

    @asset(partitions_def=StaticPartitionsDefinition(["x"]))
    def plain() -> int:
        return 1

    good = Definitions(assets=[a1, plain])
    assert good.get_repository_def().has_job("__ASSET_JOB") is False
    broken = Definitions(assets=[a1, plain], jobs=[define_asset_job("mixed", [a1, plain])])
    with pytest.raises(InvalidDefinitionError):
        broken.get_repository_def()


@op
def noop() -> None:
    return None


@job
def noop_job() -> None:
    noop()


@pytest.mark.parametrize(
    ("owners", "message"),
    [
        (["team:"], "Team name cannot be empty after 'team:' prefix."),
        (["alice"], "Owner must be an email address or a team name prefixed with 'team:'."),
    ],
)
def test_owners_are_validated(owners: list[str], message: str) -> None:
    """Owners are an email or ``team:<name>``; schedules and sensors refuse anything else."""
    ok = ScheduleDefinition(name="s", cron_schedule="0 0 * * *", job=noop_job, owners=["team:d"])
    assert ok.owners == ["team:d"]
    with pytest.raises(
        InvalidDefinitionError, match=f"Invalid owner '{owners[0]}' for schedule 's'"
    ):
        ScheduleDefinition(name="s", cron_schedule="0 0 * * *", job=noop_job, owners=owners)
    with pytest.raises(InvalidDefinitionError, match=message):
        SensorDefinition(name="n", evaluation_fn=lambda _: None, job=noop_job, owners=owners)


def test_dict_valued_run_tags_are_json_encoded() -> None:
    """A dict from ``tags_for_partition_key_fn`` becomes a JSON string run tag."""

    @static_partitioned_config(
        partition_keys=["a"], tags_for_partition_key_fn=lambda k: {"d": {"x": 1}, "s": "v"}
    )
    def cfg(key: str) -> dict[str, Any]:
        return {}

    @job(config=cfg)
    def tagged() -> None:
        noop()

    tags = tagged.execute_in_process(partition_key="a").dagster_run.tags
    assert (tags["d"], tags["s"]) == ('{"x": 1}', "v")
