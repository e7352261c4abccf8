"""``AssetSelection``: composable queries over an asset graph."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from partwise._asset_key import AssetKey
from partwise.errors import InvalidInvocationError, check_param, did_you_mean

from .asset import AssetsDefinition, AssetSpec, keys_of
from .asset_graph import AssetGraph

__all__ = ["AssetSelection", "CoercibleToAssetSelection", "coerce_selection"]

Resolver = Callable[["AssetGraph"], frozenset[AssetKey]]


class AssetSelection:
    """A lazily evaluated set of asset keys; combine with ``|``, ``&`` and ``-``."""

    def __init__(self, resolver: Resolver, label: str) -> None:
        self._resolver = resolver
        self._label = label

    # -- constructors --------------------------------------------------------------------------
    @staticmethod
    def all() -> AssetSelection:
        return AssetSelection(lambda g: frozenset(g.assets), "AssetSelection.all()")

    @staticmethod
    def assets(*defs: Any) -> AssetSelection:
        keys = frozenset(k for d in defs for k in keys_of(d))
        return AssetSelection(_checked(keys), f"AssetSelection.assets({len(keys)} assets)")

    @staticmethod
    def keys(*keys: Any) -> AssetSelection:
        parsed = frozenset(
            AssetKey.from_user_string(k) if isinstance(k, str) else AssetKey.from_coercible(k)
            for k in keys
        )
        labels = sorted(k.to_user_string() for k in parsed)
        return AssetSelection(_checked(parsed), f"AssetSelection.keys({labels})")

    @staticmethod
    def groups(*group_names: str) -> AssetSelection:
        names = set(group_names)
        return AssetSelection(
            lambda g: frozenset(k for k in g.assets if g.group_name(k) in names),
            f"AssetSelection.groups({sorted(names)})",
        )

    @staticmethod
    def from_string(text: str) -> AssetSelection:
        """A small subset of the selection syntax: ``+a``, ``a+``, ``*a``, ``a*``, ``a, b``."""
        result: AssetSelection | None = None
        for part in (p.strip() for p in text.split(",") if p.strip()):
            name = part.strip("+*")
            sel = AssetSelection.keys(name)
            if part.startswith("*"):
                sel = sel.upstream()
            elif part.startswith("+"):
                sel = sel.upstream(depth=part.count("+", 0, len(part) - len(part.lstrip("+"))))
            if part.endswith("*"):
                sel = sel.downstream()
            elif part.endswith("+"):
                sel = sel.downstream(depth=len(part) - len(part.rstrip("+")))
            result = sel if result is None else result | sel
        if result is None:
            raise InvalidInvocationError(f"Empty asset selection string: {text!r}")
        return result

    # -- graph traversal -----------------------------------------------------------------------
    def upstream(self, depth: int | None = None, include_self: bool = True) -> AssetSelection:
        return self._walk("upstream", depth, include_self)

    def downstream(self, depth: int | None = None, include_self: bool = True) -> AssetSelection:
        return self._walk("downstream", depth, include_self)

    def _walk(self, direction: str, depth: int | None, include_self: bool) -> AssetSelection:
        def resolve(g: AssetGraph) -> frozenset[AssetKey]:
            start = self._resolver(g)
            seen, frontier, level = set(start), set(start), 0
            step = g.parents if direction == "upstream" else g.children
            while frontier and (depth is None or level < depth):
                frontier = {n for k in frontier for n in step(k) if n in g.assets} - seen
                seen |= frontier
                level += 1
            return frozenset(seen if include_self else seen - start)

        return AssetSelection(resolve, f"{self._label}.{direction}()")

    # -- algebra -------------------------------------------------------------------------------
    def __or__(self, other: AssetSelection) -> AssetSelection:
        return AssetSelection(
            lambda g: self._resolver(g) | other._resolver(g), f"({self} | {other})"
        )

    def __and__(self, other: AssetSelection) -> AssetSelection:
        return AssetSelection(
            lambda g: self._resolver(g) & other._resolver(g), f"({self} & {other})"
        )

    def __sub__(self, other: AssetSelection) -> AssetSelection:
        return AssetSelection(
            lambda g: self._resolver(g) - other._resolver(g), f"({self} - {other})"
        )

    def resolve(self, assets: AssetGraph | Sequence[Any]) -> frozenset[AssetKey]:
        """The selected keys within ``assets`` (a graph or a list of assets)."""
        graph = assets if isinstance(assets, AssetGraph) else AssetGraph(list(assets))
        return self._resolver(graph)

    def __str__(self) -> str:
        return self._label

    __repr__ = __str__


def _checked(keys: frozenset[AssetKey]) -> Resolver:
    def resolve(g: AssetGraph) -> frozenset[AssetKey]:
        missing = [k for k in keys if k not in g.assets]
        if missing:
            known = [k.to_user_string() for k in g.assets]
            bad = missing[0].to_user_string()
            raise InvalidInvocationError(
                f"Asset selection names an unknown asset {bad!r}{did_you_mean(bad, known)}"
            )
        return keys

    return resolve


CoercibleToAssetSelection = AssetSelection | str | Iterable[Any] | None


def coerce_selection(selection: CoercibleToAssetSelection) -> AssetSelection:
    """Accept a selection, a selection string, or a list of keys / key strings / assets."""
    if selection is None:
        return AssetSelection.all()
    if isinstance(selection, AssetSelection):
        return selection
    if isinstance(selection, str):
        return AssetSelection.from_string(selection)
    check_param(selection, "selection", (list, tuple, set, frozenset))
    items = list(selection)
    if all(isinstance(i, AssetsDefinition | AssetSpec) for i in items):
        return AssetSelection.assets(*items)
    return AssetSelection.keys(*items)
