"""A tiny timing helper shared by the benchmark scripts: best-of-N timings, peak memory, JSON.

It imports nothing from partwise, so a benchmark can run it under another interpreter (for the
side-by-side comparison with the reference package).
"""

from __future__ import annotations

import gc
import json
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

__all__ = ["best_of", "cpu_seconds", "emit", "peak_memory", "per_call_us"]


def best_of(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs of ``fn`` in seconds, and the last run's result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        began = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - began)
    return best, result


def cpu_seconds(fn: Callable[[], Any], repeat: int = 5) -> float:
    """The least CPU time (``time.process_time``) of ``repeat`` runs of ``fn``, in seconds: steadier
    than wall time on a shared machine, since time spent waiting for a core is not counted."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        began = time.process_time()
        fn()
        best = min(best, time.process_time() - began)
    return best


def per_call_us(fn: Callable[[], Any], calls: int, repeat: int = 5) -> float:
    """Microseconds per call of ``fn``, where one run of ``fn`` makes ``calls`` calls."""
    seconds, _ = best_of(fn, repeat)
    return seconds / calls * 1e6


def peak_memory(fn: Callable[[], Any]) -> tuple[int, Any]:
    """Peak bytes allocated while ``fn`` runs (tracemalloc), and its result."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, result


def emit(results: dict[str, Any]) -> None:
    """Print the results as indented JSON on standard output."""
    print(json.dumps(results, indent=2, sort_keys=False))
