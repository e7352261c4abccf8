"""``assert_partition_mapping_laws``: property checks every partition mapping should satisfy.

The laws, checked with Hypothesis over subsets of the downstream definition:

* **existence**: every upstream key a mapping returns exists; every key it reports as required
  but nonexistent really does not exist (and the two never overlap);
* **round trip**: a downstream key that reads existing upstream keys is among the downstream
  keys those upstream keys map back to;
* **monotonicity**: a larger downstream subset never reads fewer upstream keys.

A failure raises ``AssertionError`` describing the smallest counterexample Hypothesis found.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partwise import (
        DynamicPartitionsStore,
        PartitionMapping,
        PartitionsDefinition,
        PartitionsSubset,
    )

__all__ = ["assert_partition_mapping_laws"]


class _Checker:
    """The laws for one (mapping, upstream, downstream) triple at one instant."""

    def __init__(
        self,
        mapping: PartitionMapping,
        upstream: PartitionsDefinition,
        downstream: PartitionsDefinition,
        now: _dt.datetime,
        store: DynamicPartitionsStore | None,
    ) -> None:
        self.mapping, self.up, self.down, self.now, self.store = (
            mapping,
            upstream,
            downstream,
            now,
            store,
        )

    def _call(self, what: str, keys: Sequence[str], fn: Any, *args: Any) -> Any:
        try:
            return fn(*args, current_time=self.now, dynamic_partitions_store=self.store)
        except Exception as error:
            raise AssertionError(
                f"{self.mapping!r} raised {type(error).__name__} mapping {what} keys "
                f"{list(keys)}: {error}"
            ) from error

    def upstream(self, keys: Sequence[str]) -> tuple[set[str], set[str]]:
        """(existing, required-but-nonexistent) upstream keys of the downstream ``keys``."""
        subset = self.down.subset_with_partition_keys(keys)
        fn = self.mapping.get_upstream_mapped_partitions_result_for_partitions
        result = self._call("downstream", keys, fn, subset, self.down, self.up)
        missing = result.required_but_nonexistent_subset
        found = set(result.partitions_subset.get_partition_keys())
        return found, set(missing.get_partition_keys()) if missing is not None else set()

    def downstream(self, keys: Sequence[str]) -> set[str]:
        subset = self.up.subset_with_partition_keys(keys)
        fn = self.mapping.get_downstream_partitions_for_partitions
        result: PartitionsSubset = self._call("upstream", keys, fn, subset, self.up, self.down)
        return set(result.get_partition_keys())

    def _exists(self, key: str) -> bool:
        return self.up.has_partition_key(
            key, current_time=self.now, dynamic_partitions_store=self.store
        )

    def check(self, keys: Sequence[str], more: Sequence[str]) -> None:
        """Every law for ``keys``, plus monotonicity against ``keys`` grown by ``more``."""
        self.check_existence(more)
        found, missing = self.check_existence(keys)
        for key in keys[:1]:
            self.check_round_trip(key)
        bigger_found, bigger_missing = self.upstream([*keys, *more])
        lost = sorted((found | missing) - (bigger_found | bigger_missing))
        assert not lost, (
            f"{self.mapping!r} is not monotone: downstream keys {sorted(keys)} read upstream "
            f"{lost}, but the larger set {sorted({*keys, *more})} does not"
        )

    def check_existence(self, keys: Sequence[str]) -> tuple[set[str], set[str]]:
        found, missing = self.upstream(keys)
        where = f"{self.mapping!r} for downstream keys {sorted(keys)}"
        ghosts = sorted(k for k in found if not self._exists(k))
        assert not ghosts, f"{where} returned upstream keys that do not exist: {ghosts}"
        real = sorted(k for k in missing if self._exists(k))
        assert not real, f"{where} reported existing upstream keys as nonexistent: {real}"
        both = sorted(found & missing)
        assert not both, f"{where} reported keys as both existing and nonexistent: {both}"
        return found, missing

    def check_round_trip(self, key: str) -> None:
        found, _ = self.upstream([key])
        if not found:
            return
        back = self.downstream(sorted(found))
        assert key in back, (
            f"{self.mapping!r}: downstream key {key!r} reads upstream {sorted(found)}, which map "
            f"back to downstream {sorted(back)}, without {key!r}"
        )


def _validate(mapping: Any, upstream: Any, downstream: Any) -> None:
    try:
        mapping.validate_partition_mapping(upstream, downstream)
    except Exception as error:
        raise AssertionError(
            f"{mapping!r} is not valid from upstream {upstream} to downstream {downstream}: "
            f"{type(error).__name__}: {error}"
        ) from error


def assert_partition_mapping_laws(
    mapping: PartitionMapping,
    upstream_partitions_def: PartitionsDefinition,
    downstream_partitions_def: PartitionsDefinition,
    *,
    max_examples: int = 100,
    current_time: _dt.datetime | None = None,
    dynamic_partitions_store: DynamicPartitionsStore | None = None,
) -> None:
    """Check the mapping laws with Hypothesis; ``AssertionError`` with a minimal counterexample.

    Call it from a plain test (not inside ``@given``). ``current_time`` defaults to partwise's
    "now" when the check starts.
    """
    from hypothesis import HealthCheck, Phase, given, settings, strategies as st

    from partwise._partitions.context import effective_time

    from .strategies import partition_subsets

    _validate(mapping, upstream_partitions_def, downstream_partitions_def)
    now = effective_time(current_time)
    checker = _Checker(
        mapping, upstream_partitions_def, downstream_partitions_def, now, dynamic_partitions_store
    )
    subsets = partition_subsets(
        downstream_partitions_def,
        min_size=1,
        max_size=4,
        current_time=now,
        dynamic_partitions_store=dynamic_partitions_store,
    )
    pairs = st.tuples(subsets, subsets)

    @settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=True,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    @given(pairs)
    def laws(pair: tuple[PartitionsSubset, PartitionsSubset]) -> None:
        keys, more = (list(subset.get_partition_keys()) for subset in pair)
        checker.check(keys, more)

    laws()
