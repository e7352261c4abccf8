"""Tests never measure wall-clock time: a loaded machine must not fail them (goals: benchmarks/)."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).parent
TIMERS = re.compile(r"\b(perf_counter|process_time|time\.time)\(")


def test_no_test_reads_a_timer() -> None:
    """No file under tests/ calls a timer; speed goals live in benchmarks/ scripts."""
    offenders = [
        f"{path.relative_to(TESTS)}:{number}"
        for path in sorted(TESTS.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TIMERS.search(line)
    ]
    assert offenders == []
