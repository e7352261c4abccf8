"""The terminal twin of a run matrix: one bar of outcomes by partition per parametrized test.

Reports carry ``partwise_partition = [test, key, index, total, position, row, column]`` (plain
values, so they survive pytest-xdist's serialization): ``index`` orders the test's own keys,
``position`` is the key's place in its definition (only keys at consecutive positions are joined
into a range), ``row``/``column`` place a multi key in a grid. The controller aggregates them here
and renders the summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

__all__ = [
    "REPORT_ATTR",
    "SUMMARY_KEY",
    "PartitionSummary",
    "PartitionOutcomes",
    "failure_message",
    "group_ranges",
    "outcome_char",
]

REPORT_ATTR = "partwise_partition"
BAR_WIDTH = 50
MAX_RANGES = 8
# Worst first: a partition's character is the worst outcome any of its reports had.
SEVERITY = "FEXxs. "


def outcome_char(report: Any) -> str | None:
    """``F`` failed, ``E`` error, ``X``/``x`` xpass/xfail, ``s`` skipped, ``.`` passed."""
    xfail = hasattr(report, "wasxfail")
    if report.when == "call":
        if report.failed:
            return "F"
        if report.skipped:
            return "x" if xfail else "s"
        return "X" if xfail else "."
    if report.failed:
        return "E"
    if report.skipped:
        return "x" if xfail else "s"
    return None


def _worse(a: str, b: str) -> str:
    return a if SEVERITY.index(a) <= SEVERITY.index(b) else b


@dataclass
class PartitionOutcomes:
    """One partition-marked test: its keys and their worst outcomes, by index among its keys."""

    total: int
    outcomes: dict[int, str] = field(default_factory=dict)
    keys: dict[int, str] = field(default_factory=dict)
    positions: dict[int, int] = field(default_factory=dict)  # index -> position in definition
    cells: dict[int, tuple[str, str]] = field(default_factory=dict)  # index -> (row, column)
    messages: dict[int, str] = field(default_factory=dict)  # index -> first failure message


@dataclass
class PartitionSummary:
    """Outcomes by (test, partition position), merged across parametrizations and workers."""

    tests: dict[str, PartitionOutcomes] = field(default_factory=dict)

    def record(self, report: Any) -> None:
        info = getattr(report, REPORT_ATTR, None)
        char = outcome_char(report)
        if not info or char is None:
            return
        name, key, index, total, *rest = info
        position, row, column = (*rest, index, None, None)[:3]
        test = self.tests.setdefault(name, PartitionOutcomes(int(total)))
        test.keys[index] = key
        test.positions[index] = int(position)
        if row is not None and column is not None:
            test.cells[index] = (str(row), str(column))
        test.outcomes[index] = _worse(char, test.outcomes.get(index, " "))
        if char in "FE" and index not in test.messages:
            test.messages[index] = failure_message(report)

    def lines(self) -> list[tuple[str, bool]]:
        """One ``(text, failed)`` line per test, in first-reported order."""
        return [_line(name, test) for name, test in self.tests.items()]


def failure_message(report: Any) -> str:
    """The exception lines of a failed report's text (pytest's ``E`` lines of its last entry),
    else its last line; at most 1,000 characters."""
    lines = str(getattr(report, "longreprtext", "") or "").splitlines()
    exception: list[str] = []
    for line in reversed(lines):
        if line.startswith("E "):
            exception.insert(0, line[1:].strip())
        elif exception:
            break
    text = "\n".join(exception) or next((x.strip() for x in reversed(lines) if x.strip()), "")
    return (text or "failed")[:1000]


def _bar(test: PartitionOutcomes) -> str:
    size = max(1, -(-test.total // BAR_WIDTH))
    chars = []
    for lo in range(0, test.total, size):
        bucket = [test.outcomes.get(i, " ") for i in range(lo, min(lo + size, test.total))]
        worst = " "
        for char in bucket:
            worst = _worse(char, worst)
        chars.append(worst)
    return "".join(chars)


def group_ranges(indexed: Sequence[tuple[int, str]]) -> list[str]:
    """Keys at consecutive positions (in their definition) joined as ``first...last``; others
    listed alone, so a range never implies a key that is not in it."""
    out: list[str] = []
    run: list[tuple[int, str]] = []
    for index, key in sorted(indexed):
        if run and index != run[-1][0] + 1:
            out.append(_run_text(run))
            run = []
        run.append((index, key))
    if run:
        out.append(_run_text(run))
    return out


def _run_text(run: list[tuple[int, str]]) -> str:
    return run[0][1] if len(run) == 1 else f"{run[0][1]}...{run[-1][1]}"


def _line(name: str, test: PartitionOutcomes) -> tuple[str, bool]:
    bad = [(test.positions.get(i, i), test.keys[i]) for i, c in test.outcomes.items() if c in "FE"]
    ran = len(test.outcomes)
    head = f"{name} [{_bar(test)}]"
    if not bad:
        return f"{head} {ran}/{test.total} partitions, none failed", False
    ranges = group_ranges(bad)
    shown = ", ".join(ranges[:MAX_RANGES])
    more = f" (+{len(ranges) - MAX_RANGES} more ranges)" if len(ranges) > MAX_RANGES else ""
    return f"{head} {len(bad)}/{ran} partitions failed: {shown}{more}", True


SUMMARY_KEY = pytest.StashKey[PartitionSummary]()
