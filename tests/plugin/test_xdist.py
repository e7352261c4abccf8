"""pytest-xdist: every worker collects the same ids because the controller fixes now and seed."""

from __future__ import annotations

import pytest

pytest.importorskip("xdist")

SOURCE = """
import datetime as dt
import pytest
import partwise as pw

# Keys that change every microsecond: workers agree only if they share the controller's "now".
def stamps(now):
    return [f"k{i}-{now.isoformat()}" for i in range(4)]

clocked = pw.DynamicPartitionsDefinition(partition_fn=stamps)
hourly = pw.HourlyPartitionsDefinition(start_date="2020-01-01-00:00")

@pytest.mark.partitions(clocked)
def test_now_is_shared(partition_key):
    pass

@pytest.mark.partitions(hourly, sample=20)
def test_seed_is_shared(partition_key):
    assert not partition_key.endswith("13:00")
"""


def test_workers_collect_the_same_ids(pytester: pytest.Pytester) -> None:
    """With a random seed and a default ``now``, ``-n 2`` never sees different collections."""
    pytester.makepyfile(test_x=SOURCE)
    result = pytester.runpytest_subprocess(
        "-p", "xdist", "-n", "2", "-p", "no:cacheprovider", "--partitions-seed", "random"
    )
    output = result.stdout.str() + result.stderr.str()
    assert "Different tests were collected" not in output
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) + outcomes.get("failed", 0) == 24
    result.stdout.fnmatch_lines(["*::test_now_is_shared [[]....[]] 4/4 partitions, none failed"])
