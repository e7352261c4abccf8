"""``@asset(output_required=False)``: an asset may decide not to materialize (as the reference)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from partwise import Output, asset, instance_for_test, materialize, materialize_to_memory

flag = {"go": True}


@asset(output_required=False)
def maybe() -> Iterator[Output[int]]:
    if flag["go"]:
        yield Output(5)


@asset
def after(maybe: int) -> int:
    return maybe + 1


def test_no_output_means_no_materialization_and_downstream_does_not_run() -> None:
    with instance_for_test() as instance:
        flag["go"] = True
        first = materialize([maybe, after], instance=instance)
        assert first.output_for_node("after") == 6
        flag["go"] = False
        second = materialize([maybe, after], instance=instance)
        assert second.success
        assert second.asset_materializations_for_node("maybe") == []
        assert second.asset_materializations_for_node("after") == []
        assert {e.step_key for e in second.all_events if e.step_key} == {"maybe"}
        latest = instance.get_latest_materialization_event(maybe.key)
        assert latest is not None and latest.run_id == first.run_id


def test_a_returned_value_still_materializes() -> None:
    @asset(output_required=False)
    def returns() -> Any:
        return None

    assert len(materialize_to_memory([returns]).asset_materializations_for_node("returns")) == 1
    assert maybe.outputs[0].is_required is False
