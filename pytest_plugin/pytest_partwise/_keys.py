"""Deterministic sampling of key positions.

Positions come from the engine's positions protocol (``PartitionsDefinition.key_space``), which
answers "how many keys", "the i-th key" and "the position of this key" without listing keys where
the definition offers index arithmetic, so sampling from 100k keys costs no more than from ten.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

__all__ = ["sample_positions"]


def sample_positions(positions: Sequence[int], n: int, seed: str) -> Sequence[int]:
    """``n`` positions chosen deterministically from ``seed``: the first, the last, and one
    random pick in each of ``n - 2`` equal strata between them (so samples spread over time)."""
    if n >= len(positions):
        return positions
    if n == 1:
        return [positions[0]]
    rng = random.Random(f"partwise:{seed}:{len(positions)}")
    inner, strata = len(positions) - 2, n - 2
    picks = [
        rng.randrange(1 + j * inner // strata, 1 + (j + 1) * inner // strata) for j in range(strata)
    ]
    return [positions[0], *(positions[i] for i in picks), positions[-1]]
