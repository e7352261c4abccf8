"""``AssetKey``: the hashable, ordered name of an asset, a path of string components."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from partwise.errors import CheckError, InvalidDefinitionError

__all__ = ["AssetKey", "CoercibleToAssetKey", "CoercibleToAssetKeyPrefix", "asset_key_param"]


@functools.lru_cache(maxsize=4096)
def _storage_string(parts: tuple[str, ...]) -> str:
    """``parts`` as a JSON list (every stored event names its asset this way: computed once)."""
    return json.dumps(list(parts))


@dataclass(frozen=True, order=True, init=False, repr=False)
class AssetKey:
    """An asset's name as a path: ``AssetKey("a")``, ``AssetKey(["a", "b"])``.

    A string argument is one component (as in Dagster); use :meth:`from_user_string` to split
    ``"a/b"`` into two.
    """

    parts: tuple[str, ...]

    def __init__(self, path: str | Sequence[str]) -> None:
        if not isinstance(path, str | Sequence):
            raise CheckError(
                f'Param "path" is not a Sequence. Got {path!r} which is type {type(path)}.'
            )
        parts = (path,) if isinstance(path, str) else tuple(path)
        if not parts:
            raise InvalidDefinitionError(
                "Invalid asset key: path=[]; expected at least one component, "
                "e.g. AssetKey('my_asset') or AssetKey(['prefix', 'my_asset'])"
            )
        bad = [part for part in parts if not isinstance(part, str)]
        if bad:
            raise InvalidDefinitionError(
                f"Invalid asset key component: {bad[0]!r} in {list(parts)!r}; "
                "expected every component to be a str"
            )
        object.__setattr__(self, "parts", parts)

    @property
    def path(self) -> list[str]:
        """The components as a list (a fresh one: the key itself stays immutable), as Dagster's."""
        return list(self.parts)

    def __repr__(self) -> str:
        return f"AssetKey({self.path!r})"

    __str__ = __repr__

    def to_user_string(self) -> str:
        """The path joined by ``/``, as shown to users: ``"a/b"``."""
        return "/".join(self.parts)

    def to_string(self) -> str:
        """A JSON list of the components, the form used in storage: ``'["a", "b"]'``."""
        return _storage_string(self.parts)

    def to_python_identifier(self, suffix: str | None = None) -> str:
        """The path (and ``suffix``) joined by ``__``, with ``-`` and ``.`` made ``_``: ``"a__b_c"``."""
        parts = [*self.path, suffix] if suffix is not None else list(self.path)
        return "__".join(parts).replace("-", "_").replace(".", "_")

    @staticmethod
    def from_user_string(asset_key_string: str) -> AssetKey:
        """Parse the ``"a/b"`` form back into a key."""
        return AssetKey(asset_key_string.split("/"))

    @staticmethod
    def from_db_string(asset_key_string: str | None) -> AssetKey | None:
        """Parse the :meth:`to_string` form (``None`` stays ``None``)."""
        if asset_key_string is None:
            return None
        parsed = json.loads(asset_key_string)
        return AssetKey([str(part) for part in parsed])

    @staticmethod
    def from_coercible(arg: CoercibleToAssetKey) -> AssetKey:
        """An ``AssetKey`` from a key, a string (one component: ``"a/b"`` stays whole, as in
        Dagster) or a sequence of components."""
        if isinstance(arg, AssetKey):
            return arg
        if isinstance(arg, str | Sequence):
            return AssetKey(arg)
        raise InvalidDefinitionError(
            f"Cannot make an asset key from {arg!r} ({type(arg).__name__}); "
            "expected an AssetKey, a str or a sequence of str"
        )

    def with_prefix(self, prefix: CoercibleToAssetKeyPrefix) -> AssetKey:
        """This key with ``prefix`` (one component or several) in front."""
        parts = [prefix] if isinstance(prefix, str) else list(prefix)
        return AssetKey([*parts, *self.parts])

    def has_prefix(self, prefix: Sequence[str]) -> bool:
        """Whether the path starts with the components of ``prefix``."""
        return self.parts[: len(prefix)] == tuple(prefix)


CoercibleToAssetKey: TypeAlias = AssetKey | str | Sequence[str]
CoercibleToAssetKeyPrefix: TypeAlias = str | Sequence[str]


def asset_key_param(value: object, name: str = "asset_key") -> AssetKey:
    """``value`` as an ``AssetKey`` where a method takes one: a key, a str (one component, as the
    reference's ``AssetKey.from_coercible`` makes it) or a sequence of str components."""
    if isinstance(value, AssetKey):
        return value
    if isinstance(value, str | Sequence):
        return AssetKey(value)
    raise CheckError(
        f'Param "{name}" is not a AssetKey. Got {value!r} which is type {type(value)}.'
    )
