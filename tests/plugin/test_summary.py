"""The terminal summary: one bar of outcomes by partition per test, failing keys as ranges."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pytest_partwise._summary import PartitionSummary, group_ranges

BASE = ("-p", "no:cacheprovider", "--partitions-now", "2025-06-01")


def test_bar_and_failing_ranges(pytester: pytest.Pytester, header: str) -> None:
    """Failures show in the bar and are grouped into ``first...last`` ranges."""
    pytester.makepyfile(
        header
        + """
@pytest.mark.partitions(daily, range=("2024-01-01", "2024-01-10"))
def test_load(partition_key):
    assert partition_key not in ("2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08")

@pytest.mark.partitions(colors)
def test_ok(partition_key):
    if partition_key == "blue":
        pytest.skip("no blue today")
"""
    )
    result = pytester.runpytest(*BASE)
    result.stdout.fnmatch_lines(
        [
            "*- partwise: outcomes by partition -*",
            "test_bar_and_failing_ranges.py::test_load [[]..FFF..F..[]] 4/10 partitions failed: "
            "2024-01-03...2024-01-05, 2024-01-08",
            "test_bar_and_failing_ranges.py::test_ok [[].s[]] 2/2 partitions, none failed",
        ]
    )


def test_setup_errors_count_as_failed_partitions(pytester: pytest.Pytester, header: str) -> None:
    """A fixture error marks its partition ``E``."""
    pytester.makepyfile(
        header
        + """
@pytest.fixture
def broken(partition_key):
    if partition_key == "red":
        raise RuntimeError("no red")

@pytest.mark.partitions(colors)
def test_e(broken): pass
"""
    )
    result = pytester.runpytest(*BASE)
    result.stdout.fnmatch_lines(["*::test_e [[]E.[]] 1/2 partitions failed: red"])


def test_other_parametrizations_merge_into_one_bar(pytester: pytest.Pytester, header: str) -> None:
    """With another parameter, a partition shows its worst outcome."""
    pytester.makepyfile(
        header
        + """
@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.partitions(colors)
def test_p(partition_key, n):
    assert not (partition_key == "blue" and n == 2)
"""
    )
    result = pytester.runpytest(*BASE)
    result.stdout.fnmatch_lines(["*::test_p [[].F[]] 1/2 partitions failed: blue"])


def test_no_summary_without_partitioned_tests(pytester: pytest.Pytester) -> None:
    """Sessions without marked tests print no partition section."""
    pytester.makepyfile("def test_x(): pass\n")
    result = pytester.runpytest(*BASE)
    assert "outcomes by partition" not in result.stdout.str()


def _report(index: int, outcome: str, total: int = 365) -> SimpleNamespace:
    return SimpleNamespace(
        when="call",
        failed=outcome == "failed",
        skipped=outcome == "skipped",
        partwise_partition=["t.py::test_x", f"k{index:03d}", index, total],
    )


def test_long_bars_are_bucketed_to_fifty_characters() -> None:
    """365 partitions fit in a 50-character bar; a bucket shows its worst outcome."""
    summary = PartitionSummary()
    for i in range(365):
        summary.record(_report(i, "failed" if i == 200 else "passed"))
    [(text, failed)] = summary.lines()
    bar = text.split("[")[1].split("]")[0]
    assert failed and len(bar) == 46 and bar.count("F") == 1
    assert text.endswith("1/365 partitions failed: k200")


def test_group_ranges() -> None:
    """Consecutive positions join into ranges; lone keys stay alone."""
    assert group_ranges([(5, "f"), (1, "b"), (2, "c"), (3, "d"), (9, "j")]) == ["b...d", "f", "j"]


def test_ranges_join_only_keys_adjacent_in_the_definition(
    pytester: pytest.Pytester, header: str
) -> None:
    """Three scattered failing keys are three keys, not a range over the days between them."""
    pytester.makepyfile(
        header
        + """
regions = pw.StaticPartitionsDefinition(["emea", "amer", "apac"])

@pytest.mark.partitions(daily, keys=["2024-11-01", "2024-11-03", "2024-11-20"])
def test_days(partition_key):
    assert False

@pytest.mark.partitions(regions, keys=["emea", "apac"])
def test_regions(partition_key):
    assert False

@pytest.mark.partitions(daily, range=("2024-11-01", "2024-11-03"))
def test_adjacent(partition_key):
    assert False
"""
    )
    result = pytester.runpytest(*BASE)
    result.stdout.fnmatch_lines(
        [
            "*::test_days [[]FFF[]] 3/3 partitions failed: 2024-11-01, 2024-11-03, 2024-11-20",
            "*::test_regions [[]FF[]] 2/2 partitions failed: emea, apac",
            "*::test_adjacent [[]FFF[]] 3/3 partitions failed: 2024-11-01...2024-11-03",
        ]
    )
    assert "2024-11-01...2024-11-20" not in result.stdout.str()
    assert "emea...apac" not in result.stdout.str()
