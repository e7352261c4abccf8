"""``OutputContext.op_def`` and ``InputContext.op_def``: the op of the step writing or loading."""

from __future__ import annotations

from typing import Any

import pytest

from partwise import (
    AssetOut,
    CheckError,
    InputContext,
    InvariantViolationError,
    IOManager,
    OutputContext,
    asset,
    build_input_context,
    build_output_context,
    graph_asset,
    job,
    materialize,
    multi_asset,
    op,
)


class Recorder(IOManager):
    def __init__(self) -> None:
        self.seen: list[tuple[str, str, dict[str, str], str | None]] = []

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        od = context.op_def
        self.seen.append((f"out {context.name}", od.name, dict(od.tags), od.description))

    def load_input(self, context: InputContext) -> int:
        for label, od in (("in", context.op_def), ("in.up", context.upstream_output.op_def)):
            self.seen.append((f"{label} {context.name}", od.name, dict(od.tags), od.description))
        return 1


@asset(op_tags={"team": "data"})
def up() -> int:
    """Upstream numbers."""
    return 1


@asset
def down(up: int) -> int:
    return up + 1


def test_an_asset_step_is_its_node_as_an_op() -> None:
    recorder = Recorder()
    materialize([up, down], resources={"io_manager": recorder})
    assert recorder.seen == [
        ("out result", "up", {"team": "data"}, "Upstream numbers."),
        ("in up", "down", {}, None),
        ("in.up up", "up", {"team": "data"}, "Upstream numbers."),
        ("out result", "down", {}, None),
    ]


def test_every_output_of_a_multi_asset_names_the_node() -> None:
    @multi_asset(outs={"o1": AssetOut(), "o2": AssetOut()})
    def pair() -> tuple[int, int]:
        return 1, 2

    recorder = Recorder()
    materialize([pair], resources={"io_manager": recorder})
    assert [(label, name) for label, name, _, _ in recorder.seen] == [
        ("out o1", "pair"),
        ("out o2", "pair"),
    ]
    assert pair.op.output_names == ["o1", "o2"]


@op(tags={"kind": "source"})
def emit() -> int:
    return 1


@op
def keep(value: int) -> int:
    return value


def test_op_steps_give_their_own_op() -> None:
    recorder = Recorder()

    @job(resource_defs={"io_manager": recorder})
    def chain() -> None:
        keep(emit())

    chain.execute_in_process()
    assert recorder.seen == [
        ("out result", "emit", {"kind": "source"}, None),
        ("in value", "keep", {}, None),
        ("in.up value", "emit", {"kind": "source"}, None),
        ("out result", "keep", {}, None),
    ]
    assert recorder.seen[0][1:] == (emit.name, emit.tags, emit.description)


def test_a_graph_asset_is_written_by_the_op_that_returns_it() -> None:
    @graph_asset
    def from_graph() -> Any:
        return emit()

    @asset
    def after(from_graph: int) -> int:
        return from_graph

    recorder = Recorder()
    materialize([from_graph, after], resources={"io_manager": recorder})
    assert ("in.up from_graph", "emit", {"kind": "source"}, None) in recorder.seen
    assert from_graph.node_def.name == "from_graph"


def test_a_graph_asset_has_no_single_op() -> None:
    @graph_asset
    def by_graph() -> Any:
        return emit()

    with pytest.raises(CheckError, match="not of type OpDefinition"):
        _ = by_graph.op


def test_built_contexts_take_an_op_def_or_say_it_is_missing() -> None:
    assert build_output_context(op_def=emit).op_def is emit
    assert build_output_context(op_def=emit).op_def_name == "emit"
    assert build_input_context(op_def=keep).op_def is keep
    for built in (build_output_context(), build_input_context()):
        with pytest.raises(InvariantViolationError, match="Attempting to access op_def"):
            _ = built.op_def
