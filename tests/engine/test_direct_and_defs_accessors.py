"""Direct calls take resources from the context; Definitions' implicit-job and key accessors."""

from __future__ import annotations

from typing import Any

from partwise import (
    AssetKey,
    ConfigurableResource,
    DailyPartitionsDefinition,
    Definitions,
    asset,
    build_asset_context,
    build_op_context,
    define_asset_job,
    op,
)


class Db(ConfigurableResource):  # type: ignore[misc]
    url: str = "default"


daily = DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-05")


@asset(partitions_def=daily)
def rows(context: Any, db: Db) -> str:
    return f"{context.partition_key}:{db.url}"


@asset(deps=["outside"])
def summary() -> int:
    return 0


def test_a_direct_call_takes_missing_resources_from_the_context() -> None:
    context = build_asset_context(partition_key="2024-01-02", resources={"db": Db(url="ctx")})
    assert rows(context) == "2024-01-02:ctx"
    assert rows(context, db=Db(url="given")) == "2024-01-02:given"


def test_an_ops_direct_call_takes_missing_resources_from_the_context() -> None:
    @op
    def read(context: Any, db: Db) -> str:
        return db.url

    assert read(build_op_context(resources={"db": Db(url="ctx")})) == "ctx"
    assert read(build_op_context(), Db(url="positional")) == "positional"


def test_definitions_list_the_implicit_job_and_every_key() -> None:
    defs = Definitions(assets=[rows, summary], jobs=[define_asset_job("j", selection=[rows])])
    assert defs.has_implicit_global_asset_job_def()
    assert [j.name for j in defs.resolve_all_job_defs()] == ["__ASSET_JOB", "j"]
    implicit = defs.get_implicit_global_asset_job_def()
    assert implicit is defs.resolve_job_def("__ASSET_JOB")
    assert defs.resolve_all_asset_keys() == [
        AssetKey("outside"),
        AssetKey("rows"),
        AssetKey("summary"),
    ]
    assert defs.resolve_assets_def("rows") is defs.get_assets_def("rows")
    empty = Definitions()
    assert not empty.has_implicit_global_asset_job_def()
    assert empty.resolve_all_job_defs() == []
