"""``PartitionKeySet``: the keys of a key subset, equal to a set and iterating in definition order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Set as AbstractSet

__all__ = ["PartitionKeySet"]


class PartitionKeySet(AbstractSet[str]):
    """An immutable set of partition keys that iterates in definition order.

    It compares equal to any set holding the same keys (``subset.get_partition_keys() == {"a"}``),
    while loops over it stay deterministic. Membership and length never sort; the order is worked
    out on the first iteration only.
    """

    __slots__ = ("_keys", "_order", "_ordered")

    def __init__(
        self, keys: Iterable[str], order: Callable[[Iterable[str]], list[str]] | None = None
    ) -> None:
        self._keys = keys if isinstance(keys, frozenset) else frozenset(keys)
        self._order = order
        # Without an order function the keys iterate as given (first occurrence wins).
        self._ordered: list[str] | None = None if order else list(dict.fromkeys(keys))

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        if self._ordered is None:
            assert self._order is not None
            self._ordered = self._order(self._keys)
        return iter(self._ordered)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PartitionKeySet):
            return self._keys == other._keys
        if isinstance(other, (set, frozenset)):
            return self._keys == other
        return AbstractSet.__eq__(self, other)

    def __hash__(self) -> int:
        return hash(self._keys)

    def __repr__(self) -> str:
        return "{" + ", ".join(repr(key) for key in self) + "}" if self._keys else "set()"
