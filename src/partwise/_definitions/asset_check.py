"""Asset checks: ``@asset_check``, ``AssetCheckSpec``, ``AssetCheckResult`` and what a run records."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, NamedTuple

from partwise._asset_key import AssetKey, CoercibleToAssetKey
from partwise._compat import check_keywords, strict_keywords
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise.errors import InvalidDefinitionError

from .asset import AssetsDefinition, asset_key_of, coerce_deps
from .asset_in import AssetIn, loaded_input
from .fn import inspect_fn

__all__ = [
    "AssetCheckEvaluation",
    "AssetCheckKey",
    "AssetCheckResult",
    "AssetCheckSeverity",
    "AssetCheckSpec",
    "AssetChecksDefinition",
    "asset_check",
    "multi_asset_check",
]


class AssetCheckSeverity(Enum):
    """How bad a failed check is; neither fails the run (a failed *blocking* check does)."""

    WARN = "WARN"
    ERROR = "ERROR"


class AssetCheckKey(NamedTuple):
    asset_key: AssetKey
    name: str

    def to_user_string(self) -> str:
        return f"{self.asset_key.to_user_string()}:{self.name}"


@dataclass(frozen=True)
class AssetCheckSpec:
    """A check on ``asset`` named ``name``; ``blocking`` checks stop downstream assets on failure."""

    name: str
    asset: Any
    description: str | None = None
    additional_deps: Iterable[Any] | None = None
    blocking: bool = False
    metadata: Mapping[str, Any] | None = None
    automation_condition: Any = None
    partitions_def: PartitionsDefinition | None = None

    def __init__(
        self,
        name: str,
        *,
        asset: Any,
        description: str | None = None,
        additional_deps: Iterable[Any] | None = None,
        blocking: bool = False,
        metadata: Mapping[str, Any] | None = None,
        automation_condition: Any = None,
        partitions_def: PartitionsDefinition | None = None,
    ) -> None:
        for key, value in dict(locals()).items():
            if key != "self":
                object.__setattr__(self, key, value)

    @property
    def asset_key(self) -> AssetKey:
        return asset_key_of(self.asset)

    @property
    def key(self) -> AssetCheckKey:
        return AssetCheckKey(self.asset_key, self.name)

    def with_asset_key(self, key: AssetKey) -> AssetCheckSpec:
        return replace(self, asset=key)


@dataclass(frozen=True)
class AssetCheckResult:
    """What a check reports; ``asset_key``/``check_name`` may be left out when unambiguous."""

    passed: bool
    asset_key: CoercibleToAssetKey | None = None
    check_name: str | None = None
    metadata: Mapping[str, Any] | None = None
    severity: AssetCheckSeverity = AssetCheckSeverity.ERROR
    description: str | None = None

    def __init__(
        self,
        *,
        passed: bool,
        asset_key: CoercibleToAssetKey | None = None,
        check_name: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        severity: AssetCheckSeverity = AssetCheckSeverity.ERROR,
        description: str | None = None,
    ) -> None:
        for key, value in dict(locals()).items():
            if key != "self":
                object.__setattr__(self, key, value)


@dataclass(frozen=True)
class AssetCheckEvaluation:
    """One recorded check result (per partition for partitioned checks)."""

    asset_key: AssetKey
    check_name: str
    passed: bool
    metadata: Mapping[str, Any] = field(default_factory=dict)
    severity: AssetCheckSeverity = AssetCheckSeverity.ERROR
    description: str | None = None
    blocking: bool = False
    partition: str | None = None

    @property
    def asset_check_key(self) -> AssetCheckKey:
        return AssetCheckKey(self.asset_key, self.check_name)

    def message(self) -> str:
        """The encoding stored as the event's message (the metadata is stored as metadata)."""
        fields = {
            "check_name": self.check_name,
            "passed": self.passed,
            "severity": self.severity.value,
            "description": self.description,
            "blocking": self.blocking,
        }
        return json.dumps(fields, sort_keys=True)

    @classmethod
    def from_entry(cls, entry: Any) -> AssetCheckEvaluation:
        fields = json.loads(entry.message)
        return cls(
            asset_key=entry.asset_key,
            check_name=fields["check_name"],
            passed=fields["passed"],
            metadata=dict(entry.metadata),
            severity=AssetCheckSeverity(fields["severity"]),
            description=fields["description"],
            blocking=fields["blocking"],
            partition=entry.partition,
        )


class AssetChecksDefinition:
    """An ``@asset_check``: a function run after its asset, reporting ``AssetCheckResult``s.

    ``node`` is the step it runs as: an asset node with no outputs whose inputs load the checked
    asset (and any ``additional_ins``).
    """

    def __init__(self, node: AssetsDefinition, specs: tuple[AssetCheckSpec, ...]) -> None:
        self.node = node
        self.specs = specs

    @property
    def asset_key(self) -> AssetKey:
        return self.specs[0].asset_key

    @property
    def check_key(self) -> AssetCheckKey:
        return self.specs[0].key

    @property
    def check_keys(self) -> set[AssetCheckKey]:
        return {s.key for s in self.specs}

    @property
    def check_specs(self) -> list[AssetCheckSpec]:
        return list(self.specs)

    @property
    def name(self) -> str:
        return self.specs[0].name

    @property
    def node_name(self) -> str:
        return self.node.node_name

    @property
    def partitions_def(self) -> PartitionsDefinition | None:
        return self.node.partitions_def

    def with_key_map(self, key_map: Mapping[AssetKey, AssetKey]) -> AssetChecksDefinition:
        specs = tuple(s.with_asset_key(key_map.get(s.asset_key, s.asset_key)) for s in self.specs)
        node = replace(
            self.node.with_attributes(asset_key_replacements=key_map),
            name=_node_name(specs[0].asset_key, specs[0].name),
        )
        return AssetChecksDefinition(node, specs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.node(*args, **kwargs)

    def __repr__(self) -> str:
        return f"AssetChecksDefinition({self.check_key.to_user_string()!r})"


def _node_name(asset_key: AssetKey, name: str) -> str:
    return f"{'__'.join(asset_key.path)}_{name}"


@strict_keywords
def asset_check(
    *,
    asset: Any,
    name: str | None = None,
    description: str | None = None,
    blocking: bool = False,
    additional_ins: Mapping[str, AssetIn] | None = None,
    additional_deps: Iterable[Any] | None = None,
    required_resource_keys: Iterable[str] | None = None,
    resource_defs: Mapping[str, Any] | None = None,
    config_schema: Any = None,
    compute_kind: str | None = None,
    op_tags: Mapping[str, Any] | None = None,
    retry_policy: Any = None,
    metadata: Mapping[str, Any] | None = None,
    automation_condition: Any = None,
    pool: str | None = None,
    partitions_def: PartitionsDefinition | None = None,
) -> Callable[[Callable[..., Any]], AssetChecksDefinition]:
    """Declare a check of ``asset``; a parameter not in ``additional_ins`` loads the asset.

    ``compute_kind``, ``automation_condition`` and ``pool`` are accepted for compatibility and
    not used; ``resource_defs`` is refused (``partwise._compat``).
    """
    check_keywords(asset_check, {"resource_defs": resource_defs})

    def build(fn: Callable[..., Any]) -> AssetChecksDefinition:
        spec = inspect_fn(fn, "asset check")
        check_name = name or fn.__name__
        target = asset_key_of(asset)
        extra = dict(additional_ins or {})
        unknown = sorted(set(extra) - set(spec.input_names))
        if unknown:
            raise InvalidDefinitionError(
                f"Asset check {check_name!r}: additional_ins {unknown} name no parameter of "
                f"{fn.__name__}(); its input parameters are {list(spec.input_names)}"
            )
        own = [n for n in spec.input_names if n not in extra]
        if len(own) > 1:
            raise InvalidDefinitionError(
                f"Asset check {check_name!r} has inputs {own} that are not in additional_ins; "
                f"at most one parameter may load the checked asset {target.to_user_string()!r}"
            )
        inputs = tuple(
            loaded_input(n, extra[n]) if n in extra else loaded_input(n, AssetIn(key=target))
            for n in spec.input_names
        )
        deps = coerce_deps(additional_deps, f"in asset check {check_name}.")
        check = AssetCheckSpec(
            check_name,
            asset=target,
            description=description or (fn.__doc__ or "").strip() or None,
            blocking=blocking,
            metadata=metadata,
            partitions_def=partitions_def,
        )
        node = AssetsDefinition(
            fn=fn,
            spec=spec,
            outputs=(),
            node_partitions_def=partitions_def,
            inputs=inputs,
            deps=deps,
            required_resource_keys=frozenset(required_resource_keys or ())
            | set(spec.resource_params),
            config_schema=config_schema,
            op_tags=dict(op_tags or {}),
            name=_node_name(target, check_name),
            retry_policy=retry_policy,
        )
        return AssetChecksDefinition(node, (check,))

    return build


@strict_keywords
def multi_asset_check(
    *,
    specs: Sequence[AssetCheckSpec],
    name: str | None = None,
    description: str | None = None,
    can_subset: bool = False,
    compute_kind: str | None = None,
    op_tags: Mapping[str, Any] | None = None,
    required_resource_keys: Iterable[str] | None = None,
    retry_policy: Any = None,
    config_schema: Any = None,
    ins: Mapping[str, Any] | None = None,
    pool: str | None = None,
) -> Callable[[Callable[..., Any]], AssetChecksDefinition]:
    """Several checks in one function, which yields an ``AssetCheckResult`` per spec.

    ``ins`` maps parameters to the assets they load (an ``AssetIn`` or a key).
    ``compute_kind`` and ``pool`` are accepted and not used.
    """

    def build(fn: Callable[..., Any]) -> AssetChecksDefinition:
        spec = inspect_fn(fn, "asset check")
        declared = {
            n: v if isinstance(v, AssetIn) else AssetIn(key=v) for n, v in (ins or {}).items()
        }
        node = AssetsDefinition(
            fn=fn,
            spec=spec,
            outputs=(),
            inputs=tuple(loaded_input(n, declared.get(n)) for n in spec.input_names),
            required_resource_keys=frozenset(required_resource_keys or ())
            | set(spec.resource_params),
            config_schema=config_schema,
            op_tags=dict(op_tags or {}),
            name=name or fn.__name__,
            can_subset=can_subset,
            retry_policy=retry_policy,
        )
        return AssetChecksDefinition(node, tuple(specs))

    return build
