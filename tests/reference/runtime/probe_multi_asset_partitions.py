"""A multi-asset whose specs are partitioned several ways (run with the package name as argument)."""

from __future__ import annotations

import importlib
from typing import Any

from _common import lib, show

# the reference raises its internal check error here (partwise exports it as CheckError)
CheckError = (
    getattr(lib, "CheckError", None) or importlib.import_module("dagster._check").CheckError
)

letters = lib.StaticPartitionsDefinition(["a", "b", "c"])
numbers = lib.StaticPartitionsDefinition(["1", "2", "3"])
daily = lib.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-02-01")
seen: list[Any] = []
RANGE = {
    "dagster/asset_partition_range_start": "2024-01-02",
    "dagster/asset_partition_range_end": "2024-01-03",
}


def _yield_selected(context):  # type: ignore[no-untyped-def]  # the reference refuses Any
    seen.append(
        (
            sorted(k.to_user_string() for k in context.selected_asset_keys),
            context.partition_key if context.has_partition_key else None,
            context.partition_keys if context.has_partition_key_range else None,
            sorted(k.to_user_string() for k in context.assets_def.keys),
        )
    )
    for key in context.selected_asset_keys:
        yield lib.MaterializeResult(asset_key=key)


def _specs(*pairs: Any) -> list[Any]:
    return [lib.AssetSpec(name, partitions_def=pdef) for name, pdef in pairs]


three = lib.multi_asset(
    specs=_specs(("letter", letters), ("number", numbers), ("day", daily), ("plain", None)),
    can_subset=True,
    name="three",
)(_yield_selected)
mixed = lib.multi_asset(specs=_specs(("part", letters), ("whole", None)), name="mixed")(
    _yield_selected
)


def materialized(assets: list[Any], **kwargs: Any) -> Any:
    result = lib.materialize(assets, **kwargs)
    events = result.get_asset_materialization_events()
    return sorted((e.asset_key.to_user_string(), e.partition) for e in events), seen[-1]


def raises(error: type, fn: Any) -> Any:
    try:
        fn()
    except error:
        return error.__name__.removeprefix("Dagster")
    return "no error"


print([(s.key.to_user_string(), s.partitions_def == pdef) for s, pdef in
       zip(three.specs, [letters, numbers, daily, None], strict=True)])  # fmt: skip
print("partitions_def", raises(CheckError, lambda: three.partitions_def))
print("mixed partitions_def", mixed.partitions_def == letters)
show("letter b", lambda: materialized([three], selection=["letter"], partition_key="b"))
show(
    "number + plain",
    lambda: materialized([three], selection=["number", "plain"], partition_key="2"),
)
show("plain", lambda: materialized([three], selection=["plain"]))
show("day range", lambda: materialized([three], selection=["day"], tags=RANGE))
print("all", raises(lib.DagsterInvalidDefinitionError, lambda: lib.materialize([three])))
print(
    "letter key for number",
    raises(
        lib.DagsterUnknownPartitionError,
        lambda: lib.materialize([three], selection=["number"], partition_key="b"),
    ),
)
print(
    "two ways, no can_subset",
    raises(
        lib.DagsterInvalidDefinitionError,
        lambda: lib.multi_asset(specs=_specs(("x", letters), ("y", numbers)))(_yield_selected),
    ),
)
defs = lib.Definitions(
    assets=[three], jobs=[lib.define_asset_job("numbers", selection=["number", "plain"])]
)
job = defs.resolve_job_def("numbers")
print("job", job.partitions_def == numbers, job.execute_in_process(partition_key="3").success)
show("mixed a", lambda: materialized([mixed], partition_key="a"))
show("mixed range", lambda: materialized([mixed], tags={
    "dagster/asset_partition_range_start": "a", "dagster/asset_partition_range_end": "b"}))  # fmt: skip
print(
    "whole with a key",
    raises(
        CheckError,
        lambda: lib.materialize(
            [lib.multi_asset(specs=_specs(("p", letters), ("w", None)), can_subset=True)(
                _yield_selected
            )],
            selection=["w"],
            partition_key="a",
        ),
    ),
)  # fmt: skip

# the implicit asset job spans definitions; each run takes the one its selection shares
implicit = lib.Definitions(assets=[three]).resolve_implicit_global_asset_job_def()
print("implicit partitions_def", implicit.partitions_def)
show("implicit letter", lambda: implicit.execute_in_process(
    asset_selection=[lib.AssetKey("letter")], partition_key="c").success)  # fmt: skip
show("implicit plain", lambda: implicit.execute_in_process(
    asset_selection=[lib.AssetKey("plain")]).success)  # fmt: skip
print("implicit letter + number", raises(CheckError, lambda: implicit.execute_in_process(
    asset_selection=[lib.AssetKey("letter"), lib.AssetKey("number")], partition_key="a")))  # fmt: skip

# outs built from specs keep each spec's partitions; output contexts answer per asset
writes: dict[str, Any] = {}


class Writes(lib.IOManager):
    def handle_output(self, context, obj):  # type: ignore[no-untyped-def]
        writes[context.asset_key.to_user_string()] = (
            context.has_asset_partitions,
            context.partition_key if context.has_partition_key else None,
        )

    def load_input(self, context):  # type: ignore[no-untyped-def]
        return None


def _pair():  # type: ignore[no-untyped-def]
    return 1, 2


from_specs = lib.multi_asset(
    outs={
        "pa": lib.AssetOut.from_spec(lib.AssetSpec("pa", partitions_def=letters)),
        "npa": lib.AssetOut.from_spec(lib.AssetSpec("npa")),
    },
    name="from_specs",
)(_pair)
print("from_spec partitions_def", from_specs.partitions_def == letters)
lib.materialize([from_specs], partition_key="b", resources={"io_manager": Writes()})
print("from_spec writes", sorted(writes.items()))
