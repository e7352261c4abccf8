"""Reference accessors on the step context: node, job, subset, input keys; code versions."""

from __future__ import annotations

from typing import Any

import pytest

from partwise import (
    AssetExecutionContext,
    AssetKey,
    AssetOut,
    Definitions,
    Output,
    asset,
    define_asset_job,
    job,
    materialize,
    multi_asset,
    op,
)
from partwise.errors import InvalidInvocationError

seen: dict[str, Any] = {}


@asset(code_version="v1")
def up(context: AssetExecutionContext) -> int:
    seen["up"] = (
        context.op.name,
        str(context.node_handle),
        context.job_name,
        context.has_assets_def,
        context.is_subset,
        context.step_launcher,
    )
    return 1


@asset
def down(context: AssetExecutionContext, up: int) -> int:
    seen["down"] = context.asset_key_for_input("up")
    with pytest.raises(InvalidInvocationError, match="Unknown input 'nope'"):
        context.asset_key_for_input("nope")
    return up


def test_an_asset_step_knows_its_node_job_and_inputs() -> None:
    materialize([up, down])
    assert seen["up"] == ("up", "up", "__ephemeral_asset_job__", True, False, None)
    assert seen["down"] == AssetKey("up")
    assert up.code_versions_by_key == {AssetKey("up"): "v1"}


def test_an_op_step_has_no_assets_def() -> None:
    @op
    def plain(context: Any) -> None:
        seen["op"] = (context.op.name, context.job_name, context.has_assets_def)

    @job
    def plain_job() -> None:
        plain()

    plain_job.execute_in_process()
    assert seen["op"] == ("plain", "plain_job", False)


def test_is_subset_when_a_run_wants_fewer_assets_than_the_step_makes() -> None:
    @multi_asset(
        outs={"a": AssetOut(is_required=False), "b": AssetOut(is_required=False)}, can_subset=True
    )
    def both(context: AssetExecutionContext) -> Any:
        seen.setdefault("subset", []).append(context.is_subset)
        for name in sorted(context.selected_output_names):
            yield Output(1, name)

    defs = Definitions(assets=[both], jobs=[define_asset_job("j")])
    defs.get_job_def("j").execute_in_process()
    defs.get_job_def("j").execute_in_process(asset_selection=[AssetKey("a")])
    assert seen["subset"] == [False, True]
