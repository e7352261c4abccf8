"""pytest-partwise: partition-parametrized tests, fixtures, frozen schedules and mapping laws.

Importing this package is cheap: every name below loads its module on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .clock import FrozenTime, PartwiseClock, TickRow
    from .fixtures import MaterializePartition
    from .laws import assert_partition_mapping_laws

__all__ = [
    "FrozenTime",
    "MaterializePartition",
    "PartwiseClock",
    "TickRow",
    "assert_partition_mapping_laws",
]

_LAZY = {
    "FrozenTime": "clock",
    "PartwiseClock": "clock",
    "TickRow": "clock",
    "MaterializePartition": "fixtures",
    "assert_partition_mapping_laws": "laws",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pytest_partwise' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
