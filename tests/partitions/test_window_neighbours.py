"""Neighbouring windows of an instant: ``get_next_partition_window`` / ``get_prev_partition_window``."""

from __future__ import annotations

import datetime as dt

import pytest

from partwise import DailyPartitionsDefinition, HourlyPartitionsDefinition, TimeWindow

UTC = dt.timezone.utc
JAN = DailyPartitionsDefinition("2023-01-01", end_date="2023-02-01")


def day(d: int, month: int = 1) -> TimeWindow:
    start = dt.datetime(2023, month, d, tzinfo=UTC)
    return TimeWindow(start, start + dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (dt.datetime(2023, 1, 5), day(5)),  # on a boundary: the window starting there
        (dt.datetime(2023, 1, 5, 12, 30), day(6)),  # inside a window: the following one
        (dt.datetime(2022, 12, 31, 5), day(1)),  # before the start: the first window
        (dt.datetime(2023, 1, 31), day(31)),  # the last window
        (dt.datetime(2023, 2, 1), None),  # past the end
    ],
)
def test_next_window(instant: dt.datetime, expected: TimeWindow | None) -> None:
    assert JAN.get_next_partition_window(instant) == expected


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (dt.datetime(2023, 1, 5), day(4)),
        (dt.datetime(2023, 1, 5, 12, 30), day(4)),  # the window that ended before the instant's
        (dt.datetime(2023, 1, 1), None),  # nothing before the first window
        (dt.datetime(2023, 2, 1), day(31)),
    ],
)
def test_prev_window(instant: dt.datetime, expected: TimeWindow | None) -> None:
    assert JAN.get_prev_partition_window(instant) == expected


def test_bounds_can_be_ignored() -> None:
    assert JAN.get_next_partition_window(dt.datetime(2023, 2, 1), respect_bounds=False) == day(1, 2)
    before_start = JAN.get_prev_partition_window(dt.datetime(2023, 1, 1), respect_bounds=False)
    assert before_start == TimeWindow(
        dt.datetime(2022, 12, 31, tzinfo=UTC), dt.datetime(2023, 1, 1, tzinfo=UTC)
    )


def test_windows_around_the_last_and_first_keys_agree_with_the_keys() -> None:
    last = JAN.get_last_partition_window()
    assert last is not None
    assert JAN.get_next_partition_window(JAN.start) == JAN.get_first_partition_window()
    assert JAN.get_next_partition_window(last.start) == last
    assert JAN.get_next_partition_window(last.end) is None


def test_aware_instant_in_another_zone() -> None:
    hourly = HourlyPartitionsDefinition("2023-01-01-00:00", timezone="US/Pacific")
    instant = dt.datetime(2023, 1, 5, 12, 30, tzinfo=UTC)  # 04:30 in Los Angeles
    nxt = hourly.get_next_partition_window(instant, respect_bounds=False)
    prev = hourly.get_prev_partition_window(instant, respect_bounds=False)
    assert nxt is not None and prev is not None
    assert (nxt.start.hour, prev.start.hour) == (5, 3)
    assert nxt.start == dt.datetime(2023, 1, 5, 13, tzinfo=UTC)
