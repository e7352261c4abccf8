"""How many partitions one run of an asset may cover during a backfill."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["BackfillPolicy", "BackfillPolicyType"]


class BackfillPolicyType(enum.Enum):
    SINGLE_RUN = "SINGLE_RUN"
    MULTI_RUN = "MULTI_RUN"


@dataclass(frozen=True)
class BackfillPolicy:
    """``max_partitions_per_run=None`` means one run for a whole contiguous range."""

    max_partitions_per_run: int | None = 1

    @classmethod
    def single_run(cls) -> BackfillPolicy:
        return cls(max_partitions_per_run=None)

    @classmethod
    def multi_run(cls, max_partitions_per_run: int = 1) -> BackfillPolicy:
        return cls(max_partitions_per_run=max_partitions_per_run)

    @property
    def policy_type(self) -> BackfillPolicyType:
        if self.max_partitions_per_run is None:
            return BackfillPolicyType.SINGLE_RUN
        return BackfillPolicyType.MULTI_RUN

    def __str__(self) -> str:
        if self.max_partitions_per_run is None:
            return "BackfillPolicy.single_run()"
        return f"BackfillPolicy.multi_run(max_partitions_per_run={self.max_partitions_per_run})"
