"""A failing materialization in a test shows the user's raising line, not the engine's frames."""

from __future__ import annotations

import re

import pytest

BASE = ("-p", "no:cacheprovider", "--partitions-now", "2025-06-01")


def test_engine_frames_are_hidden(pytester: pytest.Pytester, header: str) -> None:
    pytester.makepyfile(
        header
        + """
def helper(key):
    raise ValueError("no data for " + key)

@pw.asset(partitions_def=daily)
def raw(context):
    return helper(context.partition_key)

@pytest.mark.partitions(daily, keys=["2024-01-02"])
def test_raw(materialize_partition):
    materialize_partition(raw)
"""
    )
    result = pytester.runpytest(*BASE, "--tb=long")
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    # the test's line, the asset's line and the helper's raising line: three entries, no more
    entries = [line for line in text.splitlines() if re.match(r"\w+\.py:\d+: ", line)]
    assert entries == [
        "test_engine_frames_are_hidden.py:18: ",
        "test_engine_frames_are_hidden.py:14: ",
        "test_engine_frames_are_hidden.py:10: ValueError",
    ]
    assert "partwise/_execution" not in text and "pytest_partwise/fixtures.py" not in text
    result.stdout.fnmatch_lines(
        [
            '>       raise ValueError("no data for " + key)',
            "E       ValueError: no data for 2024-01-02",
            "E       partwise: step 'raw' failed for partition '2024-01-02'",
        ]
    )


def test_partwise_errors_show_the_test_line_and_the_message(
    pytester: pytest.Pytester, header: str
) -> None:
    """A refusal by partwise (an unknown key) points at the test's call, with the message."""
    pytester.makepyfile(
        header
        + """
@pw.asset(partitions_def=daily)
def raw(context):
    return 1

@pytest.mark.partitions(daily, keys=["2024-01-02"])
def test_raw(materialize_partition):
    materialize_partition(raw, partition_key="2024-13-01")
"""
    )
    result = pytester.runpytest(*BASE)
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    assert "partwise/_execution" not in text
    result.stdout.fnmatch_lines(['>       materialize_partition(raw, partition_key="2024-13-01")'])
    result.stdout.fnmatch_lines(["E       partwise.errors.*2024-13-01*"])


def test_full_trace_still_shows_everything(pytester: pytest.Pytester, header: str) -> None:
    pytester.makepyfile(
        header
        + """
@pw.asset(partitions_def=daily)
def raw(context):
    raise ValueError("boom")

@pytest.mark.partitions(daily, keys=["2024-01-02"])
def test_raw(materialize_partition):
    materialize_partition(raw)
"""
    )
    result = pytester.runpytest(*BASE, "--full-trace")
    assert "partwise/_execution/execute.py" in result.stdout.str()
